"""One loader per kind of data file: each reads its files, defines its ids and records its references.

Rules that need more than one file (is a basis in force? is a historical measure recorded by a
report?) live in ``kb.load.rules``.
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.core.model import (
    Action,
    Amendment,
    Basis,
    CalendarMonth,
    CardEntry,
    Category,
    Change,
    Checklist,
    Disease,
    Document,
    Edition,
    EditionEntry,
    EvidenceGrades,
    Indicator,
    IndicatorGroup,
    InSeason,
    KnowledgeEdition,
    Label,
    Measure,
    Period,
    Preparation,
    Report,
    ReportingCard,
    Section,
    Sector,
    Statistic,
    Term,
    Trigger,
    Vocabulary,
)
from kb.load.reader import YAML_SUFFIXES, Reader


def _basis(raw: list | None) -> tuple[Basis, ...]:
    return tuple(Basis(b["source"], b["section"], b.get("unverified", "")) for b in raw or [])


def _refer_basis(reader: Reader, raw: list | None, file: str, located, at: tuple) -> None:
    for j, b in enumerate(raw or []):
        reader.refer("依据文件", b["source"], file, located, (*at, "basis", j, "source"))


def _edition(raw: dict) -> Edition:
    return Edition(
        edition=raw["edition"], effective=raw["effective"], reviewed=raw["reviewed"],
        changes=tuple(Change(c["date"], c["edition"], c["note"]) for c in raw["changes"]),
    )


def _check_review(reader: Reader, file: str, located, raw: dict, at: tuple = ("edition",)) -> None:
    latest = max((c["date"] for c in raw["changes"]), default=raw["reviewed"])
    if raw["reviewed"] < latest:
        reader.problem("reviewed_before_change", file, located, (*at, "reviewed"), reviewed=raw["reviewed"], changed=latest)


def load_vocabulary(reader: Reader) -> Vocabulary | None:
    located, file = reader.single("vocabularies", "vocabularies")
    if located is None:
        return None
    raw = located.data
    labels = {name: tuple(Label(t["code"], t["label"], t["description"]) for t in raw[name])
              for name in ("statuses", "source_kinds", "source_statuses")}
    triggers = []
    for i, t in enumerate(raw["triggers"]):
        reader.define("触发情形", t["code"], file, located, ("triggers", i, "code"))
        _refer_basis(reader, t["basis"], file, located, ("triggers", i))
        triggers.append(Trigger(t["code"], t["label"], t["description"], _basis(t["basis"])))
    for i, p in enumerate(raw["parties"]):  # codes written in Chinese, compared as the schema's enum
        reader.plain_key(p["code"], file, located, ("parties", i, "code"))
    parties = tuple(Label(p["code"], p["code"], p["description"]) for p in raw["parties"])
    areas = tuple(Label(t["code"], t["label"], t["description"]) for t in raw["calendar_areas"])
    return Vocabulary(statuses=labels["statuses"], triggers=tuple(triggers), parties=parties,
                      source_kinds=labels["source_kinds"], source_statuses=labels["source_statuses"],
                      emergency_words=tuple(raw["emergency_words"]), calendar_areas=areas)


def load_evidence(reader: Reader) -> EvidenceGrades | None:
    """data/evidence.yml: which domains are official, authoritative media, or never to be used."""
    located, _ = reader.single("evidence", "evidence")
    if located is None:
        return None
    raw = located.data
    return EvidenceGrades(tuple(raw["official"]), tuple(raw["media"]), tuple(raw["deny"]), tuple(raw["editors_phrases"]))


def load_edition(reader: Reader) -> KnowledgeEdition | None:
    located, file = reader.single("edition", "edition")
    if located is None:
        return None
    raw = located.data
    for i, code in enumerate(raw["scope"]["diseases"]):
        reader.refer("疾病", code, file, located, ("scope", "diseases", i))
    for i, source in enumerate(raw["basis"]):
        reader.refer("依据文件", source, file, located, ("basis", i))
    editions = tuple(EditionEntry(e["edition"], e["date"], e.get("tag", ""), e["note"]) for e in raw["editions"])
    return KnowledgeEdition(raw["edition"], raw["date"], raw["scope"]["summary"], tuple(raw["scope"]["diseases"]),
                            tuple(raw["basis"]), editions)


def load_sources(reader: Reader, folder: str = "sources") -> tuple[list[Document], dict[str, tuple]]:
    """The source registry, one file per document; also where each was defined, for the rules.
    A region's own registry (data/regions/<code>/sources) is read by the same loader."""
    documents = []
    places: dict[str, tuple] = {}
    for path in reader.files(folder, YAML_SUFFIXES):
        located, file = reader.read(path, "source")
        if located is None:
            continue
        raw = located.data
        if raw["id"] != path.stem:
            reader.problem("name_mismatch", file, located, ("id",), value=raw["id"], expected=path.stem)
        if not reader.define("依据文件", raw["id"], file, located, ("id",)):
            continue
        if raw.get("replaced_by"):
            reader.refer("依据文件", raw["replaced_by"], file, located, ("replaced_by",))
        places[raw["id"]] = (file, located)
        documents.append(Document(
            id=raw["id"], title=raw["title"], short=raw["short"], issuer=raw.get("issuer", ""), number=raw.get("number", ""),
            kind=raw["kind"], issued=raw["issued"], in_force=raw.get("in_force", ""), status=raw["status"],
            replaced_by=raw.get("replaced_by", ""), where=raw["where"], checked_date=raw["checked"]["date"],
            read_at=tuple(raw["checked"]["read_at"]), note=raw["note"],
            amendments=tuple(Amendment(a["date"], a["instrument"]) for a in raw.get("amendments", [])),
            period=Period(raw["period"]["from"], raw["period"]["to"], raw["period"]["label"]) if "period" in raw else None,
            editors=raw.get("editors", ""),
        ))
    return documents, places


