"""Build the site's search index from its built pages (kb.publish.postbuild.search_index; `kb search-index`).

Runs once the pages are written. The offline build (no directory URLs: mkdocs-offline.yml) also gets
every index file as a classic script, for file://.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from kb.publish.postbuild import search_index


@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    search_index(Path(config.site_dir), config["kb"], Path(config.config_file_path).parent, offline=not config.use_directory_urls)
