"""The search index staff use: every visible word findable, staff pages first, Chinese words whole.

The index is built from the built pages (any engine's output) by `kb search-index` (kb.publish.postbuild)
with Pagefind. This module turns one built page into the document Pagefind indexes
(:func:`index_document`):

- the page's article, less what is marked ``data-search-exclude`` (Pagefind's exclude selector);
- for a checklist page, one section per measure, headed by the measure's title with the row's id, so
  each measure is its own sub-result opening at its row ``checklists/<sector>/#<ID>``. Its text is
  built from the knowledge base (detail, records, responsible party and role, frequency, status,
  situation, diseases); for a historical measure (2020 practice) the title and status only. The
  checklist table, and the plans, sources and disease pages that repeat measures, are marked
  ``data-search-exclude``: a measure's text has one home, its own section. The sections are indexed
  in parts of PART_SIZE measures, each a document of its own at ``<page>?part=<n>``
  (:func:`checklist_parts`, :func:`part_document`): a result loads only its part, where a whole
  checklist page at 100x was a fragment of megabytes to unpack before the first result could show;
  the browser shows the parts of one page as that page;
- the words of each report's table of figures, in the section of that table;
- a boost per page kind (Pagefind weights on the page's text and headings), so guidance,
  checklists and disease pages rank above editors' pages;
- Chinese text segmented here, with jieba and the dictionary generated from the knowledge base, and
  words separated by spaces: the index holds exactly these words (Pagefind indexes the document as
  an unsegmented language), and the browser splits a query into the same words (:func:`vocabulary`).

It also writes the jieba user dictionary from the knowledge base (:func:`dictionary_lines`), so a new
glossary term or sector is a search word without anyone editing a list.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from html import escape
from pathlib import Path

from kb.core.checklist import pages as checklist_pages
from kb.core.model import KnowledgeBase, Measure, Report
from kb.infra.cache import TrackedStore
from kb.publish.render import checklist_src, report_src
from kb.publish.urls import page_url

ZWSP = "\u200b"
# Where the browser splits a query and Pagefind splits indexed text: spaces and Chinese punctuation.
PUNCTUATION = "、。，．？！；：（）“”‘’《》〈〉【】…·"
SEPARATOR = r"[\s\u200b\u3000\-" + PUNCTUATION + r"]+"
_SPLITS = re.compile(SEPARATOR)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Ranking: a document's boost by the page it belongs to (first matching prefix of the location).
# Staff look for guidance, checklists, disease and source pages and reports; editors' pages and the
# changelog are for the editorial team and rank last. Only the few pages that rank lower carry a
# boost (a Pagefind weight on all their words, index_document).
BOOSTS: tuple[tuple[str, float], ...] = (
    ("editors/", 0.1),
    ("changelog", 0.1),
    ("about", 0.3),
)
HISTORICAL, HISTORICAL_BOOST = "historical", 0.3  # measures no longer recommended rank below current ones
DICTIONARY_FREQ = 2000  # high enough that jieba keeps the word whole in running text
SEARCH_WORDS = Path("data") / "search_words.txt"  # the editors' extra words, under the project's root
PART, PART_SIZE = "part", 25  # a checklist's measures are indexed 25 to a document at <page>?part=<n>


# -- the jieba user dictionary ---------------------------------------------------------------------

def han_words(text: str, min_len: int = 2) -> list[str]:
    """The runs of Chinese characters in `text` that can be dictionary words ("84 消毒液" -> 消毒液)."""
    return [run for run in _HAN.findall(text) if len(run) >= min_len]


@lru_cache(maxsize=1)
def _jieba_dictionary() -> tuple[dict[str, int], int]:
    """jieba's own dictionary (word frequencies and their total), read from its cache file once per
    process (half a second) and never changed: every tokenizer here starts from a copy of it, so what
    else the process does with jieba's default tokenizer changes no page's words."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer.FREQ, tokenizer.total


def _tokenizer():
    """A tokenizer with jieba's own dictionary, to add words to."""
    import jieba

    freq, total = _jieba_dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(freq), total, True
    return tokenizer


def _known_to_jieba(word: str) -> bool:
    return _jieba_dictionary()[0].get(word, 0) > 0


def title_words(titles: Iterable[str], known: Iterable[str] = ()) -> list[str]:
    """Multi-character words of measure titles that jieba's own dictionary lacks (活禽, 错峰, 专班).

    jieba finds such words only by guessing (HMM) and guesses differently in other sentences; listing
    them keeps them whole everywhere, so a title word typed into the search box meets the same token.
    """
    # Segment as the build will, with the other dictionary words already known.
    tokenizer = _tokenizer()
    known = set(known)
    for word in known:
        tokenizer.add_word(word, DICTIONARY_FREQ)
    words: dict[str, None] = {}
    for title in titles:
        for word in tokenizer.cut(title):
            if len(word) >= 2 and _HAN.fullmatch(word) and word not in known and not _known_to_jieba(word):
                words[word] = None
    return list(words)


