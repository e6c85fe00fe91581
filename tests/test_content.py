"""Content checks: minimums, no placeholders or boilerplate or names, figures true to the seed."""

from __future__ import annotations

import re

import pytest

from kb import lint
from kb.load import load

from .conftest import ROOT

SEED_DIR = ROOT.parent / "shared" / "seed"
KB = load(ROOT / "data")

# Every figure of the example reports, as the seed writes it: (report, indicator) -> (seed text, value, approx).
SEED_FIGURES = {
    ("RPT-001", "notices-posted"): ("《通告》200份", 200, False),
    ("RPT-001", "led-screen-sites"): ("累计20余处", 20, True),
    ("RPT-001", "banners"): ("横幅60余条", 60, True),
    ("RPT-001", "publicity-vehicles"): ("宣传车5台", 5, False),
    ("RPT-002", "working-groups"): ("5个工作小组", 5, False),
    ("RPT-002", "committee-members"): ("两委成员7人", 7, False),
    ("RPT-002", "grid-workers"): ("网格员8人", 8, False),
    ("RPT-002", "control-staff"): ("组成)10人", 10, False),
    ("RPT-002", "property-staff"): ("物管189人", 189, False),
    ("RPT-002", "disinfection-staff"): ("消杀员6人", 6, False),
    ("RPT-002", "personnel-total"): ("合计220人", 220, False),
    ("RPT-002", "meetings"): ("工作会7次", 7, False),
    ("RPT-002", "returnees-hubei"): ("返乡人员82人", 82, False),
    ("RPT-002", "control-zones"): ("三大区域", 3, False),
    ("RPT-002", "property-companies"): ("5个物业公司", 5, False),
    ("RPT-002", "banquets-stopped"): ("12起", 12, False),
    ("RPT-002", "banquet-tables"): ("420桌", 420, False),
    ("RPT-002", "teahouses-closed"): ("茶楼15家", 15, False),
    ("RPT-002", "restaurants-closed"): ("餐馆17家", 17, False),
    ("RPT-005", "villages-checkpoints"): ("14个村在主要路口", 14, False),
    ("RPT-007", "teahouses-closed"): ("茶馆247家", 247, False),
    ("RPT-007", "bathhouses-closed"): ("洗浴中心32家", 32, False),
    ("RPT-007", "markets-staffed"): ("4个农贸市场", 4, False),
    ("RPT-007", "poultry-stalls-closed"): ("宰杀点46家", 46, False),
    ("RPT-007", "disinfection-rounds-daily"): ("每日消毒20余次", 20, True),
    ("RPT-007", "disinfected-area"): ("约2.4万平方米", 24000, True),
    ("RPT-007", "businesses-coordinated"): ("10余家大型商场", 10, True),
    ("RPT-007", "compounds-managed"): ("9个集资建房宿舍", 9, False),
    ("RPT-007", "publicity-points"): ("宣传站点9个", 9, False),
    ("RPT-008", "task-force-members"): ("15人的突击队", 15, False),
    ("RPT-009", "meetings"): ("召开了3次会议", 3, False),
    ("RPT-009", "billboards"): ("广告牌52块", 52, False),
    ("RPT-009", "electronic-screens"): ("显示屏152块", 152, False),
    ("RPT-009", "banners"): ("横幅657条", 657, False),
    ("RPT-009", "leaflets"): ("20万余张", 200000, True),
    ("RPT-009", "household-visits"): ("18.3万余次", 183000, True),
    ("RPT-009", "messages"): ("11.4万余条", 114000, True),
    ("RPT-009", "publicity-vehicle-trips"): ("639台次", 639, False),
    ("RPT-009", "loudspeakers"): ("697个", 697, False),
    ("RPT-009", "broadcast-hours"): ("5420小时", 5420, False),
    ("RPT-009", "guides-printed"): ("100000份", 100000, False),
    ("RPT-009", "media-items"): ("300余条次", 300, True),
    ("RPT-011", "designated-hospitals"): ("3家定点医院", 3, False),
}
# RPT-002 reports two further returnee counts under one indicator, told apart by qualifier.
SEED_RETURNEES = [("返乡人员33人", 33), ("安康返乡人员1人", 1)]


def test_nine_sectors_with_enough_measures() -> None:
    assert [s.code for s in KB.sectors] == [
        "schools", "communities", "towns", "commerce", "enterprises", "environment", "health", "publicity", "urban"]
    for sector in KB.sectors:
        assert len(KB.measures_for(sector.code)) >= 15, sector.code
    assert sum(len(c.measures) for c in KB.checklists.values()) >= 150


def test_every_measure_has_its_sources_and_records() -> None:
    for measure in KB.measure_by_id.values():
        assert measure.sources and measure.records and measure.frequency.strip() and measure.role.strip()


def test_glossary_has_forty_distinct_terms() -> None:
    assert len(KB.terms) >= 40
    assert len({t.definition for t in KB.terms}) == len(KB.terms)


def test_no_two_measures_say_the_same_thing() -> None:
    assert lint.duplicate_measures(KB) == []
    titles = [m.title for m in KB.measure_by_id.values()]
    assert len(set(titles)) == len(titles)


def test_no_placeholders_boilerplate_or_personal_names() -> None:
    assert [str(f) for f in lint.lint_files(ROOT)] == []


def test_each_seed_report_is_published_once() -> None:
    assert len(KB.reports) == 11
    assert lint.duplicate_reports(KB) == []
    assert {r.sector for r in KB.reports} == {s.code for s in KB.sectors}


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="the seed lives in ../shared/seed beside the clone")
def test_figures_match_the_seed_exactly() -> None:
    seed = re.sub(r"\s+", "", "".join(p.read_text(encoding="utf-8") for p in SEED_DIR.glob("*.txt")))
    published = {}
    for report in KB.reports:
        for stat in report.statistics:
            if stat.indicator != "returnees-other":
                assert (report.id, stat.indicator) not in published, (report.id, stat.indicator)
                published[(report.id, stat.indicator)] = (stat.value, stat.approx)
    assert set(published) == set(SEED_FIGURES)
    for key, (snippet, value, approx) in SEED_FIGURES.items():
        assert snippet in seed, snippet
        assert published[key] == (value, approx), key
    returnees = [s.value for s in KB.report_by_id["RPT-002"].statistics if s.indicator == "returnees-other"]
    assert returnees == [v for _, v in SEED_RETURNEES]
    assert all(snippet in seed for snippet, _ in SEED_RETURNEES)


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="the seed lives in ../shared/seed beside the clone")
def test_no_thirty_character_run_copied_from_the_seed() -> None:
    window = 30
    runs = set()
    for path in SEED_DIR.glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"\s+", "", line)
            runs.update(line[i:i + window] for i in range(len(line) - window + 1))
    copied = []
    for path in [*ROOT.joinpath("docs").rglob("*.md"), *ROOT.joinpath("data").rglob("*.y*ml"), *ROOT.joinpath("data").rglob("*.md")]:
        text = re.sub(r"\s+", "", path.read_text(encoding="utf-8"))
        copied += [f"{path.relative_to(ROOT)}: {text[i:i + window]}" for i in range(len(text) - window + 1) if text[i:i + window] in runs][:1]
    assert copied == []
