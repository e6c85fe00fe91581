"""Read YAML with PyYAML, keeping the line of every value for error messages.

PyYAML's composer already records where each node starts; we walk the node tree
ourselves so that duplicate keys become errors (PyYAML silently keeps the last)
and dates stay ISO strings (JSON Schema validates strings, not ``date``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kb.core.problems import Problem, format_path

# Limits that keep a hostile or mistaken file from exhausting memory or the stack (README lists them).
MAX_FILE_BYTES = 8 * 1024 * 1024  # a sector's checklist at 100x (make bench) is up to 3 MB
MAX_DEPTH = 40
MAX_NODES = 200_000  # values visited, counting each expansion of a YAML alias again
# Characters of one integer as written: the largest bound in a schema (10^12) has 13 digits; PyYAML
# would turn thousands of digits into an int that Python refuses to print (or to read past 4300 digits).
MAX_NUMBER_CHARS = 30

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"
_AS_WRITTEN = {_STR, "tag:yaml.org,2002:timestamp"}


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser when PyYAML was built with it (its wheels are), else the pure-Python one.

    Scalars whose first character can start no implicit type (most of this data is Chinese
    text) are resolved as strings at once, skipping the resolver's generic path.
    """

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in self.yaml_implicit_resolvers:
            return _STR
        return super().resolve(kind, value, implicit)


class _DuplicateKey(Exception):
    pass


class _Limit(Exception):
    """A structure past one of the limits; carries the problem's message key, line and values."""

    def __init__(self, key: str, limit: int, line: int, **values: object):
        self.key, self.limit, self.line, self.values = key, limit, line, values


def _check_number(node: yaml.Node) -> None:
    """An integer written with more characters than any bound needs: refused before PyYAML reads it."""
    if node.__class__ is yaml.ScalarNode and node.tag == _INT and len(node.value) > MAX_NUMBER_CHARS:
        raise _Limit("number_too_long", MAX_NUMBER_CHARS, node.start_mark.line + 1, length=len(node.value))


def _check_limits(root: yaml.Node) -> None:
    """Walk the node graph once, without building data, counting alias expansions and depth, and
    refusing integers too long to read."""
    stack = [(root, 1)]
    visited = 0
    while stack:
        node, depth = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            raise _Limit("yaml_too_many_aliases", MAX_NODES, node.start_mark.line + 1)
        if depth > MAX_DEPTH:
            raise _Limit("yaml_too_deep", MAX_DEPTH, node.start_mark.line + 1)
        kind = node.__class__
        if kind is yaml.ScalarNode:
            _check_number(node)
        elif kind is yaml.SequenceNode:
            stack.extend((item, depth + 1) for item in node.value)
        elif kind is yaml.MappingNode:
            for key, value in node.value:
                if key.__class__ is yaml.ScalarNode:
                    _check_number(key)
                else:
                    stack.append((key, depth + 1))
                stack.append((value, depth + 1))


def _construct(loader, node: yaml.Node) -> object:
    """PyYAML's value of a node other than text; a value its tag cannot take (`!!int abc`,
    `!!bool x`, `!!float ''`) is a problem at the node's line, not a ValueError."""
    try:
        return loader.construct_object(node)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        shown = node.value if isinstance(node.value, str) else ""
        raise _Limit("yaml_bad_value", 0, node.start_mark.line + 1, value=shown[:20],
                     tag=node.tag.rsplit(":", 1)[-1]) from None


