"""The knowledge model: plain, immutable records built from validated data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PHSM_GROUPS = {
    1: "个人防护措施",
    2: "环境措施",
    3: "监测与应对措施",
    4: "社会和物理距离措施",
    5: "国际旅行措施",
    6: "药物措施",
    8: "其他措施",
}


@dataclass(frozen=True)
class Label:
    """One entry of a fixed vocabulary: a code and its Chinese label."""

    code: str
    label: str
    description: str


# An article, section, clause or item of an official text: 第二十条, 第三条第二款, 4.2.1, 二、（三）, 附录 A, 表 2.
ARTICLE = re.compile(r"第[0-9一二三四五六七八九十百零〇两]+[条章节款项部分篇]|(?<![\d.])\d+(?:\.\d+)+|"
                     r"(?:^|[（(])[一二三四五六七八九十]+[、）)]|附录\s*[A-Z0-9]|附件\s*\d|表\s*\d")


@dataclass(frozen=True)
class Basis:
    """One official basis of a measure: a source and the article or section relied on.

    ``unverified`` is for editors only (never published): why the article has not been seen yet.
    """

    source: str
    section: str
    unverified: str = ""

    @property
    def pinned(self) -> bool:
        """Whether the entry names an article or section that an editor has seen in the text."""
        return not self.unverified and bool(ARTICLE.search(self.section))


OFFICIAL, MEDIA, REPRINT = "official", "media", "reprint"
# How the sources page says what an entry was checked against (the best grade of its addresses).
CHECKED_AGAINST = {OFFICIAL: "官方文本", MEDIA: "权威媒体的报道", REPRINT: "未对照官方文本"}


@dataclass(frozen=True)
class EvidenceGrades:
    """Which kind of place an address is (data/evidence.yml): official, authoritative media or reprint,
    by the domains of its host; some domains may never be used at all."""

    official: tuple[str, ...]
    media: tuple[str, ...]
    deny: tuple[str, ...]
    editors_phrases: tuple[str, ...]

    @staticmethod
    def _host(url: str) -> str:
        try:
            return (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
        except ValueError:
            return ""

    @classmethod
    def _match(cls, url: str, domains: tuple[str, ...]) -> str | None:
        host = cls._host(url)
        return next((d for d in domains if host == d or host.endswith("." + d)), None)

    def grade(self, url: str) -> str:
        if self._match(url, self.official):
            return OFFICIAL
        if self._match(url, self.media):
            return MEDIA
        return REPRINT

    def denied(self, url: str) -> str | None:
        """The deny-listed domain url is on, or None."""
        return self._match(url, self.deny)

    def best(self, urls: tuple[str, ...]) -> str:
        """The best grade among addresses: official, then media, then reprint."""
        grades = {self.grade(u) for u in urls}
        return next((g for g in (OFFICIAL, MEDIA) if g in grades), REPRINT)

    def shown(self, urls: tuple[str, ...]) -> tuple[str, ...]:
        """The addresses a reader may be given: official and media ones; a reprint's address is never published."""
        return tuple(u for u in urls if self.grade(u) != REPRINT)

    def editors_phrase(self, text: str) -> str | None:
        """The first phrase of an editor's checking found in a public text, or None."""
        return next((p for p in self.editors_phrases if p in text), None)


@dataclass(frozen=True)
class Amendment:
    """A later amendment or revision of a document: the version in force is the consolidated text."""

    date: str
    instrument: str


@dataclass(frozen=True)
class Period:
    """The time a time-bound document (a seasonal notice, an annual guide) applies to."""

    start: str
    end: str
    label: str