def load_sectors(reader: Reader) -> list[Sector]:
    sectors: list[Sector] = []
    prefixes: dict[str, str] = {}
    for path in reader.files("sectors", YAML_SUFFIXES):
        located, file = reader.read(path, "sector")
        if located is None:
            continue
        raw = located.data
        if raw["code"] != path.stem:
            reader.problem("name_mismatch", file, located, ("code",), value=raw["code"], expected=path.stem)
        if not reader.define("行业", raw["code"], file, located, ("code",)):
            continue
        if raw["id_prefix"] in prefixes:
            reader.problem("prefix_taken", file, located, ("id_prefix",), prefix=raw["id_prefix"], other=prefixes[raw["id_prefix"]])
        prefixes[raw["id_prefix"]] = raw["code"]
        _check_review(reader, file, located, raw["edition"])
        sectors.append(Sector(raw["code"], raw["name"], raw["summary"], raw["icon"], raw["order"], raw["id_prefix"],
                              _edition(raw["edition"])))
    return sectors


def load_categories(reader: Reader) -> list[Category]:
    located, file = reader.single("categories", "categories")
    categories: list[Category] = []
    if located:
        for i, raw in enumerate(located.data["categories"]):
            if reader.define("措施类别", raw["code"], file, located, ("categories", i, "code")):
                categories.append(Category(raw["code"], raw["name"], raw["phsm"], raw["description"]))
    return categories


def load_diseases(reader: Reader) -> list[Disease]:
    located, file = reader.single("diseases", "diseases")
    diseases: list[Disease] = []
    if located:
        for i, raw in enumerate(located.data["diseases"]):
            if reader.define("疾病", raw["code"], file, located, ("diseases", i, "code")):
                _refer_basis(reader, raw["basis"], file, located, ("diseases", i))
                diseases.append(Disease(raw["code"], raw["name"], raw.get("class", ""), tuple(raw.get("aliases", [])), _basis(raw["basis"])))
    return diseases


def load_indicators(reader: Reader) -> tuple[list[IndicatorGroup], list[Indicator]]:
    groups: list[IndicatorGroup] = []
    indicators: list[Indicator] = []
    located, file = reader.single("indicators", "indicators")
    if located:
        for i, raw in enumerate(located.data["groups"]):
            if reader.define("统计分类", raw["code"], file, located, ("groups", i, "code")):
                groups.append(IndicatorGroup(raw["code"], raw["name"], raw["description"]))
        for i, raw in enumerate(located.data["indicators"]):
            if reader.define("统计指标", raw["code"], file, located, ("indicators", i, "code")):
                indicators.append(Indicator(raw["code"], raw["name"], raw["unit"], raw["group"], raw["summable"],
                                            tuple(raw.get("sum_of", []))))
                reader.refer("统计分类", raw["group"], file, located, ("indicators", i, "group"))
                for j, part in enumerate(raw.get("sum_of", [])):
                    reader.refer("统计指标", part, file, located, ("indicators", i, "sum_of", j))
    return groups, indicators


def load_glossary(reader: Reader) -> list[Term]:
    terms: list[Term] = []
    located, file = reader.single("glossary", "glossary")
    if located:
        for i, raw in enumerate(located.data["terms"]):
            if not reader.define("术语编号", raw["id"], file, located, ("terms", i, "id")):
                continue
            for j, word in enumerate([raw["term"], *raw.get("aliases", [])]):
                reader.define("术语", word, file, located, ("terms", i, "term") if j == 0 else ("terms", i, "aliases", j - 1))
            for j, other in enumerate(raw.get("see_also", [])):
                reader.refer("术语编号", other, file, located, ("terms", i, "see_also", j))
            terms.append(Term(raw["id"], raw["term"], raw["definition"], tuple(raw.get("aliases", [])), tuple(raw.get("see_also", [])),
                              raw.get("editors", "")))
    return terms


def checklist_sector(reader: Reader, path: Path, file: str, located) -> str:
    """The sector a checklist file (national or a region's) is for: named as the file is, and known."""
    code = located.data["sector"]
    if code != path.stem:
        reader.problem("name_mismatch", file, located, ("sector",), value=code, expected=path.stem)
    reader.refer("行业", code, file, located, ("sector",))
    return code


def load_checklists(reader: Reader, sector_prefix: dict[str, str]) -> dict[str, Checklist]:
    checklists: dict[str, Checklist] = {}
    for path in reader.files("checklists", YAML_SUFFIXES):
        located, file = reader.read(path, "checklist")
        if located is None:
            continue
        raw = located.data
        code = checklist_sector(reader, path, file, located)
        _check_review(reader, file, located, raw["edition"])
        measures = []
        for i, m in enumerate(raw["measures"]):
            at = ("measures", i)
            prefix = sector_prefix.get(code)
            if prefix and not m["id"].startswith(prefix + "-"):
                reader.problem("wrong_prefix", file, located, (*at, "id"), id=m["id"], prefix=prefix)
            if not reader.define("措施", m["id"], file, located, (*at, "id")):
                continue
            reader.refer("措施类别", m["category"], file, located, (*at, "category"))
            for j, disease in enumerate(m.get("diseases", [])):
                reader.refer("疾病", disease, file, located, (*at, "diseases", j))
            _refer_basis(reader, m.get("basis"), file, located, at)
            measures.append(Measure(
                id=m["id"], sector=code, title=m["title"], detail=m["detail"], category=m["category"],
                party=m["responsible"]["party"], role=m["responsible"]["role"], frequency=m["frequency"],
                status=m["status"], trigger=m.get("trigger", ""), diseases=tuple(m.get("diseases", [])),
                records=tuple(m["records"]), basis=_basis(m.get("basis")),
            ))
        checklists[code] = Checklist(code, _edition(raw["edition"]), tuple(measures))
    return checklists


_SECTION_HEADING = re.compile(r"^## +(.+?)\s*#*\s*$")


def split_sections(body: str) -> tuple[Section, ...]:
    """Split a report body at its level-2 headings."""
    sections: list[list] = []
    for line in body.splitlines():
        match = _SECTION_HEADING.match(line)
        if match:
            sections.append([match.group(1), []])
        elif sections:
            sections[-1][1].append(line)
    return tuple(Section(h, "\n".join(lines).strip()) for h, lines in sections)


