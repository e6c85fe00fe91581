"""Machine-readable exports: the whole knowledge base as JSON, checklists as CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from .model import KnowledgeBase, Measure, Report
from .stats import aggregate_for

CSV_BOM = "\ufeff"  # Excel needs the BOM to read UTF-8 Chinese text


def _measure(m: Measure) -> dict:
    # Built by hand: dataclasses.asdict deep-copies every field and dominated large builds.
    return {
        "id": m.id, "sector": m.sector, "title": m.title, "detail": m.detail, "category": m.category,
        "responsible": {"party": m.party, "role": m.role}, "frequency": m.frequency, "phase": m.phase,
        "risk": list(m.risk), "records": list(m.records), "sources": [{s.kind: s.value} for s in m.sources],
    }


def _report(r: Report) -> dict:
    return {
        "id": r.id, "title": r.title, "unit": r.unit, "unit_type": r.unit_type, "sector": r.sector,
        "region": r.region, "period": r.period, "summary": r.summary,
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
            "measures": [_measure(m) for m in checklist.measures] if checklist else [],
        })
    reports = [_report(r) for r in kb.reports]
    return {
        "sectors": sectors,
        "categories": [asdict(c) | {"phsm_name": c.phsm_name} for c in kb.categories],
        "reports": reports,
        "indicator_groups": [asdict(g) for g in kb.groups],
        "indicators": [asdict(i) for i in kb.indicators],
        "glossary": [asdict(t) for t in kb.terms],
    }


def to_json(data: object) -> str:
    # One line, not indented: json's C encoder only runs without `indent`, and these files are large.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return CSV_BOM + buffer.getvalue()


CHECKLIST_HEADER = ["编号", "措施", "具体做法", "类别", "责任方", "岗位", "频次或时限", "阶段", "风险等级", "留存记录", "依据"]


def checklist_rows(kb: KnowledgeBase, sector: str) -> list[list]:
    rows = []
    for m in kb.measures_for(sector):
        sources = "；".join(s.value for s in m.sources)
        rows.append([m.id, m.title, m.detail, kb.category_by_code[m.category].name, m.party, m.role,
                     m.frequency, m.phase, "、".join(m.risk), "；".join(m.records), sources])
    return rows


def checklist_csv(kb: KnowledgeBase, sector: str) -> str:
    return _csv(CHECKLIST_HEADER, checklist_rows(kb, sector))


def checklist_json(kb: KnowledgeBase, sector: str) -> str:
    checklist = kb.checklists[sector]
    return to_json({
        "sector": sector, "name": kb.sector_by_code[sector].name, "edition": asdict(checklist.edition),
        "measures": [_measure(m) for m in checklist.measures],
    })


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
