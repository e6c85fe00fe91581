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

from .model import Term

SKIP = {"a", "abbr", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6",
        "button", "label", "textarea", "select", "option", "svg", "title", "th", "dfn", "caption", "nav"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>|<!--.*?-->", re.DOTALL)
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}


class TermMarker:
    """Compiled once per build; ``annotate`` runs once per page."""

    def __init__(self, terms: list[Term], glossary_href: str = ""):
        self.by_word: dict[str, Term] = {}
        for term in terms:
            for word in (term.term, *term.aliases):
                self.by_word[word] = term
        words = sorted(self.by_word, key=len, reverse=True)  # longest first: 网格员 before 网格
        self.pattern = re.compile("|".join(map(re.escape, words))) if words else None

    def _wrap(self, word: str, term: Term) -> str:
        return (f'<dfn class="kb-term" tabindex="0" data-def="{html.escape(term.definition)}" '
                f'data-term="{html.escape(term.id)}">{word}</dfn>')

    def annotate(self, page_html: str, skip_ids: set[str] | None = None) -> str:
        if self.pattern is None:
            return page_html
        done: set[str] = set(skip_ids or ())
        out: list[str] = []
        skipping: list[str] = []
        pos = 0

        def mark_text(text: str) -> str:
            def sub(match: re.Match) -> str:
                word = match.group(0)
                term = self.by_word[word]
                if term.id in done:
                    return word
                done.add(term.id)
                return self._wrap(word, term)
            return self.pattern.sub(sub, text)

        for match in _TAG.finditer(page_html):
            text = page_html[pos:match.start()]
            out.append(mark_text(text) if not skipping and text.strip() else text)
            out.append(match.group(0))
            pos = match.end()
            if match.group(2) is None:
                continue  # comment
            name = match.group(2).lower()
            closing, self_closing = match.group(1) == "/", match.group(3) == "/"
            if name in VOID or self_closing:
                continue
            if closing:
                if skipping and skipping[-1] == name:
                    skipping.pop()
            elif name in SKIP:
                skipping.append(name)
        tail = page_html[pos:]
        out.append(mark_text(tail) if not skipping else tail)
        return "".join(out)
