"""Reading data files: text, YAML with line numbers, schema checks, and the registry of ids.

The reader collects every problem instead of stopping at the first, so one run reports them all.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.core.chars import describe as describe_char
from kb.core.chars import lookalike
from kb.core.messages import severity
from kb.core.problems import Problem, format_path
from kb.core.safety import unsafe_markup
from kb.infra.cache import ContentCache
from kb.load import schemas
from kb.load.yamlsrc import Located, parse_yaml, read_text, split_front_matter

YAML_SUFFIXES = (".yml", ".yaml")
# Which reference kinds each file kind defines: when such a file cannot be read, references to its
# ids are not reported as unknown (that would only echo the first error).
DEFINES = {
    "vocabularies": ("触发情形",), "edition": (), "source": ("依据文件",), "sector": ("行业",),
    "categories": ("措施类别",), "diseases": ("疾病",), "checklist": ("措施",), "report": ("汇报",),
    "indicators": ("统计指标", "统计分类"), "glossary": ("术语编号", "术语"), "reporting": (), "plans": (),
    "evidence": (), "region": (), "region_checklist": ("措施",),
}
# Fields for editors only (never published): the one place a note on checking may stand.
EDITORS_FIELDS = {"editors", "unverified"}
# The kind of file each folder of data/ holds (to know which ids are missing when one is refused).
FOLDER_KINDS = {"sources": "source", "sectors": "sector", "checklists": "checklist", "reports": "report"}


@dataclass
class Reference:
    kind: str
    key: str
    file: str
    located: Located
    path: tuple


@dataclass
class Reader:
    """Reads files under one data folder, remembering where each value and id came from."""

    data_dir: Path
    overrides: dict[Path, str] = field(default_factory=dict)  # texts about to be written (kb new)
    skip: frozenset[Path] = frozenset()  # files treated as absent (invalid drafts set aside by kb import)
    today: datetime.date = field(default_factory=datetime.date.today)
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    editors_phrases: tuple[str, ...] = ()  # data/evidence.yml: refused in every field but EDITORS_FIELDS
    problems: list[Problem] = field(default_factory=list)
    incomplete: set[str] = field(default_factory=set)
    defined: dict[str, tuple[str, Located, tuple]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    # Parsed values of files found valid before (kb.infra.cache); by default nothing is kept.
    cache: ContentCache = field(default_factory=lambda: ContentCache(None))
    _digests: dict[str, str] = field(default_factory=dict)
    # Every file's name and text, in reading order: what the knowledge base was made from (its digest).
    sources: list[str] = field(default_factory=list)
    links: set[Path] = field(default_factory=set)  # symbolic links in data/ and docs/: reported, never opened
    # False for a build, which has no use for warnings (they are `kb check`'s): finding a warning's line
    # means reading its file's YAML again, and a large knowledge base has thousands of them.
    keep_warnings: bool = True

    @property
    def root(self) -> Path:
        return self.data_dir.parent

    def shown(self, path: Path) -> str:
        """The path as messages show it: relative to the project's root."""
        text, root = path.as_posix(), self.root.as_posix().rstrip("/") + "/"
        return text.removeprefix(root)

    def problem(self, message_key: str, file: str, located: Located | None, path: tuple, /, **values: object) -> None:
        if not self.keep_warnings and severity(message_key) == "warning":
            return
        line = located.line(path) if located else 1
        self.problems.append(Problem.of(message_key, file, line, format_path(path), **values))

    def problem_at(self, message_key: str, file: str, line: int, field: str = "", /, **values: object) -> None:
        if not self.keep_warnings and severity(message_key) == "warning":
            return
        self.problems.append(Problem.of(message_key, file, line, field, **values))

    # Ids and references ------------------------------------------------------------------------

    def plain_key(self, key: object, file: str, located: Located, path: tuple) -> bool:
        """Whether an id, code or term holds only characters an editor can see and tell apart; if not,
        the problem is reported (an id with a zero-width space looks the same and is another id)."""
        char = lookalike(key) if isinstance(key, str) else None
        if char is None:
            return True
        code, name = describe_char(char)
        self.problem("lookalike", file, located, path, found=repr(key), char=code, name=name)
        return False

    def define(self, kind: str, key: str, file: str, located: Located, path: tuple) -> bool:
        self.plain_key(key, file, located, path)
        full = f"{kind}:{key}"
        if full in self.defined:
            other_file, other_loc, other_path = self.defined[full]
            self.problem("duplicate_id", file, located, path, kind=kind, key=key,
                         where=f"{other_file}:{other_loc.line(other_path)}")
            return False
        self.defined[full] = (file, located, path)
        return True

    def refer(self, kind: str, key: str, file: str, located: Located, path: tuple) -> None:
        if self.plain_key(key, file, located, path):  # else reported already, not again as unknown
            self.references.append(Reference(kind, key, file, located, path))

    def known(self, kind: str) -> list[str]:
        return sorted(k.split(":", 1)[1] for k in self.defined if k.startswith(kind + ":"))

    # Files ----------------------------------------------------------------------------------

    def _remember(self, path: Path, text: str) -> None:
        shown = self.shown(path)
        self.sources += (shown, text)
        digest = hashlib.sha256("".join(text.split()).encode()).hexdigest()
        if digest in self._digests:
            self.problems.append(Problem.of("duplicate_content", shown, 1, other=self._digests[digest]))
        else:
            self._digests[digest] = shown

    def failed(self, kind: str) -> None:
        self.incomplete.update(DEFINES.get(kind, ()))

    def read(self, path: Path, kind: str) -> tuple[Located | None, str]:
        """Parse and schema-check one YAML file; returns (located, shown name)."""
        shown = self.shown(path)
        text, problems = read_text(path, shown, self.overrides)
        self.problems += problems
        if text is None:
            self.failed(kind)
            return None, shown
        self._remember(path, text)
        return self._parse_checked(text, kind, shown), shown

    def read_front_matter(self, path: Path, kind: str) -> tuple[Located | None, str, str, int]:
        shown = self.shown(path)
        text, problems = read_text(path, shown, self.overrides)
        self.problems += problems
        if text is None:
            self.failed(kind)
            return None, "", shown, 1
        self._remember(path, text)
        front, body, body_line, problems = split_front_matter(text, shown)
        self.problems += problems
        if front is None:
            self.failed(kind)
            return None, body, shown, body_line
        return self._parse_checked(front, kind, shown, offset=1), body, shown, body_line

    def _parse_checked(self, text: str, kind: str, shown: str, offset: int = 0) -> Located | None:
        """The YAML text parsed and checked, or its values as kept from a run that found it valid.

        A file's validity depends on its text and on the vocabulary (the schemas' lists of codes) and,
        for dates ahead, on today: all three are part of the key.
        """
        key = f"{sorted(self.vocabulary.items())}\0{self.editors_phrases}\0{self.today.isoformat()}\0{offset}\0{text}"
        data = self.cache.peek(kind, key)
        if data is not None:
            return Located(data, text, offset)
        located, problems = parse_yaml(text, shown, offset)
        self.problems += problems
        checked = self._check(located, kind, shown)
        if checked is not None and not problems:
            self.cache.put(kind, key, checked.data)
        return checked

    def _check(self, located: Located | None, kind: str, shown: str) -> Located | None:
        if located is None:
            self.failed(kind)
            return None
        errors = schemas.errors(kind, located.data, self.vocabulary)
        for path, key, values in errors:
            self.problem(key, shown, located, path, **values)
        errors += self._values(located, shown)
        if errors:
            self.failed(kind)
        return None if errors else located

    def editors_phrase(self, text: str, path: tuple = ()) -> str | None:
        """A phrase of an editor's checking in a public text (any field but EDITORS_FIELDS), or None."""
        if any(part in EDITORS_FIELDS for part in path if isinstance(part, str)):
            return None
        return next((p for p in self.editors_phrases if p in text), None)

    def _values(self, located: Located, shown: str) -> list:
        """Values JSON Schema lets through: infinities and NaN, dates that do not exist or lie ahead."""
        found = []
        stack: list[tuple[tuple, object]] = [((), located.data)]
        while stack:
            path, value = stack.pop()
            if isinstance(value, dict):
                stack.extend(((*path, k), v) for k, v in value.items())
            elif isinstance(value, list):
                stack.extend(((*path, i), v) for i, v in enumerate(value))
            elif isinstance(value, str) and (what := unsafe_markup(value)):
                found.append(path)
                self.problem("unsafe_markup", shown, located, path, what=what)
            elif isinstance(value, str) and (phrase := self.editors_phrase(value, path)):
                found.append(path)
                self.problem("editors_phrase", shown, located, path, phrase=phrase)
            elif isinstance(value, float) and not math.isfinite(value):
                found.append(path)
                self.problem("not_finite", shown, located, path, found=value)
            elif isinstance(value, str) and path and path[-1] in DATE_FIELDS and _DATE.match(value):
                try:
                    day = _parse_date(value)
                except ValueError:
                    found.append(path)
                    self.problem("not_a_date", shown, located, path, found=value)
                    continue
                if path[-1] in NOT_AFTER_TODAY and day > self.today:
                    found.append(path)
                    self.problem("date_in_future", shown, located, path, found=value, today=self.today.isoformat())
        return found

    def refuse_links(self) -> None:
        """Report every symbolic link in data/ and docs/ (files and folders alike) and remember them, so
        that no loader opens one: a link could bring any file of the machine into messages and pages."""
        for top in (self.data_dir, self.root / "docs"):
            for link in _links(top):
                self.links.add(link)
                self.problems.append(Problem.of("symlink", self.shown(link), 1))

    def linked(self, path: Path) -> bool:
        """Whether path is, or lies in, a symbolic link found by refuse_links."""
        return bool(self.links) and (path in self.links or any(parent in self.links for parent in path.parents))

    def files(self, folder: str, suffixes: tuple[str, ...]) -> list[Path]:
        """Files of one kind in a folder; a stem given twice (a.yml, a.yaml) is an error. Symbolic links
        are left out (refuse_links reported them); the ids such a file might define count as unknown."""
        base = self.data_dir / folder
        if self.linked(base):
            self.failed(FOLDER_KINDS.get(folder, ""))
            return []
        present = {p for p in base.glob("*") if p.is_file() or p.is_symlink()} if base.is_dir() else set()
        present |= {p for p in self.overrides if p.parent == base}
        present -= self.skip
        if any(p in self.links for p in present):
            self.failed(FOLDER_KINDS.get(folder, ""))
            present = {p for p in present if p not in self.links}
        found = sorted(p for p in present if p.suffix in suffixes)
        seen: dict[str, Path] = {}
        unique = []
        for p in found:
            if p.stem in seen:
                self.problems.append(Problem.of("duplicate_stem", self.shown(p), 1, other=self.shown(seen[p.stem]), stem=p.stem))
                continue
            seen[p.stem] = p
            unique.append(p)
        for p in sorted(present):
            if p.suffix not in suffixes and not p.name.startswith("."):
                self.problems.append(Problem.of("unexpected_file", self.shown(p), 1, folder=folder, suffixes=" ".join(suffixes)))
        return unique

    def single(self, name: str, kind: str) -> tuple[Located | None, str]:
        candidates = [self.data_dir / f"{name}{s}" for s in YAML_SUFFIXES
                      if (self.data_dir / f"{name}{s}").is_file() or (self.data_dir / f"{name}{s}") in self.overrides
                      or self.linked(self.data_dir / f"{name}{s}")]
        if any(self.linked(c) for c in candidates):  # reported by refuse_links; never read
            self.failed(kind)
            return None, self.shown(next(c for c in candidates if self.linked(c)))
        if not candidates:
            shown = self.shown(self.data_dir / f"{name}.yml")
            self.problems.append(Problem.of("file_missing", shown, 0))
            self.failed(kind)
            return None, shown
        for extra in candidates[1:]:
            self.problems.append(Problem.of("duplicate_stem", self.shown(extra), 1, other=self.shown(candidates[0]), stem=name))
        return self.read(candidates[0], kind)


def _links(top: Path) -> list[Path]:
    """Symbolic links at or under top, which is walked without following any."""
    if top.is_symlink():
        return [top]
    found = []
    for folder, dirs, names in os.walk(top, followlinks=False):
        for name in sorted(dirs + names):
            path = Path(folder) / name
            if path.is_symlink():
                found.append(path)
    return sorted(found)


_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
DATE_FIELDS = {"date", "effective", "reviewed", "issued", "in_force"}
NOT_AFTER_TODAY = {"date", "effective", "reviewed"}


def _parse_date(value: str) -> datetime.date:
    """A full or partial ISO date; a partial one (2020-02, 2020) stands for its first day."""
    parts = value.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 1
    day = int(parts[2]) if len(parts) > 2 else 1
    return datetime.date(year, month, day)
