"""Options for the offline search index at 100x: what each costs in size and in time to the first result.

`python -m bench.index_options SITE_DIR [QUERY]` takes a built offline site (after `make bench`:
bench/work/scale-100/site-offline), derives each option's index from the shipped one, puts it in the
site, measures its size and the time from opening the home page over file:// to the first result in
chromium (median of 3 runs), and puts the shipped index back. README's search section quotes the table.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from kb.publish.search import HISTORICAL_BOOST, JOINER

from .search_time import first_result_seconds

MEASURE = re.compile(r"#[A-Z]{3}-\d+$")
PREVIEW_CHARS = 60


def _is_measure(doc: dict) -> bool:
    return bool(MEASURE.search(doc["location"]))


def _docs(index: dict, change: Callable[[dict], dict | None]) -> dict:
    docs = [changed for doc in index["docs"] if (changed := change(dict(doc))) is not None]
    return {**index, "docs": docs}


def historical_titles_only(index: dict) -> dict:
    """Historical measures (2020 practice) keep their title; their detail is on the page only."""
    def change(doc: dict) -> dict:
        if _is_measure(doc) and doc.get("boost") == HISTORICAL_BOOST:
            doc["text"] = ""
        return doc
    return _docs(index, change)


def spaces_between_words(index: dict) -> dict:
    """Words joined by a space (one byte) instead of U+034F (two): previews show the spaces."""
    def change(doc: dict) -> dict:
        doc["title"], doc["text"] = doc["title"].replace(JOINER, " "), doc["text"].replace(JOINER, " ")
        return doc
    return _docs(index, change)


def stop_words_dropped(index: dict) -> dict:
    """lunr's Chinese stop-word filter in the browser: 的、和、在 … are not indexed (same file size)."""
    config = {**index["config"], "pipeline": [*index["config"]["pipeline"], "stopWordFilter"]}
    return {**index, "config": config}


def shorter_previews(index: dict) -> dict:
    """Every document's text cut to its first characters: smaller, but words after the cut are not found."""
    def change(doc: dict) -> dict:
        doc["text"] = doc["text"][:PREVIEW_CHARS * 2]  # joiners count: about PREVIEW_CHARS characters
        return doc
    return _docs(index, change)


def historical_left_out(index: dict) -> dict:
    """Historical measures have no search document at all: the checklist page's outline still lists the section."""
    return _docs(index, lambda doc: None if _is_measure(doc) and doc.get("boost") == HISTORICAL_BOOST else doc)


OPTIONS: dict[str, Callable[[dict], dict]] = {
    "shipped: everything visible, each text at its home": lambda index: index,
    "historical measures: title only": historical_titles_only,
    "words joined by spaces": spaces_between_words,
    "stop words dropped in the browser": stop_words_dropped,
    f"previews of {PREVIEW_CHARS} characters (loses words)": shorter_previews,
    "historical measures: title only, and stop words dropped": lambda index: stop_words_dropped(historical_titles_only(index)),
    "historical measures left out": historical_left_out,
}


def script(index: dict) -> str:
    """search_index.js as the offline plugin writes it."""
    return "var __index = " + json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def measure(site: Path, queries: tuple[str, ...], only: str = "") -> list[dict]:
    target = site / "search" / "search_index.js"
    shipped = target.read_text(encoding="utf-8")
    index = json.loads(shipped.split("=", 1)[1])
    rows = []
    try:
        for name, option in OPTIONS.items():
            if only not in name:
                continue
            text = script(option(index))
            target.write_text(text, encoding="utf-8")
            times = first_result_seconds(site, queries)
            rows.append({"option": name, "bytes": len(text.encode("utf-8")), "first_result_s": max(times.values())})
            print(f"{name}: {rows[-1]['bytes'] / 1e6:.2f} MB, {rows[-1]['first_result_s']} s", file=sys.stderr, flush=True)
    finally:
        target.write_text(shipped, encoding="utf-8")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.index_options", description=__doc__)
    parser.add_argument("site", type=Path, help="a built offline site")
    parser.add_argument("queries", nargs="*", default=["开窗通风"])
    parser.add_argument("--only", default="", help="measure only the options whose name contains this")
    args = parser.parse_args()
    rows = measure(args.site, tuple(args.queries), args.only)
    print("| option | index | first result s |\n|---|---|---|")
    for row in rows:
        print(f"| {row['option']} | {row['bytes'] / 1e6:.2f} MB | {row['first_result_s']} |")


if __name__ == "__main__":
    main()