def load_reports(reader: Reader, indicator_unit: dict[str, str]) -> tuple[list[Report], dict[str, tuple]]:
    """The reports, and for each the (file, located, body line) that rules need to point at."""
    reports: list[Report] = []
    where: dict[str, tuple] = {}
    for path in reader.files("reports", (".md",)):
        located, body, file, body_line = reader.read_front_matter(path, "report")
        if located is None:
            continue
        raw = located.data
        if raw["id"] != Path(path).stem:
            reader.problem("name_mismatch", file, located, ("id",), value=raw["id"], expected=path.stem)
        if not reader.define("汇报", raw["id"], file, located, ("id",)):
            continue
        reader.refer("行业", raw["sector"], file, located, ("sector",))
        stats = []
        for i, s in enumerate(raw["statistics"]):
            at = ("statistics", i)
            reader.refer("统计指标", s["indicator"], file, located, (*at, "indicator"))
            unit = indicator_unit.get(s["indicator"])
            if unit is not None and unit != s["unit"]:
                reader.problem("unit_mismatch", file, located, (*at, "unit"), unit=s["unit"], indicator=s["indicator"], expected=unit)
            stats.append(Statistic(s["indicator"], s["value"], s["unit"], bool(s.get("approx", False)), s.get("qualifier", "")))
        actions = []
        for i, a in enumerate(raw["actions"]):
            for j, mid in enumerate(a["measures"]):
                reader.refer("措施", mid, file, located, ("actions", i, "measures", j))
            actions.append(Action(a["text"], tuple(a["measures"])))
        sections = split_sections(body)
        if not sections:
            reader.problem_at("no_sections", file, body_line, "body")
        where[raw["id"]] = (file, located, body_line, body)
        reports.append(Report(
            id=raw["id"], title=raw["title"], unit=raw["unit"], unit_type=raw["unit_type"], sector=raw["sector"],
            region=raw["region"], period=raw["period"], year=raw.get("year"), summary=raw["summary"],
            statistics=tuple(stats), actions=tuple(actions), sections=sections,
        ))
    return reports, where


def load_reporting(reader: Reader) -> ReportingCard | None:
    located, file = reader.single("reporting", "reporting")
    if located is None:
        return None
    raw = located.data
    parts = {}
    for name in ("first_hour", "deadlines", "thresholds", "contacts"):
        entries = []
        for i, e in enumerate(raw[name]):
            at = (name, i)
            _refer_basis(reader, e.get("basis"), file, located, at)
            for j, code in enumerate(e.get("sectors", [])):
                reader.refer("行业", code, file, located, (*at, "sectors", j))
            entries.append(CardEntry(
                text=e.get("text") or e.get("cases") or e["label"], sectors=tuple(e.get("sectors", [])),
                basis=_basis(e.get("basis")), deadline=e.get("deadline", ""), who=e.get("who", ""),
                number=e.get("number", ""), note=e.get("note", "")))
        parts[name] = tuple(entries)
    return ReportingCard(**parts)


def load_plans(reader: Reader) -> list[dict]:
    located, file = reader.single("plans", "plans")
    if located is None:
        return []
    for i, raw in enumerate(located.data["plans"]):
        reader.refer("行业", raw["sector"], file, located, ("plans", i, "sector"))
        _refer_basis(reader, raw["basis"], file, located, ("plans", i))
    return located.data["plans"]


def load_calendar(reader: Reader) -> tuple[CalendarMonth, ...]:
    """The prevention calendar: twelve months (the schema), each once, January first."""
    located, file = reader.single("calendar", "calendar")
    if located is None:
        return ()
    months = []
    for i, raw in enumerate(located.data["months"]):
        at = ("months", i)
        reader.define("日历月份", str(raw["month"]), file, located, (*at, "month"))
        in_season = []
        for j, entry in enumerate(raw["in_season"]):
            reader.refer("疾病", entry["disease"], file, located, (*at, "in_season", j, "disease"))
            _refer_basis(reader, entry["basis"], file, located, (*at, "in_season", j))
            in_season.append(InSeason(entry["disease"], entry["area"], _basis(entry["basis"])))
        prepare = []
        for j, entry in enumerate(raw["prepare"]):
            reader.refer("行业", entry["sector"], file, located, (*at, "prepare", j, "sector"))
            for k, measure in enumerate(entry["measures"]):
                reader.refer("措施", measure, file, located, (*at, "prepare", j, "measures", k))
            prepare.append(Preparation(entry["sector"], entry["text"], tuple(entry["measures"])))
        months.append(CalendarMonth(raw["month"], tuple(in_season), tuple(prepare)))
    return tuple(sorted(months, key=lambda m: m.month))
