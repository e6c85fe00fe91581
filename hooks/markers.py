"""Run the knowledge base's Markdown extension (markers and glossary tooltips, kb.publish.mdext) on every page.

The extension does the work; this adapter registers it, tells it which page is being converted, and
stops the build when a page has a bad marker.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kb.core.messages import SUMMARY
from kb.infra.cache import TrackedStore
from kb.publish.mdext import KnowledgeExtension
from kb.publish.urls import url_style

log = logging.getLogger("mkdocs.hooks.markers")
_extension: KnowledgeExtension | None = None


# After hooks/knowledge.py has loaded the data (90) and after the offline plugin (0) has turned directory
# URLs off: links in marker blocks are written for the URL style the site really has.
@event_priority(-10)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _extension
    # Marker blocks are reused from the last build with the same data and URL style (.cache/ beside
    # mkdocs.yml, kb.infra.cache): one store per style, as `make site` builds both in turn.
    style = url_style(config.use_directory_urls)
    _extension = KnowledgeExtension(config["kb"], directory_urls=config.use_directory_urls,
                                    cache=TrackedStore(Path(config.config_file_path).parent, f"markers-{style}"))
    config.markdown_extensions.append(_extension)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    _extension.set_page(page.file.src_uri)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    # The engine finds the ids of raw HTML with its own parser, which never sees the generated blocks
    # the extension hands over unparsed: it is told of their ids, so links to them are checked as before.
    page.present_anchor_ids = getattr(page, "present_anchor_ids", set()) | _extension.raw_anchor_ids
    if _extension.problems:
        for problem in _extension.problems:
            log.error(str(problem))
        raise Abort(SUMMARY["markers_aborted"].format(count=len(_extension.problems)))


def on_post_build(config: MkDocsConfig) -> None:
    if _extension is not None and _extension.cache is not None:
        _extension.cache.save()
