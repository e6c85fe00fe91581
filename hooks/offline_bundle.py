"""Offline build only: ship the iframe-worker shim and zip the finished site into dist/.

Acts only when the `offline` plugin is enabled (mkdocs-offline.yml), and never zips under
`mkdocs serve`. The zip is written after the offline plugin has written its search index.
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from kb.bundle import write_zip
from kb.messages import BUILD

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
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name = f"{project['name']}-{project['version']}-offline"
    # 404.html serves a web server's missing pages with root-relative links; from a folder it is useless.
    target = write_zip(Path(config.site_dir), root / "dist" / f"{name}.zip", folder=name, exclude=("404.html",))
    log.info(BUILD["bundle_written"].format(target=target.relative_to(root)))
