"""Render generated pages and marker blocks from the knowledge base with Jinja.

Two environments, one per kind of output, so that data text is escaped for where it lands:
- ``*.html.j2`` templates: HTML, every value HTML-escaped (autoescape).
- ``*.md.j2`` templates: Markdown. Every plain value is HTML-escaped *and* Markdown-escaped
  (``kb.safety.md_escape``), so a title cannot become a link, a list or an attribute list; values that
  are already safe (rendered HTML, links) are ``Markup``. Inside an HTML block of a Markdown template,
  data goes through the ``h`` filter (HTML-escaping only, as Markdown does not read inside HTML blocks).
Front matter is written by a YAML serialiser, never pasted as text.
"""

from __future__ import annotations

import html as html_lib
import posixpath
from collections.abc import Callable
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from pymdownx.slugs import slugify

from kb.core import checklist as checklist_data
from kb.core.model import CHECKED_AGAINST, LEVELS, Basis, KnowledgeBase, Measure
from kb.core.reads import read_derived
from kb.core.safety import md_escape, render_text
from kb.core.stats import aggregate_for
from kb.publish.charts import Chart, comparison_chart, group_chart, layout

TEMPLATES = Path(__file__).parent / "templates"

Link = Callable[..., str]


def checklist_src(sector: str, page: int = 1) -> str:
    """A checklist's page: the first at the sector's address, the next ones numbered under it."""
    return f"checklists/{sector}.md" if page == 1 else f"checklists/{sector}/{page}.md"


def measure_src(kb: KnowledgeBase, m: Measure) -> str:
    """The checklist page a measure's row is on."""
    return checklist_src(m.sector, read_derived(kb, "measure-page", m.sector, m.id))


def report_src(report_id: str) -> str:
    return f"reports/{report_id}.md"


def guide_src(sector: str) -> str:
    return f"guide/{sector}.md"


def disease_src(code: str) -> str:
    return f"diseases/{code}.md"


def download_src(kind: str, name: str, ext: str) -> str:
    return f"downloads/{kind}/{name}.{ext}"


SOURCES_SRC = "sources.md"
REGION_SRC = "region.md"  # a regional edition's page: what it adds to the national one


def reporting_src(sector: str) -> str:
    return f"reporting/{sector}.md"


def plan_src(sector: str) -> str:
    return f"plans/{sector}.md"


def _md_finalize(value: object) -> object:
    if isinstance(value, Markup) or value is None:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return Markup(md_escape(str(value)))


def _h(value: object) -> Markup:
    """HTML-escape a value inside an HTML block of a Markdown template."""
    return value if isinstance(value, Markup) else Markup(html_lib.escape(str(value), quote=True))


def front_matter(**fields: object) -> Markup:
    """A YAML front matter block written by the serialiser: any title is safe, newlines included."""
    text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return Markup(f"---\n{text}---\n")


def unpinned_mark(basis: Basis) -> Markup:
    """A neutral mark after a basis whose article has not been named yet (the why is for editors only)."""
    if basis.pinned:
        return Markup("")
    return Markup('<abbr class="kb-unpinned" title="条款号待补">※</abbr>')


_SLUG = slugify(case="lower")  # the toc extension's slugify (mkdocs.yml), so the anchor is the one the heading had


def former_anchor(heading: str) -> Markup:
    """An empty element with the id a renamed heading used to have: links made before the rename still work."""
    return Markup(f'<span id="{html_lib.escape(_SLUG(heading, "-"), quote=True)}"></span>')


def anchor(name: str) -> Markup:
    """Markdown's attribute list for a heading id; ids here are made of codes, never of free text."""
    return Markup(" {#" + html_lib.escape(name, quote=True) + "}")


# A finished HTML block in a generated Markdown page is put between these two lines: Markdown passes it
# through untouched, and kb.publish.mdext hands it to Python-Markdown as raw HTML without parsing it (an
# HTML parser written in Python read every table of every page twice: half of a large build's time).
RAW_OPEN = "<!-- kb-raw -->"
RAW_CLOSE = "<!-- /kb-raw -->"


def raw_block(html: str) -> Markup:
    """HTML that Markdown is to leave as it is, delimited for kb.publish.mdext (a block of its own)."""
    if RAW_OPEN in html:  # a raw block within: it is raw already, as part of this one
        html = html.replace(RAW_OPEN, "").replace(RAW_CLOSE, "")
    # On lines of their own even where the template joins it to a neighbour (trim_blocks).
    return Markup(f"\n{RAW_OPEN}\n{html.strip()}\n{RAW_CLOSE}\n")


def _html_partial(template: str, **context) -> Markup:
    """An HTML template rendered from a Markdown one (includes would inherit the Markdown escaping),
    as a raw block: every such partial is placed on lines of its own."""
    return raw_block(_ENVIRONMENTS[False].get_template(template).render(**context))


