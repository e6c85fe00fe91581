"""Loading and validating data/: every kind of data error and its message."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.load import load
from kb.problems import DataError

from .conftest import edit


def problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load(root / "data")
    return [str(p) for p in info.value.problems]


def test_fixture_loads(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    assert [s.code for s in kb.sectors] == ["schools"]
    assert [m.id for m in kb.measures_for("schools")] == ["SCH-001", "SCH-002"]
    report = kb.report_by_id["RPT-001"]
    assert [s.heading for s in report.sections] == ["日常监测", "环境卫生"]
    assert report.measures == ("SCH-001",)
    assert kb.checklists["schools"].edition.effective == "2026-03-01"  # dates stay ISO strings


def test_enum_error_names_file_line_and_field(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "phase: 应急处置", "phase: 常规")
    assert problems(kb_root) == [
        "data/checklists/schools.yml:26: measures[1].phase: '常规' is not one of 常态化, 应急处置, 恢复"
    ]


def test_all_problems_come_out_in_one_run(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "category: screening", "category: nowhere")
    edit(kb_root / "data/checklists/schools.yml", "{report: RPT-001}", "{report: RPT-404}")
    edit(kb_root / "data/reports/RPT-001.md", "unit: 条", "unit: 块")
    found = problems(kb_root)
    assert "data/checklists/schools.yml:13: measures[0].category: unknown category 'nowhere'; known: environment, screening" in found
    assert "data/checklists/schools.yml:19: measures[0].sources[0].report: unknown report 'RPT-404'; known: RPT-001" in found
    assert "data/reports/RPT-001.md:11: statistics[0].unit: '块' does not match indicator 'banners'; expected '条'" in found
    assert len(found) == 3


def test_missing_required_field(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "    frequency: 每日两次\n", "")
    assert problems(kb_root) == ["data/checklists/schools.yml:10: measures[0].frequency: is missing; this field is required"]


def test_list_where_a_mapping_belongs(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "responsible: {party: 单位, role: 班主任}", "responsible: [单位, 班主任]")
    assert problems(kb_root) == [
        "data/checklists/schools.yml:14: measures[0].responsible: expected a mapping (key: value), found a list"
    ]


def test_unknown_field(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "    frequency: 每日两次\n", "    frequency: 每日两次\n    often: yes\n")
    assert problems(kb_root) == [
        ("data/checklists/schools.yml:16: measures[0].often: unknown field; expected one of id, title, detail, category, "
        "responsible, frequency, phase, risk, records, sources")
    ]


def test_duplicate_measure_id(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "id: SCH-002", "id: SCH-001")
    assert problems(kb_root) == [
        "data/checklists/schools.yml:20: measures[1].id: duplicate measure 'SCH-001' (already defined at data/checklists/schools.yml:10)"
    ]


def test_duplicate_key_in_yaml(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "    frequency: 每日两次\n", "    frequency: 每日两次\n    frequency: 每日三次\n")
    assert problems(kb_root) == [
        "data/checklists/schools.yml:16: measures[0].frequency: duplicate key 'frequency' (first given on line 15)"
    ]


def test_tab_indentation(kb_root: Path) -> None:
    edit(kb_root / "data/categories.yml", "  - {code: environment", "\t- {code: environment")
    [message] = problems(kb_root)
    assert message.startswith("data/categories.yml:3: invalid YAML:")
    assert "tab" in message


def test_empty_file(kb_root: Path) -> None:
    (kb_root / "data/glossary.yml").write_text("\n", encoding="utf-8")
    assert problems(kb_root) == ["data/glossary.yml:1: the file is empty; expected YAML data"]


def test_not_utf8(kb_root: Path) -> None:
    (kb_root / "data/glossary.yml").write_bytes("terms: []\n# 注释\n".encode("gbk"))
    assert problems(kb_root) == ["data/glossary.yml:2: the file is not UTF-8 text; save it as UTF-8"]


def test_duplicate_files(kb_root: Path) -> None:
    source = kb_root / "data/sectors/schools.yml"
    (kb_root / "data/sectors/schools.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    found = problems(kb_root)
    assert "data/sectors/schools.yml:1: duplicate file: data/sectors/schools.yaml already defines 'schools'" in found


def test_copied_report_is_a_duplicate_file(kb_root: Path) -> None:
    text = (kb_root / "data/reports/RPT-001.md").read_text(encoding="utf-8")
    (kb_root / "data/reports/RPT-002.md").write_text(text, encoding="utf-8")
    found = problems(kb_root)
    assert "data/reports/RPT-002.md:1: duplicate file: same content as data/reports/RPT-001.md" in found


def test_file_name_must_match_id(kb_root: Path) -> None:
    (kb_root / "data/reports/RPT-001.md").rename(kb_root / "data/reports/RPT-005.md")
    assert "data/reports/RPT-005.md:2: id: 'RPT-001' does not match the file name; expected 'RPT-005'" in problems(kb_root)


def test_risk_levels_are_cumulative(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "risk: [中, 高]", "risk: [低, 高]")
    assert problems(kb_root) == [
        "data/checklists/schools.yml:27: measures[1].risk: 低, 高 skips a level; risk levels are cumulative, expected 低, 中, 高"
    ]


def test_value_must_be_positive_number(kb_root: Path) -> None:
    edit(kb_root / "data/reports/RPT-001.md", "value: 60", "value: 0")
    edit(kb_root / "data/reports/RPT-001.md", "value: 200000", "value: 二十万")
    assert problems(kb_root) == [
        "data/reports/RPT-001.md:11: statistics[0].value: 0 is too small; expected a positive number",
        "data/reports/RPT-001.md:12: statistics[1].value: expected a number, found '二十万'",
    ]


def test_report_without_sections(kb_root: Path) -> None:
    path = kb_root / "data/reports/RPT-001.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("## 日常监测")[0] + "只有一段话，没有小节。\n", encoding="utf-8")
    assert problems(kb_root) == ["data/reports/RPT-001.md:17: body: no sections; write each section under a '## ' heading"]


def test_unknown_see_also_and_sector(kb_root: Path) -> None:
    edit(kb_root / "data/glossary.yml", "see_also: [grid]", "see_also: [nowhere]")
    edit(kb_root / "data/reports/RPT-001.md", "sector: schools", "sector: towns")
    assert problems(kb_root) == [
        "data/glossary.yml:2: terms[0].see_also[0]: unknown term id 'nowhere'; known: grid, grid-worker",
        "data/reports/RPT-001.md:6: sector: unknown sector 'towns'; known: schools",
    ]


def test_missing_front_matter(kb_root: Path) -> None:
    (kb_root / "data/reports/RPT-001.md").write_text("## 只有正文\n\n没有元数据。\n", encoding="utf-8")
    found = problems(kb_root)
    assert "data/reports/RPT-001.md:1: expected YAML front matter starting with '---' on the first line" in found


def test_real_data_is_valid() -> None:
    kb = load(Path(__file__).resolve().parent.parent / "data")
    assert len(kb.sectors) == 9


def test_source_needs_exactly_one_kind(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "sources: [{document: 学校卫生工作规范}]",
         "sources: [{document: 学校卫生工作规范, report: RPT-001}]")
    assert problems(kb_root) == ["data/checklists/schools.yml:29: measures[1].sources[0]: expected exactly one of report: … / document: …"]
