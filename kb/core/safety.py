"""Text from data on its way into HTML, Markdown and CSV: nothing in it may run or be read as markup.

- ``unsafe_markup`` finds what ``kb check`` refuses in data text: HTML tags and character references,
  links to script or data URLs, and Markdown's attribute-list syntax (``{: onclick=… }``). It looks at
  the text as a browser would act on it (``normalised``: references decoded, invisible and control
  characters removed), so ``java&#x61;script:`` or a zero-width space inside a word hides nothing.
- ``safe_url`` is the one rule for link targets, on the same normalised text.
- ``plain_meta`` is page metadata (title, description) as escaped plain text for the theme.
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
import unicodedata

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "code", "blockquote", "table", "thead", "tbody",
                "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?")
_ATTR_LIST = re.compile(r"\{\s*[:#.]|\{\s*[\w-]+\s*=")
# A character reference: what a browser or Jinja's striptags would turn back into markup characters.
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]{1,31};)")
# Link destinations in Markdown: inline `](…)`, and reference definitions `[x]: …` read as the rest of
# their line and the first word of the next. url_scheme drops white space, so a scheme split by a space,
# a tab or a line break (`java\nscript:`, `javascript\t:`) is still seen.
_DESTINATION = re.compile(r"\]\(\s*<?([^)>]*)|^\s{0,3}\[[^\]]+\]:\s*<?([^\n]*(?:\r?\n\s*\S*)?)", re.MULTILINE)
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_DECODE_ROUNDS = 4  # &amp;#106; and deeper: each round undoes one level of escaping


def _invisible(char: str) -> bool:
    """Control and format characters (zero-width spaces, joiners, direction marks, BOM): unseen, yet they
    split a word such as `javascript` for a check and are dropped again by the browser."""
    return unicodedata.category(char) in ("Cc", "Cf") and char not in "\n\t"


def normalised(text: str) -> str:
    """Text as the browser will act on it: character references decoded (to a fixed point), control and
    invisible characters removed. Every check below looks at this, never at the raw text."""
    for _ in range(_DECODE_ROUNDS):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return "".join(char for char in text if not _invisible(char))


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read from url (`java\nscript:`, `&#106;avascript:`, `javascript&colon;`
    all give `javascript`), or None for a relative address."""
    compact = "".join(normalised(url).split()).lower()
    match = _SCHEME.match(compact)
    return match.group(1) if match else None


def safe_url(url: str) -> bool:
    """Whether a link may point at url: relative, or one of URL_SCHEMES."""
    scheme = url_scheme(url)
    return scheme is None or scheme in URL_SCHEMES


def unsafe_markup(text: str) -> str | None:
    """A short Chinese description of the first construct in text that could become live markup.

    The one check for data text, used by `kb check` (the loader), `kb new` and `kb import`; the
    renderers escape and sanitise on their own (render_text, md_escape) whatever this lets through.
    """
    if _CHARACTER_REFERENCE.search(text):
        return f"HTML 字符引用 {_CHARACTER_REFERENCE.search(text).group(0)[:12]}"
    plain = normalised(text)
    tag = _TAG.search(plain)
    if tag:
        return f"HTML 标签 {tag.group(0)[:20]}"
    for match in _DESTINATION.finditer(plain):
        url = match.group(1) or match.group(2) or ""
        if not safe_url(url):
            return f"“{url_scheme(url)}:”开头的链接"
    if _ATTR_LIST.search(plain):
        return "Markdown 属性语法 {: … }"
    return None


def plain_meta(value: object) -> Markup:
    """A page's metadata text for the theme: tags removed, references decoded, white space folded, then
    escaped once, quotes included.

    Decoding first makes the result the same for text from front matter and for a title the engine
    took from a rendered heading (already escaped). The theme writes some of these fields raw (into
    attributes and <title>) and escapes others (`| e`): as Markup, the text is escaped exactly once in both.
    """
    return Markup(html.escape(" ".join(normalised(_TAG.sub("", str(value))).split()), quote=True))


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


# The page metadata Material writes into <title> and attributes without escaping (base.html,
# header.html, nav-item.html): each is handed to the theme as plain_meta text.
THEME_META = ("title", "description", "author", "subtitle")


def theme_meta(meta: dict, title: str | None, homepage: bool = False) -> dict:
    """A page's metadata as the theme should get it: every THEME_META field escaped plain text, and the
    title the engine found (front matter, navigation or first heading) set as ``title``, so that the
    theme never falls back to ``page.title | striptags``, which decodes references into markup.
    The home page keeps no title of its own (the theme then shows the site's name)."""
    safe = dict(meta)
    if title is not None and not homepage:
        safe["title"] = title
    for name in THEME_META:
        if isinstance(safe.get(name), str):
            safe[name] = plain_meta(safe[name])
    return safe
