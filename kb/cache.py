"""Results kept by content between runs, so that a run redoes only what changed.

Everything lives under ``.cache/`` at the project's root (ignored by git; delete it at will):

- ``kb-check.json``: `kb check`'s slow scans (names, near-duplicates), see kb.checkcache;
- ``kb-data.json``: each valid data file's parsed values, so that unchanged files are not parsed and
  schema-checked again (kb.load.reader);
- ``kb-markers-*.json``: the blocks that markers in hand-written pages expand to, by page (kb.markers);
- ``kb-pages-*.bin``, ``kb-dictionary.bin``, ``kb-measures-*.bin``: the generated pages and downloads
  of the last build of each kind of site (with and without directory URLs), the search dictionary and
  the measures' search documents, reused while no data file and no code has changed (kb.site,
  kb.search).

Each result is stored under a key made of its input and of everything else it depends on: the code
that computes it and the versions of the libraries involved. A changed input or a changed rule gives a
new key, so a stale result is never used. A damaged cache is only a slower run; failing to write one
is no error. Files are replaced atomically, so concurrent or interrupted runs leave a whole cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import marshal
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from .atomic import write_bytes

CACHE_DIR = ".cache"
PACKAGE = Path(__file__).parent  # the code whose results are kept
# Libraries whose output the data and page caches keep: a new version may parse or render differently.
LIBRARIES = ("PyYAML", "fastjsonschema", "nh3", "Jinja2", "Markdown", "python-docx", "jieba")


def fingerprint(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def code_version(here: Path = PACKAGE) -> str:
    """Every file of the kb package (code, templates, schemas) and the versions of LIBRARIES.

    Worked out again when a file's size or time changes: `mkdocs serve` rebuilds in one process
    after a template is edited, and must not reuse pages rendered with the old one.
    """
    files = sorted(p for p in here.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return _code_version(here, tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in files))


@functools.lru_cache(maxsize=4)
def _code_version(here: Path, files: tuple[tuple[Path, int, int], ...]) -> str:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return fingerprint(*(f"{p.relative_to(here).as_posix()}\0".encode() + p.read_bytes() for p, _, _ in files), *versions)


class ContentCache:
    """A key -> JSON value store for one run: read once, written once at the end with only the keys used."""

    def __init__(self, path: Path | None, version: str = "") -> None:
        """A store in the file at `path`; with None, a cache that computes everything and keeps nothing."""
        self.path = path
        self.version = version
        self.old: dict = {}
        self.used: dict = {}
        self.added = False  # a value computed in this run, so the file needs writing
        if self.path is not None and self.path.is_file():
            try:
                self.old = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.old = {}  # a damaged cache is only a slower run
            if not isinstance(self.old, dict):
                self.old = {}

    def key(self, kind: str, data: str | bytes) -> str:
        return f"{kind}:{fingerprint(self.version, data)}"

    def get(self, kind: str, data: str | bytes, compute: Callable[[], object]) -> object:
        if self.path is None:
            return compute()
        key = self.key(kind, data)
        if key in self.old:
            value = self.old[key]
        else:
            value, self.added = compute(), True
        self.used[key] = value
        return value

    def peek(self, kind: str, data: str | bytes) -> object | None:
        """The value kept for this input, or None; a value found is kept for the next run (do not change it)."""
        if self.path is None:
            return None
        key = self.key(kind, data)
        value = self.old.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, kind: str, data: str | bytes, value: object) -> None:
        """Keep a value for this input, when it comes back from JSON unchanged (no tuples, sets, bytes)."""
        if self.path is None:
            return
        try:
            copy = json.loads(json.dumps(value, ensure_ascii=False))
        except (TypeError, ValueError):
            return
        if copy == value:  # a copy: what the caller does with its value later is not kept
            self.used[self.key(kind, data)] = copy
            self.added = True

    def save(self) -> None:
        """Write the results of this run (results no longer used are dropped). Failing to write is no error."""
        # Every value used came from the file and none was dropped: the file already says this.
        if self.path is None or (not self.added and len(self.used) == len(self.old)):
            return
        try:
            write_bytes(self.path, json.dumps(self.used, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass


def store(root: Path | None, name: str) -> ContentCache:
    """The store ``.cache/kb-<name>.json`` of the project at `root`, keyed with the code (None: keep nothing)."""
    return ContentCache(root / CACHE_DIR / f"kb-{name}.json" if root is not None else None, code_version())


def data_cache(root: Path | None) -> ContentCache:
    """The parsed data files of the project at `root` (kb.load)."""
    return store(root, "data")


def kept(root: Path | None, name: str, digest: str, parts: tuple[str, ...], compute: Callable[[], list]) -> list:
    """What `compute` returns for a knowledge base (its `digest`, kb.model) and `parts`, kept for the
    next build of the project at `root` in ``.cache/kb-<name>.bin``.

    The value is a list of texts and bytes (str, bytes, tuples, lists). The file holds the last key and
    its value (marshal: fast, and it cannot run code), so it serves a build that follows one with the
    same data, code and parts, the usual case (`make site` builds twice, `mkdocs serve` after a page
    edit). Without a root or a digest (a knowledge base not read from files), nothing is kept.
    """
    if root is None or not digest:
        return compute()
    path = root / CACHE_DIR / f"kb-{name}.bin"
    header = fingerprint(code_version(), digest, *parts).encode("ascii") + b"\n"
    try:
        with open(path, "rb") as handle:
            if handle.read(len(header)) == header:
                return marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        pass  # missing or damaged: compute again
    value = compute()
    try:
        write_bytes(path, header + marshal.dumps(value))
    except (OSError, ValueError):  # ValueError: a value marshal cannot hold; computed again next time
        pass
    return value
