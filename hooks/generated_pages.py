"""Add the generated pages and files (kb.publish.site.generated_files) to the build, reused from the last build
when neither the data nor the code has changed (kept in .cache/ beside mkdocs.yml, kb.infra.cache)."""

from __future__ import annotations

import gc
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from kb.publish.site import kept_generated_files


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    for src, content in kept_generated_files(config["kb"], config.use_directory_urls, root):
        files.append(File.generated(config, src, content=content))
    gc.freeze()  # the generated files live to the end of the build too (see hooks/knowledge.py)
    return files
