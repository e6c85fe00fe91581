"""Time from opening the offline bundle's home page over file:// to the first search result shown.

Runs Debian's chromium through playwright, as the browser tests do. Each run opens a fresh browser
context, types the query into Material's search box as soon as the box is there (Material searches
on keyup, and answers once its worker has built the index) and stops the clock when the first result
is on screen. `python -m bench.search_time SITE_DIR [QUERY…]` prints the median for a built bundle.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

QUERIES = ("开窗通风", "晨午检")
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--disable-gpu"]


def _one_run(browser, url: str, query: str, timeout_s: float) -> float:
    """Seconds to the first result, or infinity when the search answers with no result."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        box = page.locator("input.md-search__input")
        box.click(timeout=timeout_s * 1000)
        box.fill(query)
        placeholder = page.locator(".md-search-result__meta").inner_text()
        box.press("End")
        # The line above the results changes from the placeholder once the worker has answered.
        page.wait_for_function("text => document.querySelector('.md-search-result__meta').innerText !== text",
                               arg=placeholder, timeout=timeout_s * 1000)
        seconds = time.perf_counter() - started
        return seconds if page.locator(".md-search-result__item").count() else float("inf")
    finally:
        context.close()


def first_result_seconds(site: Path, queries: tuple[str, ...] = QUERIES, runs: int = 3,
                         timeout_s: float = 120) -> dict[str, float]:
    """Median seconds to the first result for each query, opening `site`/index.html over file://."""
    from playwright.sync_api import sync_playwright

    url = (site / "index.html").resolve().as_uri()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    results: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            _one_run(browser, url, queries[0], timeout_s)  # warm the disk cache once
            for query in queries:
                results[query] = round(statistics.median(_one_run(browser, url, query, timeout_s) for _ in range(runs)), 2)
        finally:
            browser.close()
    return results


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    print(first_result_seconds(folder, tuple(sys.argv[2:]) or QUERIES))
