"""Rewrite the search index: one document per measure, boosts for staff pages, UTF-8 (kb.search).

Runs after the search plugin has written search/search_index.json and before the offline plugin
copies it into search_index.js, so both builds ship the same index. UTF-8 instead of Material's
\\uXXXX escapes halves the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from kb.search import build_index


@event_priority(-50)  # search writes at 0, offline reads at -100
def on_post_build(config: MkDocsConfig) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        data = build_index(json.loads(index.read_text(encoding="utf-8")), config["kb"], config.use_directory_urls)
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
