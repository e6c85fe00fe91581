"""Search as staff use it, in chromium on the web site (http) and the offline bundle (file://).

Words that occur only in a measure's detail, records, responsible party or frequency find that
measure's row; phrases typed without spaces find pages with their words; guidance ranks above the
editors' pages. A new glossary term is a search word after a build, with no other change.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kb.publish.render import checklist_src
from kb.publish.urls import page_url

from .conftest import ROOT
from .indexed import sections
from .pages import open_page, search
from .sites import build, copy_project

pytestmark = pytest.mark.browser

ROW_FIELDS = ("detail", "records", "party", "frequency")
# Words that occur only in one guide's text, and only on the reporting cards.
GUIDE_WORDS = {"加码": "guide/", "照看": "reporting/"}
PHRASES = ("开窗通风", "医疗废物暂存", "学校晨午检", "因病缺勤追踪")
GUIDANCE_WORDS = ("报告时限", "晨午检", "消毒", "通风", "医疗废物")
EDITORIAL = ("editors/", "changelog", "about")


def shown(measure, field: str) -> str:
    """The text of one field of a measure's row, as the checklist shows it."""
    return {"detail": measure.detail, "records": "、".join(measure.records), "party": measure.party + measure.role,
            "frequency": measure.frequency}[field]


@pytest.fixture(scope="module")
def row_words(web_site: Path, real_kb) -> dict[str, tuple[str, str]]:
    """For each field, a word shown only in that field of one measure's row, and the measure's id.

    Chosen from the built index, so the test follows the content: the word is in no other result
    (no page, no section, no other measure) and not in the measure's title.
    """
    import jieba

    found: dict[str, set[str]] = {}
    for location, words in sections(web_site).items():
        for word in words:
            found.setdefault(word, set()).add(location)
    chosen = {}
    for field in ROW_FIELDS:
        for measure in sorted(real_kb.measure_by_id.values(), key=lambda m: m.id):
            home = {f"{page_url(checklist_src(measure.sector), True)}#{measure.id}"}
            words = [w for w in jieba.lcut(shown(measure, field)) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)]
            word = next((w for w in words if w not in measure.title and found.get(w) == home), None)
            if word:
                chosen[field] = (word, measure.id)
                break
        else:
            raise AssertionError(f"no word shown only in the {field} of one measure")
    return chosen


def where(link: str, offline: bool) -> str:
    """`checklists/schools#SCH-008` for a result link of either build (highlight query dropped)."""
    parts = urlsplit(link)
    path = unquote(parts.path)
    path = re.sub(r"^.*?/(?=(checklists|guide|reports|reporting|plans|diseases|sources|editors|glossary|changelog|about)\b)", "", path)
    path = path.removesuffix(".html").removesuffix("/index").rstrip("/") if offline else path.rstrip("/")
    return path + (f"#{unquote(parts.fragment)}" if parts.fragment else "")


def open_site(browser, web_server: str, offline_site: Path, offline: bool):
    recorder = open_page(browser)
    recorder.page.goto((offline_site / "index.html").as_uri() if offline else web_server)
    return recorder


@pytest.fixture(params=[False, True], ids=["http", "file"])
def offline(request) -> bool:
    return request.param


@pytest.mark.parametrize("field", ROW_FIELDS)
def test_words_of_a_measure_row_find_the_row(browser, web_server: str, offline_site: Path, offline: bool,
                                             row_words: dict, field: str, real_kb) -> None:
    word, row = row_words[field]
    recorder = open_site(browser, web_server, offline_site, offline)
    links = [where(x, offline) for x in search(recorder.page, word)]
    sector = real_kb.measure_by_id[row].sector
    assert links[0] == f"checklists/{sector}" and f"checklists/{sector}#{row}" in links, (word, links)
    assert recorder.errors == []


def test_a_measure_result_opens_at_its_row(browser, web_server: str, offline_site: Path, offline: bool,
                                           row_words: dict) -> None:
    word, row = row_words["detail"]
    recorder = open_site(browser, web_server, offline_site, offline)
    search(recorder.page, word)
    recorder.page.locator(f".md-search-result__item a[href*='#{row}']").first.click()
    recorder.page.wait_for_load_state("load")
    assert urlsplit(recorder.page.url).fragment == row
    cell = recorder.page.locator(f"tr[id='{row}']")
    assert cell.is_visible() and cell.evaluate("el => el.getBoundingClientRect().top < window.innerHeight")
    recorder.screenshot(f"search-row-{'file' if offline else 'http'}")


