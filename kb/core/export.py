"""Machine-readable exports: the whole knowledge base as JSON, checklists as CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from kb.core import checklist
from kb.core.model import (
    CHECKED_AGAINST,
    Document,
    EvidenceGrades,
    KnowledgeBase,
    Measure,
    Report,
)
from kb.core.safety import csv_cell
from kb.core.stats import aggregate_for

CSV_BOM = "\ufeff"  # Excel needs the BOM to read UTF-8 Chinese text


def _measure(kb: KnowledgeBase, m: Measure) -> dict:
    # Built by hand: dataclasses.asdict deep-copies every field and dominated large builds.
    return {
        "id": m.id, "sector": m.sector, "title": m.title, "detail": m.detail, "category": m.category,
        "responsible": {"party": m.party, "role": m.role}, "frequency": m.frequency, "status": m.status,
        "trigger": m.trigger, "diseases": list(m.diseases), "records": list(m.records),
        "basis": [{"source": b.source, "section": b.section, "pinned": b.pinned} for b in m.basis],
        "evidence": list(kb.evidence.get(m.id, ())),
    }


def _document(d: Document, grades: EvidenceGrades) -> dict:
    """A source as the public exports give it: no reprint's address and no editors' note."""
    return {
        "id": d.id, "title": d.title, "short": d.short, "issuer": d.issuer, "number": d.number, "kind": d.kind,
        "issued": d.issued, "in_force": d.in_force, "status": d.status, "replaced_by": d.replaced_by,
        "where": d.where, "checked": {"date": d.checked_date, "against": grades.best(d.read_at),
                                      "read_at": list(grades.shown(d.read_at))},
        "amendments": [{"date": a.date, "instrument": a.instrument} for a in d.amendments],
        "period": {"from": d.period.start, "to": d.period.end, "label": d.period.label} if d.period else None,
        "note": d.note,
    }


def _report(r: Report) -> dict:
    return {
        "id": r.id, "title": r.title, "unit": r.unit, "unit_type": r.unit_type, "sector": r.sector,
        "region": r.region, "period": r.period, "year": r.year, "summary": r.summary,
        "statistics": [{"indicator": s.indicator, "value": s.value, "unit": s.unit, "approx": s.approx,
                        "qualifier": s.qualifier} for s in r.statistics],
        "actions": [{"text": a.text, "measures": list(a.measures)} for a in r.actions],
        "sections": [{"heading": s.heading, "body": s.body} for s in r.sections],
        "measures": list(r.measures),
    }


def knowledge(kb: KnowledgeBase) -> dict:
    """The whole knowledge base in the documented shape of api/kb.json."""
    sectors = []
    for s in kb.sectors:
        checklist = kb.checklists.get(s.code)
        sectors.append({
            "code": s.code, "name": s.name, "summary": s.summary, "icon": s.icon, "order": s.order,
            "id_prefix": s.id_prefix, "guide_edition": asdict(s.edition),
            "checklist_edition": asdict(checklist.edition) if checklist else None,
            "measures": [_measure(kb, m) for m in checklist.measures] if checklist else [],
        })
    reports = [_report(r) for r in kb.reports]
    edition = kb.edition
    return {
        "edition": {"edition": edition.edition, "date": edition.date, "scope": {"summary": edition.summary, "diseases": list(edition.diseases)},
                    "basis": list(edition.basis), "editions": [asdict(e) for e in edition.editions]},
        "vocabularies": {
            "statuses": [asdict(t) for t in kb.vocabulary.statuses],
            "triggers": [{"code": t.code, "label": t.label, "description": t.description,
                          "basis": [{"source": b.source, "section": b.section} for b in t.basis]} for t in kb.vocabulary.triggers],
            "parties": [t.code for t in kb.vocabulary.parties],
        },
        "sources": [_document(d, kb.grades) for d in kb.documents],
        "diseases": [{"code": d.code, "name": d.name, "class": d.statutory_class, "aliases": list(d.aliases),
                      "basis": [{"source": b.source, "section": b.section} for b in d.basis]} for d in kb.diseases],
        "sectors": sectors,
        "categories": [asdict(c) | {"phsm_name": c.phsm_name} for c in kb.categories],
        "reports": reports,
        "indicator_groups": [asdict(g) for g in kb.groups],
        "indicators": [asdict(i) for i in kb.indicators],
        "glossary": [asdict(t) for t in kb.terms],
        "region": _region(kb),
    }


def _region(kb: KnowledgeBase) -> dict | None:
    """The edition's region and what it adds to the national edition; None for the national edition."""
    overlay = kb.overlay
    if overlay is None:
        return None
    return {
        "code": overlay.region.code, "name": overlay.region.name, "edition_name": overlay.region.edition_name,
        "level": overlay.region.level, "summary": overlay.region.summary, "edition": asdict(overlay.region.edition),
        "chain": [{"code": r.code, "name": r.name, "level": r.level, "id_prefix": r.id_prefix} for r in overlay.chain],
        "measures": [{"id": mid, "region": code} for mid, code in overlay.measures.items()],
        "sources": [{"id": sid, "region": code} for sid, code in overlay.sources.items()],
        "notes": [{"measure": n.measure, "region": n.region, "text": n.text,
                   "basis": [{"source": b.source, "section": b.section} for b in n.basis]} for n in overlay.notes],
        "contacts": [{"region": code, "label": e.text, "number": e.number, "note": e.note, "sectors": list(e.sectors)}
                     for code, e in overlay.contacts],
    }


