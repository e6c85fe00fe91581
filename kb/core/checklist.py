"""A checklist as data: one column specification for the page's table, the static CSV/JSON downloads,
the in-browser CSV, print and the report draft.

The page embeds ``page_data`` once as JSON; ``checklist.js`` reads its measures, columns, vocabularies
and figures from there instead of reading the rendered table back.

A checklist longer than ``PAGE_MEASURES`` continues on numbered pages (:func:`pages`): each page
carries its own measures in full and a short index of all of them, so that progress and filters count
the whole checklist; the exports load every measure from one script (:func:`records_script`) when asked.
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
from kb.core.reads import derived, memoized
from kb.core.safety import CSV_FORMULA_PREFIXES

# The most measures one checklist page holds. Real checklists hold 32 to 47; at 100 times that, one
# page weighed 13 MB and scored 28 for performance on a phone (issue 25), so a longer one is paginated.
PAGE_MEASURES = 100


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


Groups = list[tuple[Category, list[Measure]]]


@dataclass(frozen=True)
class Page:
    """One page of a checklist: its number (from 1), of how many, its rows by category, and whether its
    first category of current measures began on the page before."""

    number: int
    count: int
    current: Groups
    historical: Groups
    continued: bool = False

    @property
    def measures(self) -> list[Measure]:
        return [m for _, ms in (*self.current, *self.historical) for m in ms]


def pages(kb: KnowledgeBase, sector: str, size: int | None = None) -> list[Page]:
    """The checklist's pages: its rows in page order (current measures by category, then historical),
    `size` (PAGE_MEASURES) to a page. A category cut by a page break continues on the next page under
    its heading."""
    size = size or PAGE_MEASURES
    rows = [(False, category, m) for category, ms in grouped(kb, current(kb, sector)) for m in ms]
    rows += [(True, category, m) for category, ms in grouped(kb, historical(kb, sector)) for m in ms]
    chunks = [rows[start:start + size] for start in range(0, len(rows), size)] or [[]]
    result = []
    for number, chunk in enumerate(chunks, 1):
        sections: dict[bool, Groups] = {False: [], True: []}
        for old, category, m in chunk:
            groups = sections[old]
            if not groups or groups[-1][0] != category:
                groups.append((category, []))
            groups[-1][1].append(m)
        continued = number > 1 and bool(chunk) and not chunk[0][0] and chunks[number - 2][-1][:2] == chunk[0][:2]
        result.append(Page(number, len(chunks), sections[False], sections[True], continued))
    return result


def page_numbers(kb: KnowledgeBase, sector: str) -> dict[str, int]:
    """The page each measure of the checklist is on, by measure id (worked out once per knowledge base)."""
    return memoized(kb, ("checklist-pages", sector), lambda: {
        m.id: page.number for page in pages(kb, sector) for m in page.measures})


@derived("measure-page")
def measure_page(kb: KnowledgeBase, sector: str, measure_id: str) -> int:
    """The page of its checklist a measure is on (1 for a measure not on any). A page linking to a
    measure reads only this (kb.core.reads.read_derived), not the whole checklist it is worked out from."""
    return page_numbers(kb, sector).get(measure_id, 1)


def _with_codes(kb: KnowledgeBase, m: Measure) -> dict:
    return {**record(kb, m), "codes": {
        "status": m.status, "trigger": m.trigger, "category": m.category, "diseases": list(m.diseases)}}


def page_data(kb: KnowledgeBase, sector: str, page: Page | None = None) -> dict:
    """What checklist.js needs, embedded once in the page: the page's measures in full, and an index
    of every current measure of the checklist ([id, status, trigger, category, diseases, page]) that
    progress, filters and exports count."""
    page = page or pages(kb, sector)[0]
    numbers = page_numbers(kb, sector)
    return {
        "sector": sector, "name": kb.sector_by_code[sector].name, "edition": kb.checklists[sector].edition.edition,
        "columns": [{"key": c.key, "label": c.label} for c in (*COLUMNS, DONE_COLUMN)],
        "measures": [_with_codes(kb, m) for m in page.measures],
        "index": [[m.id, m.status, m.trigger, m.category, list(m.diseases), numbers[m.id]]
                  for _, ms in grouped(kb, current(kb, sector)) for m in ms],
        "categories": {c.code: c.name for c in kb.categories},
        "page": page.number, "pages": page.count,
        "statuses": [{"code": s.code, "label": s.label} for s in kb.vocabulary.statuses],
        "triggers": [{"code": t.code, "label": t.label} for t in kb.vocabulary.triggers],
        "figures": [{"name": n, "label": label, "unit": unit} for n, label, unit in DRAFT_FIGURES],
        "formulaPrefixes": list(CSV_FORMULA_PREFIXES),
    }


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: '<', '>' and '&' are written as escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_json(kb: KnowledgeBase, sector: str, page: Page | None = None) -> str:
    """page_data as JSON safe inside a <script> element."""
    return _script_json(page_data(kb, sector, page))


def records_script(kb: KnowledgeBase, sector: str) -> str:
    """Every current measure of a paginated checklist, as a classic script (it loads over file://, where
    fetch does not) that checklist.js adds to a page when an export needs measures of other pages."""
    records = [_with_codes(kb, m) for _, ms in grouped(kb, current(kb, sector)) for m in ms]
    return (f"/* {kb.sector_by_code[sector].name}检查清单的全部现行措施，供分页清单导出（checklist.js）。 */\n"
            f"window.kbChecklistRecords = window.kbChecklistRecords || {{}};\n"
            f"window.kbChecklistRecords[{_script_json(sector)}] = {_script_json(records)};\n")
