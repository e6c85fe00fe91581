"""Page metadata handed to the theme as escaped plain text (kb.core.safety.theme_meta).

Material writes ``page.meta.title``, ``description``, ``author`` and ``subtitle`` into ``<title>``,
``<meta content="…">`` and the navigation without escaping, and falls back to
``page.title | striptags``, which decodes character references: a description or a title from data
would otherwise be live markup. Runs after each page is rendered, when the engine knows its title,
and before any template is filled in.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kb.core.safety import theme_meta


@event_priority(-100)  # after every other hook has read or set the page's metadata
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    page.meta = theme_meta(page.meta, page.title, page.is_homepage)
    return None
