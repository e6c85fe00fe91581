"""Results of `kb check`'s slow scans, kept by content so that a second run redoes only what changed.

Scanning for personal names (jieba's part-of-speech tagger) and searching for near-duplicates take
most of `kb check` on a large knowledge base; pre-commit runs it on every commit. Each result is
stored under a key made of its input (a file's bytes, a checklist's texts) and of everything else it
depends on: the rules' own code, the name allow-list and jieba's version. A changed input or a changed
rule gives a new key, so a stale result is never used. The cache is one JSON file under
``.cache/`` at the project's root (ignored by git), replaced atomically; delete it at will.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from .atomic import write_text
from .names import ALLOWLIST

CACHE = Path(".cache") / "kb-check.json"
RULES = ("lint.py", "names.py", "messages.py")  # the code whose results are cached


def fingerprint(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def rules_version(root: Path) -> str:
    """What every cached result depends on besides its input: rule code, allow-list, jieba."""
    import jieba

    here = Path(__file__).parent
    allowlist = root / "data" / ALLOWLIST
    return fingerprint(*(here.joinpath(name).read_bytes() for name in RULES),
                       allowlist.read_bytes() if allowlist.is_file() else b"", jieba.__version__)


class CheckCache:
    """A key -> JSON value store for one run: read once, written once at the end with only the keys used."""

    def __init__(self, root: Path | None) -> None:
        """A cache for the project at `root`; with None, a cache that computes everything and keeps nothing."""
        self.path = root / CACHE if root is not None else None
        self.version = rules_version(root) if root is not None else ""
        self.old: dict = {}
        self.used: dict = {}
        if self.path is not None and self.path.is_file():
            try:
                self.old = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.old = {}  # a damaged cache is only a slower run

    def get(self, kind: str, data: str | bytes, compute: Callable[[], object]) -> object:
        if self.path is None:
            return compute()
        key = f"{kind}:{fingerprint(self.version, data)}"
        value = self.old[key] if key in self.old else compute()
        self.used[key] = value
        return value

    def save(self) -> None:
        """Write the results of this run (results no longer used are dropped). Failing to write is no error."""
        if self.path is None or self.used == self.old:
            return
        try:
            write_text(self.path, json.dumps(self.used, ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass
