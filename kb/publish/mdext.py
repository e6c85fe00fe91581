"""Python-Markdown extension: the knowledge base's markers and glossary tooltips, for any engine that
runs Python-Markdown (MkDocs, ProperDocs, and Zensical, which runs extensions but not MkDocs hooks).

- A preprocessor replaces ``<!-- kb:name -->`` lines with the rendered block (kb.publish.markers).
- A postprocessor wraps the first occurrence of each glossary term in the HTML (kb.publish.glossary).

The engine adapter tells the extension which page is being converted (``set_page``), because links
from a marker block are relative to that page; problems (unknown or misplaced markers) are collected
in ``problems`` for the adapter to report.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from kb.core.model import KnowledgeBase
from kb.core.problems import Problem
from kb.infra.cache import TrackedStore
from kb.publish.glossary import TermMarker
from kb.publish.markers import MARKER, PageContext, expand
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

    def set_page(self, src: str) -> None:
        self.page_src = src

    def extendMarkdown(self, md: Markdown) -> None:
        # Before every other preprocessor (normalize_whitespace is 30), so expanded blocks are parsed as usual.
        md.preprocessors.register(_MarkerPreprocessor(md, self), "kb_markers", 40)
        # After raw HTML is put back (raw_html is 30), so tooltips also reach generated tables.
        md.postprocessors.register(_GlossaryPostprocessor(md, self), "kb_glossary", 5)


class _MarkerPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: KnowledgeExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if not MARKER.search(text):
            return lines
        ext = self.extension
        page = PageContext(ext.page_src, Linker(ext.page_src, ext.directory_urls))
        expanded, problems = expand(text, ext.kb, page, f"docs/{ext.page_src}", ext.cache)
        ext.problems += problems
        return expanded.split("\n")


class _GlossaryPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, extension: KnowledgeExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        if self.extension.page_src in self.extension.skip_glossary:
            return text
        return self.extension.marker.annotate(text)
