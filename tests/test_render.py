"""Renderers: generated pages, markers, links and HTML escaping of data text."""

from __future__ import annotations

from pathlib import Path

from kb.load import load
from kb.markers import PageContext, all_changes, expand
from kb.render import checklist_page, grouped_measures, report_page
from kb.urls import Linker, page_url

from .conftest import edit


def test_page_url_matches_mkdocs() -> None:
    assert page_url("index.md", True) == ""
    assert page_url("guide/schools.md", True) == "guide/schools/"
    assert page_url("statistics/index.md", True) == "statistics/"
    assert page_url("guide/schools.md", False) == "guide/schools.html"
    assert page_url("api/kb.json", True) == "api/kb.json"


def test_linker_relative_links() -> None:
    web = Linker("checklists/schools.md", directory_urls=True)
    assert web("reports/RPT-001.md") == "../../reports/RPT-001/"
    assert web("statistics/index.md", "ind-banners") == "../../statistics/#ind-banners"
    assert web("index.md") == "../../"
    offline = Linker("checklists/schools.md", directory_urls=False)
    assert offline("reports/RPT-001.md") == "../reports/RPT-001.html"
    assert offline("index.md") == "../index.html"
    assert Linker("index.md", True)("guide/schools.md") == "guide/schools/"


def test_checklist_groups_by_category_then_phase(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    groups = grouped_measures(kb, "schools")
    assert [(c.code, [(p, [m.id for m in ms]) for p, ms in phases]) for c, phases in groups] == [
        ("screening", [("常态化", ["SCH-001"])]),
        ("environment", [("应急处置", ["SCH-002"])]),
    ]


def test_checklist_page_has_checkboxes_and_metadata(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = checklist_page(kb, "schools", Linker("checklists/schools.md", True))
    assert '<input type="checkbox" class="kb-tick" id="tick-SCH-001" aria-labelledby="title-SCH-001">' in page
    assert 'data-risk="中 高"' in page
    assert "班主任" in page and "每日两次" in page
    assert 'data-edition="1.1"' in page
    assert '<a href="../../reports/RPT-001/">RPT-001 测试学校</a>' in page
    assert "## 排查与监测 {#cat-screening}" in page


def test_data_text_is_escaped(kb_root: Path) -> None:
    edit(kb_root / "data/checklists/schools.yml", "title: 每日开展晨午检", 'title: "<script>alert(1)</script>"')
    edit(kb_root / "data/reports/RPT-001.md", "unit: 测试学校", 'unit: "A & B <b>"')
    kb = load(kb_root / "data")
    page = checklist_page(kb, "schools", Linker("checklists/schools.md", True))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    report = report_page(kb, "RPT-001", Linker("reports/RPT-001.md", True))
    assert "A &amp; B &lt;b&gt;" in report and "<b>" not in report


def test_report_page_shows_statistics_and_actions(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = report_page(kb, "RPT-001", Linker("reports/RPT-001.md", True))
    assert "## 日常监测" in page and "## 环境卫生" in page
    assert '<td class="kb-num kb-approx">200,000+</td>' in page
    assert '<a href="../../checklists/schools/#SCH-001">SCH-001 每日开展晨午检</a>' in page


def test_markers_expand_and_report_unknown_ones(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = PageContext("guide/schools.md", Linker("guide/schools.md", True))
    text, problems = expand("# 学校\n\n<!-- kb:guide-reports -->\n\n<!-- kb:nope -->\n", kb, page, "docs/guide/schools.md")
    assert "[测试学校工作汇报](../reports/RPT-001.md)" in text
    assert [str(p) for p in problems] == [
        "docs/guide/schools.md:5: marker: unknown marker 'kb:nope'; expected one of " + ", ".join(sorted(
            ["sector-cards", "latest-changes", "changelog", "edition-history", "checklists-index", "reports-index", "glossary",
             "statistics-overview", "schema-reference", "guide-edition", "guide-links", "guide-reports", "guide-statistics"]))
    ]


def test_sector_marker_outside_a_guide_page_is_a_problem(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    _, problems = expand("<!-- kb:guide-reports -->\n", kb, PageContext("about.md", Linker("about.md", True)), "docs/about.md")
    assert "belongs on a sector guide page" in str(problems[0])


def test_changes_newest_first(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    assert [(c["change"].date, c["what"]) for c in all_changes(kb)] == [
        ("2026-03-01", "学校检查清单"), ("2026-01-01", "学校工作指引"), ("2026-01-01", "学校检查清单"),
    ]


def test_guide_tools_box_lists_three_separate_links(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = PageContext("guide/schools.md", Linker("guide/schools.md", True))
    text, _ = expand("<!-- kb:guide-links -->\n", kb, page, "docs/guide/schools.md")
    items = [line.strip() for line in text.splitlines() if line.strip().startswith("- ")]
    assert len(items) == 3
    assert items[0] == "- [学校检查清单](../checklists/schools.md)：2 项措施，可按阶段和风险等级筛选、勾选、打印、导出"
