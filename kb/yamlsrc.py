"""Read YAML with PyYAML, keeping the line of every value for error messages.

PyYAML's composer already records where each node starts; we walk the node tree
ourselves so that duplicate keys become errors (PyYAML silently keeps the last)
and dates stay ISO strings (JSON Schema validates strings, not ``date``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problem, format_path

_STR = "tag:yaml.org,2002:str"
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


def _plain(node: yaml.Node, loader) -> object:
    """The node's data without positions: the fast path for files that turn out valid."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        return node.value if node.tag in _AS_WRITTEN else loader.construct_object(node)
    if kind is yaml.SequenceNode:
        return [_plain(item, loader) for item in node.value]
    if any(key.tag == _MERGE for key, _ in node.value):
        loader.flatten_mapping(node)
    result: dict = {}
    for key_node, value_node in node.value:
        key = key_node.value if key_node.tag == _STR else str(loader.construct_object(key_node))
        if key in result:
            raise _DuplicateKey
        result[key] = _plain(value_node, loader)
    return result


def _line_map(text: str) -> dict[tuple, int]:
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
            return self.loader.construct_object(node)
        if kind is yaml.SequenceNode:
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if any(key.tag == _MERGE for key, _ in node.value):
            self.loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value if key_node.tag == _STR else str(self.loader.construct_object(key_node))
            if key in result:
                self.problems.append(Problem(
                    self.file, key_node.start_mark.line + 1, format_path((*path, key)),
                    f"duplicate key '{key}' (first given on line {self.lines[(*path, key)]})",
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
            return None, [Problem(file, 1 + offset, "", "the file is empty; expected YAML data")]
        try:
            return Located(_plain(node, loader), text, offset), []
        except _DuplicateKey:
            builder = _Builder(file, loader)  # again, keeping positions, to name every duplicate
            data = builder.build(node, ())
            return Located(data, text, offset, builder.lines), builder.problems
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        what = err.problem or str(err)
        lines = text.splitlines()
        bad_line = lines[mark.line] if mark and mark.line < len(lines) else ""
        if "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())] or "'\\t'" in str(err):
            what = "a tab character; indent YAML with spaces"
        return None, [Problem(file, line, "", f"invalid YAML: {what}")]
    except yaml.YAMLError as err:
        return None, [Problem(file, 1 + offset, "", f"invalid YAML: {err}")]
    finally:
        loader.dispose()


def split_front_matter(text: str, file: str) -> tuple[str | None, str, int, list[Problem]]:
    """Split ``---`` front matter from a Markdown body: (yaml, body, body_line, problems)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text, 1, [Problem(file, 1, "", "expected YAML front matter starting with '---' on the first line")]
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2, []
    return None, text, 1, [Problem(file, 1, "", "front matter is not closed with a '---' line")]


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file, reporting unreadable or non-UTF-8 files as problems."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem(shown, 0, "", f"cannot read the file: {err.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(shown, line, "", "the file is not UTF-8 text; save it as UTF-8")]
    if not text.strip():
        return None, [Problem(shown, 1, "", "the file is empty; expected YAML data")]
    return text, []
