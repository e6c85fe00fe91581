"""The search index staff use: every visible word findable, staff pages first, Chinese words whole.

Material's search plugin indexes the rendered pages (segmented with jieba, words joined by U+200B).
This module takes that index as a dict and the knowledge base, and returns the index the site ships:

- the words of each report's table of figures, in the search document of that section;
- one search document per checklist measure, built from the knowledge base (title, detail, records,
  responsible party and role, frequency, status, situation, diseases), located at its row
  ``checklists/<sector>/#<ID>``; for a historical measure (2020 practice) the title and status only.
  The checklist table, and the plans, sources and disease pages that repeat measures, are marked
  ``data-search-exclude``: a measure's text has one home, its own document;
- a boost per page kind, so guidance, checklists and disease pages rank above editors' pages;
- a separator that also splits at Chinese punctuation, so the U+200B next to punctuation, spaces and
  markup can go, and words joined by the two-byte U+034F instead: the same tokens in a smaller file.

It also writes the jieba user dictionary from the knowledge base (:func:`dictionary_lines`), so a new
glossary term or sector is a search word without anyone editing a list.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html import escape
from pathlib import Path

from kb.core.messages import BUILD
from kb.core.model import KnowledgeBase, Measure, Report
from kb.infra.cache import kept
from kb.publish.render import checklist_src, report_src
from kb.publish.urls import page_url, url_style

ZWSP = "\u200b"
# What the shipped index joins words with: U+034F COMBINING GRAPHEME JOINER, invisible like U+200B
# (both are default-ignorable) but two bytes in UTF-8 instead of three. Some 700,000 joins at 100x:
# 0.7 MB less to load. Both are in the separator, so either splits words.
JOINER = "\u034f"
# Material's separator for zh, plus the Chinese punctuation that otherwise ends up inside tokens.
# Keep \u200b: it is what the build-time segmentation joins words with.
PUNCTUATION = "、。，．？！；：（）“”‘’《》〈〉【】…·"
SEPARATOR = r"[\s\u200b\u034f\u3000\-" + PUNCTUATION + r"]+"
_SPLITS = re.compile(SEPARATOR)
_REDUNDANT_ZWSP = re.compile(
    "\u200b+(?=[\\s<\u3000\\-" + PUNCTUATION + "]|$)|(?<=[\\s>\u3000\\-" + PUNCTUATION + "])\u200b+|^\u200b+"
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Ranking: a document's boost by the page it belongs to (first matching prefix of the location).
# Staff look for guidance, checklists, disease and source pages and reports; editors' pages and the
# changelog are for the editorial team and rank last. Only the few pages that rank lower carry a
# boost: lunr's neutral 1 costs nothing in the index, a boost on 15,000 measure documents would.
BOOSTS: tuple[tuple[str, float], ...] = (
    ("editors/", 0.1),
    ("changelog", 0.1),
    ("about", 0.3),
)
HISTORICAL, HISTORICAL_BOOST = "historical", 0.3  # measures no longer recommended rank below current ones
DICTIONARY_FREQ = 2000  # high enough that jieba keeps the word whole in running text
SEARCH_WORDS = Path("data") / "search_words.txt"  # the editors' extra words, under the project's root


# -- the jieba user dictionary ---------------------------------------------------------------------

def han_words(text: str, min_len: int = 2) -> list[str]:
    """The runs of Chinese characters in `text` that can be dictionary words ("84 消毒液" -> 消毒液)."""
    return [run for run in _HAN.findall(text) if len(run) >= min_len]


def _known_to_jieba(word: str) -> bool:
    import jieba

    return jieba.dt.FREQ.get(word, 0) > 0


def title_words(titles: Iterable[str], known: Iterable[str] = ()) -> list[str]:
    """Multi-character words of measure titles that jieba's own dictionary lacks (活禽, 错峰, 专班).

    jieba finds such words only by guessing (HMM) and guesses differently in other sentences; listing
    them keeps them whole everywhere, so a title word typed into the search box meets the same token.
    """
    import jieba

    jieba.initialize()
    # Segment as the build will, with the other dictionary words already known.
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
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
    `root` with the same data, extra list and code (kb.infra.cache.kept): segmenting every measure title is
    most of its cost."""
    extra = extra_words(root)
    return kept(root, "dictionary", kb.digest, (extra,), lambda: dictionary_lines(kb, extra))


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

@lru_cache(maxsize=65536)
def _cut(run: str) -> str:
    import jieba

    return ZWSP + ZWSP.join(jieba.cut(run)) + ZWSP


def segment(text: str) -> str:
    """Join the words of every run of Chinese text with U+200B, as Material's search plugin does.

    Runs are cached: responsible roles, frequencies and record names recur across measures. (The
    benchmark's synthetic copies repeat whole details too, which flatters its 100x timing; README.)
    """
    return _HAN.sub(lambda m: _cut(m.group(0)), text).strip(ZWSP)


def compact(text: str) -> str:
    """Drop U+200B where the separator splits anyway: next to punctuation, spaces and markup."""
    return _REDUNDANT_ZWSP.sub("", text)


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
    if measure.status == HISTORICAL:
        # 历史做法: not guidance today. Its title is indexed; the practice itself is described, and indexed,
        # in the reports that record it (every historical measure is recorded by one). Leaving its detail
        # out is the option README's search section measured as the cheapest way toward the 100x budgets.
        return [vocabulary.label("statuses", measure.status)]
    situation = vocabulary.label("triggers", measure.trigger) + "时" if measure.trigger else ""
    diseases = "、".join(kb.disease_by_code[d].name for d in measure.diseases if d in kb.disease_by_code)
    # The basis is not repeated here: each document is indexed at its home, its entry on the sources
    # page. Its name on every measure would cost more than all the details at 100x (README, search).
    return [measure.detail, "、".join(measure.records), f"{measure.party} {measure.role}", measure.frequency,
            vocabulary.label("statuses", measure.status), situation, diseases]