@dataclass(frozen=True)
class Trigger:
    code: str
    label: str
    description: str
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class Vocabulary:
    """The fixed vocabularies of data/vocabularies.yml; everything else derives its codes from here."""

    statuses: tuple[Label, ...]
    triggers: tuple[Trigger, ...]
    parties: tuple[Label, ...]
    source_kinds: tuple[Label, ...]
    source_statuses: tuple[Label, ...]
    emergency_words: tuple[str, ...]
    calendar_areas: tuple[Label, ...] = ()

    def label(self, vocabulary: str, code: str) -> str:
        return next((t.label for t in getattr(self, vocabulary) if t.code == code), code)

    def codes(self) -> dict[str, tuple[str, ...]]:
        """Codes per vocabulary, for the schemas' x-vocabulary enums and the CLI's choices."""
        return {
            "statuses": tuple(t.code for t in self.statuses),
            "triggers": tuple(t.code for t in self.triggers),
            "parties": tuple(t.code for t in self.parties),
            "source_kinds": tuple(t.code for t in self.source_kinds),
            "source_statuses": tuple(t.code for t in self.source_statuses),
            "calendar_areas": tuple(t.code for t in self.calendar_areas),
        }


IN_FORCE = "in_force"  # the source status code meaning "in force" (data/vocabularies.yml)
ROUTINE, RESPONSE, HISTORICAL = "routine", "response", "historical"  # statuses the rules refer to


@dataclass(frozen=True)
class Document:
    """An official document in the source registry (data/sources/)."""

    id: str
    title: str
    short: str
    issuer: str
    number: str
    kind: str
    issued: str
    in_force: str
    status: str
    replaced_by: str
    where: str
    checked_date: str
    read_at: tuple[str, ...]
    note: str
    amendments: tuple[Amendment, ...] = ()
    period: Period | None = None
    editors: str = ""  # editors only, never published

    @property
    def current(self) -> bool:
        return self.status == IN_FORCE

    def expired(self, today: str) -> bool:
        """Whether a time-bound document's period ended before `today` (an ISO date)."""
        return self.period is not None and self.period.end < today[:len(self.period.end)]


@dataclass(frozen=True)
class Disease:
    code: str
    name: str
    statutory_class: str
    aliases: tuple[str, ...]
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class InSeason:
    """A disease the calendar says is in season in a month, in an area (calendar_areas), on a basis."""

    disease: str
    area: str
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class Preparation:
    """What one sector prepares in a month, with the measures that carry it out."""

    sector: str
    text: str
    measures: tuple[str, ...]


@dataclass(frozen=True)
class CalendarMonth:
    """One month of the prevention calendar (data/calendar.yml)."""

    month: int
    in_season: tuple[InSeason, ...]
    prepare: tuple[Preparation, ...]

    def for_sector(self, sector: str) -> tuple[Preparation, ...]:
        return tuple(p for p in self.prepare if p.sector == sector)


@dataclass(frozen=True)
class EditionEntry:
    edition: str
    date: str
    tag: str
    note: str


@dataclass(frozen=True)
class KnowledgeEdition:
    """The knowledge base's edition, scope and common legal basis (data/edition.yml)."""

    edition: str
    date: str
    summary: str
    diseases: tuple[str, ...]
    basis: tuple[str, ...]
    editions: tuple[EditionEntry, ...]


@dataclass(frozen=True)
class CardEntry:
    """One line of the reporting card: a step, a deadline, a threshold or a contact."""

    text: str
    sectors: tuple[str, ...] = ()  # empty: every sector
    basis: tuple[Basis, ...] = ()
    deadline: str = ""
    who: str = ""
    number: str = ""
    note: str = ""

    def applies_to(self, sector: str) -> bool:
        return not self.sectors or sector in self.sectors


@dataclass(frozen=True)
class ReportingCard:
    first_hour: tuple[CardEntry, ...]
    deadlines: tuple[CardEntry, ...]
    thresholds: tuple[CardEntry, ...]
    contacts: tuple[CardEntry, ...]

    def for_sector(self, sector: str) -> dict[str, list[CardEntry]]:
        return {name: [e for e in getattr(self, name) if e.applies_to(sector)]
                for name in ("first_hour", "deadlines", "thresholds", "contacts")}


@dataclass(frozen=True)
class Change:
    date: str
    edition: str
    note: str


@dataclass(frozen=True)
class Edition:
    edition: str
    effective: str
    reviewed: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Sector:
    code: str
    name: str
    summary: str
    icon: str
    order: int
    id_prefix: str
    edition: Edition


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    phsm: int
    description: str

    @property
    def phsm_name(self) -> str:
        return PHSM_GROUPS[self.phsm]


