"""What a computation read of an object, so that a later run can tell whether its result still holds.

This is the per-page dependency tracking of the build cache (kb.infra.cache.TrackedStore): a page is
rendered from ``Tracked(kb, reads)`` instead of the knowledge base itself, and every attribute it
reads, every method it calls (with its arguments) and every key it looks up in a dict attribute is
recorded as a *path*. After the run each path is resolved on the object and summarised by a digest of
the value's ``repr`` (the model's dataclasses show every field in it). A later run reuses the result
while every path it read resolves to a value with the same digest: one report edited re-renders its
own page and the pages that list all reports, not every page.

Recorded rather than declared (compare Sphinx's ``env.note_dependency``): a renderer cannot forget an
input it reads. What cannot be recorded makes the result *opaque*, never kept: a method called with
arguments that are not plain values, and the object's ``memo`` other than through `memoized`.

A value worked out from much of the object (the page a checklist's measure is on depends on every
measure before it) can be read as a *derived* value (`read_derived`, registered with `derived`): the
result records the value itself, not everything it was worked out from, so a change that leaves it
the same (a measure's wording edited, a measure added after it) keeps the result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

Path = tuple  # ("sectors",) | (name, "[]", key) | (name, "()", args)
PLAIN = (str, int, float, bool, type(None))
MISSING = "<missing>"


def _plain(value: object) -> bool:
    if isinstance(value, tuple):
        return all(_plain(v) for v in value)
    return isinstance(value, PLAIN)


class Reads:
    """The paths one computation read; nested recordings (`memoized`) add theirs to the outer ones."""

    def __init__(self) -> None:
        self.paths: set[Path] = set()
        self.opaque = False  # something was read that cannot be checked later: keep nothing

    def add(self, path: Path) -> None:
        self.paths.add(path)

    def merge(self, other: Reads) -> None:
        self.paths |= other.paths
        self.opaque = self.opaque or other.opaque


class TrackedMapping(Mapping):
    """A dict attribute whose lookups are recorded key by key; going through all of it records it whole."""

    def __init__(self, data: Mapping, name: str, reads: Reads) -> None:
        self._data, self._name, self._reads = data, name, reads

    def __getitem__(self, key):
        if _plain(key):
            self._reads.add((self._name, "[]", key))
        else:
            self._reads.add((self._name,))
        return self._data[key]

    def __iter__(self) -> Iterator:
        self._reads.add((self._name,))
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.add((self._name,))
        return len(self._data)

    def __repr__(self) -> str:
        self._reads.add((self._name,))
        return repr(self._data)


class Tracked:
    """`target` as a computation sees it, with what it reads recorded in `reads`."""

    def __init__(self, target: object, reads: Reads) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str) -> Any:
        target, reads = self._target, self._reads
        if name == "memo":  # a memo read directly cannot be checked later; see memoized()
            reads.opaque = True
            return target.memo
        value = getattr(target, name)
        if callable(value) and hasattr(value, "__self__"):  # a bound method: record each call
            def call(*args):
                if _plain(args):
                    reads.add((name, "()", args))
                else:
                    reads.opaque = True
                return value(*args)
            return call
        if isinstance(value, Mapping):
            return TrackedMapping(value, name, reads)
        reads.add((name,))
        return value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{name}: a tracked object is read-only")


DERIVED: dict[str, Callable[..., object]] = {}  # name -> function(target, *plain arguments)
_DERIVED = "@"  # a path ("@name", "()", args) reads a derived value


def derived(name: str) -> Callable[[Callable], Callable]:
    """Register `function(target, *args)` as the derived value `name` (see read_derived)."""
    def register(function: Callable) -> Callable:
        DERIVED[name] = function
        return function
    return register


def read_derived(obj: object, name: str, *args: object) -> object:
    """The derived value `name` of `obj` for `args` (plain values). Seen through Tracked, the value
    itself is what is recorded: it is worked out on the object behind the view, reading nothing."""
    function = DERIVED[name]
    if not isinstance(obj, Tracked):
        return function(obj, *args)
    if _plain(args):
        obj._reads.add((_DERIVED + name, "()", args))
    else:
        obj._reads.opaque = True
    return function(obj._target, *args)


def untracked(obj: object) -> object:
    """The object behind a Tracked view (or the object itself)."""
    return obj._target if isinstance(obj, Tracked) else obj


def memoized(obj: object, key: tuple, compute: Callable[[], object]) -> object:
    """compute(), once per object and key (kept in its ``memo``). Seen through Tracked, the reads made
    while computing are kept with the value and recorded again on every later use, so that each
    computation that uses the value depends on what it was made from."""
    if not isinstance(obj, Tracked):
        memo = obj.memo
        if key not in memo:
            memo[key] = compute()
        return memo[key]
    memo, reads = obj._target.memo, obj._reads
    found = memo.get(("tracked",) + key)
    if found is None:
        inner = Reads()
        object.__setattr__(obj, "_reads", inner)
        try:
            found = (compute(), inner)
        finally:
            object.__setattr__(obj, "_reads", reads)
        memo[("tracked",) + key] = found
    reads.merge(found[1])
    return found[0]


def resolve(target: object, path: Path) -> object:
    """The value a path reads on `target` now."""
    name = path[0]
    if name.startswith(_DERIVED):
        return DERIVED[name.removeprefix(_DERIVED)](target, *path[2])
    if len(path) == 1:
        return getattr(target, name)
    kind, argument = path[1], path[2]
    value = getattr(target, name)
    if kind == "[]":
        return value.get(argument, MISSING)
    return value(*argument)


def digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Digests:
    """The digest of each path on one object, worked out once per run."""

    def __init__(self, target: object) -> None:
        self.target = untracked(target)
        self.known: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        found = self.known.get(path)
        if found is None:
            try:
                found = digest(resolve(self.target, path))
            except Exception as err:  # noqa: BLE001 - a path that no longer resolves only differs
                found = f"<{type(err).__name__}>"
            self.known[path] = found
        return found

    def holds(self, recorded: list[tuple[Path, str]]) -> bool:
        """Whether every path read still has the digest recorded."""
        return all(self(path) == value for path, value in recorded)

    def record(self, reads: Reads) -> list[tuple[Path, str]] | None:
        """The paths read with their digests now, or None for a computation that cannot be checked."""
        if reads.opaque:
            return None
        return sorted(((path, self(path)) for path in reads.paths), key=repr)
