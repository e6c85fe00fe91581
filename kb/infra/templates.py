"""The theme's Jinja templates kept compiled between builds (``.cache/kb-templates.bin``, kb.infra.cache).

Compiling Material's templates took a fifth of a small site's warm build, and every build, every edition
and every `mkdocs serve` rebuild compiled them again. Jinja's own file cache would load whatever
compiled code it finds in the folder; this one keeps it in a sealed store (kb.infra.cache), so code a
pull request or a hand edit put under ``.cache/`` is never run. Jinja checks each entry against the
template's source and its own bytecode format, and compiles again when either differs.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from kb.infra.cache import ContentCache, store


class SealedBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache over a sealed store; `save` writes what this run used."""

    def __init__(self, root: Path | None) -> None:
        self.kept: ContentCache = store(root, "templates", binary=True)

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.kept.peek("template", f"{bucket.key}\0{bucket.checksum}")
        if isinstance(data, bytes):
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.kept.put("template", f"{bucket.key}\0{bucket.checksum}", bucket.bytecode_to_string())

    def clear(self) -> None:
        self.kept.clear()

    def save(self) -> None:
        self.kept.save()