@dataclass(frozen=True)
class Measure:
    id: str
    sector: str
    title: str
    detail: str
    category: str
    party: str
    role: str
    frequency: str
    status: str
    trigger: str
    diseases: tuple[str, ...]
    records: tuple[str, ...]
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class Checklist:
    sector: str
    edition: Edition
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Statistic:
    indicator: str
    value: float
    unit: str
    approx: bool
    qualifier: str

    @property
    def display(self) -> str:
        """The value as people read it: 200000+ for an approximate 20万余."""
        number = f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,}"
        return number + ("+" if self.approx else "")


@dataclass(frozen=True)
class Action:
    text: str
    measures: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    heading: str
    body: str


@dataclass(frozen=True)
class Report:
    id: str
    title: str
    unit: str
    unit_type: str
    sector: str
    region: str
    period: str
    year: int | None  # None: the report states no year (kb import never guesses one)
    summary: str
    statistics: tuple[Statistic, ...]
    actions: tuple[Action, ...]
    sections: tuple[Section, ...]

    @property
    def measures(self) -> tuple[str, ...]:
        """Every measure the report demonstrates, in first-mentioned order."""
        return tuple(dict.fromkeys(m for a in self.actions for m in a.measures))


@dataclass(frozen=True)
class IndicatorGroup:
    code: str
    name: str
    description: str


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    group: str
    summable: bool = True
    sum_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    editors: str = ""  # editors only, never published


LEVELS = {"province": "省级", "city": "市级", "county": "县级"}  # region levels (data/regions/<code>/region.yml)
NATIONAL = "全国版"  # the name of the edition without a region


@dataclass(frozen=True)
class Region:
    """A province, city or county that publishes its own edition on top of the national one
    (data/regions/<code>/region.yml)."""

    code: str
    name: str
    short: str
    level: str
    parent: str
    id_prefix: str
    summary: str
    edition: Edition

    @property
    def edition_name(self) -> str:
        return f"{self.name}版"


@dataclass(frozen=True)
class LocalNote:
    """A region's note attached to a national measure (本省另有规定…), with its local basis."""

    measure: str
    region: str  # the code of the region that adds it
    text: str
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class Overlay:
    """What a region's edition adds to the national one: the chain from the province down to the
    region itself, and per item the code of the region that adds it."""

    chain: tuple[Region, ...]
    measures: dict = field(default_factory=dict)  # measure id -> region code
    sources: dict = field(default_factory=dict)  # source id -> region code
    notes: tuple[LocalNote, ...] = ()
    contacts: tuple = ()  # (region code, CardEntry)
    calendar: tuple = ()  # (region code, month, InSeason | Preparation)

    @property
    def region(self) -> Region:
        return self.chain[-1]

    def notes_for(self, measure_id: str) -> tuple[LocalNote, ...]:
        return tuple(n for n in self.notes if n.measure == measure_id)

    def region_named(self, code: str) -> Region:
        return next(r for r in self.chain if r.code == code)


