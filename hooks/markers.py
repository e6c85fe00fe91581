"""Expand ``<!-- kb:name -->`` markers in hand-written pages."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kb.markers import MARKER, PageContext, expand
from kb.messages import SUMMARY
from kb.urls import Linker

log = logging.getLogger("mkdocs.hooks.markers")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if not MARKER.search(markdown):
        return None
    src = page.file.src_uri
    context = PageContext(src, Linker(src, config.use_directory_urls))
    result, problems = expand(markdown, config["kb"], context, f"docs/{src}")
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise Abort(SUMMARY["markers_aborted"].format(count=len(problems)))
    return result
