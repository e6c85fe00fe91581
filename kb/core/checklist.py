"""A checklist as data: one column specification for the page's table, the static CSV/JSON downloads,
the in-browser CSV, print and the report draft.

The page embeds ``page_data`` once as JSON; ``checklist.js`` reads its measures, columns, vocabularies
and figures from there instead of reading the rendered table back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from kb.core.model import (
    HISTORICAL,
    RESPONSE,
    ROUTINE,
    Category,
    KnowledgeBase,
    Measure,
)
from kb.core.safety import CSV_FORMULA_PREFIXES


@dataclass(frozen=True)
class Column:
    key: str
    label: str


# Every field of a measure as staff read it; the CSV files (static and in-browser) have these columns,
# the in-browser one adds 完成情况.
COLUMNS: tuple[Column, ...] = (
    Column("id", "编号"),
    Column("title", "措施"),
    Column("detail", "具体做法"),
    Column("category", "类别"),
    Column("party", "责任方"),
    Column("role", "岗位"),
    Column("frequency", "频次或时限"),
    Column("status", "状态"),
    Column("trigger", "触发情形"),
    Column("diseases", "适用疾病"),
    Column("records", "留存记录"),
    Column("basis", "依据"),
    Column("evidence", "示例汇报"),
)
DONE_COLUMN = Column("done", "完成情况")


@dataclass(frozen=True)
class TableColumn:
    """A column of the HTML table: a heading and the measure fields shown in its cells."""

    key: str
    label: str
    fields: tuple[str, ...]


TABLE: tuple[TableColumn, ...] = (
    TableColumn("done", "完成", ()),
    TableColumn("id", "编号", ("id",)),
    TableColumn("measure", "措施", ("title", "detail", "records", "basis", "evidence")),
    TableColumn("party", "责任方", ("party", "role")),
    TableColumn("frequency", "频次或时限", ("frequency",)),
    TableColumn("status", "状态", ("status", "trigger", "diseases")),
)

# Figures a unit types into the report draft: (input name, label, unit).
DRAFT_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("fig-people", "投入防控人员", "人"),
    ("fig-checked", "开展自查或检查", "次"),
    ("fig-trained", "培训人员", "人次"),
    ("fig-materials", "发放宣传品", "份"),
    ("fig-drills", "组织应急演练", "次"),
    ("fig-meetings", "召开会议", "次"),
)


def record(kb: KnowledgeBase, m: Measure) -> dict[str, str]:
    """A measure's fields as display text, keyed by column."""
    vocab = kb.vocabulary
    basis = "；".join(
        f"{kb.document_by_id[b.source].short if b.source in kb.document_by_id else b.source} {b.section}" for b in m.basis)
    evidence = "；".join(f"{r} {kb.report_unit(r)}" for r in kb.evidence.get(m.id, ()))
    return {
        "id": m.id, "title": m.title, "detail": m.detail, "category": kb.category_by_code[m.category].name,
        "party": m.party, "role": m.role, "frequency": m.frequency, "status": vocab.label("statuses", m.status),
        "trigger": vocab.label("triggers", m.trigger) if m.trigger else "",
        "diseases": "、".join(kb.disease_by_code[d].name for d in m.diseases if d in kb.disease_by_code),
        "records": "；".join(m.records), "basis": basis, "evidence": evidence,
    }


def rows(kb: KnowledgeBase, sector: str) -> list[list[str]]:
    """The static CSV's rows: every measure of the sector, current ones first, then historical."""
    records = (record(kb, m) for m in ordered(kb.measures_for(sector)))
    return [[r[c.key] for c in COLUMNS] for r in records]


def ordered(measures: tuple[Measure, ...] | list[Measure]) -> list[Measure]:
    rank = {ROUTINE: 0, RESPONSE: 1, HISTORICAL: 2}
    return sorted(measures, key=lambda m: rank.get(m.status, 3))


def current(kb: KnowledgeBase, sector: str) -> list[Measure]:
    return [m for m in kb.measures_for(sector) if m.status != HISTORICAL]


def historical(kb: KnowledgeBase, sector: str) -> list[Measure]:
    return [m for m in kb.measures_for(sector) if m.status == HISTORICAL]


def grouped(kb: KnowledgeBase, measures: list[Measure]) -> list[tuple[Category, list[Measure]]]:
    """Measures by category in registry order; within a category routine before response."""
    result = []
    for category in kb.categories:
        mine = ordered([m for m in measures if m.category == category.code])
        if mine:
            result.append((category, mine))
    return result


def page_data(kb: KnowledgeBase, sector: str) -> dict:
    """What checklist.js needs, embedded once in the page."""
    measures = []
    for m in kb.measures_for(sector):
        measures.append({**record(kb, m), "codes": {
            "status": m.status, "trigger": m.trigger, "category": m.category, "diseases": list(m.diseases)}})
    return {
        "sector": sector, "name": kb.sector_by_code[sector].name, "edition": kb.checklists[sector].edition.edition,
        "columns": [{"key": c.key, "label": c.label} for c in (*COLUMNS, DONE_COLUMN)],
        "measures": measures,
        "statuses": [{"code": s.code, "label": s.label} for s in kb.vocabulary.statuses],
        "triggers": [{"code": t.code, "label": t.label} for t in kb.vocabulary.triggers],
        "figures": [{"name": n, "label": label, "unit": unit} for n, label, unit in DRAFT_FIGURES],
        "formulaPrefixes": list(CSV_FORMULA_PREFIXES),
    }


def page_json(kb: KnowledgeBase, sector: str) -> str:
    """page_data as JSON safe inside a <script> element: '<', '>' and '&' are written as escapes."""
    text = json.dumps(page_data(kb, sector), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
