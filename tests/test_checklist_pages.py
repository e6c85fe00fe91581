"""A checklist longer than one page (kb.core.checklist.PAGE_MEASURES): its pages, the links to its
measures, and, in chromium over http and file://, ticks, progress, filters and exports that count the
whole checklist from any of its pages."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from kb.core import checklist as checklist_data
from kb.load import load
from kb.publish.render import checklist_page, measure_src, sources_page
from kb.publish.site import generated_files
from kb.publish.urls import Linker

from .pages import open_page
from .sites import build


@pytest.fixture
def one_per_page(kb_root: Path, monkeypatch: pytest.MonkeyPatch):
    """The fixture knowledge base (schools: SCH-001 routine, SCH-002 response, SCH-003 historical) with
    one measure to a page."""
    monkeypatch.setattr(checklist_data, "PAGE_MEASURES", 1)
    return load(kb_root / "data")


def page_data(markdown: str) -> dict:
    [raw] = re.findall(r'<script type="application/json" id="kb-checklist-data">(.*?)</script>', markdown)
    return json.loads(raw)


def test_a_long_checklist_continues_on_numbered_pages_in_order(one_per_page) -> None:
    kb = one_per_page
    pages = checklist_data.pages(kb, "schools")
    assert [(p.number, p.count, [m.id for m in p.measures]) for p in pages] == [
        (1, 3, ["SCH-001"]), (2, 3, ["SCH-002"]), (3, 3, ["SCH-003"])]
    assert not pages[2].current and pages[2].historical  # the historical section comes last
    assert checklist_data.page_numbers(kb, "schools") == {"SCH-001": 1, "SCH-002": 2, "SCH-003": 3}
    files = dict(generated_files(kb, directory_urls=True))
    assert {"checklists/schools.md", "checklists/schools/2.md", "checklists/schools/3.md",
            "downloads/checklists/schools.js"} <= set(files)
    assert "# 学校检查清单（第 2 页）" in files["checklists/schools/2.md"]
    assert 'aria-current="page" data-page="2"' in files["checklists/schools/2.md"]


def test_a_category_cut_by_a_page_break_is_marked_as_continued(one_per_page) -> None:
    kb = one_per_page
    schools = kb.checklists["schools"]
    [measure, *rest] = schools.measures
    twin = replace(measure, id="SCH-009", title="同类第二项")
    kb.checklists["schools"] = replace(schools, measures=(measure, twin, *rest))
    pages = checklist_data.pages(kb, "schools")
    assert [m.id for m in pages[1].measures] == ["SCH-009"] and pages[1].continued and not pages[0].continued
    page = checklist_page(kb, "schools", Linker("checklists/schools/2.md", True), 2)
    assert re.search(r"^## .+（续） \{#cat-", page, re.MULTILINE)


def test_a_checklist_within_one_page_has_no_page_links_and_no_records_script(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    files = dict(generated_files(kb, directory_urls=True))
    assert "checklists/schools/2.md" not in files and "downloads/checklists/schools.js" not in files
    assert "kb-pager" not in files["checklists/schools.md"] and "data-records" not in files["checklists/schools.md"]


def test_each_page_embeds_its_own_measures_and_an_index_of_the_whole_checklist(one_per_page) -> None:
    data = page_data(checklist_page(one_per_page, "schools", Linker("checklists/schools/2.md", True), 2))
    assert [m["id"] for m in data["measures"]] == ["SCH-002"]
    # Current measures only: historical ones are never ticked, counted or exported.
    assert [(e[0], e[1], e[5]) for e in data["index"]] == [("SCH-001", "routine", 1), ("SCH-002", "response", 2)]
    assert (data["page"], data["pages"]) == (2, 3)


def test_the_records_script_holds_every_current_measure(one_per_page) -> None:
    script = checklist_data.records_script(one_per_page, "schools")
    [raw] = re.findall(r'window\.kbChecklistRecords\["schools"\] = (.*);\n$', script)
    assert [(m["id"], m["codes"]["status"]) for m in json.loads(raw)] == [("SCH-001", "routine"), ("SCH-002", "response")]


def test_links_to_a_measure_lead_to_the_page_it_is_on(one_per_page) -> None:
    kb = one_per_page
    assert measure_src(kb, kb.measure_by_id["SCH-002"]) == "checklists/schools/2.md"
    page = sources_page(kb, Linker("sources.md", True))
    assert 'href="../checklists/schools/2/#SCH-002"' in page and 'href="../checklists/schools/#SCH-001"' in page


# In the browser: a synthetic knowledge base at three times the real content (bench.synth), whose
# checklists take two pages each.
SCALE = 3


@pytest.fixture(scope="module")
def long_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from bench.synth import make_project

    project = make_project(SCALE, tmp_path_factory.mktemp("long") / "project")
    sites = {}
    for where, config in (("web", "mkdocs.yml"), ("offline", "mkdocs-offline.yml")):
        sites[where] = project / f"site-{where}"
        result = build(project / config, sites[where], cwd=project)
        assert result.returncode == 0, result.stderr
    return sites


def test_every_link_to_a_measure_row_finds_its_row(long_sites: dict[str, Path]) -> None:
    site = long_sites["web"]
    rows = {path.parent.relative_to(site).as_posix(): set(re.findall(r'<tr class="kb-measure" id="([^"]+)"', path.read_text(encoding="utf-8")))
            for path in (site / "checklists").rglob("index.html")}
    assert len([page for page in rows if page.count("/") == 2]) >= 1, "the synthetic checklists should take two pages"
    checked = 0
    for path in site.rglob("index.html"):
        here = path.parent
        for target, anchor in re.findall(r'href="([^"#]*checklists/[a-z]+/(?:\d+/)?)#([A-Z]+-\d+)"', path.read_text(encoding="utf-8")):
            page = (here / target).resolve().relative_to(site.resolve()).as_posix()
            assert anchor in rows[page], (path.relative_to(site), target, anchor)
            checked += 1
    assert checked > 100


@pytest.fixture(params=["web", "offline"])
def long_checklist(request, browser, long_sites: dict[str, Path]):
    from bench.search_time import served

    recorder = open_page(browser, accept_downloads=True)
    site = long_sites[request.param]
    with served(site) as base:
        recorder.url = (lambda n: base + "checklists/schools/" + (f"{n}/" if n > 1 else "")) if request.param == "web" else (
            lambda n: (site / "checklists" / ("schools.html" if n == 1 else f"schools/{n}.html")).as_uri())
        recorder.where = request.param
        yield recorder
    assert recorder.errors == []


def opened(recorder, number: int, query: str = ""):
    recorder.page.goto(recorder.url(number) + query)
    recorder.page.wait_for_selector("form.kb-toolbar:not([hidden])")
    return recorder.page


def index(page) -> list[list]:
    return json.loads(page.inner_text("#kb-checklist-data"))["index"]


def test_ticks_on_one_page_count_on_every_page_and_in_the_exports(long_checklist, tmp_path: Path) -> None:
    page = opened(long_checklist, 2)
    [row, *_] = page.eval_on_selector_all("table.kb-measures:not(.kb-historical) tr.kb-measure:not([hidden])", "rows => rows.map(r => r.dataset.id)")
    page.check(f"#tick-{row}")
    routine = [e for e in index(page) if e[1] == "routine"]
    page = opened(long_checklist, 1)
    assert page.inner_text(".kb-progress-text") == f"已完成 1 / {len(routine)}"
    assert not page.query_selector(f"#tick-{row}")  # the ticked row is on the other page
    with page.expect_download() as info:
        page.click("button[data-action=csv]")
    path = tmp_path / "export.csv"
    info.value.save_as(path)
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[5:]
    assert [line[0] for line in table[1:]] == [e[0] for e in routine]  # every shown measure, from both pages
    assert [line[-1] for line in table[1:] if line[0] == row] == ["已完成"]
    page.click("button[data-action=draft]")
    assert f"已落实措施 1 项，尚有 {len(routine) - 1} 项待落实" in page.input_value(".kb-draft textarea")
    long_checklist.screenshot(f"checklist-long-{long_checklist.where}")


def test_page_links_keep_the_filter_and_count_what_each_page_shows(long_checklist) -> None:
    page = opened(long_checklist, 1)
    page.select_option("select[name=situation]", "all")
    shown = index(page)  # every current measure: routine and all response measures
    counts = {}
    for e in shown:
        counts[e[5]] = counts.get(e[5], 0) + 1
    assert page.inner_text(".kb-pager a[data-page='2'] .kb-pager-count") == f"（{counts[2]} 项）"
    assert f"共 {len(shown)} 项措施，本页 {counts[1]} 项" in page.inner_text(".kb-filter-state")
    page.click(".kb-pager a[data-page='2']")
    page.wait_for_selector("form.kb-toolbar:not([hidden])")
    assert page.input_value("select[name=situation]") == "all"
    visible = page.eval_on_selector_all("table.kb-measures:not(.kb-historical) tr.kb-measure:not([hidden])", "rows => rows.length")
    assert visible == counts[2]


def test_search_indexes_each_page_with_its_own_measures(one_per_page) -> None:
    from kb.publish.search import checklist_parts

    parts = checklist_parts(one_per_page, directory_urls=True)
    found = {url: re.findall(r'id="([A-Z]+-\d+)"', "".join(sections)) for url, sections in parts.items() if "schools" in url}
    assert found == {"checklists/schools/": ["SCH-001"], "checklists/schools/2/": ["SCH-002"], "checklists/schools/3/": ["SCH-003"]}


def test_a_long_run_of_pages_shows_the_ends_and_the_neighbours(kb_root: Path) -> None:
    from kb.publish.render import render

    pages = checklist_data.pages(load(kb_root / "data"), "schools")
    page = replace(pages[0], number=7, count=12)
    html = render("_checklist_pager.html.j2", page=page, pager=[(n, f"p{n}/") for n in range(1, 13)])
    assert re.findall(r'data-page="(\d+)"', html) == ["1", "5", "6", "7", "8", "9", "12"]
    assert html.count("kb-pager-gap") == 2 and 'aria-current="page" data-page="7"' in html
