"""What any site engine needs from the knowledge base besides pages: the generated navigation."""

from __future__ import annotations

from .model import KnowledgeBase
from .render import SOURCES_SRC, checklist_src, disease_src, guide_src

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
    return result
