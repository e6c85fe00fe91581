"""What any site engine needs from the knowledge base: the generated files and the generated navigation.

Nothing here knows about MkDocs: an engine adapter (hooks/ for MkDocs and ProperDocs) adds the files
to its build and the sector and disease pages to its navigation.
"""

from __future__ import annotations

from pathlib import Path

from kb.core import export
from kb.core.model import KnowledgeBase
from kb.infra.bundle import fixed_timestamp
from kb.infra.cache import kept
from kb.publish import plans
from kb.publish.render import (
    REGION_SRC,
    SOURCES_SRC,
    checklist_page,
    checklist_src,
    disease_src,
    download_src,
    guide_src,
    plan_page,
    plan_src,
    region_page,
    report_page,
    report_src,
    reporting_page,
    reporting_src,
    sources_page,
)
from kb.publish.urls import Linker, url_style


def kept_generated_files(kb: KnowledgeBase, directory_urls: bool, root: Path | None) -> list[tuple[str, str | bytes]]:
    """generated_files, reused from the last build of the project at `root` with the same data, code,
    URL style and timestamp (kb.infra.cache.kept)."""
    return kept(root, f"pages-{url_style(directory_urls)}", kb.digest,
                (str(directory_urls), repr(fixed_timestamp())), lambda: generated_files(kb, directory_urls))


def generated_files(kb: KnowledgeBase, directory_urls: bool) -> list[tuple[str, str | bytes]]:
    """Every generated page and download as (path under docs/, text or bytes), in a stable order."""
    files: list[tuple[str, str | bytes]] = []
    for sector in kb.sectors:  # every sector's page, so the navigation's links hold for a new, empty one
        src = checklist_src(sector.code)
        files.append((src, checklist_page(kb, sector.code, Linker(src, directory_urls))))
        if sector.code in kb.checklists:
            files.append((download_src("checklists", sector.code, "csv"), export.checklist_csv(kb, sector.code)))
            files.append((download_src("checklists", sector.code, "json"), export.checklist_json(kb, sector.code)))
    for report in kb.reports:
        src = report_src(report.id)
        files.append((src, report_page(kb, report.id, Linker(src, directory_urls))))
    if kb.reporting is not None:
        for sector in kb.sectors:
            src = reporting_src(sector.code)
            files.append((src, reporting_page(kb, sector.code, Linker(src, directory_urls))))
    files.append((download_src("statistics", "statistics", "csv"), export.statistics_csv(kb)))
    files.append((download_src("statistics", "statistics", "json"), export.statistics_json(kb)))
    for group in kb.groups:
        files.append((download_src("statistics", group.code, "csv"), export.statistics_csv(kb, group.code)))
        files.append((download_src("statistics", group.code, "json"), export.statistics_json(kb, group.code)))
    for plan in plans.plans(kb, kb.plan_specs):
        src = plan_src(plan.sector)
        files.append((src, plan_page(kb, plan, Linker(src, directory_urls))))
        files.append((download_src("plans", plan.sector, "docx"), plans.to_docx(plan)))
    files.append((SOURCES_SRC, sources_page(kb, Linker(SOURCES_SRC, directory_urls))))
    files.append((download_src("sources", "sources", "csv"), export.sources_csv(kb)))
    files.append((download_src("sources", "sources", "json"), export.sources_json(kb)))
    files.append(("api/kb.json", export.to_json(export.knowledge(kb))))
    if kb.overlay is not None:
        files.append((REGION_SRC, region_page(kb, Linker(REGION_SRC, directory_urls))))
    # Plain str, not the templates' Markup: engines and the build cache (marshal) take only that.
    return [(src, content if isinstance(content, bytes) else str(content)) for src, content in files]

# The index page of each navigation section that lists one page per sector, and the page of a sector.
SECTOR_SECTIONS = {"guide/index.md": guide_src, "checklists/index.md": checklist_src}
DISEASE_INDEX = "diseases/index.md"


def sector_pages(kb: KnowledgeBase) -> dict[str, list[str]]:
    """For each sectioned index page, the pages that follow it: one per sector, or one per disease."""
    pages = {index: [page(s.code) for s in kb.sectors] for index, page in SECTOR_SECTIONS.items()}
    pages[DISEASE_INDEX] = [disease_src(d.code) for d in kb.diseases]
    return pages


def extend_nav(nav: list | None, kb: KnowledgeBase) -> list | None:
    """The nav with sector pages appended after each section's index page, and 依据文件 after 示例汇报.

    Sections already listing sector pages by hand are left as they are.
    """
    if nav is None:
        return None
    pages = sector_pages(kb)

    def walk(items: list) -> list:
        out = []
        for item in items:
            if isinstance(item, dict):
                (title, value), = item.items()
                if isinstance(value, list):
                    value = walk(value)
                    for index, extra in pages.items():
                        if index in value and not any(p in value for p in extra):
                            value = [*value, *extra]
                out.append({title: value})
            else:
                out.append(item)
        return out

    result = walk(nav)
    listed = str(result)
    if SOURCES_SRC not in listed:
        at = next((i for i, item in enumerate(result) if isinstance(item, dict) and "reports/index.md" in str(item)), len(result) - 1)
        result.insert(at + 1, {"依据文件": SOURCES_SRC})
    if kb.overlay is not None and REGION_SRC not in listed:  # a regional edition: right after the home page
        result.insert(1 if result else 0, {"本版增加": REGION_SRC})
    return result
