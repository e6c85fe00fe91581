"""Add the generated pages and files (kb.site.generated_files) to the build."""

from __future__ import annotations

import gc

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from kb.site import generated_files


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for src, content in generated_files(config["kb"], config.use_directory_urls):
        files.append(File.generated(config, src, content=content))
    gc.freeze()  # the generated files live to the end of the build too (see hooks/knowledge.py)
    return files
