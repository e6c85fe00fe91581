"""Keep the theme's templates compiled between builds (kb.infra.templates.SealedBytecodeCache)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from kb.infra.templates import SealedBytecodeCache

_cache: SealedBytecodeCache | None = None


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    global _cache
    _cache = SealedBytecodeCache(Path(config.config_file_path).parent)
    env.bytecode_cache = _cache
    return env


def on_post_build(config: MkDocsConfig) -> None:
    if _cache is not None:
        _cache.save()