@pytest.mark.parametrize("word", GUIDE_WORDS)
def test_guide_text_is_findable(browser, web_server: str, offline_site: Path, offline: bool, word: str) -> None:
    recorder = open_site(browser, web_server, offline_site, offline)
    assert where(search(recorder.page, word)[0], offline).startswith(GUIDE_WORDS[word])


@pytest.mark.parametrize("phrase", PHRASES)
def test_phrases_typed_without_spaces_find_pages_with_their_words(browser, web_server: str, web_site: Path,
                                                                   offline_site: Path, offline: bool,
                                                                   phrase: str) -> None:
    import jieba

    words = [w for w in jieba.lcut(phrase) if len(w) > 1]
    having = {re.sub(r"/$", "", location.split("#")[0]) for location, found in sections(web_site).items()
              if all(w in "".join(found) for w in words)}
    assert having, f"no page has all of {words}: pick another phrase"
    recorder = open_site(browser, web_server, offline_site, offline)
    pages = {where(link, offline).split("#")[0] for link in search(recorder.page, phrase)[:10]}
    assert pages & having, (phrase, words, pages, having)


@pytest.mark.parametrize("word", GUIDANCE_WORDS)
def test_guidance_ranks_above_editors_pages(browser, web_server: str, word: str) -> None:
    recorder = open_page(browser)
    recorder.page.goto(web_server)
    first = where(search(recorder.page, word)[0], offline=False)
    assert not first.startswith(EDITORIAL), (word, first)


def test_a_new_glossary_term_is_searchable_with_no_other_change(tmp_path: Path, web_site: Path) -> None:
    import jieba

    known = {w for found in sections(web_site).values() for w in found}
    # A phrase of the schools guide that is not a search word yet: two words jieba keeps apart.
    guide = "\n".join(line for line in (ROOT / "docs/guide/schools.md").read_text(encoding="utf-8").splitlines()
                      if line and not line.startswith(("#", "<!--", "|")))  # body text, not headings or tables
    words = [w for w in jieba.lcut(guide) if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", w)]
    term = next(a + b for a, b in itertools.pairwise(words) if a + b in guide and a + b not in known
                and a + b not in (ROOT / "data/glossary.yml").read_text(encoding="utf-8"))
    project = copy_project(tmp_path)
    glossary = project / "data/glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8")
                        + f"  - id: observation-room\n    term: {term}\n    definition: 学校临时安置有症状师生、等候家长接回的房间。\n",
                        encoding="utf-8")
    result = build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert any(term in found for location, found in sections(tmp_path / "site").items()
               if location.startswith("guide/schools/"))
    assert not list((project / "data").glob("*words*.txt"))[1:], "the generated dictionary must not go into data/"


def test_nothing_of_the_index_loads_before_the_box_is_used(browser, web_server: str, web_site: Path) -> None:
    """On the web, a page fetches no search data until the reader focuses the box or types (at most the
    small script that waits for it: 50 KB); then only what the query needs."""
    recorder = open_page(browser)
    recorder.page.goto(web_server + "checklists/schools/")
    recorder.page.wait_for_load_state("load")
    before = [u for u in recorder.requests if "/search" in urlsplit(u).path]
    assert [urlsplit(u).path for u in before] == ["/assets/search.js"]
    assert (web_site / "assets/search.js").stat().st_size <= 50_000
    links = search(recorder.page, "晨午检")
    assert links
    loaded = {urlsplit(u).path for u in recorder.requests} - {urlsplit(u).path for u in before}
    fragments = [p for p in loaded if p.startswith("/search/fragment/")]
    assert "/search/pagefind.js" in loaded and 0 < len(fragments) < len(list((web_site / "search/fragment").iterdir()))
    assert recorder.errors == []


def test_the_box_has_its_name_place_and_shortcut(browser, web_server: str, offline_site: Path, offline: bool) -> None:
    recorder = open_site(browser, web_server, offline_site, offline)
    page = recorder.page
    assert page.locator(".md-header .md-search[role=dialog]").get_attribute("aria-label") == "查找"
    assert page.locator(".md-search__input").get_attribute("aria-label")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert recorder.errors == []


def test_the_opened_page_highlights_the_query(browser, web_server: str, offline_site: Path, offline: bool,
                                              row_words: dict) -> None:
    word, row = row_words["detail"]
    recorder = open_site(browser, web_server, offline_site, offline)
    search(recorder.page, word)
    recorder.page.locator(f".md-search-result__item a[href*='#{row}']").first.click()
    recorder.page.wait_for_load_state("load")
    marks = recorder.page.locator(f"tr[id='{row}'] mark[data-md-highlight]").all_inner_texts()
    assert word in marks, marks
    assert recorder.errors == []
