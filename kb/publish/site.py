"""What any site engine needs from the knowledge base: the generated files and the generated navigation.

Nothing here knows about MkDocs: an engine adapter (hooks/ for MkDocs and ProperDocs) adds the files
to its build and the sector and disease pages to its navigation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.core import checklist as checklist_data
from kb.core import export
from kb.core.model import KnowledgeBase
from kb.infra.bundle import fixed_timestamp
from kb.infra.cache import TrackedStore
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

Generated = tuple[str, Callable[[KnowledgeBase], "str | bytes"]]  # (path under docs/, what makes it)


def kept_generated_files(kb: KnowledgeBase, directory_urls: bool, root: Path | None) -> list[tuple[str, str | bytes]]:
    """generated_files, each file reused from the last build of the project at `root` while what it read
    of the knowledge base is unchanged, with the same code, URL style and timestamp (kb.infra.cache.TrackedStore)."""
    store = TrackedStore(root, f"pages-{url_style(directory_urls)}", (str(directory_urls), repr(fixed_timestamp())))
    files = [(src, store.get(src, kb, make)) for src, make in generated(kb, directory_urls)]
    store.save()
    return files


def generated_files(kb: KnowledgeBase, directory_urls: bool) -> list[tuple[str, str | bytes]]:
    """Every generated page and download as (path under docs/, text or bytes), in a stable order."""
    return [(src, make(kb)) for src, make in generated(kb, directory_urls)]


def _text(content) -> str | bytes:
    # Plain str, not the templates' Markup: engines and the build cache (marshal) take only that.
    return content if isinstance(content, bytes) else str(content)


def generated(kb: KnowledgeBase, directory_urls: bool) -> list[Generated]:
    """Every generated page and download, as its path and the function that makes it from a knowledge
    base: each function reads what it needs from the knowledge base it is given (nothing from here), so
    that what it read can be recorded (kb.core.reads)."""
    files: list[Generated] = []

    def add(src: str, make: Callable[[KnowledgeBase], object]) -> None:
        files.append((src, lambda kb: _text(make(kb))))

    for sector in kb.sectors:  # every sector's page, so the navigation's links hold for a new, empty one
        src, code = checklist_src(sector.code), sector.code
        add(src, lambda kb, src=src, code=code: checklist_page(kb, code, Linker(src, directory_urls)))
        if code in kb.checklists:
            count = checklist_data.pages(kb, code)[0].count
            for number in range(2, count + 1):
                more = checklist_src(code, number)
                add(more, lambda kb, more=more, code=code, number=number: checklist_page(
                    kb, code, Linker(more, directory_urls), number))
            if count > 1:
                add(download_src("checklists", code, "js"), lambda kb, code=code: checklist_data.records_script(kb, code))
            add(download_src("checklists", code, "csv"), lambda kb, code=code: export.checklist_csv(kb, code))
            add(download_src("checklists", code, "json"), lambda kb, code=code: export.checklist_json(kb, code))
    for report in kb.reports:
        src, report_id = report_src(report.id), report.id
        add(src, lambda kb, src=src, report_id=report_id: report_page(kb, report_id, Linker(src, directory_urls)))
    if kb.reporting is not None:
        for sector in kb.sectors:
            src, code = reporting_src(sector.code), sector.code
            add(src, lambda kb, src=src, code=code: reporting_page(kb, code, Linker(src, directory_urls)))
    add(download_src("statistics", "statistics", "csv"), export.statistics_csv)
    add(download_src("statistics", "statistics", "json"), export.statistics_json)
    for group in kb.groups:
        code = group.code
        add(download_src("statistics", code, "csv"), lambda kb, code=code: export.statistics_csv(kb, code))
        add(download_src("statistics", code, "json"), lambda kb, code=code: export.statistics_json(kb, code))
    for index, spec in enumerate(kb.plan_specs):
        if spec["sector"] not in kb.sector_by_code:
            continue
        src, sector = plan_src(spec["sector"]), spec["sector"]
        add(src, lambda kb, src=src, index=index: plan_page(kb, _plan(kb, index), Linker(src, directory_urls)))
        add(download_src("plans", sector, "docx"), lambda kb, index=index: plans.to_docx(_plan(kb, index)))
    add(SOURCES_SRC, lambda kb: sources_page(kb, Linker(SOURCES_SRC, directory_urls)))
    add(download_src("sources", "sources", "csv"), export.sources_csv)
    add(download_src("sources", "sources", "json"), export.sources_json)
    add("api/kb.json", lambda kb: export.to_json(export.knowledge(kb)))
    if kb.overlay is not None:
        add(REGION_SRC, lambda kb: region_page(kb, Linker(REGION_SRC, directory_urls)))
    return files


def _plan(kb: KnowledgeBase, index: int) -> plans.Plan:
    spec = kb.plan_specs[index]
    return plans.build_plan(kb, spec["sector"], spec)

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
