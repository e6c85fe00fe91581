"""Build-time SVG charts: layout arithmetic, well-formed accessible SVG, and rendering in chromium."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kb.core.stats import aggregate
from kb.load import load
from kb.publish.charts import (
    Bar,
    Chart,
    comparison_chart,
    group_chart,
    layout,
    nice_step,
)
from kb.publish.render import chart_svg

from .conftest import ARTIFACTS, edit
from .pages import open_page

SVG_NS = "{http://www.w3.org/2000/svg}"


def two_units(root: Path, summable: bool = True):
    """The fixture with a second unit's report on the same indicators."""
    text = (root / "data/reports/RPT-001.md").read_text(encoding="utf-8")
    second = (text.replace("id: RPT-001", "id: RPT-002").replace("unit: 测试学校", "unit: 第二测试学校")
              .replace("value: 60,", "value: 657,").replace("网格员协助", "班主任协助"))
    (root / "data/reports/RPT-002.md").write_text(second, encoding="utf-8")
    if not summable:
        edit(root / "data/indicators.yml", "group: publicity, summable: true}\n  - {code: leaflets", "group: publicity, summable: false}\n  - {code: leaflets")
    return load(root / "data")


def parse(svg_html: str) -> ET.Element:
    match = re.search(r"<svg.*?</svg>", svg_html, re.DOTALL)
    assert match, "no <svg> element"
    return ET.fromstring(match.group(0))  # raises on malformed XML


@pytest.mark.parametrize(("maximum", "step"), [(657, 200), (5420, 2000), (114000, 50000), (7, 2), (1, 0.5), (0, 1)])
def test_nice_step(maximum: float, step: float) -> None:
    assert nice_step(maximum) == step


def test_bar_lengths_are_proportional() -> None:
    chart = Chart("c", "t", "d", "条", (Bar("甲", 600, "600", False), Bar("乙", 300, "300+", True)))
    geometry = layout(chart)
    first, second = geometry["bars"]
    assert first["width"] == pytest.approx(2 * second["width"])
    assert [t["label"] for t in geometry["ticks"]] == ["0", "200", "400", "600"]
    assert geometry["ticks"][-1]["x"] == pytest.approx(first["x"] + first["width"])


def test_svg_is_well_formed_with_bars_labels_title_and_description(kb_root: Path) -> None:
    publicity = next(g for g in aggregate(two_units(kb_root)) if g.group.code == "publicity")
    chart = group_chart(publicity)
    root = parse(chart_svg(chart))
    assert root.get("role") == "img"
    assert root.find(f"{SVG_NS}title").text == chart.title
    assert "带“+”的为约数" in root.find(f"{SVG_NS}desc").text
    bars = [r for r in root.iter(f"{SVG_NS}rect") if "kb-bar" in r.get("class", "").split()]
    labels = [t.text for t in root.iter(f"{SVG_NS}text") if t.get("class") == "kb-bar-label"]
    values = [t.text for t in root.iter(f"{SVG_NS}text") if t.get("class") == "kb-bar-value"]
    assert len(bars) == len(chart.bars) == len(labels) == len(values)
    assert labels == [b.label for b in chart.bars]
    assert values and all(v.endswith("+") for v in values)  # every fixture figure is approximate
    assert sum("kb-bar-approx" in r.get("class") for r in bars) == sum(b.approx for b in chart.bars)


def test_comparison_chart_puts_units_side_by_side(kb_root: Path) -> None:
    banners = next(t for g in aggregate(two_units(kb_root)) for t in g.totals if t.indicator.code == "banners")
    chart = comparison_chart(banners)
    assert [(b.label, b.value) for b in chart.bars] == [("第二测试学校", 657), ("测试学校", 60)]
    assert "合计 717+ 条" in chart.description


def test_figures_of_different_things_are_not_added_up(kb_root: Path) -> None:
    banners = next(t for g in aggregate(two_units(kb_root, summable=False)) for t in g.totals if t.indicator.code == "banners")
    chart = comparison_chart(banners)
    assert "合计 " not in chart.description and "不合计" in chart.description


@pytest.mark.build
def test_one_chart_per_group_and_comparisons_on_the_statistics_page(web_site: Path, real_kb) -> None:
    html = (web_site / "statistics/index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<figure class="kb-chart" id="([^"]+)"', html)
    assert {f"chart-{g.group.code}" for g in aggregate(real_kb)} <= set(charts)
    shared = {f"chart-compare-{t.indicator.code}" for g in aggregate(real_kb) for t in g.totals if t.units > 1}
    assert shared and shared <= set(charts)
    for figure in ("657", "5,420", "247", "200,000+"):
        assert f">{figure}<" in html, figure


@pytest.mark.build
def test_no_html_is_escaped_into_text(web_site: Path) -> None:
    for page in web_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "&lt;table" not in text and "&lt;svg" not in text, page


@pytest.mark.build
def test_group_downloads(web_site: Path, real_kb) -> None:
    for group in real_kb.groups:
        csv_file = web_site / "downloads/statistics" / f"{group.code}.csv"
        assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")
        assert (web_site / "downloads/statistics" / f"{group.code}.json").is_file()


@pytest.mark.browser
def test_charts_render_in_chromium(browser, web_server: str) -> None:
    recorder = open_page(browser)
    recorder.page.goto(web_server + "statistics/")
    chart = recorder.page.locator("#chart-compare-banners svg")
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 40
    bars = recorder.page.locator("#chart-compare-banners rect.kb-bar")
    assert bars.count() == 2
    assert bars.nth(0).bounding_box()["width"] > 5 * bars.nth(1).bounding_box()["width"]  # 657 against 60+
    ARTIFACTS.mkdir(exist_ok=True)
    chart.screenshot(path=str(ARTIFACTS / "statistics-chart-banners.png"))
    recorder.page.locator("#chart-publicity").screenshot(path=str(ARTIFACTS / "statistics-chart-publicity.png"))
    assert recorder.errors == []
