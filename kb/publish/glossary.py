"""Mark glossary terms in rendered HTML so that hover, focus or tap shows the definition.

Python-Markdown's ``abbr`` matches on word boundaries and never fires inside Chinese
text, so terms are found here in the HTML text between tags. The first occurrence of each
term on a page is wrapped; headings, links, code, tables' headers and existing markup are
left alone. The definition sits in ``data-def`` and CSS shows it on :hover and :focus (the
element takes focus, so a tap shows it too); no script is needed, and the page text that
search indexes is unchanged.
"""

from __future__ import annotations

import html
import re

from kb.core.model import Term

SKIP = ("a", "abbr", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6",
        "button", "label", "textarea", "select", "option", "svg", "title", "th", "dfn", "caption", "nav")
# Whole elements whose text is left alone, found in one pass (C speed), not tag by tag.
_SKIP_SPAN = re.compile(rf"<({'|'.join(SKIP)})\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


class TermMarker:
    """Compiled once per build; ``annotate`` runs once per page."""

    def __init__(self, terms: list[Term]):
        self.by_word: dict[str, Term] = {}
        for term in terms:
            for word in (term.term, *term.aliases):
                self.by_word[word] = term
        self.total = len({t.id for t in self.by_word.values()})
        words = sorted(self.by_word, key=len, reverse=True)  # longest first: 网格员 before 网格
        self.pattern = re.compile("|".join(map(re.escape, words))) if words else None

    def _wrap(self, word: str, term: Term) -> str:
        return (f'<dfn class="kb-term" tabindex="0" data-def="{html.escape(term.definition)}" '
                f'data-term="{html.escape(term.id)}">{word}</dfn>')

    def annotate(self, page_html: str) -> str:
        """Wrap the first occurrence of each term that stands in text outside the skipped elements."""
        if self.pattern is None:
            return page_html
        # Skipped elements are found as the scan for terms reaches them, not all at first: the scan
        # stops once every term is marked, usually long before the end of a large page.
        spans = _SKIP_SPAN.finditer(page_html)
        span = next(spans, None)
        done: set[str] = set()
        out: list[str] = []
        pos = 0
        for match in self.pattern.finditer(page_html):
            term = self.by_word[match.group(0)]
            if term.id in done:
                continue
            at = match.start()
            while span is not None and span.end() <= at:  # spans from finditer are disjoint and in order
                span = next(spans, None)
            if span is not None and span.start() <= at:
                continue  # inside a heading, link, code, script, table header …
            if page_html.rfind("<", 0, at) > page_html.rfind(">", 0, at):
                continue  # inside a tag: an attribute value
            done.add(term.id)
            out.append(page_html[pos:at])
            out.append(self._wrap(match.group(0), term))
            pos = match.end()
            if len(done) == self.total:
                break
        out.append(page_html[pos:])
        return "".join(out)
