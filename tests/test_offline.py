"""The offline bundle and the web build in a real browser: search, requests, errors, budgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.load import load
from kb.publish.site import generated_files

from .conftest import ROOT
from .indexed import sections
from .pages import KEY_PAGES, file_url, open_page, search, web_url
from .sites import copy_project, kb_build

pytestmark = pytest.mark.browser

QUERIES = {"晨午检": "checklists/schools", "网格员": "communities", "茶楼": "commerce", "医疗废物": "environment"}


@pytest.mark.parametrize("query", QUERIES)
def test_chinese_search_over_http(browser, web_server: str, query: str) -> None:
    recorder = open_page(browser)
    recorder.page.goto(web_server)
    links = search(recorder.page, query)
    assert any(QUERIES[query] in link for link in links), links
    assert recorder.external(web_server) == []
    assert recorder.errors == []


@pytest.mark.parametrize("query", QUERIES)
def test_chinese_search_offline_over_file(browser, offline_site: Path, query: str) -> None:
    recorder = open_page(browser)
    recorder.page.goto(file_url(offline_site, "index"))
    links = search(recorder.page, query)
    assert any(QUERIES[query] in link for link in links), links
    assert all(link.startswith("file://") for link in links)
    recorder.screenshot(f"offline-search-{QUERIES[query].replace('/', '-')}")
    assert recorder.external("file://") == []
    assert recorder.errors == []


def test_every_offline_page_loads_with_no_external_request(browser, offline_site: Path) -> None:
    recorder = open_page(browser)
    pages = sorted(offline_site.rglob("*.html"))
    kb = load(ROOT / "data")
    generated = [src for src, _ in generated_files(kb, directory_urls=False) if src.endswith(".md")]
    assert len(pages) == len(list((ROOT / "docs").rglob("*.md"))) + len(generated)
    for path in pages:
        recorder.page.goto(path.as_uri())
        recorder.page.wait_for_load_state("load")
    assert recorder.external("file://") == []
    assert recorder.errors == []


def test_every_web_page_loads_with_no_external_request(browser, web_server: str, web_site: Path) -> None:
    recorder = open_page(browser)
    for path in sorted(web_site.rglob("index.html")):
        recorder.page.goto(web_server + path.parent.relative_to(web_site).as_posix().removeprefix(".") + "/")
        recorder.page.wait_for_load_state("load")
    assert recorder.external(web_server) == []
    assert recorder.errors == []


@pytest.mark.parametrize("name", KEY_PAGES)
def test_key_pages_screenshots(browser, web_server: str, offline_site: Path, name: str) -> None:
    for where, url in (("web", web_url(web_server, KEY_PAGES[name])), ("offline", file_url(offline_site, KEY_PAGES[name]))):
        recorder = open_page(browser)
        recorder.page.goto(url)
        shot = recorder.screenshot(f"{where}-{name}", full_page=True)
        assert shot.stat().st_size > 10_000
        assert recorder.errors == []


def test_glossary_tooltip_shows_on_focus(browser, offline_site: Path) -> None:
    recorder = open_page(browser)
    recorder.page.goto(file_url(offline_site, "guide/communities"))
    term = recorder.page.locator("dfn.kb-term").first
    term.focus()
    tooltip = term.evaluate("el => getComputedStyle(el, '::after').content")
    assert tooltip.strip('"') == term.get_attribute("data-def")
    recorder.screenshot("offline-glossary-tooltip")


def test_bundle_and_search_index_budgets(offline_build: Path, offline_site: Path) -> None:
    assert offline_build.stat().st_size <= 8 * 1024 * 1024
    index = [p for p in (offline_site / "search").rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in index) <= 3 * 1024 * 1024
    # Everything the browser loads over file:// is a classic script (no fetch, no module, no worker).
    assert index and all(p.suffix == ".js" for p in index)
    assert "网格员" in {w for words in sections(offline_site).values() for w in words}  # segmented (kb/search.py)


def test_bundle_is_byte_identical_across_builds(offline_build: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = kb_build(project)
    assert result.returncode == 0, result.stderr
    [again] = (project / "dist").glob("*-offline.zip")
    assert again.name == offline_build.name
    assert again.read_bytes() == offline_build.read_bytes()
