"""Load ``data/`` into a KnowledgeBase, collecting every problem in one pass.

Layout:
    data/sectors/<code>.yml        one sector each
    data/categories.yml            measure categories (mapped to WHO PHSM groups)
    data/checklists/<code>.yml     the measures of one sector
    data/reports/RPT-nnn.md        example reports: YAML front matter + Markdown sections
    data/indicators.yml            statistics groups and indicators
    data/glossary.yml              glossary terms
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import schemas
from .model import (
    RISK_LEVELS,
    Action,
    Category,
    Change,
    Checklist,
    Edition,
    Indicator,
    IndicatorGroup,
    KnowledgeBase,
    Measure,
    Report,
    Section,
    Sector,
    Source,
    Statistic,
    Term,
)
from .problems import DataError, Problem, format_path
from .yamlsrc import Located, parse_yaml, read_text, split_front_matter

YAML_SUFFIXES = (".yml", ".yaml")
# Which reference kinds each file kind defines: when such a file cannot be read,
# references to its ids are not reported as unknown (that would only echo the first error).
DEFINES = {
    "sector": ("sector",), "categories": ("category",), "checklist": ("measure",),
    "report": ("report",), "indicators": ("indicator", "indicator group"), "glossary": ("term id", "term"),
}


class _Reader:
    """Reads files under one root, remembering where each value came from."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.root = data_dir.parent
        self.problems: list[Problem] = []
        self._digests: dict[str, str] = {}
        self.incomplete: set[str] = set()

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def problem(self, file: str, located: Located | None, path: tuple, message: str) -> None:
        line = located.line(path) if located else 1
        self.problems.append(Problem(file, line, format_path(path), message))

    def _remember(self, path: Path, text: str) -> None:
        digest = hashlib.sha256("".join(text.split()).encode()).hexdigest()
        shown = self.shown(path)
        if digest in self._digests:
            self.problems.append(Problem(shown, 1, "", f"duplicate file: same content as {self._digests[digest]}"))
        else:
            self._digests[digest] = shown

    def failed(self, kind: str) -> None:
        self.incomplete.update(DEFINES[kind])

    def read(self, path: Path, kind: str) -> tuple[Located | None, str]:
        """Parse and schema-check one YAML file; returns (located, shown name)."""
        shown = self.shown(path)
        text, problems = read_text(path, shown)
        self.problems += problems
        if text is None:
            self.failed(kind)
            return None, shown
        self._remember(path, text)
        located, problems = parse_yaml(text, shown)
        self.problems += problems
        return self._check(located, kind, shown), shown

    def read_front_matter(self, path: Path, kind: str) -> tuple[Located | None, str, str, int]:
        shown = self.shown(path)
        text, problems = read_text(path, shown)
        self.problems += problems
        if text is None:
            self.failed(kind)
            return None, "", shown, 1
        self._remember(path, text)
        front, body, body_line, problems = split_front_matter(text, shown)
        self.problems += problems
        located = None
        if front is not None:
            located, problems = parse_yaml(front, shown, offset=1)
            self.problems += problems
        return self._check(located, kind, shown), body, shown, body_line

    def _check(self, located: Located | None, kind: str, shown: str) -> Located | None:
        if located is None:
            self.failed(kind)
            return None
        errors = schemas.errors(kind, located.data)
        for path, message in errors:
            self.problem(shown, located, path, message)
        if errors:
            self.failed(kind)
        return None if errors else located

    def files(self, folder: str, suffixes: tuple[str, ...]) -> list[Path]:
        """Files of one kind in a folder; a stem given twice (a.yml, a.yaml) is an error."""
        base = self.data_dir / folder
        found = sorted(p for p in base.glob("*") if p.is_file() and p.suffix in suffixes) if base.is_dir() else []
        seen: dict[str, Path] = {}
        unique = []
        for p in found:
            if p.stem in seen:
                self.problems.append(Problem(self.shown(p), 1, "", f"duplicate file: {self.shown(seen[p.stem])} already defines '{p.stem}'"))
                continue
            seen[p.stem] = p
            unique.append(p)
        for p in base.glob("*") if base.is_dir() else []:
            if p.is_file() and p.suffix not in suffixes and not p.name.startswith("."):
                self.problems.append(Problem(self.shown(p), 1, "", f"unexpected file; {folder}/ holds only {' '.join(suffixes)} files"))
        return unique

    def single(self, name: str, kind: str) -> tuple[Located | None, str]:
        candidates = [self.data_dir / f"{name}{s}" for s in YAML_SUFFIXES if (self.data_dir / f"{name}{s}").is_file()]
        if not candidates:
            shown = self.shown(self.data_dir / f"{name}.yml")
            self.problems.append(Problem(shown, 0, "", "file is missing"))
            self.failed(kind)
            return None, shown
        for extra in candidates[1:]:
            self.problems.append(Problem(self.shown(extra), 1, "", f"duplicate file: {self.shown(candidates[0])} already exists"))
        return self.read(candidates[0], kind)


