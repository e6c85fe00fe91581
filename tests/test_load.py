"""Loading data/: the model built from the fixture, every problem in one run, validating before writing.

Each message has its own bad input in tests/fixtures/problems.yml (tests/test_problems.py).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from kb.core.problems import DataError
from kb.load import load

from .conftest import edit

TODAY = datetime.date(2026, 11, 28)


def problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load(root / "data", today=TODAY)
    return [str(p) for p in info.value.problems]


def test_fixture_loads(kb_root: Path) -> None:
    kb = load(kb_root / "data", today=TODAY)
    assert [s.code for s in kb.sectors] == ["schools"]
    assert [m.id for m in kb.measures_for("schools")] == ["SCH-001", "SCH-002", "SCH-003"]
    first = kb.measure_by_id["SCH-001"]
    assert (first.status, first.trigger, first.diseases) == ("routine", "", ("influenza",))
    assert [(b.source, b.section) for b in first.basis] == [("school-hygiene-rule", "第一条")]
    assert kb.measure_by_id["SCH-002"].trigger == "case"
    report = kb.report_by_id["RPT-001"]
    assert [s.heading for s in report.sections] == ["日常监测", "环境卫生"]
    assert report.measures == ("SCH-001", "SCH-003") and report.year == 2026
    assert kb.evidence["SCH-003"] == ("RPT-001",)  # derived from the report, never typed on the measure
    assert kb.checklists["schools"].edition.effective == "2026-03-01"  # dates stay ISO strings
    assert [d.id for d in kb.citing("school-hygiene-rule")] == ["SCH-001", "SCH-002"]
    assert kb.vocabulary.label("statuses", "historical") == "历史做法"
    assert kb.edition.diseases == ("influenza",)


def test_all_problems_come_out_in_one_run(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "category: screening", "category: nowhere")
    edit(kb_root / "data/checklists/schools.yml", "{source: school-hygiene-rule, section: 第二条}", "{source: no-such-rule, section: 第二条}")
    edit(kb_root / "data/reports/RPT-001.md", "unit: 条", "unit: 块")
    found = problems(kb_root)
    assert "data/checklists/schools.yml:13: measures[0].category: 未知的措施类别“nowhere”；已有：environment, screening" in found
    assert ("data/checklists/schools.yml:31: measures[1].basis[0].source: 未知的依据文件“no-such-rule”；"
            "已有：old-school-rule, school-hygiene-rule") in found
    assert "data/reports/RPT-001.md:12: statistics[0].unit: “块”与指标“banners”的单位不符；应为“条”" in found
    assert len(found) == 3


def test_warnings_do_not_stop_loading(kb_root: Path) -> None:
    edit(kb_root / "data/reports/RPT-001.md", "网格员协助学校做好晨午检。", "工作集中在三个方面：晨午检，因病缺勤追踪。")
    kb = load(kb_root / "data", today=TODAY)
    assert [p.severity for p in kb.warnings] == ["warning"]


def test_a_build_looks_for_errors_only(kb_root: Path) -> None:
    """load(warnings=False), as the build loads: the same knowledge base, no warnings, every error."""
    edit(kb_root / "data/reports/RPT-001.md", "网格员协助学校做好晨午检。", "工作集中在三个方面：晨午检，因病缺勤追踪。")
    full, bare = load(kb_root / "data", today=TODAY), load(kb_root / "data", today=TODAY, warnings=False)
    assert full.warnings and bare.warnings == []
    assert bare.measure_by_id == full.measure_by_id and bare.reports == full.reports
    edit(kb_root / "data/checklists/schools.yml", "category: environment", "category: nowhere")
    with pytest.raises(DataError) as info:
        load(kb_root / "data", today=TODAY, warnings=False)
    assert [p.key for p in info.value.problems] == ["unknown_reference"]


def test_overrides_are_validated_without_touching_disk(kb_root: Path) -> None:
    path = kb_root / "data/glossary.yml"
    before = path.read_bytes()
    with pytest.raises(DataError) as info:
        load(kb_root / "data", overrides={path: "terms: []\n"}, today=TODAY)
    assert [str(p) for p in info.value.problems] == ["data/glossary.yml:1: terms: 不能是空列表"]
    assert path.read_bytes() == before


def test_a_new_file_can_be_given_as_an_override(kb_root: Path) -> None:
    source = (kb_root / "data/sources/school-hygiene-rule.yml").read_text(encoding="utf-8")
    extra = kb_root / "data/sources/another-rule.yml"
    kb = load(kb_root / "data", overrides={extra: source.replace("school-hygiene-rule", "another-rule")}, today=TODAY)
    assert "another-rule" in kb.document_by_id and not extra.exists()


def test_deep_nesting_is_a_message_not_a_recursion_error(kb_root: Path) -> None:
    deep = "terms:\n" + "".join("  " * i + "- \n" for i in range(1, 600))
    (kb_root / "data/glossary.yml").write_text(deep, encoding="utf-8")
    [message] = problems(kb_root)
    assert message == "data/glossary.yml:41: 嵌套超过 40 层；数据文件用不到这么深的结构"


def test_nul_byte_is_reported_on_its_line(kb_root: Path) -> None:
    path = kb_root / "data/reports/RPT-001.md"
    path.write_text(path.read_text(encoding="utf-8").replace("教室每天通风。", "教室\x00每天通风。"), encoding="utf-8")
    assert problems(kb_root) == ["data/reports/RPT-001.md:27: 含有控制字符 U+0000；请删除"]


def test_calendar_loads_january_first(kb_root: Path) -> None:
    kb = load(kb_root / "data", today=TODAY)
    assert [m.month for m in kb.calendar] == list(range(1, 13))
    january = kb.calendar[0]
    assert [(s.disease, s.area) for s in january.in_season] == [("influenza", "national")]
    assert [p.measures for p in kb.calendar[8].for_sector("schools")] == [("SCH-001",)]
    assert kb.vocabulary.label("calendar_areas", "south") == "南方"


def test_calendar_months_are_twelve_each_once_with_known_codes(kb_root: Path) -> None:
    calendar = kb_root / "data/calendar.yml"
    edit(calendar, "  - month: 2\n", "  - month: 1\n")
    edit(calendar, "{disease: influenza, area: national", "{disease: measles, area: national")
    edit(calendar, "measures: [SCH-001]", "measures: [SCH-099]")
    found = problems(kb_root)
    assert any(line.startswith("data/calendar.yml:") and "日历月份" in line and "“1”" in line for line in found), found
    assert any("months[0].in_season[0].disease" in line and "measles" in line for line in found), found
    assert any("prepare[0].measures[0]" in line and "SCH-099" in line for line in found), found


def test_calendar_area_comes_from_the_vocabulary(kb_root: Path) -> None:
    edit(kb_root / "data/calendar.yml", "area: national", "area: everywhere")
    assert problems(kb_root) == [
        "data/calendar.yml:5: months[0].in_season[0].area: 'everywhere' 不是可用的取值；可用：national, south, north"]


def test_calendar_with_eleven_months_is_refused(kb_root: Path) -> None:
    calendar = kb_root / "data/calendar.yml"
    text = calendar.read_text(encoding="utf-8")
    calendar.write_text(text[: text.index("  - month: 12\n")], encoding="utf-8")
    assert any(line.startswith("data/calendar.yml:") and "months" in line for line in problems(kb_root))