def to_json(data: object) -> str:
    # One line, not indented: json's C encoder only runs without `indent`, and these files are large.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _csv(header: list[str], rows: list[list]) -> str:
    """CSV for Excel: a BOM, CRLF lines, and no cell that a spreadsheet would run as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return CSV_BOM + buffer.getvalue()


CHECKLIST_HEADER = [c.label for c in checklist.COLUMNS]


def checklist_csv(kb: KnowledgeBase, sector: str) -> str:
    return _csv(CHECKLIST_HEADER, checklist.rows(kb, sector))


def checklist_json(kb: KnowledgeBase, sector: str) -> str:
    data = kb.checklists[sector]
    return to_json({
        "sector": sector, "name": kb.sector_by_code[sector].name, "edition": asdict(data.edition),
        "measures": [_measure(kb, m) for m in data.measures],
    })


SOURCES_HEADER = ["编号", "文件", "简称", "发布机关", "文号", "类别", "发布日期", "施行日期", "状态", "替代它的文件", "查找原文",
                  "说明", "核对日期", "核对依据", "依据它的措施"]


def sources_rows(kb: KnowledgeBase) -> list[list]:
    return [[d.id, d.title, d.short, d.issuer, d.number, kb.vocabulary.label("source_kinds", d.kind), d.issued, d.in_force,
             kb.vocabulary.label("source_statuses", d.status), d.replaced_by, d.where, d.note, d.checked_date,
             CHECKED_AGAINST[kb.grades.best(d.read_at)], "；".join(m.id for m in kb.citing(d.id))] for d in kb.documents]


def sources_csv(kb: KnowledgeBase) -> str:
    return _csv(SOURCES_HEADER, sources_rows(kb))


def sources_json(kb: KnowledgeBase) -> str:
    return to_json([_document(d, kb.grades) | {"measures": [m.id for m in kb.citing(d.id)]} for d in kb.documents])


STATISTICS_HEADER = ["统计分类", "指标代码", "指标", "报告编号", "报告单位", "数值", "是否约数", "单位", "说明"]


def statistics_rows(kb: KnowledgeBase, group_code: str | None = None) -> list[list]:
    """Every figure with its group, indicator and report; one group's figures when group_code is given."""
    rows = []
    for group in aggregate_for(kb):
        if group_code and group.group.code != group_code:
            continue
        for total in group.totals:
            for f in total.figures:
                s = f.statistic
                value = int(s.value) if float(s.value).is_integer() else s.value
                rows.append([group.group.name, total.indicator.code, total.indicator.name, f.report.id,
                             f.report.unit, value, "是" if s.approx else "否", s.unit, s.qualifier])
    return rows


def statistics_csv(kb: KnowledgeBase, group_code: str | None = None) -> str:
    return _csv(STATISTICS_HEADER, statistics_rows(kb, group_code))


def statistics_json(kb: KnowledgeBase, group_code: str | None = None) -> str:
    return to_json([dict(zip(STATISTICS_HEADER, row, strict=True)) for row in statistics_rows(kb, group_code)])
