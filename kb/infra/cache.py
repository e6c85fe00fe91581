"""Results kept by content between runs, so that a run redoes only what changed.

Everything lives under ``.cache/`` at the project's root (ignored by git; delete it at will):

- ``kb-check.json``: `kb check`'s slow scans (names, near-duplicates), see kb.load.checkcache;
- ``kb-data.json``: each valid data file's parsed values, so that unchanged files are not parsed and
  schema-checked again (kb.load.reader);
- ``kb-templates.bin``: the theme's templates as compiled by Jinja (kb.infra.templates), so that a build
  does not compile them again;
- ``kb-markers-*.bin``, ``kb-pages-*.bin``, ``kb-dictionary.bin`` (TrackedStore): the blocks that markers
  in hand-written pages expand to (kb.publish.markers), the generated pages and downloads of each kind
  of site, with and without directory URLs (kb.publish.site), and the search dictionary
  (kb.publish.search). Each is kept with what it read of the knowledge base (kb.core.reads) and reused
  while that is unchanged: one edited report makes again its own page and the pages that list reports.

Each result is stored under a key made of its input and of everything else it depends on: the code
that computes it and the versions of the libraries involved (and, for a TrackedStore, the digest of
every part of the knowledge base it read). A changed input or a changed rule gives a new key, so a
stale result is never used. A damaged cache is only a slower run; failing to write one
is no error. Files are replaced atomically, so concurrent or interrupted runs leave a whole cache.

The cache is never a source of truth. Its keys can be computed by anyone, so every file is sealed
with an HMAC under a secret that lives outside the checkout (``~/.local/state/kb/cache.key``, made on
first use): a ``.cache/`` file that came with a pull request, or was edited by hand, fails the seal and
is ignored as if it were missing. Without a usable secret nothing is kept. ``kb check`` also refuses
files under ``.cache/`` that git tracks. In CI, where each job starts on a fresh machine, the secret
comes from ``$KB_CACHE_KEY`` (a repository secret): the workflow keeps ``.cache/`` between runs, and a
run without the secret (a fork's pull request) cannot use it or seal anything another run would trust.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import marshal
import os
import secrets
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from kb.core.reads import Digests, Reads, Tracked
from kb.infra.atomic import write_bytes

CACHE_DIR = ".cache"
PACKAGE = Path(__file__).parent.parent  # the kb package: the code whose results are kept
# Libraries whose output the data and page caches keep: a new version may parse or render differently.
LIBRARIES = ("PyYAML", "fastjsonschema", "nh3", "Jinja2", "Markdown", "python-docx", "jieba", "pagefind")


SECRET_BYTES = 32
MAC_LENGTH = 64  # hex digits of an HMAC-SHA256, followed by a newline, at the start of every cache file


def secret_path() -> Path:
    """The machine's cache secret: in the user's state folder, never in a checkout a pull request can fill."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "kb" / "cache.key"


SECRET_VARIABLE = "KB_CACHE_KEY"  # CI: a repository secret, so that jobs of one repository share a cache


def secret() -> bytes | None:
    """The secret that seals cache files: $KB_CACHE_KEY when set (CI, where every job starts on a fresh
    machine; one of fewer than SECRET_BYTES bytes keeps nothing), else the machine's, made on first use;
    None if it can be neither read nor made."""
    given = os.environ.get(SECRET_VARIABLE, "")
    if given:
        data = given.encode("utf-8")
        return data if len(data) >= SECRET_BYTES else None
    return _secret(secret_path())


