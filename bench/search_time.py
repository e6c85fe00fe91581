"""Time from opening a built site's home page to the first search result shown, and what the page
fetched of the search index before any query.

Runs Debian's chromium through playwright, as the browser tests do. Each run opens a fresh browser
context, types the query into the header's search box as soon as the box is there (the first focus
loads the index: docs/assets/search.js) and stops the clock when the line above the results changes
from its placeholder to a count. The offline bundle is opened over file://, the web build from a
local http server (uncompressed, on loopback). `python -m bench.search_time SITE_DIR [QUERY…]` prints
the medians for a built offline bundle; `--web` for a web build.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import shutil
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

QUERIES = ("开窗通风", "晨午检")
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--disable-gpu"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:
        # A page closed mid-download (the run is over) is not an error of the site.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().copyfile(source, outputfile)


class _Compressed(_Quiet):
    """Files gzip-compressed when the client accepts it, as a web server would serve the site."""

    def send_head(self) -> object:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        data = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


@contextlib.contextmanager
def served(site: Path, compressed: bool = False) -> Iterator[str]:
    """The site on a loopback http server from a thread (gzip with `compressed`); yields its base URL."""
    handler = _Compressed if compressed else _Quiet
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _one_run(browser, url: str, query: str, timeout_s: float) -> float:
    """Seconds to the first result, or infinity when the search answers with no result."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        box = page.locator("input.md-search__input")
        box.click(timeout=timeout_s * 1000)
        placeholder = page.locator(".md-search-result__meta").inner_text()
        box.fill(query)
        page.wait_for_function("text => document.querySelector('.md-search-result__meta').innerText !== text",
                               arg=placeholder, timeout=timeout_s * 1000)
        seconds = time.perf_counter() - started
        return seconds if page.locator(".md-search-result__item").count() else float("inf")
    finally:
        context.close()


@contextlib.contextmanager
def _chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _medians(browser, url: str, queries: tuple[str, ...], runs: int, timeout_s: float) -> dict[str, float]:
    _one_run(browser, url, queries[0], timeout_s)  # warm the disk cache once
    return {query: round(statistics.median(_one_run(browser, url, query, timeout_s) for _ in range(runs)), 2)
            for query in queries}


def first_result_seconds(site: Path, queries: tuple[str, ...] = QUERIES, runs: int = 3,
                         timeout_s: float = 120) -> dict[str, float]:
    """Median seconds to the first result for each query, opening `site`/index.html over file://."""
    with _chromium() as browser:
        return _medians(browser, (site / "index.html").resolve().as_uri(), queries, runs, timeout_s)


def web_first_result_seconds(site: Path, queries: tuple[str, ...] = QUERIES, runs: int = 3,
                             timeout_s: float = 120) -> dict[str, float]:
    """Median seconds to the first result for each query, the web build served over http."""
    with served(site) as base, _chromium() as browser:
        return _medians(browser, base, queries, runs, timeout_s)


def search_bytes_before_query(site: Path, page_path: str = "checklists/schools/") -> int:
    """Bytes of search files (search/ and the search script) a web page fetches before any query."""
    with served(site) as base, _chromium() as browser:
        page = browser.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + page_path, wait_until="load")
        page.wait_for_timeout(500)  # anything the page would load after `load`
        paths = {unquote(urlsplit(url).path).lstrip("/") for url in requested if url.startswith(base)}
        page.close()
    return sum((site / p).stat().st_size for p in paths if "search" in p and (site / p).is_file())


if __name__ == "__main__":
    web = "--web" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--web"]
    folder = Path(args[0])
    queries = tuple(args[1:]) or QUERIES
    print(web_first_result_seconds(folder, queries) if web else first_result_seconds(folder, queries))