def measure_document(kb: KnowledgeBase, measure: Measure, location: str) -> dict:
    """A measure's own search document. Plain text, parts joined by "；": the preview reads as one
    line and the index stays small (markup would cost more than the words at 100x, see README)."""
    text = "；".join(part.rstrip("。；") for part in measure_parts(kb, measure) if part)
    doc = {
        "location": location,
        "title": segment(escape(measure.title, quote=False)),
        "text": segment(escape(text, quote=False)),
    }
    if measure.status == HISTORICAL:  # 历史做法: kept for reference, not current guidance
        doc["boost"] = HISTORICAL_BOOST
    return doc


def report_figures(kb: KnowledgeBase, report: Report) -> str:
    """The words of a report's table of figures (indicator, value, unit, note), one line.

    The table is marked ``data-search-exclude`` for its markup and boilerplate caption; its words go
    into the search document of the section it belongs to (``#statistics``).
    """
    return "；".join(" ".join(part for part in (kb.indicator_by_code[s.indicator].name, s.display + s.unit, s.qualifier)
                              if part) for s in report.statistics)


def boost_for(location: str) -> float | None:
    for prefix, boost in BOOSTS:
        if location.startswith(prefix):
            return boost
    return None


def measure_documents(kb: KnowledgeBase, directory_urls: bool) -> dict[str, list[dict]]:
    """Each checklist page's measure documents, by the page's URL."""
    documents: dict[str, list[dict]] = {}
    for code, checklist in kb.checklists.items():
        page = page_url(checklist_src(code), directory_urls)
        documents[page] = [measure_document(kb, m, f"{page}#{m.id}") for m in checklist.measures]
    return documents


def kept_measure_documents(kb: KnowledgeBase, directory_urls: bool, root: Path | None) -> dict[str, list[dict]]:
    """measure_documents, reused from the last build of the project at `root` with the same data, extra
    word list (segmentation depends on it) and code (kb.infra.cache.kept)."""
    return kept(root, f"measures-{url_style(directory_urls)}", kb.digest,
                (str(directory_urls), extra_words(root)), lambda: measure_documents(kb, directory_urls))


def build_index(index: dict, kb: KnowledgeBase, directory_urls: bool,
                measure_docs: dict[str, list[dict]] | None = None) -> dict:
    """The index to ship, from Material's index and the knowledge base (see the module docstring)."""
    if measure_docs is None:
        measure_docs = measure_documents(kb, directory_urls)
    figures = {f"{page_url(report_src(r.id), directory_urls)}#statistics": r for r in kb.reports if r.statistics}
    docs: list[dict] = []
    placed: set[str] = set()
    for doc in index["docs"]:
        if doc["location"] in figures:
            figures_text = segment(escape(report_figures(kb, figures[doc["location"]]), quote=False))
            doc["text"] = f"{doc['text']} {figures_text}".strip()
        page = doc["location"].split("#", 1)[0]
        docs.append(doc)
        if page in measure_docs and page not in placed and doc["location"] == page:
            docs.extend(measure_docs[page])  # after the page's own document: Material groups them under it
            placed.add(page)
    for page, extra in measure_docs.items():
        if page not in placed:
            docs.extend(extra)
    for doc in docs:
        doc["title"] = compact(doc["title"]).replace(ZWSP, JOINER)
        doc["text"] = compact(doc["text"]).replace(ZWSP, JOINER)
        if "boost" not in doc:
            boost = boost_for(doc["location"])
            if boost is not None:
                doc["boost"] = boost
    _cut.cache_clear()  # `mkdocs serve` may load a new dictionary before the next build
    config = {**index["config"], "separator": SEPARATOR}
    return {**index, "config": config, "docs": docs}


# -- the browser's query segmentation --------------------------------------------------------------

# Material's search worker splits a Chinese query into words it finds in the index (segment() in
# integrations/search/query/segment). Its loop stops one character short, `j < query.length`, so the
# last word of a query is never looked up: 德育主任 becomes 德育* 主*, and 主* matches every word
# starting with 主. These two replacements let it look up words that end the query.
_SEGMENT_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")
_SEGMENT_CONTINUE = re.compile(r"(\w+)\[(\w+)\]&&\2<(\w+)\.length-1&&")
_SEGMENT_LOOP_FIXED = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<=(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")


def query_segmenter_fixed(worker_js: str) -> bool:
    """Whether the worker already has the fix (a site's worker rewritten once before)."""
    return bool(_SEGMENT_LOOP_FIXED.search(worker_js))


def fix_query_segmenter(worker_js: str) -> str:
    """Material's minified search worker with the query segmenter's off-by-one fixed.

    Raises ValueError when the code is not found (another Material version): check it again then.
    """
    fixed, loops = _SEGMENT_LOOP.subn(lambda m: m.group(0).replace(f"{m.group(1)}<", f"{m.group(1)}<=", 1), worker_js)
    fixed, continues = _SEGMENT_CONTINUE.subn(lambda m: f"{m.group(1)}[{m.group(2)}]&&{m.group(2)}<{m.group(3)}.length&&",
                                              fixed)
    if (loops, continues) != (1, 1):
        raise ValueError(BUILD["segmenter_not_found"])
    return fixed
