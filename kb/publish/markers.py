"""Markers in hand-written pages (``<!-- kb:name -->`` alone on a line) and their renderers.

Each renderer takes the knowledge base and the page being built and returns Markdown.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from kb.core.messages import CATALOGUE, MARKERS, SECTIONS
from kb.core.model import KnowledgeBase
from kb.core.problems import Problem
from kb.core.stats import aggregate_for
from kb.infra.cache import TrackedStore
from kb.load.schemas import KINDS, fields, schema
from kb.publish.render import Link, render, scope, statistics_table
from kb.review.changelog import HISTORY_KEY, render_history

MARKER = re.compile(r"^<!--\s*kb:([a-z-]+)\s*-->[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class PageContext:
    src: str  # the page's path under docs/, e.g. guide/schools.md
    link: Link

    def rel(self, target_src: str) -> Markup:
        """A Markdown link from this page to another source file (MkDocs checks and rewrites it)."""
        return Markup(posixpath.relpath(target_src, posixpath.dirname(self.src) or "."))

    def safe_link(self, *args, **kwargs) -> Markup:
        return Markup(self.link(*args, **kwargs))

    @property
    def sector(self) -> str | None:
        match = re.fullmatch(r"guide/([a-z][a-z0-9-]*)\.md", self.src)
        return match.group(1) if match else None

    @property
    def disease(self) -> str | None:
        match = re.fullmatch(r"diseases/([a-z][a-z0-9_-]*)\.md", self.src)
        return match.group(1) if match else None


def all_changes(kb: KnowledgeBase) -> list[dict]:
    """Every change note of every guide and checklist, newest first."""
    changes = []
    for sector in kb.sectors:
        for change in sector.edition.changes:
            changes.append({"change": change, "what": f"{sector.name}工作指引", "src": f"guide/{sector.code}.md"})
        checklist = kb.checklists.get(sector.code)
        if checklist:
            for change in checklist.edition.changes:
                changes.append({"change": change, "what": f"{sector.name}检查清单", "src": f"checklists/{sector.code}.md"})
    return sorted(changes, key=lambda c: (c["change"].date, c["src"]), reverse=True)


def _sector_page(kb: KnowledgeBase, page: PageContext, template: str) -> str:
    code = page.sector
    if code is None or code not in kb.sector_by_code:
        raise LookupError(MARKERS["guide_only"])
    sector = kb.sector_by_code[code]
    extra = {}
    if template == "guide-statistics.md.j2":
        extra["table"] = statistics_table(kb, page.link, sector=code) if aggregate_for(kb, code) else ""
    if template == "guide-edition.md.j2":
        extra["scope"] = scope(kb, page.link, "current")
    return render(template, kb=kb, sector=sector, checklist=kb.checklists.get(code), reports=kb.reports_for(code),
                  link=page.safe_link, rel=page.rel, page=page, **extra)


def _edition_history(kb: KnowledgeBase, page: PageContext) -> str:
    """更新记录 generated from the knowledge diff between tagged editions (see kb.review.changelog.attach)."""
    entries = kb.memo.get(HISTORY_KEY)
    if entries is None:
        raise LookupError(MARKERS["history_not_attached"])
    return render_history(entries)


def message_examples() -> list[tuple]:
    """Every message of the catalogue with an example line, as the editors' guide shows them."""
    rows = []
    for key, message in sorted(CATALOGUE.items()):
        problem = Problem.of(key, message.file, 12, message.field, **message.example)
        rows.append((key, message, str(problem)))
    return rows


def other_messages() -> list[tuple[str, str]]:
    """The commands' messages and labels (kb/messages.py beyond the catalogue) as (SECTION.key, text)."""
    return [(f"{name}.{key}", text) for name, section in SECTIONS.items() for key, text in section.items()]


def _disease_page(kb: KnowledgeBase, page: PageContext) -> str:
    code = page.disease
    if code is None or code not in kb.disease_by_code:
        raise LookupError(MARKERS["disease_only"])
    disease = kb.disease_by_code[code]
    measures = kb.tagged(code)
    return render("disease-measures.md.j2", kb=kb, disease=disease, measures=measures, link=page.safe_link, rel=page.rel,
                  scope=scope(kb, page.link, "current"))


def _calendar_now(kb: KnowledgeBase, page: PageContext) -> str:
    """This month's calendar entry: the home page shows every sector, a guide page only its own."""
    code = page.sector
    sector = kb.sector_by_code.get(code) if code else None
    if code is not None and sector is None:
        raise LookupError(MARKERS["guide_only"])
    return render("calendar-now.md.j2", kb=kb, sector=sector, link=page.safe_link)


def _simple(template: str) -> Callable[[KnowledgeBase, PageContext], str]:
    return lambda kb, page: render(template, kb=kb, link=page.safe_link, rel=page.rel, page=page, changes=all_changes(kb))


RENDERERS: dict[str, Callable[[KnowledgeBase, PageContext], str]] = {
    "sector-cards": _simple("sector-cards.md.j2"),
    "latest-changes": _simple("latest-changes.md.j2"),
    "changelog": _simple("changelog.md.j2"),
    "edition-history": _edition_history,
    "checklists-index": _simple("checklists-index.md.j2"),
    "reports-index": _simple("reports-index.md.j2"),
    "glossary": _simple("glossary.md.j2"),
    "statistics-overview": lambda kb, page: statistics_table(kb, page.link),
    "schema-reference": lambda kb, page: render("schema-reference.md.j2", kinds=[(k, schema(k), fields(k)) for k in KINDS]),
    "guide-edition": lambda kb, page: _sector_page(kb, page, "guide-edition.md.j2"),
    "guide-links": lambda kb, page: _sector_page(kb, page, "guide-links.md.j2"),
    "guide-reports": lambda kb, page: _sector_page(kb, page, "guide-reports.md.j2"),
    "guide-statistics": lambda kb, page: _sector_page(kb, page, "guide-statistics.md.j2"),
    "disease-measures": _disease_page,
    "messages-reference": lambda kb, page: render("messages-reference.md.j2", messages=message_examples(), others=other_messages()),
    "diseases-index": _simple("diseases-index.md.j2"),
    "calendar": _simple("calendar.md.j2"),
    "calendar-now": _calendar_now,
}


# Renderers whose output depends on more than the data, the page and the code, so is never kept:
# the edition history compares tagged editions in git (kb.review.changelog).
UNKEPT = frozenset({"edition-history"})


def expand(markdown: str, kb: KnowledgeBase, page: PageContext, file: str,
           cache: TrackedStore | None = None) -> tuple[str, list[Problem]]:
    """Replace every marker; unknown or misplaced markers become problems.

    With a ``cache`` (kb.infra.cache.TrackedStore, one per URL style), a block is reused from an earlier
    build while what it read of the knowledge base is unchanged, for the same page and code.
    """
    problems: list[Problem] = []

    def replace(match: re.Match) -> str:
        name = match.group(1)
        line = markdown.count("\n", 0, match.start()) + 1
        renderer = RENDERERS.get(name)
        if renderer is None:
            problems.append(Problem.of("marker_unknown", file, line, "marker", name=name, expected=", ".join(sorted(RENDERERS))))
            return ""
        try:
            if cache is None or name in UNKEPT:
                return renderer(kb, page)
            return cache.get(f"{page.src}\0{name}", kb, lambda kb: str(renderer(kb, page)))
        except LookupError as err:
            problems.append(Problem.of("marker_misplaced", file, line, "marker", name=name, reason=err.args[0]))
            return ""

    return MARKER.sub(replace, markdown), problems
