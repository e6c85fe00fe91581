"""Load ``data/`` into a KnowledgeBase, collecting every problem in one pass.

Layout:
    data/vocabularies.yml          statuses, response triggers, parties, source kinds (kb.load.files)
    data/edition.yml               the knowledge base's edition, scope and common legal basis
    data/sources/<id>.yml          one official document each, that measures rest on
    data/sectors/<code>.yml        one sector each
    data/categories.yml            measure categories (mapped to WHO PHSM groups)
    data/diseases.yml              diseases measures may be tagged with
    data/checklists/<code>.yml     the measures of one sector
    data/reports/RPT-nnn.md        example reports: YAML front matter + Markdown sections
    data/indicators.yml            statistics groups and indicators
    data/glossary.yml              glossary terms
    data/reporting.yml             the reporting and escalation card
    data/plans.yml                 emergency plan templates
    data/calendar.yml              the prevention calendar: what is in season and what to prepare, month by month
    data/regions/<code>/           a province's, city's or county's overlay (kb.load.regions), read only
                                   when that region's edition is loaded

Each kind of file has its loader in ``files``; rules across files are in ``rules``; ``lint`` and ``names``
are the content checks of ``kb check`` beyond the schemas.

May import: ``kb.core``, ``kb.infra``; never anything that renders (``kb.publish``, Jinja, Markdown).
"""

from __future__ import annotations

import datetime
import gc
from pathlib import Path

from kb.core.model import KnowledgeBase
from kb.core.problems import DataError
from kb.infra.cache import ContentCache, fingerprint
from kb.load import files
from kb.load.files import split_sections
from kb.load.reader import Reader
from kb.load.regions import load_overlay, region_codes
from kb.load.rules import RULES, Parts, measure_places

__all__ = ["load", "region_codes", "split_sections"]


def load(data_dir: Path, overrides: dict[Path, str] | None = None, today: datetime.date | None = None,
         cache: ContentCache | None = None, skip: frozenset[Path] = frozenset(),
         region: str | None = None, warnings: bool = True) -> KnowledgeBase:
    """Load and validate the whole knowledge base; raise DataError listing every error.

    ``overrides`` maps files to texts that replace (or add to) what is on disk, so that a change can be
    validated before it is written. Warnings do not raise; they are kept in ``KnowledgeBase.warnings``.
    With a ``cache`` (kb.infra.cache.data_cache), files found valid before are not parsed again; the caller
    saves it. Files in ``skip`` are left out as if absent (kb import sets aside invalid report drafts). With a
    ``region`` (a folder of data/regions/), that region's edition: the national data with the overlays of the
    region and its parents (kb.load.regions), checked by the same rules. Without ``warnings`` (a build)
    only errors are looked for in full, and ``KnowledgeBase.warnings`` is empty.
    """
    was_enabled = gc.isenabled()
    gc.disable()  # loading makes millions of objects and no garbage cycles: collections would only rescan them
    try:
        return _load(data_dir, overrides, today, cache, skip, region, warnings)
    finally:
        if was_enabled:
            gc.enable()


def _load(data_dir: Path, overrides: dict[Path, str] | None, today: datetime.date | None,
          cache: ContentCache | None, skip: frozenset[Path] = frozenset(), region: str | None = None,
          warnings: bool = True) -> KnowledgeBase:
    reader = Reader(Path(data_dir), overrides={Path(k): v for k, v in (overrides or {}).items()}, skip=frozenset(skip),
                    today=today or datetime.date.today(), cache=cache or ContentCache(None), keep_warnings=warnings)
    reader.refuse_links()  # before anything is read: no loader may open a link
    grades = files.load_evidence(reader)  # first: its phrases are checked in every later file
    if grades is not None:
        reader.editors_phrases = grades.editors_phrases
    vocabulary = files.load_vocabulary(reader)
    if vocabulary is not None:
        reader.vocabulary = vocabulary.codes()
    edition = files.load_edition(reader)
    documents, source_files = files.load_sources(reader)
    sectors = files.load_sectors(reader)
    categories = files.load_categories(reader)
    diseases = files.load_diseases(reader)
    groups, indicators = files.load_indicators(reader)
    indicator_file = _single_place(reader, "统计指标:")
    terms = files.load_glossary(reader)
    reporting = files.load_reporting(reader)
    plan_specs = files.load_plans(reader)
    calendar = files.load_calendar(reader)
    checklists = files.load_checklists(reader, {s.code: s.id_prefix for s in sectors})
    reports, report_files = files.load_reports(reader, {i.code: i.unit for i in indicators})
    overlay, note_places = None, {}
    if region:
        overlay, checklists, reporting, calendar, note_places = load_overlay(
            reader, region, {s.code: s.id_prefix for s in sectors}, documents, source_files, checklists, reporting, calendar)

    parts = Parts(vocabulary, documents, checklists, reports, report_files, indicators, source_files, indicator_file,
                  measure_places(reader), grades, overlay=overlay, note_places=note_places)
    for rule in RULES:
        rule(reader, parts)

    errors = [p for p in reader.problems if p.is_error]
    if errors or vocabulary is None or edition is None or grades is None or (region and overlay is None):
        raise DataError(errors or reader.problems)
    kb = KnowledgeBase(vocabulary, edition, documents, diseases, sectors, categories, checklists, reports, groups,
                       indicators, terms, reporting, plan_specs, calendar=calendar, grades=grades, overlay=overlay)
    kb.warnings = sorted(set(reader.problems))
    kb.digest = fingerprint(*reader.sources)
    return kb


def _single_place(reader: Reader, prefix: str) -> tuple | None:
    """(file, located) of the file that defines ids of one kind, when it has been read."""
    for key, (file, located, _) in reader.defined.items():
        if key.startswith(prefix):
            return file, located
    return None