@dataclass
class KnowledgeBase:
    vocabulary: Vocabulary
    edition: KnowledgeEdition
    documents: list[Document]
    diseases: list[Disease]
    sectors: list[Sector]
    categories: list[Category]
    checklists: dict[str, Checklist]
    reports: list[Report]
    groups: list[IndicatorGroup]
    indicators: list[Indicator]
    terms: list[Term]
    reporting: ReportingCard | None = None
    plan_specs: list = field(default_factory=list)  # data/plans.yml, assembled by kb.publish.plans
    calendar: tuple[CalendarMonth, ...] = ()  # data/calendar.yml, January first
    grades: EvidenceGrades = field(default_factory=lambda: EvidenceGrades((), (), (), ()))  # data/evidence.yml
    warnings: list = field(default_factory=list)  # problems that do not stop the build (kb.core.problems)
    digest: str = ""  # of every data file's name and text: the same digest, the same knowledge base
    overlay: Overlay | None = None  # a region's edition (kb.load.regions); None: the national edition
    # Lookups built once, so renderers never scan lists per item.
    sector_by_code: dict[str, Sector] = field(init=False)
    category_by_code: dict[str, Category] = field(init=False)
    measure_by_id: dict[str, Measure] = field(init=False)
    report_by_id: dict[str, Report] = field(init=False)
    indicator_by_code: dict[str, Indicator] = field(init=False)
    group_by_code: dict[str, IndicatorGroup] = field(init=False)
    term_by_id: dict[str, Term] = field(init=False)
    reports_by_sector: dict[str, list[Report]] = field(init=False)
    document_by_id: dict[str, Document] = field(init=False)
    disease_by_code: dict[str, Disease] = field(init=False)
    evidence: dict[str, tuple[str, ...]] = field(init=False)  # measure id -> ids of reports that record it
    _citing: dict[str, list[Measure]] = field(init=False, repr=False)  # source id -> measures resting on it
    _tagged: dict[str, list[Measure]] = field(init=False, repr=False)  # disease code -> measures concerning it
    # Results derived once per build and shared by every page that shows them (see kb.core.stats).
    memo: dict = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.sectors.sort(key=lambda s: (s.order, s.code))
        self.reports.sort(key=lambda r: r.id)
        self.sector_by_code = {s.code: s for s in self.sectors}
        self.category_by_code = {c.code: c for c in self.categories}
        self.measure_by_id = {m.id: m for c in self.checklists.values() for m in c.measures}
        self.report_by_id = {r.id: r for r in self.reports}
        self.indicator_by_code = {i.code: i for i in self.indicators}
        self.group_by_code = {g.code: g for g in self.groups}
        self.term_by_id = {t.id: t for t in self.terms}
        self.reports_by_sector = {}
        for report in self.reports:
            self.reports_by_sector.setdefault(report.sector, []).append(report)
        self.document_by_id = {d.id: d for d in self.documents}
        self.disease_by_code = {d.code: d for d in self.diseases}
        evidence: dict[str, list[str]] = {}
        for report in self.reports:
            for measure_id in report.measures:
                evidence.setdefault(measure_id, []).append(report.id)
        self.evidence = {k: tuple(v) for k, v in evidence.items()}
        # Who cites a source, what concerns a disease: asked once per source and disease page, so
        # indexed once here rather than by scanning every measure each time (30,000 at 100x).
        self._citing: dict[str, list[Measure]] = {}
        for checklist in self.checklists.values():
            for measure in checklist.measures:
                for source in dict.fromkeys(b.source for b in measure.basis):
                    self._citing.setdefault(source, []).append(measure)
        self._tagged: dict[str, list[Measure]] = {}
        for sector in self.sectors:
            for measure in self.measures_for(sector.code):
                for disease in dict.fromkeys(measure.diseases):
                    self._tagged.setdefault(disease, []).append(measure)

    @property
    def edition_name(self) -> str:
        """全国版, or the region's edition (广东省版)."""
        return self.overlay.region.edition_name if self.overlay else NATIONAL

    @property
    def edition_code(self) -> str:
        """The region's code, or "" for the national edition."""
        return self.overlay.region.code if self.overlay else ""

    def local_region(self, measure_id: str) -> Region | None:
        """The region that adds a measure, or None for a national one."""
        if self.overlay is None or measure_id not in self.overlay.measures:
            return None
        return self.overlay.region_named(self.overlay.measures[measure_id])

    def notes_for(self, measure_id: str) -> tuple[LocalNote, ...]:
        return self.overlay.notes_for(measure_id) if self.overlay else ()

    def reports_for(self, sector: str) -> list[Report]:
        return self.reports_by_sector.get(sector, [])

    def report_unit(self, report_id: str) -> str:
        """The unit that wrote a report: what a measure's evidence line shows of it. Asked for by itself,
        so that a page showing it depends on that field only (kb.core.reads), not on the whole report."""
        return self.report_by_id[report_id].unit

    def measures_for(self, sector: str) -> tuple[Measure, ...]:
        checklist = self.checklists.get(sector)
        return checklist.measures if checklist else ()

    def tagged(self, disease: str) -> list[Measure]:
        """Measures concerning one disease, in sector order."""
        return list(self._tagged.get(disease, ()))

    def citing(self, source_id: str) -> list[Measure]:
        """Measures that rest on one source, in sector order."""
        return list(self._citing.get(source_id, ()))