def _plain(node: yaml.Node, loader) -> object:
    """The node's data without positions: the fast path for files that turn out valid."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        return node.value if node.tag in _AS_WRITTEN else _construct(loader, node)
    if kind is yaml.SequenceNode:
        return [_plain(item, loader) for item in node.value]
    if any(key.tag == _MERGE for key, _ in node.value):
        loader.flatten_mapping(node)
    result: dict = {}
    for key_node, value_node in node.value:
        key = key_node.value if key_node.tag == _STR else str(_construct(loader, key_node))
        if key in result:
            raise _DuplicateKey
        result[key] = _plain(value_node, loader)
    return result


@lru_cache(maxsize=512)
def _line_map(text: str) -> dict[tuple, int]:
    """The line of each path of a YAML text: kept for the process, since `kb check` loads the national
    edition and each regional one from the same files and may need the same file's lines each time
    (callers only read the map)."""
    loader = Loader(text)
    try:
        builder = _Builder("", loader)
        builder.build(loader.get_single_node(), ())
        return builder.lines
    finally:
        loader.dispose()


@dataclass
class Located:
    """A parsed document; the 1-based line of each JSON path is worked out only when asked.

    Valid files (nearly all of them) never need line numbers, so the map is built on the first
    call to ``line`` by parsing the text again with positions kept.
    """

    data: object
    text: str = ""
    offset: int = 0  # lines before the YAML starts (front matter fence)
    lines: dict[tuple, int] | None = None

    def line(self, path: tuple | list) -> int:
        if self.lines is None:
            self.lines = _line_map(self.text)
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1) + self.offset


class _Builder:
    def __init__(self, file: str, loader: Loader):
        self.file = file
        self.loader = loader
        self.lines: dict[tuple, int] = {}
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: tuple) -> object:
        # Hot path of large builds: strings (most values) are taken straight from the node.
        self.lines[path] = node.start_mark.line + 1
        kind = node.__class__
        if kind is yaml.ScalarNode:
            if node.tag in _AS_WRITTEN:
                return node.value  # text, and dates kept as written: '2026-11-01'
            return _construct(self.loader, node)
        if kind is yaml.SequenceNode:
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if any(key.tag == _MERGE for key, _ in node.value):
            self.loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value if key_node.tag == _STR else str(_construct(self.loader, key_node))
            if key in result:
                self.problems.append(Problem.of(
                    "yaml_duplicate_key", self.file, key_node.start_mark.line + 1, format_path((*path, key)),
                    key=key, line=self.lines[(*path, key)],
                ))
                continue
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*path, key))
        return result


def parse_yaml(text: str, file: str, offset: int = 0) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document; on a syntax error return the problem, not a traceback."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem.of("empty_file", file, 1 + offset)]
        _check_limits(node)
        try:
            return Located(_plain(node, loader), text, offset), []
        except _DuplicateKey:
            builder = _Builder(file, loader)  # again, keeping positions, to name every duplicate
            data = builder.build(node, ())
            return Located(data, text, offset, builder.lines), builder.problems
    except _Limit as limit:
        return None, [Problem.of(limit.key, file, limit.line + offset, limit=limit.limit, **limit.values)]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        what = err.problem or str(err)
        lines = text.splitlines()
        bad_line = lines[mark.line] if mark and mark.line < len(lines) else ""
        if "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())] or "'\\t'" in str(err):
            return None, [Problem.of("yaml_tab", file, line)]
        return None, [Problem.of("yaml_syntax", file, line, what=what)]
    except yaml.YAMLError as err:
        return None, [Problem.of("yaml_syntax", file, 1 + offset, what=str(err))]
    except RecursionError:
        return None, [Problem.of("yaml_too_deep", file, 1 + offset, limit=MAX_DEPTH)]
    finally:
        loader.dispose()


def split_front_matter(text: str, file: str) -> tuple[str | None, str, int, list[Problem]]:
    """Split ``---`` front matter from a Markdown body: (yaml, body, body_line, problems)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text, 1, [Problem.of("front_matter_missing", file, 1)]
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2, []
    return None, text, 1, [Problem.of("front_matter_unclosed", file, 1)]


# C0 controls other than tab, newline and carriage return, DEL, and C1 controls: never part of text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode(raw: bytes) -> tuple[str | None, int]:
    """The one rule for every text file of the knowledge base: UTF-8, with or without a byte-order mark
    (which is dropped). Returns (text, 0), or (None, the line of the first byte that is not UTF-8). A
    UTF-16 or UTF-32 file (its byte-order mark, or NUL bytes in a quarter of its places) is not UTF-8
    from its first line, even when its bytes happen to decode."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or raw.count(b"\x00") * 4 > len(raw):
        return None, 1
    try:
        return raw.decode("utf-8-sig"), 0
    except UnicodeDecodeError as err:
        return None, raw[: err.start].count(b"\n") + 1


def text_of(raw: bytes) -> str:
    """A file's text by the same rule, for readers that only show or scan it (a file that is not
    UTF-8 is reported by the loader or kb check): undecodable bytes become U+FFFD."""
    text, _ = decode(raw)
    return text if text is not None else raw.decode("utf-8", errors="replace")


def read_text(path: Path, shown: str, overrides: dict[Path, str] | None = None) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file, reporting unreadable, oversized, non-UTF-8 or control-character files as problems.

    ``overrides`` gives the text of files about to be written (``kb new`` validates before writing).
    A symbolic link is never opened: what it points at is no part of the knowledge base.
    """
    if overrides and path in overrides:
        raw = overrides[path].encode("utf-8")
    elif path.is_symlink():
        return None, [Problem.of("symlink", shown, 1)]
    else:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                return None, [Problem.of("file_too_large", shown, 1, size=size, limit=MAX_FILE_BYTES)]
            raw = path.read_bytes()
        except OSError as err:
            return None, [Problem.of("cannot_read", shown, 0, reason=err.strerror or str(err))]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem.of("file_too_large", shown, 1, size=len(raw), limit=MAX_FILE_BYTES)]
    text, bad_line = decode(raw)
    if text is None:
        return None, [Problem.of("not_utf8", shown, bad_line)]
    bad = CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        return None, [Problem.of("control_character", shown, line, char=f"U+{ord(bad.group(0)):04X}")]
    if not text.strip():
        return None, [Problem.of("empty_file", shown, 1)]
    return text, []
