"""The Markdown extension on its own, Markdown in and HTML out, as any engine would run it."""

from __future__ import annotations

from pathlib import Path

import markdown

from kb.load import load
from kb.publish.mdext import KnowledgeExtension
from kb.publish.render import RAW_CLOSE, RAW_OPEN, raw_block


def convert(kb_root: Path, text: str, page: str = "guide/schools.md") -> tuple[str, KnowledgeExtension]:
    extension = KnowledgeExtension(load(kb_root / "data"))
    extension.set_page(page)
    html = markdown.markdown(text, extensions=["attr_list", "md_in_html", "admonition", "tables", extension])
    return html, extension


def test_a_marker_becomes_its_block_with_links_relative_to_the_page(kb_root: Path) -> None:
    html, extension = convert(kb_root, "# 学校\n\n<!-- kb:guide-reports -->\n")
    assert '<a href="../reports/RPT-001.md">测试学校工作汇报</a>' in html
    assert extension.problems == []


def test_the_guide_edition_marker_brings_the_scope_header(kb_root: Path) -> None:
    html, _ = convert(kb_root, "<!-- kb:guide-edition -->\n")
    assert 'class="kb-scope"' in html and "适用范围：" in html and "版次 1.0" in html


def test_unknown_and_misplaced_markers_are_problems_not_output(kb_root: Path) -> None:
    html, extension = convert(kb_root, "前文\n\n<!-- kb:nope -->\n", page="about.md")
    assert "kb:nope" not in html
    assert [p.key for p in extension.problems] == ["marker_unknown"]
    _, extension = convert(kb_root, "<!-- kb:guide-reports -->\n", page="about.md")
    assert [str(p) for p in extension.problems] == [
        "docs/about.md:1: marker: 标记“kb:guide-reports”：只能放在已有行业的指引页 guide/<代码>.md 上"]


def test_glossary_terms_get_a_tooltip_once_but_not_on_the_glossary_page(kb_root: Path) -> None:
    html, _ = convert(kb_root, "网格员走访。网格员再来。\n")
    assert html.count('data-term="grid-worker"') == 1
    html, _ = convert(kb_root, "网格员走访。\n", page="glossary.md")
    assert "kb-term" not in html


def test_text_without_markers_is_left_alone(kb_root: Path) -> None:
    html, extension = convert(kb_root, "普通的一段话。\n", page="about.md")
    assert html == "<p>普通的一段话。</p>" and extension.problems == []


def test_a_raw_block_is_put_back_as_it_is_and_its_ids_are_collected(kb_root: Path) -> None:
    block = '<table id="t-1">\n  <tr><td>*不是强调* <a name="row-2"></a></td></tr>\n\n</table>'
    html, extension = convert(kb_root, f"# 标题\n\n{raw_block(block)}\n后文。\n", page="about.md")
    assert block in html  # untouched, blank line included, and not inside a paragraph
    assert "kb-raw" not in html and "<p><table" not in html
    assert html.endswith("<p>后文。</p>")
    assert extension.raw_anchor_ids == {"t-1", "row-2"}
    extension.set_page("guide/schools.md")  # the next page starts with none
    assert extension.raw_anchor_ids == set()


def test_a_raw_block_inside_another_is_part_of_it(kb_root: Path) -> None:
    inner = raw_block("<p>内层</p>")
    outer = raw_block(f"<div>\n{inner}\n</div>")
    assert outer.count(RAW_OPEN) == 1 and outer.count(RAW_CLOSE) == 1
    html, _ = convert(kb_root, outer, page="about.md")
    assert "<p>内层</p>" in html and html.startswith("<div>") and "kb-raw" not in html


def test_a_raw_block_joined_to_its_neighbours_still_stands_on_its_own(kb_root: Path) -> None:
    # As a template with trim_blocks writes it: no line break around the block.
    html, _ = convert(kb_root, f"前文。{raw_block('<div>中间</div>')}{raw_block('<div>再一块</div>')}后文。", page="about.md")
    assert html == "<p>前文。</p>\n<div>中间</div>\n<div>再一块</div>\n<p>后文。</p>"
