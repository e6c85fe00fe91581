"""Render generated pages and marker blocks from the knowledge base with Jinja.

Every function returns Markdown (with HTML blocks where a table or form is needed);
text from data is HTML-escaped by Jinja's autoescape wherever it lands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .charts import Chart, comparison_chart, group_chart, layout
from .model import PHASES, RISK_LEVELS, KnowledgeBase
from .stats import aggregate_for

TEMPLATES = Path(__file__).parent / "templates"

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    # Markdown's attribute lists ({#id}) would otherwise open Jinja comments.
    comment_start_string="{##",
    comment_end_string="##}",
)
_env.globals.update(PHASES=PHASES, RISK_LEVELS=RISK_LEVELS)

Link = Callable[..., str]


def checklist_src(sector: str) -> str:
    return f"checklists/{sector}.md"


def report_src(report_id: str) -> str:
    return f"reports/{report_id}.md"


def guide_src(sector: str) -> str:
    return f"guide/{sector}.md"


def download_src(kind: str, name: str, ext: str) -> str:
    return f"downloads/{kind}/{name}.{ext}"


def render(template: str, **context) -> Markup:
    """Render a template; the result is marked safe so that it can be placed inside another one."""
    return Markup(_env.get_template(template).render(
        checklist_src=checklist_src, report_src=report_src, guide_src=guide_src, download_src=download_src, **context
    ))


def grouped_measures(kb: KnowledgeBase, sector: str) -> list[tuple]:
    """Measures as [(category, [(phase, [measure, …]), …]), …] in registry order."""
    measures = kb.measures_for(sector)
    result = []
    for category in kb.categories:
        phases = [(p, [m for m in measures if m.category == category.code and m.phase == p]) for p in PHASES]
        phases = [(p, ms) for p, ms in phases if ms]
        if phases:
            result.append((category, phases))
    return result


def checklist_page(kb: KnowledgeBase, sector: str, link: Link) -> str:
    checklist = kb.checklists[sector]
    return render(
        "checklist.md.j2", kb=kb, sector=kb.sector_by_code[sector], checklist=checklist,
        groups=grouped_measures(kb, sector), link=link,
    )


def report_page(kb: KnowledgeBase, report_id: str, link: Link) -> str:
    report = kb.report_by_id[report_id]
    return render("report.md.j2", kb=kb, report=report, sector=kb.sector_by_code[report.sector], link=link)


def chart_svg(chart: Chart) -> str:
    return render("chart.svg.j2", **layout(chart))


def statistics_table(kb: KnowledgeBase, link: Link, sector: str | None = None) -> str:
    """Tables of figures by group; the overview (no sector) adds charts and cross-unit comparisons."""
    groups = aggregate_for(kb, sector)
    charts = {} if sector else {g.group.code: chart_svg(group_chart(g)) for g in groups}
    shared = [] if sector else [t for g in groups for t in g.totals if t.units > 1]
    comparisons = [(t, chart_svg(comparison_chart(t))) for t in shared]
    return render("statistics.md.j2", kb=kb, groups=groups, link=link, sector=sector, charts=charts,
                  comparisons=comparisons)
