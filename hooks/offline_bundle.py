"""Offline build only: ship the iframe-worker shim with the site.

Acts only when the `offline` plugin is enabled (mkdocs-offline.yml). The zip in dist/ is not written
here: MkDocs runs on_post_build before strict mode aborts a build, so a failed build would replace it.
`python -m kb.infra.build --bundle` (make offline) writes it once the engine has succeeded; `kb bundle SITE`
after any other build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from kb.core.messages import BUILD

SHIM_URI = "assets/vendor/iframe-worker/shim.js"


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
