"""Rewrite the search index: one document per measure, boosts for staff pages, UTF-8 (kb.search).

Runs after the search plugin has written search/search_index.json and before the offline plugin
copies it into search_index.js, so both builds ship the same index. UTF-8 instead of Material's
\\uXXXX escapes halves the file. Also fixes the search worker's query segmentation (last word of a
Chinese query never looked up; kb.search.fix_query_segmenter).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from kb.search import build_index, fix_query_segmenter

log = logging.getLogger("mkdocs.hooks.search_index")


@event_priority(-50)  # search writes at 0, offline reads at -100
def on_post_build(config: MkDocsConfig) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        data = build_index(json.loads(index.read_text(encoding="utf-8")), config["kb"], config.use_directory_urls)
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for worker in (Path(config.site_dir) / "assets/javascripts/workers").glob("search.*.min.js"):
        try:
            worker.write_text(fix_query_segmenter(worker.read_text(encoding="utf-8")), encoding="utf-8")
        except ValueError as err:
            log.warning(str(err))  # strict: the build fails, so an upgrade is checked by a person
