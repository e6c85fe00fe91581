"""Results of `kb check`'s slow scans, kept by content so that a second run redoes only what changed.

Scanning for personal names (jieba's part-of-speech tagger) and searching for near-duplicates take
most of `kb check` on a large knowledge base; pre-commit runs it on every commit. Each result is
stored under a key made of its input (a file's bytes, a checklist's texts) and of everything else it
depends on: the rules' own code, the name allow-list and jieba's version — narrower than the whole
package (kb.infra.cache.code_version), so that unrelated code changes keep the scans. The store is
kb.infra.cache.ContentCache, in ``.cache/kb-check.json``.
"""

from __future__ import annotations

from pathlib import Path

from kb.infra.cache import ContentCache, cache_dir, fingerprint
from kb.load.names import ALLOWLIST

CACHE = "kb-check.json"
RULES = ("load/lint.py", "load/names.py", "core/messages.py")  # the code whose results are cached


def rules_version(root: Path) -> str:
    """What every cached result depends on besides its input: rule code, allow-list, jieba."""
    import jieba

    here = Path(__file__).parent.parent  # kb/
    allowlist = root / "data" / ALLOWLIST
    return fingerprint(*(here.joinpath(name).read_bytes() for name in RULES),
                       allowlist.read_bytes() if allowlist.is_file() else b"", jieba.__version__)


class CheckCache(ContentCache):
    """The scans' results for the project at `root`; with None, compute everything and keep nothing."""

    def __init__(self, root: Path | None) -> None:
        folder = cache_dir(root)
        super().__init__(folder / CACHE if folder is not None else None, rules_version(root) if folder is not None else "")
