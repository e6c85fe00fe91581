"""Rewrite the search index and fix the search worker (kb.publish.postbuild.rewrite_search; `kb search-index`).

Runs after the search plugin has written search/search_index.json and before the offline plugin
copies it into search_index.js, so both builds ship the same index.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from kb.publish.postbuild import rewrite_search

log = logging.getLogger("mkdocs.hooks.search_index")


@event_priority(-50)  # search writes at 0, offline reads at -100
def on_post_build(config: MkDocsConfig) -> None:
    for warning in rewrite_search(Path(config.site_dir), config["kb"], Path(config.config_file_path).parent):
        log.warning(warning)  # strict: the build fails, so an upgrade is checked by a person
