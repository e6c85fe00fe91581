"""Offline build only: ship the iframe-worker shim and zip the finished site into dist/ (`kb bundle`).

Acts only when the `offline` plugin is enabled (mkdocs-offline.yml), and never zips under
`mkdocs serve`. The zip is written after the offline plugin has written its search index.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from kb.messages import BUILD
from kb.postbuild import bundle

log = logging.getLogger("mkdocs.hooks.offline_bundle")
SHIM_URI = "assets/vendor/iframe-worker/shim.js"
_command = "build"


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def _offline(config: MkDocsConfig) -> bool:
    return "material/offline" in config.plugins or "offline" in config.plugins


def on_files(files: Files, config: MkDocsConfig) -> Files | None:
    if not _offline(config):
        return None
    shim = Path(config.config_file_path).parent / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if not shim.is_file():
        raise Abort(BUILD["shim_missing"].format(shim=shim))
    files.append(File.generated(config, SHIM_URI, abs_src_path=str(shim)))
    return files


@event_priority(-200)  # after the offline plugin (-100) has written search/search_index.js
def on_post_build(config: MkDocsConfig) -> None:
    if not _offline(config) or _command == "serve":
        return
    root = Path(config.config_file_path).parent
    target = bundle(Path(config.site_dir), root)
    log.info(BUILD["bundle_written"].format(target=target.relative_to(root)))
