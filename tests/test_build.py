"""Full builds: generated pages, segmented Chinese search, api/kb.json, and failing cleanly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb.core import export
from kb.publish import search

from .conftest import ROOT, edit
from .indexed import sections
from .sites import build, copy_project

pytestmark = [pytest.mark.build, pytest.mark.engine]


def test_generated_pages_exist(web_site: Path, real_kb) -> None:
    kb = real_kb
    for sector in kb.sectors:
        assert (web_site / "guide" / sector.code / "index.html").is_file()
        assert (web_site / "checklists" / sector.code / "index.html").is_file()
        assert (web_site / "downloads/checklists" / f"{sector.code}.csv").is_file()
    for report in kb.reports:
        assert (web_site / "reports" / report.id / "index.html").is_file()
    for page in ("statistics/index.html", "glossary/index.html", "changelog/index.html", "about/index.html",
                 "sources/index.html", "downloads/sources/sources.csv"):
        assert (web_site / page).is_file()


def test_no_marker_left_unexpanded(web_site: Path) -> None:
    # An unexpanded marker would reach the HTML as a comment; the editors' page shows one as code.
    for page in web_site.rglob("*.html"):
        assert "<!-- kb:" not in page.read_text(encoding="utf-8"), page


def test_search_index_is_segmented_with_domain_words(web_site: Path) -> None:
    found = sections(web_site)
    words = {w for ws in found.values() for w in ws}
    # Segmented by jieba (a page of unsegmented Chinese would be one word per sentence: search would
    # silently find nothing), with the user dictionary keeping domain words whole instead of 网格|员.
    assert {"网格员", "晨午检", "消毒", "通风"} <= words


def test_text_shown_on_several_pages_is_indexed_once_at_its_home(web_site: Path, real_kb) -> None:
    """The pages generated from measures (plans, sources, diseases, checklists) repeat their text; in the
    index a measure's detail is only in the measure's own section. Guide pages may tell the same in
    their own words, and reports record the historical practice."""
    generated = ("plans/", "sources/", "diseases/", "checklists/")
    plain = [(location, "".join(words)) for location, words in sections(web_site).items() if location.startswith(generated)]
    for measure in real_kb.measure_by_id.values():
        detail = "".join(search.tokens(measure.detail.rstrip("。；")[:40]))
        found = [location for location, text in plain if detail in text]
        assert found == [f"checklists/{measure.sector}/#{measure.id}"], (measure.id, found)


def test_no_markup_syntax_shows_as_text(web_site: Path) -> None:
    """Attribute lists ({ .lg .middle }) that did not attach, or template syntax, would be shown to readers."""
    leftovers = re.compile(r"\{\s*[.#:][\w-]|\{[{%#]|[}%#]\}")
    hidden = re.compile(r"<(script|style|code|pre|svg)\b.*?</\1>", re.DOTALL)
    for page in web_site.rglob("*.html"):
        text = re.sub(r"<[^>]+>", " ", hidden.sub(" ", page.read_text(encoding="utf-8")))
        found = leftovers.search(text)
        assert not found, (page.relative_to(web_site), text[max(0, found.start() - 40):found.end() + 40])


def test_every_link_of_the_offline_site_names_a_file(offline_site: Path) -> None:
    """Over file:// a link to a folder opens a listing, not the page: the offline site links files only,
    also in the blocks that markers and templates write as HTML (links MkDocs does not rewrite)."""
    folders = []
    for page in sorted(offline_site.rglob("*.html")):
        for href in re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:|#|//", href) or not href:
                continue  # another site, mail, an anchor on the page
            target = href.split("#", 1)[0].split("?", 1)[0]
            if target.endswith("/") or target in (".", ".."):
                folders.append(f"{page.relative_to(offline_site)}: {href}")
    assert folders == []


def test_chinese_heading_anchors_are_readable(web_site: Path) -> None:
    html = (web_site / "guide/schools/index.html").read_text(encoding="utf-8")
    assert 'id="四方责任"' in html


def test_api_kb_json_round_trips_the_data(web_site: Path, real_kb) -> None:
    built = json.loads((web_site / "api/kb.json").read_text(encoding="utf-8"))
    assert built == json.loads(export.to_json(export.knowledge(real_kb)))
    assert {"sources", "edition", "vocabularies"} <= set(built)


def test_every_sector_is_in_the_navigation_without_a_hand_kept_list(web_site: Path, real_kb) -> None:
    html = (web_site / "guide/index.html").read_text(encoding="utf-8")
    nav = html.split("md-nav--primary", 1)[1]
    for sector in real_kb.sectors:
        assert f'href="{sector.code}/"' in nav, sector.code  # the guide section lists every sector
        assert f'href="../checklists/{sector.code}/"' in nav, sector.code


def test_pages_carry_scope_and_status(web_site: Path) -> None:
    for page in ("guide/schools/index.html", "checklists/schools/index.html", "reports/RPT-001/index.html"):
        html = (web_site / page).read_text(encoding="utf-8")
        assert 'class="kb-scope"' in html and "适用范围：" in html and "本页状态：" in html, page
    assert "这份汇报记录的是 2020 年的做法" in (web_site / "reports/RPT-001/index.html").read_text(encoding="utf-8")


def test_no_mermaid_diagrams(web_site: Path) -> None:
    # mkdocs.yml excludes Material's Mermaid script from the privacy guard on this promise.
    for page in (ROOT / "docs").rglob("*.md"):
        assert "```mermaid" not in page.read_text(encoding="utf-8"), page


def test_broken_data_fails_the_build_cleanly(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    edit(project / "data/checklists/schools.yml", "status: ", "status: 常规 #")
    edit(project / "data/reports/RPT-009.md", "unit: 块}", "unit: 张}")
    site = tmp_path / "out"
    result = build(project / "mkdocs.yml", site, cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert re.search(r"data/checklists/schools\.yml:\d+: measures\[\d+\]\.status: '常规' 不是可用的取值；可用：routine, response, historical", result.stderr)
    assert re.search(r"data/reports/RPT-009\.md:\d+: statistics\[1\]\.unit: “张”与指标“billboards”的单位不符；应为“块”", result.stderr)
    assert "知识数据中有 2 个问题，未生成任何内容。" in result.stdout + result.stderr
    assert not site.exists(), "a failed build must not publish anything"


def test_links_to_ids_in_generated_html_blocks_are_checked_like_any_other(tmp_path: Path) -> None:
    """The generated HTML blocks reach Markdown unparsed (kb.publish.mdext): the engine is told their ids,
    so a link to one builds under strict, and a link to an id that is nowhere still fails."""
    project = copy_project(tmp_path)
    about = project / "docs/about.md"
    text = about.read_text(encoding="utf-8")
    row = "SCH-001"  # a measure's row: its id is written only by the checklist's generated table
    about.write_text(text + f"\n见[学校的第一项措施](checklists/schools.md#{row})。\n", encoding="utf-8")
    result = build(project / "mkdocs.yml", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert row not in result.stderr
    about.write_text(text + "\n见[不存在的措施](checklists/schools.md#SCH-999)。\n", encoding="utf-8")
    result = build(project / "mkdocs.yml", tmp_path / "out", cwd=tmp_path)
    assert result.returncode != 0 and "SCH-999" in result.stderr


def test_a_new_sector_builds_at_once(tmp_path: Path) -> None:
    """`kb new sector` and nothing else: the navigation links its checklist page, which says it is empty."""
    from kb.cli import main

    project = copy_project(tmp_path)
    assert main(["--root", str(project), "new", "sector", "--code", "markets", "--name", "农贸市场",
                 "--summary", "农贸市场和集贸市场的传染病防控工作。", "--prefix", "MKT", "--icon", "material/store"]) == 0
    site = tmp_path / "out"
    result = build(project / "mkdocs.yml", site, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (site / "checklists/markets/index.html").read_text(encoding="utf-8")
    assert "本清单尚未收录农贸市场的措施" in page
    assert (site / "guide/markets/index.html").is_file() and not (site / "downloads/checklists/markets.csv").exists()