def _edition(raw: dict) -> Edition:
    return Edition(
        edition=raw["edition"],
        effective=raw["effective"],
        reviewed=raw["reviewed"],
        changes=tuple(Change(c["date"], c["edition"], c["note"]) for c in raw["changes"]),
    )


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


def load(data_dir: Path) -> KnowledgeBase:
    """Load and validate the whole knowledge base; raise DataError listing every problem."""
    reader = _Reader(Path(data_dir))
    where: dict[str, tuple[str, Located, tuple]] = {}  # id -> (file, located, path) for reference errors
    refs: list[tuple[str, str, str, Located, tuple]] = []  # (kind, id, file, located, path)

    def define(kind: str, key: str, file: str, located: Located, path: tuple) -> bool:
        full = f"{kind}:{key}"
        if full in where:
            other_file, other_loc, other_path = where[full]
            reader.problem(file, located, path, f"duplicate {kind} '{key}' (already defined at {other_file}:{other_loc.line(other_path)})")
            return False
        where[full] = (file, located, path)
        return True

    def refer(kind: str, key: str, file: str, located: Located, path: tuple) -> None:
        refs.append((kind, key, file, located, path))

    sectors: list[Sector] = []
    prefixes: dict[str, str] = {}
    for path in reader.files("sectors", YAML_SUFFIXES):
        located, file = reader.read(path, "sector")
        if located is None:
            continue
        raw = located.data
        if raw["code"] != path.stem:
            reader.problem(file, located, ("code",), f"'{raw['code']}' does not match the file name; expected '{path.stem}'")
        if not define("sector", raw["code"], file, located, ("code",)):
            continue
        if raw["id_prefix"] in prefixes:
            reader.problem(file, located, ("id_prefix",), f"'{raw['id_prefix']}' is already the prefix of sector '{prefixes[raw['id_prefix']]}'")
        prefixes[raw["id_prefix"]] = raw["code"]
        sectors.append(Sector(raw["code"], raw["name"], raw["summary"], raw["icon"], raw["order"], raw["id_prefix"], _edition(raw["edition"])))
    sector_prefix = {s.code: s.id_prefix for s in sectors}

    categories: list[Category] = []
    located, file = reader.single("categories", "categories")
    if located:
        for i, raw in enumerate(located.data["categories"]):
            if define("category", raw["code"], file, located, ("categories", i, "code")):
                categories.append(Category(raw["code"], raw["name"], raw["phsm"], raw["description"]))

    groups: list[IndicatorGroup] = []
    indicators: list[Indicator] = []
    located, file = reader.single("indicators", "indicators")
    if located:
        for i, raw in enumerate(located.data["groups"]):
            if define("indicator group", raw["code"], file, located, ("groups", i, "code")):
                groups.append(IndicatorGroup(raw["code"], raw["name"], raw["description"]))
        for i, raw in enumerate(located.data["indicators"]):
            if define("indicator", raw["code"], file, located, ("indicators", i, "code")):
                indicators.append(Indicator(raw["code"], raw["name"], raw["unit"], raw["group"]))
                refer("indicator group", raw["group"], file, located, ("indicators", i, "group"))
    indicator_unit = {i.code: i.unit for i in indicators}

    terms: list[Term] = []
    located, file = reader.single("glossary", "glossary")
    if located:
        for i, raw in enumerate(located.data["terms"]):
            if not define("term id", raw["id"], file, located, ("terms", i, "id")):
                continue
            for j, word in enumerate([raw["term"], *raw.get("aliases", [])]):
                define("term", word, file, located, ("terms", i, "term") if j == 0 else ("terms", i, "aliases", j - 1))
            for j, other in enumerate(raw.get("see_also", [])):
                refer("term id", other, file, located, ("terms", i, "see_also", j))
            terms.append(Term(raw["id"], raw["term"], raw["definition"], tuple(raw.get("aliases", [])), tuple(raw.get("see_also", []))))

    checklists: dict[str, Checklist] = {}
    for path in reader.files("checklists", YAML_SUFFIXES):
        located, file = reader.read(path, "checklist")
        if located is None:
            continue
        raw = located.data
        code = raw["sector"]
        if code != path.stem:
            reader.problem(file, located, ("sector",), f"'{code}' does not match the file name; expected '{path.stem}'")
        refer("sector", code, file, located, ("sector",))
        measures = []
        for i, m in enumerate(raw["measures"]):
            at = ("measures", i)
            prefix = sector_prefix.get(code)
            if prefix and not m["id"].startswith(prefix + "-"):
                reader.problem(file, located, (*at, "id"), f"'{m['id']}' does not start with this sector's prefix '{prefix}-'")
            if not define("measure", m["id"], file, located, (*at, "id")):
                continue
            refer("category", m["category"], file, located, (*at, "category"))
            lowest = min(RISK_LEVELS.index(r) for r in m["risk"])
            expected_levels = list(RISK_LEVELS[lowest:])
            if sorted(m["risk"], key=RISK_LEVELS.index) != expected_levels:
                reader.problem(file, located, (*at, "risk"),
                               f"{', '.join(m['risk'])} skips a level; risk levels are cumulative, expected {', '.join(expected_levels)}")
            sources = []
            for j, s in enumerate(m["sources"]):
                if "report" in s:
                    refer("report", s["report"], file, located, (*at, "sources", j, "report"))
                    sources.append(Source("report", s["report"]))
                else:
                    sources.append(Source("document", s["document"]))
            measures.append(Measure(
                id=m["id"], sector=code, title=m["title"], detail=m["detail"], category=m["category"],
                party=m["responsible"]["party"], role=m["responsible"]["role"], frequency=m["frequency"],
                phase=m["phase"], risk=tuple(sorted(m["risk"], key=RISK_LEVELS.index)),
                records=tuple(m["records"]), sources=tuple(sources),
            ))
        checklists[code] = Checklist(code, _edition(raw["edition"]), tuple(measures))

    reports: list[Report] = []
    for path in reader.files("reports", (".md",)):
        located, body, file, body_line = reader.read_front_matter(path, "report")
        if located is None:
            continue
        raw = located.data
        if raw["id"] != path.stem:
            reader.problem(file, located, ("id",), f"'{raw['id']}' does not match the file name; expected '{path.stem}'")
        if not define("report", raw["id"], file, located, ("id",)):
            continue
        refer("sector", raw["sector"], file, located, ("sector",))
        stats = []
        for i, s in enumerate(raw["statistics"]):
            at = ("statistics", i)
            refer("indicator", s["indicator"], file, located, (*at, "indicator"))
            unit = indicator_unit.get(s["indicator"])
            if unit is not None and unit != s["unit"]:
                reader.problem(file, located, (*at, "unit"), f"'{s['unit']}' does not match indicator '{s['indicator']}'; expected '{unit}'")
            stats.append(Statistic(s["indicator"], s["value"], s["unit"], bool(s.get("approx", False)), s.get("qualifier", "")))
        actions = []
        for i, a in enumerate(raw["actions"]):
            for j, mid in enumerate(a["measures"]):
                refer("measure", mid, file, located, ("actions", i, "measures", j))
            actions.append(Action(a["text"], tuple(a["measures"])))
        sections = split_sections(body)
        if not sections:
            reader.problems.append(Problem(file, body_line, "body", "no sections; write each section under a '## ' heading"))
        reports.append(Report(
            id=raw["id"], title=raw["title"], unit=raw["unit"], unit_type=raw["unit_type"], sector=raw["sector"],
            region=raw["region"], period=raw["period"], summary=raw["summary"],
            statistics=tuple(stats), actions=tuple(actions), sections=sections,
        ))

    for kind, key, file, located, path in refs:
        if f"{kind}:{key}" not in where and kind not in reader.incomplete:
            known = sorted(k.split(":", 1)[1] for k in where if k.startswith(kind + ":"))
            hint = f"; known: {', '.join(known[:12])}{' …' if len(known) > 12 else ''}" if known else ""
            reader.problem(file, located, path, f"unknown {kind} '{key}'{hint}")

    if reader.problems:
        raise DataError(reader.problems)
    return KnowledgeBase(sectors, categories, checklists, reports, groups, indicators, terms)
