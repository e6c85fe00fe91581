"""Aggregation arithmetic, approximate flags, and the machine-readable exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from kb.core import export
from kb.core.stats import aggregate
from kb.load import load

from .conftest import edit


def test_totals_and_approximate_flags(kb_root: Path) -> None:
    edit(kb_root / "data/reports/RPT-001.md", "  - {indicator: leaflets, value: 200000, unit: 张, approx: true}",
         "  - {indicator: leaflets, value: 200000, unit: 张, approx: true}\n  - {indicator: banners, value: 7, unit: 条}")
    kb = load(kb_root / "data")
    [group] = aggregate(kb)
    by_code = {t.indicator.code: t for t in group.totals}
    banners = by_code["banners"]
    assert banners.total == 67
    assert banners.approx is True           # 60+ and 7 add up to about 67
    assert banners.total_display == "67+"
    assert by_code["leaflets"].total_display == "200,000+"


def test_exact_total_stays_exact(kb_root: Path) -> None:
    edit(kb_root / "data/reports/RPT-001.md", "value: 60, unit: 条, approx: true", "value: 60, unit: 条")
    kb = load(kb_root / "data")
    banners = aggregate(kb)[0].totals[0]
    assert (banners.total, banners.approx, banners.total_display) == (60, False, "60")


def test_kb_json_round_trips(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    data = json.loads(export.to_json(export.knowledge(kb)))
    [sector] = data["sectors"]
    assert sector["code"] == "schools"
    assert [m["id"] for m in sector["measures"]] == ["SCH-001", "SCH-002", "SCH-003"]
    first = sector["measures"][0]
    assert first["responsible"] == {"party": "单位", "role": "班主任"}
    assert (first["status"], first["basis"]) == ("routine", [{"source": "school-hygiene-rule", "section": "第一条", "pinned": True}])
    assert sector["measures"][2]["evidence"] == ["RPT-001"]
    [report] = data["reports"]
    assert report["statistics"][1] == {"indicator": "leaflets", "value": 200000, "unit": "张", "approx": True, "qualifier": ""}
    assert report["measures"] == ["SCH-001", "SCH-003"] and report["year"] == 2026
    assert {t["id"] for t in data["glossary"]} == {"grid", "grid-worker"}
    assert {d["id"]: d["status"] for d in data["sources"]} == {"school-hygiene-rule": "in_force", "old-school-rule": "superseded"}
    assert data["edition"]["scope"]["diseases"] == ["influenza"]


def test_checklist_csv_has_bom_and_rows(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    text = export.checklist_csv(kb, "schools")
    assert text.startswith("\ufeff编号,措施,")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["编号", "措施", "具体做法", "类别", "责任方", "岗位", "频次或时限", "状态", "触发情形", "适用疾病", "留存记录", "依据", "示例汇报"]
    assert rows[1][:2] == ["SCH-001", "每日开展晨午检"]
    assert rows[2][7:9] == ["应急处置", "发现病例"]
    assert rows[3][7] == "历史做法" and rows[3][12] == "RPT-001 测试学校"


def test_csv_cells_that_start_a_formula_are_neutralised(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "role: 班主任}", "role: '=HYPERLINK(\"http://x\")'}")
    edit(kb_root / "data/checklists/schools.yml", "frequency: 每日两次", "frequency: '+1次'")
    kb = load(kb_root / "data")
    rows = list(csv.reader(io.StringIO(export.checklist_csv(kb, "schools").lstrip("\ufeff"))))
    assert rows[1][5] == "'=HYPERLINK(\"http://x\")" and rows[1][6] == "'+1次"


def test_sources_download_lists_the_measures_relying_on_each(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    rows = list(csv.reader(io.StringIO(export.sources_csv(kb).lstrip("\ufeff"))))
    assert rows[0] == export.SOURCES_HEADER
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["school-hygiene-rule"][-1] == "SCH-001；SCH-002" and by_id["old-school-rule"][8] == "已被替代"


def test_statistics_csv_keeps_approx_flag(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    rows = list(csv.reader(io.StringIO(export.statistics_csv(kb).lstrip("\ufeff"))))
    assert rows[0] == export.STATISTICS_HEADER
    assert ["宣传发动", "leaflets", "印发宣传单", "RPT-001", "测试学校", "200000", "是", "张", ""] in rows