@functools.lru_cache(maxsize=4)
def _secret(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
        if len(data) >= SECRET_BYTES:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, name = tempfile.mkstemp(prefix=".cache.key.", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(SECRET_BYTES))
        try:
            os.link(name, path)  # fails if another process made it first: then its secret is the one
        except FileExistsError:
            pass
        finally:
            os.unlink(name)
        data = path.read_bytes()
    except OSError:
        return None
    return data if len(data) >= SECRET_BYTES else None


def seal(payload: bytes) -> bytes | None:
    """The payload with its MAC in front, or None when there is no secret (then nothing is kept)."""
    key = secret()
    if key is None:
        return None
    return hmac.new(key, payload, hashlib.sha256).hexdigest().encode("ascii") + b"\n" + payload


def unseal(blob: bytes) -> bytes | None:
    """The payload of a sealed file, or None when its MAC is missing or wrong (forged, edited, another machine's)."""
    key = secret()
    if key is None or len(blob) <= MAC_LENGTH or blob[MAC_LENGTH:MAC_LENGTH + 1] != b"\n":
        return None
    payload = blob[MAC_LENGTH + 1:]
    expected = hmac.new(key, payload, hashlib.sha256).hexdigest().encode("ascii")
    return payload if hmac.compare_digest(expected, blob[:MAC_LENGTH]) else None


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
    """A key -> JSON value store for one run: read once, written once at the end with only the keys used.

    A `binary` store keeps its values with marshal instead (strings, lists, None...): several times
    faster to read and write than JSON, for the large stores of the search index's documents."""

    def __init__(self, path: Path | None, version: str = "", binary: bool = False) -> None:
        """A store in the file at `path`; with None, a cache that computes everything and keeps nothing."""
        self.path = path
        self.version = version
        self.binary = binary
        self.old: dict = {}
        self.used: dict = {}
        self.added = False  # a value computed in this run, so the file needs writing
        if self.path is not None and self.path.is_file():
            try:
                payload = unseal(self.path.read_bytes())
                if payload is None:
                    self.old = {}
                else:  # marshal is only given bytes this machine sealed
                    self.old = marshal.loads(payload) if binary else json.loads(payload.decode("utf-8"))
            except (OSError, ValueError, EOFError, TypeError):
                self.old = {}  # a damaged or forged cache is only a slower run
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
        """Keep a value for this input, when it comes back from JSON unchanged (no tuples, sets, bytes),
        or for a binary store from marshal."""
        if self.path is None:
            return
        try:
            copy = (marshal.loads(marshal.dumps(value)) if self.binary
                    else json.loads(json.dumps(value, ensure_ascii=False)))
        except (TypeError, ValueError):
            return
        if copy == value:  # a copy: what the caller does with its value later is not kept
            self.used[self.key(kind, data)] = copy
            self.added = True

    def clear(self) -> None:
        """Forget every value, kept or used: the next save writes an empty store."""
        self.old, self.used, self.added = {}, {}, True

    def save(self) -> None:
        """Write the results of this run (results no longer used are dropped). Failing to write is no error."""
        # Every value used came from the file and none was dropped: the file already says this.
        if self.path is None or (not self.added and len(self.used) == len(self.old)):
            return
        try:
            payload = (marshal.dumps(self.used) if self.binary
                       else json.dumps(self.used, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            sealed = seal(payload)
            if sealed is not None:
                write_bytes(self.path, sealed)
        except (OSError, ValueError):
            pass


def cache_dir(root: Path | None) -> Path | None:
    """The project's cache folder, or None (keep nothing): without a root, or where ``.cache`` is a link,
    which a pull request could point anywhere on the machine."""
    if root is None:
        return None
    folder = root / CACHE_DIR
    return None if folder.is_symlink() else folder


def tracked_files(root: Path) -> list[str]:
    """Files under ``.cache/`` that git tracks in the project at `root` (none outside a git checkout)."""
    import subprocess

    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", CACHE_DIR], capture_output=True,
                                check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return []
    if listed.returncode != 0:
        return []
    return sorted(name for name in listed.stdout.decode("utf-8", "replace").split("\0") if name)


def store(root: Path | None, name: str, binary: bool = False) -> ContentCache:
    """The store ``.cache/kb-<name>.json`` (``.bin`` when `binary`) of the project at `root`, keyed with
    the code (None: keep nothing)."""
    folder = cache_dir(root)
    suffix = "bin" if binary else "json"
    return ContentCache(folder / f"kb-{name}.{suffix}" if folder is not None else None, code_version(), binary)


def data_cache(root: Path | None) -> ContentCache:
    """The parsed data files of the project at `root` (kb.load)."""
    return store(root, "data")


class TrackedStore:
    """Results kept one by one, each with what it read of the knowledge base (kb.core.reads), in
    ``.cache/kb-<name>.bin``: a result is reused while every part it read is unchanged, so that one
    edited file makes only the results that read it again (per-page dependency tracking).

    The file holds one key (the code and `parts`, such as the URL style) and, for each result, the
    paths it read with their digests and the value (marshal: fast, and it cannot run code). Results
    not asked for in a run are dropped when it saves. Without a root, nothing is kept.
    """

    def __init__(self, root: Path | None, name: str, parts: tuple[str, ...] = ()) -> None:
        folder = cache_dir(root)
        self.path = folder / f"kb-{name}.bin" if folder is not None else None
        self.header = fingerprint(code_version(), *parts).encode("ascii") + b"\n"
        self.old: dict = {}
        self.new: dict = {}
        self.changed = False
        if self.path is not None:
            self.old = self._read()

    def _read(self) -> dict:
        try:
            with open(self.path, "rb") as handle:
                mac = handle.read(MAC_LENGTH + 1)
                if handle.read(len(self.header)) != self.header:  # kept by other code: not read whole
                    return {}
                payload = unseal(mac + self.header + handle.read())
            if payload is not None:  # marshal is only given bytes this machine wrote
                found = marshal.loads(payload[len(self.header):])
                return found if isinstance(found, dict) else {}
        except (OSError, EOFError, ValueError, TypeError):
            pass  # missing, damaged or forged: compute again
        return {}

    def get(self, key: str, kb: object, compute: Callable[[object], object]) -> object:
        """compute(kb) for this key, or the value kept from a run in which it read the same of `kb`.
        compute is given a tracked view of kb (kb.core.reads.Tracked) and must read it only through it."""
        if self.path is None or not getattr(kb, "digest", ""):  # a knowledge base not read from files
            return compute(kb)
        digests = _digests(kb)
        found = self.old.get(key)
        if found is not None and digests.holds(found[0]):
            self.new[key] = found
            return found[1]
        reads = Reads()
        value = compute(Tracked(kb, reads))
        recorded = digests.record(reads)
        if recorded is not None:
            self.new[key] = (recorded, value)
        self.changed = True
        return value

    def save(self) -> None:
        """Write the results of this run; failing to write (or a value marshal cannot hold) is no error."""
        if self.path is None or (not self.changed and len(self.new) == len(self.old)):
            return
        try:
            sealed = seal(self.header + marshal.dumps(self.new))
            if sealed is not None:
                write_bytes(self.path, sealed)
        except (OSError, ValueError):
            pass


def _digests(kb: object) -> Digests:
    """One Digests per knowledge base, shared by every store in a build (kept in its memo)."""
    memo = kb.memo
    found = memo.get(_DIGESTS)
    if found is None:
        found = memo[_DIGESTS] = Digests(kb)
    return found


_DIGESTS = ("reads", "digests")