def _environment(markdown: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=not markdown,
        finalize=_md_finalize if markdown else None,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown's attribute lists ({#id}) would otherwise open Jinja comments.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["h"] = _h
    env.filters["raw"] = raw_block
    env.globals["unpinned"] = unpinned_mark
    env.globals["former_anchor"] = former_anchor
    env.globals["CHECKED_AGAINST"] = CHECKED_AGAINST
    env.filters["text"] = lambda value: Markup(render_text(str(value)))
    env.globals.update(
        checklist_src=checklist_src, measure_src=measure_src, report_src=report_src, guide_src=guide_src, download_src=download_src, disease_src=disease_src,
        sources_src=SOURCES_SRC, reporting_src=reporting_src, plan_src=plan_src, front_matter=front_matter, anchor=anchor, html=_html_partial,
        TABLE=checklist_data.TABLE, PAGE_MEASURES=checklist_data.PAGE_MEASURES, DRAFT_FIGURES=checklist_data.DRAFT_FIGURES,
    )
    return env


_ENVIRONMENTS = {True: _environment(markdown=True), False: _environment(markdown=False)}


def render(template: str, **context) -> Markup:
    """Render a template in the environment its name calls for; the result is safe to place in another."""
    env = _ENVIRONMENTS[template.endswith(".md.j2")]
    return Markup(env.get_template(template).render(**context))


def relative(from_src: str) -> Callable[[str], Markup]:
    """Markdown links between source files, relative to the page (MkDocs checks and rewrites them)."""
    base = posixpath.dirname(from_src) or "."
    return lambda target_src: Markup(posixpath.relpath(target_src, base))


def _safe_link(link: Link) -> Link:
    """Links are addresses made by the site, not data text: mark them safe for Markdown templates."""
    return lambda *args, **kwargs: Markup(link(*args, **kwargs))


def scope(kb: KnowledgeBase, link: Link, page_status: str) -> Markup:
    """The header block every guide, checklist and report page carries: scope, basis, edition, status."""
    return raw_block(render("_scope.html.j2", kb=kb, link=_safe_link(link), page_status=page_status))


def checklist_page(kb: KnowledgeBase, sector: str, link: Link, number: int = 1) -> str:
    """Page `number` of a sector's checklist (kb.core.checklist.pages)."""
    checklist = kb.checklists.get(sector)
    link = _safe_link(link)
    if checklist is None:  # a new sector without measures yet
        return render("checklist-empty.md.j2", kb=kb, sector=kb.sector_by_code[sector], link=link,
                      rel=relative(checklist_src(sector)), scope=scope(kb, link, "current"))
    current = checklist_data.current(kb, sector)
    page = checklist_data.pages(kb, sector)[number - 1]
    return render(
        "checklist.md.j2", kb=kb, sector=kb.sector_by_code[sector], checklist=checklist, link=link,
        rel=relative(checklist_src(sector, number)), page=page,
        groups=page.current, historical=page.historical, categories=checklist_data.grouped(kb, current),
        pager=[(n, link(checklist_src(sector, n))) for n in range(1, page.count + 1)],
        records=link(download_src("checklists", sector, "js")) if page.count > 1 else "",
        current_count=len(current), page_json=Markup(checklist_data.page_json(kb, sector, page)),
        scope=scope(kb, link, "current"), measure_cell=lambda m, old: render(
            "_measure_row.html.j2", kb=kb, m=m, link=link, historical=old),
    )


def report_page(kb: KnowledgeBase, report_id: str, link: Link) -> str:
    report = kb.report_by_id[report_id]
    link = _safe_link(link)
    return render("report.md.j2", kb=kb, report=report, sector=kb.sector_by_code[report.sector], link=link,
                  rel=relative(report_src(report_id)),
                  scope=scope(kb, link, "report"))


def reporting_page(kb: KnowledgeBase, sector: str, link: Link) -> str:
    """The one-page reporting and escalation card of a sector."""
    card = kb.reporting.for_sector(sector)
    sources = list(dict.fromkeys(b.source for entries in card.values() for e in entries for b in e.basis))
    return render("reporting.md.j2", kb=kb, sector=kb.sector_by_code[sector], card=card, sources=sources,
                  link=_safe_link(link))


def plan_page(kb: KnowledgeBase, plan, link: Link) -> str:
    return render("plan.md.j2", kb=kb, plan=plan, sector=kb.sector_by_code[plan.sector], link=_safe_link(link))


def region_page(kb: KnowledgeBase, link: Link) -> str:
    """What a regional edition adds to the national one (only in a region's edition)."""
    overlay = kb.overlay
    sources = [kb.document_by_id[s] for s in overlay.sources]
    measures = [kb.measure_by_id[m] for m in overlay.measures]
    return render("region.md.j2", kb=kb, overlay=overlay, region=overlay.region, sources=sources, measures=measures,
                  link=_safe_link(link), LEVELS=LEVELS)


def sources_page(kb: KnowledgeBase, link: Link) -> str:
    return render("sources.md.j2", kb=kb, link=_safe_link(link))


def chart_svg(chart: Chart) -> str:
    return render("chart.svg.j2", **layout(chart))


def statistics_table(kb: KnowledgeBase, link: Link, sector: str | None = None) -> str:
    """Tables of figures by group; the overview (no sector) adds charts and cross-unit comparisons."""
    groups = aggregate_for(kb, sector)
    charts = {} if sector else {g.group.code: chart_svg(group_chart(g)) for g in groups}
    shared = [] if sector else [t for g in groups for t in g.totals if t.units > 1]
    comparisons = [(t, chart_svg(comparison_chart(t))) for t in shared]
    return render("statistics.md.j2", kb=kb, groups=groups, link=_safe_link(link), sector=sector, charts=charts,
                  comparisons=comparisons)