def _extra_lines(text: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            word, *rest = line.split()
            yield word, " ".join(rest)


def extra_words(root: Path | None) -> str:
    """The editable extra word list of the project at `root` (SEARCH_WORDS), or nothing."""
    path = root / SEARCH_WORDS if root is not None else None
    return path.read_text(encoding="utf-8") if path is not None and path.is_file() else ""


def kept_dictionary_lines(kb: KnowledgeBase, root: Path | None) -> list[str]:
    """dictionary_lines with the project's extra list, reused from the last build of the project at
    `root` while what it reads of the data, the extra list and the code are unchanged (kb.infra.cache.TrackedStore):
    segmenting every measure title is most of its cost."""
    extra = extra_words(root)
    store = TrackedStore(root, "dictionary", (extra,))
    lines = store.get("dictionary", kb, lambda kb: dictionary_lines(kb, extra))
    store.save()
    return lines


def dictionary_lines(kb: KnowledgeBase, extra: str = "") -> list[str]:
    """The jieba user dictionary (``word freq tag`` lines) generated from the knowledge base.

    Words come from glossary terms and aliases, sector names, disease names (when the knowledge base
    has them), the editable extra list (`extra`, data/search_words.txt) and the measure titles' words
    that jieba's own dictionary lacks. Each word appears once; lines of the extra list keep their own
    frequency and tag.
    """
    entries: dict[str, str] = {}

    def add(word: str, rest: str = "") -> None:
        if word not in entries:
            entries[word] = rest or f"{DICTIONARY_FREQ} n"

    for term in kb.terms:
        for name in (term.term, *term.aliases):
            for word in han_words(name):
                add(word)
    for sector in kb.sectors:
        for word in han_words(sector.name):
            add(word)
    for disease in getattr(kb, "diseases", None) or ():
        for name in (getattr(disease, "name", ""), *getattr(disease, "aliases", ())):
            for word in han_words(name):
                add(word)
    for word, rest in _extra_lines(extra):
        add(word, rest)
    titles = (m.title for m in kb.measure_by_id.values())
    for word in title_words(titles, known=list(entries)):
        add(word)
    return [f"{word} {rest}" for word, rest in entries.items()]


def write_dictionary(lines: list[str], folder: Path | None = None) -> Path:
    """Write the dictionary to a cache file named by its content (never into data/) and return it."""
    text = "\n".join(lines) + "\n"
    folder = folder or Path(tempfile.gettempdir()) / "epi-guide-kb-search"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"words-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.txt"
    if not path.is_file():
        tmp = path.with_suffix(f".{hashlib.sha256(str(id(lines)).encode()).hexdigest()[:8]}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


# -- segmentation as Material does it --------------------------------------------------------------

_SEGMENTER: list = []  # the tokenizer use_dictionary asked for, made when first needed; jieba's own until then
_PENDING: list = []  # the dictionary lines of that tokenizer, until it is made


def _segmenter():
    import jieba

    if _PENDING:
        tokenizer = _tokenizer()
        for line in _PENDING.pop():
            word, freq, *tag = line.split()
            tokenizer.add_word(word, int(freq), tag[0] if tag else None)
        _SEGMENTER[:] = [tokenizer]
    return _SEGMENTER[0] if _SEGMENTER else jieba.dt


@lru_cache(maxsize=65536)
def _cut(run: str) -> str:
    return ZWSP + ZWSP.join(_segmenter().cut(run)) + ZWSP


def segment(text: str) -> str:
    """Join the words of every run of Chinese text with U+200B, as Material's search plugin does.

    Runs are cached: responsible roles, frequencies and record names recur across measures. (The
    benchmark's synthetic copies repeat whole details too, which flatters its 100x timing; README.)
    """
    return _HAN.sub(lambda m: _cut(m.group(0)), text).strip(ZWSP)


def use_dictionary(lines: Iterable[str]) -> None:
    """Segment pages from now on with jieba's own dictionary plus the generated one (``word freq tag``
    lines), in a tokenizer of its own: whatever else the process did with jieba, the same pages give
    the same words (the offline zip is byte-identical for the same commit). The tokenizer is made
    when the first text is segmented: a build whose pages are all known from the cache needs none."""
    _PENDING[:] = [list(lines)]
    _SEGMENTER.clear()
    _cut.cache_clear()


def spaced(text: str) -> str:
    """Chinese runs of `text` (no markup) segmented, words separated by spaces: what the index holds."""
    return segment(text).replace(ZWSP, " ")


def tokens(text: str) -> list[str]:
    """The tokens the browser makes of an indexed field (markup removed, split at the separator)."""
    return [t.lower() for t in _SPLITS.split(re.sub(r"<[^>]+>", " ", text)) if t]


# -- per-measure documents -------------------------------------------------------------------------

def measure_parts(kb: KnowledgeBase, measure: Measure) -> list[str]:
    """The visible text of a measure's row besides its title, in reading order.

    Built from the knowledge base, not from the page: a new field of the measure is one more line.
    Column labels (留存记录、责任方) are left out: they are the same on every row. Citations of
    reports (and of registered sources) are indexed at home, on their own pages; only documents
    cited by name, with no page of their own, are indexed here.
    """
    vocabulary = kb.vocabulary
    situation = vocabulary.label("triggers", measure.trigger) + "时" if measure.trigger else ""
    diseases = "、".join(kb.disease_by_code[d].name for d in measure.diseases if d in kb.disease_by_code)
    # The basis is not repeated here: each document is indexed at its home, its entry on the sources
    # page.
    return [measure.detail, "、".join(measure.records), f"{measure.party} {measure.role}", measure.frequency,
            vocabulary.label("statuses", measure.status), situation, diseases]




def measure_section(kb: KnowledgeBase, measure: Measure) -> str:
    """A measure's own section of its checklist page's document: a heading with the row's id (Pagefind
    makes it a sub-result at ``#<ID>``; a heading weighs more than text) and its text as one line."""
    text = "；".join(part.rstrip("。；") for part in measure_parts(kb, measure) if part)
    weight = f' data-pagefind-weight="{HISTORICAL_BOOST}"' if measure.status == HISTORICAL else ""
    return (f'<section{weight}><h2 id="{escape(measure.id)}">{spaced(escape(measure.title, quote=False))}</h2>'
            f"<p>{spaced(escape(text, quote=False))}</p></section>")


def report_figures(kb: KnowledgeBase, report: Report) -> str:
    """The words of a report's table of figures (indicator, value, unit, note), one line.

    The table is marked ``data-search-exclude`` for its markup and boilerplate caption; its words go
    into the section it belongs to (``#statistics``).
    """
    return "；".join(" ".join(part for part in (kb.indicator_by_code[s.indicator].name, s.display + s.unit, s.qualifier)
                              if part) for s in report.statistics)


def boost_for(location: str) -> float | None:
    for prefix, boost in BOOSTS:
        if location.startswith(prefix):
            return boost
    return None


# -- the documents Pagefind indexes, from the built pages --------------------------------------------

ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.DOTALL)
_MARKUP = re.compile(r"(<[^>]*>)")
_STATISTICS = re.compile(r'(<h2 id="statistics"[^>]*>.*?</h2>)', re.DOTALL)
_HEADING_TAG = re.compile(r"<h([1-6])(?=[\s>])")
# Pagefind's own weight of a heading's words (text weighs 1); a boosted page scales them too.
HEADING_WEIGHTS = {"1": 7, "2": 6, "3": 5, "4": 4, "5": 3, "6": 2}
_EXCLUDED = re.compile(r"<(\w+)\b[^>]*\sdata-search-exclude\b[^>]*>")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
# The language Pagefind files the index under. Pagefind would segment Chinese itself with its own
# dictionary; as a language without segmentation it keeps the words segmented here (with the
# knowledge base's dictionary) as they are, and the browser splits queries into the same words.
INDEX_LANGUAGE = "en"


def spaced_html(html: str) -> str:
    """`html` with the Chinese of its text (not its tags) segmented, words separated by spaces."""
    return "".join(part if part.startswith("<") else spaced(part) for part in _MARKUP.split(html))


def without_excluded(html: str) -> str:
    """`html` less every element marked ``data-search-exclude`` (with all it holds) and the theme's
    heading permalinks (¶). Elements of the same name nested inside are counted, not parsed."""
    html = _PERMALINK.sub("", html)
    kept_parts: list[str] = []
    position = 0
    while (start := _EXCLUDED.search(html, position)) is not None:
        kept_parts.append(html[position:start.start()])
        name = start.group(1)
        tags = re.compile(rf"<(/?){name}\b[^>]*>")
        depth, end = 1, start.end()
        for tag in tags.finditer(html, start.end()):
            depth += -1 if tag.group(1) else (0 if tag.group(0).endswith("/>") else 1)
            if depth == 0:
                end = tag.end()
                break
        else:
            end = len(html)
        position = end
    kept_parts.append(html[position:])
    return "".join(kept_parts)


def part_url(url: str, number: int) -> str:
    """The URL of part `number` (from 1) of the measures of the checklist page at `url`."""
    return f"{url}?{PART}={number}"


def page_of(url: str) -> str:
    """The page a result's URL belongs to: a part's page (``checklists/schools/?part=2#SCH-051`` ->
    ``checklists/schools/#SCH-051``), any other URL as it is. docs/assets/search.js does the same."""
    path, hash_, anchor = url.partition("#")
    return re.sub(rf"\?{PART}=\d+$", "", path) + hash_ + anchor


def checklist_parts(kb: KnowledgeBase, directory_urls: bool,
                    section: Callable[[KnowledgeBase, Measure], str] = measure_section) -> dict[str, list[str]]:
    """Each checklist page's measures' sections (`section`: :func:`measure_section` or a cached one),
    PART_SIZE to a part, by the page's URL; a checklist with no measures has no part."""
    parts: dict[str, list[str]] = {}
    for code in kb.checklists:
        for page in checklist_pages(kb, code):  # a long checklist's pages (kb.core.checklist.pages)
            sections = [section(kb, m) for m in page.measures]
            parts[page_url(checklist_src(code, page.number), directory_urls)] = [
                "".join(sections[start:start + PART_SIZE]) for start in range(0, len(sections), PART_SIZE)]
    return parts


def part_document(title: str, sections: str) -> str:
    """The document Pagefind indexes for one part of a checklist's measures: its sections under the
    page's title (a meta title, so its words are not indexed again with every part)."""
    meta = escape(f"title:{title}")
    return (f'<html lang="{INDEX_LANGUAGE}"><body><main data-pagefind-body data-pagefind-meta="{meta}">'
            f"{sections}</main></body></html>")


_FIRST_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)


