"""Aggregation arithmetic, approximate flags, and the machine-readable exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from kb import export
from kb.load import load
from kb.stats import aggregate

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
    assert [m["id"] for m in sector["measures"]] == ["SCH-001", "SCH-002"]
    assert sector["measures"][0]["responsible"] == {"party": "单位", "role": "班主任"}
    assert sector["measures"][0]["sources"] == [{"report": "RPT-001"}]
    [report] = data["reports"]
    assert report["statistics"][1] == {"indicator": "leaflets", "value": 200000, "unit": "张", "approx": True, "qualifier": ""}
    assert report["measures"] == ["SCH-001"]
    assert {t["id"] for t in data["glossary"]} == {"grid", "grid-worker"}


def test_checklist_csv_has_bom_and_rows(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    text = export.checklist_csv(kb, "schools")
    assert text.startswith("\ufeff编号,措施,")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][:2] == ["SCH-001", "每日开展晨午检"]
    assert rows[2][8] == "中、高"


def test_statistics_csv_keeps_approx_flag(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    rows = list(csv.reader(io.StringIO(export.statistics_csv(kb).lstrip("\ufeff"))))
    assert rows[0] == export.STATISTICS_HEADER
    assert ["宣传发动", "leaflets", "印发宣传单", "RPT-001", "测试学校", "200000", "是", "张", ""] in rows
