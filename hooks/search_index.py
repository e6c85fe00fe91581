"""Rewrite the search index as UTF-8 instead of \\uXXXX escapes: the same data at half the size.

Material writes search/search_index.json with json's default ASCII escapes, six bytes for every
Chinese character. This runs after the search plugin has written the file and before the offline
plugin copies it into search_index.js, so both builds ship the smaller file.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority


@event_priority(-50)  # search writes at 0, offline reads at -100
def on_post_build(config: MkDocsConfig) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
