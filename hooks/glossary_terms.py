"""Wrap glossary terms in page text so that hovering or tapping shows their definition."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kb.glossary import TermMarker

_marker: TermMarker | None = None


def on_files(files: Files, config: MkDocsConfig) -> None:
    global _marker
    _marker = TermMarker(config["kb"].terms)  # compiled once per build, used on every page


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if _marker is None or page.file.src_uri == "glossary.md":
        return None
    return _marker.annotate(html)
