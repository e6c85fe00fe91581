"""A browser page that records every request and every error, for the browser tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .conftest import ARTIFACTS

# Pages every browser check visits: a name, and the page's path without its suffix.
KEY_PAGES = {
    "home": "index",
    "guide": "guide/schools",
    "checklist": "checklists/schools",
    "report": "reports/RPT-009",
    "sources": "sources",
    "statistics": "statistics/index",
    "glossary": "glossary",
}


def web_url(base: str, page: str) -> str:
    page = page.removesuffix("index")
    return base + (page + "/" if page and not page.endswith("/") else page)


def file_url(folder: Path, page: str) -> str:
    return (folder / f"{page}.html").as_uri()


@dataclass
class Recorder:
    """Collects requests and console errors of one page, to assert on after visiting."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def external(self, allowed_prefix: str) -> list[str]:
        local = (allowed_prefix, "data:", "blob:", "about:")
        return [url for url in self.requests if not url.startswith(local)]

    def screenshot(self, name: str, **options) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), **options)
        return path


def open_page(browser, **context_options) -> Recorder:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    page = context.new_page()
    recorder = Recorder(page)
    page.on("request", lambda request: recorder.requests.append(request.url))
    page.on("console", lambda message: recorder.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: recorder.errors.append(str(error)))
    return recorder


# A search result is shown and no more are loading: the first page is shown as soon as it is loaded and
# the rest after it (docs/assets/search.js), and the list is aria-busy until then.
RESULTS_SHOWN = ".md-search-result__list:not([aria-busy]) .md-search-result__item"


def search(page, query: str) -> list[str]:
    """Type a query into the search box and return the result links once all of them are shown."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    page.wait_for_selector(RESULTS_SHOWN, timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
