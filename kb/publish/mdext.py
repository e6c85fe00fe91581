"""Python-Markdown extension: the knowledge base's markers and glossary tooltips, for any engine that
runs Python-Markdown (MkDocs, ProperDocs, and Zensical, which runs extensions but not MkDocs hooks).

- A preprocessor replaces ``<!-- kb:name -->`` lines with the rendered block (kb.publish.markers).
- A second preprocessor hands each finished HTML block of a generated page (between the lines
  kb.publish.render.RAW_OPEN and RAW_CLOSE) to Python-Markdown's store of raw HTML as it is, so that no
  HTML parser reads it; the ids in those blocks are collected in ``raw_anchor_ids`` for the adapter to
  tell the engine (MkDocs checks links to anchors against the ids it found itself).
- A postprocessor wraps the first occurrence of each glossary term in the HTML (kb.publish.glossary).

The engine adapter tells the extension which page is being converted (``set_page``), because links
from a marker block are relative to that page; problems (unknown or misplaced markers) are collected
in ``problems`` for the adapter to report.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from kb.core.model import KnowledgeBase
from kb.core.problems import Problem
from kb.infra.cache import TrackedStore
from kb.publish.glossary import TermMarker
from kb.publish.markers import MARKER, PageContext, expand
from kb.publish.render import RAW_CLOSE, RAW_OPEN
from kb.publish.urls import Linker


class KnowledgeExtension(Extension):
    """Expand markers and mark glossary terms; one instance serves a whole build."""

    def __init__(self, kb: KnowledgeBase, directory_urls: bool = True, skip_glossary: tuple[str, ...] = ("glossary.md",),
                 cache: TrackedStore | None = None):
        super().__init__()
        self.kb = kb
        self.cache = cache  # marker blocks kept between builds (kb.publish.markers.expand); the adapter saves it
        self.directory_urls = directory_urls
        self.skip_glossary = skip_glossary
        self.page_src = "index.md"
        self.problems: list[Problem] = []
        self.marker = TermMarker(kb.terms)
        self.raw_anchor_ids: set[str] = set()

    def set_page(self, src: str) -> None:
        self.page_src = src
        self.raw_anchor_ids = set()

    def extendMarkdown(self, md: Markdown) -> None:
        # Before every other preprocessor (normalize_whitespace is 30), so expanded blocks are parsed as usual.
        md.preprocessors.register(_MarkerPreprocessor(md, self), "kb_markers", 40)
        # After whitespace is normalised (30, which also removes the stash's placeholder characters) and
        # fenced code is stashed (25); before the engine's and Python-Markdown's HTML parsers (21, 20).
        md.preprocessors.register(_RawBlockPreprocessor(md, self), "kb_raw_blocks", 24)
        # After raw HTML is put back (raw_html is 30), so tooltips also reach generated tables.
        md.postprocessors.register(_GlossaryPostprocessor(md, self), "kb_glossary", 5)


class _Step:
    """A processor of the extension: it reads the page and collects problems and ids on the extension."""

    def __init__(self, md: Markdown, extension: KnowledgeExtension):
        super().__init__(md)
        self.extension = extension


class _MarkerPreprocessor(_Step, Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if not MARKER.search(text):
            return lines
        ext = self.extension
        page = PageContext(ext.page_src, Linker(ext.page_src, ext.directory_urls))
        expanded, problems = expand(text, ext.kb, page, f"docs/{ext.page_src}", ext.cache)
        ext.problems += problems
        return expanded.split("\n")


_RAW_BLOCK = re.compile(rf"^{re.escape(RAW_OPEN)}\n(.*?)\n{re.escape(RAW_CLOSE)}$", re.MULTILINE | re.DOTALL)
# Ids in the generated HTML: kb's templates write every attribute in double quotes.
_ID = re.compile(r'<[a-zA-Z][^<>]*?\s(?:id|name)="([^"]*)"')


class _RawBlockPreprocessor(_Step, Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if RAW_OPEN not in text:
            return lines

        def stash(match: re.Match) -> str:
            html = match.group(1)
            self.extension.raw_anchor_ids.update(_ID.findall(html))
            # A paragraph of its own holding only the placeholder: Python-Markdown puts the block back
            # in its place, without the paragraph.
            return f"\n{self.md.htmlStash.store(html)}\n"

        return _RAW_BLOCK.sub(stash, text).split("\n")


class _GlossaryPostprocessor(_Step, Postprocessor):
    def run(self, text: str) -> str:
        if self.extension.page_src in self.extension.skip_glossary:
            return text
        return self.extension.marker.annotate(text)