def document_title(document: str) -> str:
    """The title Pagefind gives an index document: the text of its first <h1> (empty without one)."""
    found = _FIRST_H1.search(document)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


def page_extras(kb: KnowledgeBase, directory_urls: bool) -> dict[str, str]:
    """What a page's article gets beside its own text, by the page's URL: a report page the words of
    its figures, placed in the section of the table (a checklist's measures are documents of their
    own, :func:`checklist_parts`). Unsegmented: :func:`index_document` segments them."""
    return {page_url(report_src(report.id), directory_urls): f"<p>{escape(report_figures(kb, report), quote=False)}</p>"
            for report in kb.reports if report.statistics}


def index_document(html: str, url: str, extras: dict[str, str]) -> str | None:
    """The document Pagefind indexes for the built page `html` at `url` (relative to the site), or
    None for a page without an article. Title: the article's first heading."""
    found = ARTICLE.search(html)
    if found is None:
        return None
    article = spaced_html(without_excluded(found.group(1)))
    if url in extras:
        words = spaced_html(extras[url])
        article = _STATISTICS.sub(lambda m: m.group(1) + words, article, count=1)
    boost = boost_for(url)
    weight = ""
    if boost is not None:  # the page's words and headings all weigh less (Pagefind scores them so)
        weight = f' data-pagefind-weight="{boost}"'
        article = _HEADING_TAG.sub(lambda m: f'{m.group(0)} data-pagefind-weight="{HEADING_WEIGHTS[m.group(1)] * boost:g}"',
                                   article)
    return f'<html lang="{INDEX_LANGUAGE}"><body><main data-pagefind-body{weight}>{article}</main></body></html>'


def document_words(document: str) -> list[str]:
    """The words of an index document as the index holds them (markup dropped, lower case)."""
    return tokens(document)


def vocabulary(words: Iterable[str]) -> list[str]:
    """The Chinese words of the index of two or more characters, sorted: the browser splits a query
    into these (docs/assets/search.js), as the index was split."""
    return sorted({w for w in words if len(w) >= 2 and _HAN.fullmatch(w)})


_SECTION_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"')


def document_sections(document: str, url: str) -> dict[str, list[str]]:
    """The words of an index document by the result they lead to, as Pagefind's sub-results do: the
    text before the first heading with an id at `url`, each later part at ``url#id``."""
    sections: dict[str, list[str]] = {}
    location, position = url, 0
    for heading in _SECTION_HEADING.finditer(document):
        sections.setdefault(location, []).extend(tokens(document[position:heading.start()]))
        location, position = f"{url}#{heading.group(2)}", heading.start()
    sections.setdefault(location, []).extend(tokens(document[position:]))
    return sections
