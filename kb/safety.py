"""Text from data on its way into HTML, Markdown and CSV: nothing in it may run or be read as markup.

- ``unsafe_markup`` finds what ``kb check`` refuses in data text: HTML tags, links to script or
  data URLs, and Markdown's attribute-list syntax (``{: onclick=… }``).
- ``render_text`` turns a data text written in plain Markdown (paragraphs, lists, emphasis, links)
  into HTML with raw HTML escaped and attribute lists unavailable, then passes the result through
  an allow-list sanitiser (nh3, the Ammonia library): only the tags, attributes and URL schemes
  listed here survive.
- ``md_escape`` makes a data text safe to place inside Markdown (headings, list items, tables).
- ``csv_cell`` is the one rule against spreadsheet formulas; the checklist script gets the same
  characters from the page's data, so Python and JS exports agree.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "code", "blockquote", "table", "thead", "tbody",
                "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?")
_BAD_LINK = re.compile(r"\]\(\s*<?\s*(?!https?:|mailto:|#|\.{0,2}/|[\w./-]+(?:\.md|/)?(?:#[\w-]*)?\s*\))([a-zA-Z][\w+.-]*)\s*:", re.IGNORECASE)
_ATTR_LIST = re.compile(r"\{\s*[:#.]|\{\s*[\w-]+\s*=")


def unsafe_markup(text: str) -> str | None:
    """A short Chinese description of the first construct in text that could become live markup."""
    tag = _TAG.search(text)
    if tag:
        return f"HTML 标签 {tag.group(0)[:20]}"
    link = _BAD_LINK.search(text)
    if link:
        return f"“{link.group(1)}:”开头的链接"
    if _ATTR_LIST.search(text):
        return "Markdown 属性语法 {: … }"
    return None


def sanitize_html(fragment: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; everything else is dropped or escaped."""
    return nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer")


# Only block and inline basics: no attr_list, no md_in_html, no raw HTML (escaped before parsing).
_MARKDOWN = markdown.Markdown(extensions=["sane_lists"], output_format="html")


def render_text(text: str) -> str:
    """Data text (plain Markdown) as sanitised HTML."""
    _MARKDOWN.reset()
    escaped = html.escape(text, quote=False)
    return sanitize_html(_MARKDOWN.convert(escaped))


# Python-Markdown's backslash-escapable characters (its ESCAPED_CHARS, plus | from the tables extension):
# escaping exactly these keeps every syntax character literal and leaves no stray backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_escape(text: str) -> str:
    """A data text for a place in Markdown: HTML-escaped, every syntax character backslash-escaped,
    and line breaks folded, so a title cannot start a list, a link or new page settings."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=True))


# A cell that starts with one of these is read as a formula by spreadsheet programs.
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """Neutralise a formula-leading text cell with the usual leading apostrophe; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_PREFIXES):
        return "'" + value
    return value
