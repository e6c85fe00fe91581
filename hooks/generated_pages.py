"""Add the generated pages and files: checklists, reports, downloads and api/kb.json."""

from __future__ import annotations

import gc

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from kb import export
from kb.render import (
    SOURCES_SRC,
    checklist_page,
    checklist_src,
    download_src,
    report_page,
    report_src,
    sources_page,
)
from kb.urls import Linker


def on_files(files: Files, config: MkDocsConfig) -> Files:
    kb = config["kb"]
    directory_urls = config.use_directory_urls

    def add(src: str, content: str) -> None:
        files.append(File.generated(config, src, content=content))

    for code in kb.checklists:
        src = checklist_src(code)
        add(src, checklist_page(kb, code, Linker(src, directory_urls)))
        add(download_src("checklists", code, "csv"), export.checklist_csv(kb, code))
        add(download_src("checklists", code, "json"), export.checklist_json(kb, code))
    for report in kb.reports:
        src = report_src(report.id)
        add(src, report_page(kb, report.id, Linker(src, directory_urls)))
    add(download_src("statistics", "statistics", "csv"), export.statistics_csv(kb))
    add(download_src("statistics", "statistics", "json"), export.statistics_json(kb))
    for group in kb.groups:
        add(download_src("statistics", group.code, "csv"), export.statistics_csv(kb, group.code))
        add(download_src("statistics", group.code, "json"), export.statistics_json(kb, group.code))
    add(SOURCES_SRC, sources_page(kb, Linker(SOURCES_SRC, directory_urls)))
    add(download_src("sources", "sources", "csv"), export.sources_csv(kb))
    add(download_src("sources", "sources", "json"), export.sources_json(kb))
    add("api/kb.json", export.to_json(export.knowledge(kb)))
    gc.freeze()  # the generated files live to the end of the build too (see hooks/knowledge.py)
    return files
