"""Renderers: generated pages, markers, links, the status model on pages, and escaping of data text."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import markdown
import pytest

from kb.core.problems import DataError
from kb.load import load
from kb.publish.markers import PageContext, all_changes, expand
from kb.publish.render import checklist_page, report_page, sources_page
from kb.publish.urls import Linker, page_url

from .conftest import edit


def to_html(page_markdown: str) -> str:
    """The page as MkDocs would turn it into HTML (front matter dropped, same attribute syntax)."""
    body = page_markdown.split("---\n", 2)[2] if page_markdown.startswith("---\n") else page_markdown
    return markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "admonition", "toc"])


def test_page_url_matches_mkdocs() -> None:
    assert page_url("index.md", True) == ""
    assert page_url("guide/schools.md", True) == "guide/schools/"
    assert page_url("statistics/index.md", True) == "statistics/"
    assert page_url("guide/schools.md", False) == "guide/schools.html"
    assert page_url("api/kb.json", True) == "api/kb.json"


def test_linker_relative_links() -> None:
    web = Linker("checklists/schools.md", directory_urls=True)
    assert web("reports/RPT-001.md") == "../../reports/RPT-001/"
    assert web("statistics/index.md", "ind-banners") == "../../statistics/#ind-banners"
    assert web("index.md") == "../../"
    offline = Linker("checklists/schools.md", directory_urls=False)
    assert offline("reports/RPT-001.md") == "../reports/RPT-001.html"
    assert offline("index.md") == "../index.html"
    assert Linker("index.md", True)("guide/schools.md") == "guide/schools/"


def test_checklist_page_shows_current_measures_with_basis_and_history_apart(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = checklist_page(kb, "schools", Linker("checklists/schools.md", True))
    assert '<input type="checkbox" class="kb-tick" id="tick-SCH-001" aria-labelledby="title-SCH-001">' in page
    assert 'data-status="response" data-trigger="case"' in page
    assert '<a href="../../sources/#src-school-hygiene-rule">学校卫生规定</a> 第一条' in page
    assert "## 筛查与监测" not in page and "{#cat-screening}" in page
    current, historical = page.split("## 历史做法（2020 年）")
    assert 'id="SCH-003"' not in current and 'id="SCH-003"' in historical
    assert 'id="tick-SCH-003"' not in page  # historical measures are not ticked
    assert '<a href="../../reports/RPT-001/">RPT-001 测试学校</a>' in historical  # evidence comes from the report
    assert "适用范围：" in page and "本页状态：" in page


def test_checklist_data_is_embedded_once_as_json(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = checklist_page(kb, "schools", Linker("checklists/schools.md", True))
    [raw] = re.findall(r'<script type="application/json" id="kb-checklist-data">(.*?)</script>', page)
    data = json.loads(raw)
    assert [c["label"] for c in data["columns"]][-1] == "完成情况"
    assert {m["id"]: m["codes"]["status"] for m in data["measures"]} == {"SCH-001": "routine", "SCH-002": "response", "SCH-003": "historical"}
    assert data["formulaPrefixes"][:4] == ["=", "+", "-", "@"]


def test_data_text_with_markup_is_refused_by_the_loader(kb_root: Path) -> None:
    edit(kb_root / "data/reports/RPT-001.md", "title: 测试学校工作汇报", 'title: "[点我](javascript:alert(1))"')
    edit(kb_root / "data/glossary.yml", "definition: 社区划分出的管理单元。", "definition: '管理单元 {: onmouseover=alert(1) }'")
    with pytest.raises(DataError) as info:
        load(kb_root / "data")
    assert [str(p) for p in info.value.problems] == [
        "data/glossary.yml:3: terms[1].definition: 数据文本中不允许 Markdown 属性语法 {: … }；请写成纯文字",
        "data/reports/RPT-001.md:3: title: 数据文本中不允许 “javascript:”开头的链接；请写成纯文字",
    ]


def test_data_text_cannot_become_markup_even_if_it_got_past_the_loader(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    report = kb.report_by_id["RPT-001"]
    hostile = replace(report, title="[点我](javascript:alert(1)) {: onclick=alert(1) }", unit="A & B <b>",
                      sections=(replace(report.sections[0], heading="日常 [x](javascript:alert(2))",
                                        body="正文 [x](javascript:alert(3)) ![](x){: onerror=alert(4) } <script>alert(5)</script>"),))
    kb.report_by_id["RPT-001"] = hostile
    checklist = kb.checklists["schools"]
    kb.checklists["schools"] = replace(checklist, measures=(replace(checklist.measures[0], title="<script>alert(1)</script>"), *checklist.measures[1:]))
    page = checklist_page(kb, "schools", Linker("checklists/schools.md", True))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    report_markdown = report_page(kb, "RPT-001", Linker("reports/RPT-001.md", True))
    assert "A &amp; B &lt;b&gt;" in report_markdown and "<b>" not in report_markdown
    html = to_html(report_markdown)
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # only as visible text, never in an attribute
    assert not re.search(r"<[^>]+\son\w+=", html)


def test_a_newline_in_a_title_cannot_inject_page_settings(kb_root: Path) -> None:
    edit(kb_root / "data/reports/RPT-001.md", "title: 测试学校工作汇报", 'title: "测试: 汇报\\nhide: [navigation, toc]"')
    kb = load(kb_root / "data")
    report = report_page(kb, "RPT-001", Linker("reports/RPT-001.md", True))
    front = report.split("---\n")[1]
    assert "\nhide:" not in front
    import yaml
    assert yaml.safe_load(front)["title"] == "测试: 汇报\nhide: [navigation, toc]"


def test_report_page_says_which_year_it_records(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = report_page(kb, "RPT-001", Linker("reports/RPT-001.md", True))
    assert "这份汇报记录的是 2026 年的做法" in page
    assert "## 日常监测" in page and "## 环境卫生" in page
    assert '<td class="kb-num kb-approx">200,000+</td>' in page
    assert '<a href="../../checklists/schools/#SCH-001">SCH-001 每日开展晨午检</a>（常态化）' in page


def test_sources_page_lists_each_document_with_the_measures_relying_on_it(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = sources_page(kb, Linker("sources.md", True))
    assert "## 学校卫生规定 {#src-school-hygiene-rule}" in page
    assert '<a href="../checklists/schools/#SCH-001">SCH-001 每日开展晨午检</a>（第一条）' in page
    assert "已被替代</span>，由<a href=\"#src-school-hygiene-rule\">学校卫生规定</a>替代" in page


def test_markers_expand_and_report_unknown_ones(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = PageContext("guide/schools.md", Linker("guide/schools.md", True))
    text, problems = expand("# 学校\n\n<!-- kb:guide-reports -->\n\n<!-- kb:nope -->\n", kb, page, "docs/guide/schools.md")
    assert "[测试学校工作汇报](../reports/RPT-001.md)" in text
    [problem] = problems
    assert str(problem).startswith("docs/guide/schools.md:5: marker: 未知的标记“kb:nope”；可用：calendar, calendar-now, changelog, ")


def test_sector_marker_outside_a_guide_page_is_a_problem(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    _, problems = expand("<!-- kb:guide-reports -->\n", kb, PageContext("about.md", Linker("about.md", True)), "docs/about.md")
    assert [str(p) for p in problems] == ["docs/about.md:1: marker: 标记“kb:guide-reports”：只能放在已有行业的指引页 guide/<代码>.md 上"]


def test_changes_newest_first(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    assert [(c["change"].date, c["what"]) for c in all_changes(kb)] == [
        ("2026-03-01", "学校检查清单"), ("2026-01-01", "学校工作指引"), ("2026-01-01", "学校检查清单"),
    ]


def test_guide_tools_box_counts_current_measures(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = PageContext("guide/schools.md", Linker("guide/schools.md", True))
    text, _ = expand("<!-- kb:guide-links -->\n", kb, page, "docs/guide/schools.md")
    items = [line.strip() for line in text.splitlines() if line.strip().startswith("- ")]
    assert len(items) == 5
    assert items[2] == "- [学校应急预案模板](../plans/schools.md)：由检查清单生成，可下载 Word 文件填写"
    assert items[0] == "- [学校检查清单](../checklists/schools.md)：现行措施 2 项，可按适用情形、类别和疾病筛选，勾选、打印、导出"
    assert items[1].startswith("- [学校报告与处置卡](../reporting/schools.md)")


def test_reporting_card_lists_steps_deadlines_thresholds_and_blank_contacts(kb_root: Path) -> None:
    from kb.publish.render import reporting_page

    kb = load(kb_root / "data")
    page = reporting_page(kb, "schools", Linker("reporting/schools.md", True))
    assert "# 学校报告与处置卡" in page
    assert "一、第一个小时" in page and "二、报告时限" in page and "三、聚集性疫情的报告标准" in page
    assert "<strong>2 小时内</strong>" in page
    assert '<td class="kb-card-number">12320</td>' in page
    assert page.count('class="kb-fill"') >= 2  # the blanks are table cells to fill in, not placeholder text
    assert '[1] <a href="../../sources/#src-school-hygiene-rule">学校卫生规定</a>' in page


def test_no_template_syntax_reaches_a_generated_page(real_kb) -> None:
    """Markdown templates use {## … ##} for comments ({#id} is an attribute list): a {# … #} comment, or
    any other Jinja syntax, would be printed on the page."""
    from kb.publish.site import generated_files

    for src, content in generated_files(real_kb, directory_urls=True):
        if isinstance(content, str) and src.endswith(".md"):
            assert not re.search(r"\{#[^}]*#\}|\{%-? | -?%\}|\{\{ ", content), src


def test_calendar_now_carries_every_month_hidden_and_only_the_sectors_own_preparations(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    guide = PageContext("guide/schools.md", Linker("guide/schools.md", True))
    text, problems = expand("<!-- kb:calendar-now -->\n", kb, guide, "docs/guide/schools.md")
    assert problems == []
    assert [f'data-month="{m}" hidden' in text for m in range(1, 13)] == [True] * 12
    assert "开学前检查晨午检记录表" in text and "学校：" not in text  # its own sector, not named again
    assert '<a href="../../checklists/schools/#SCH-001">SCH-001 每日开展晨午检</a>' in text
    assert '<a href="../../calendar/">全年防控日历</a>' in text
    home = PageContext("index.md", Linker("index.md", True))
    text, _ = expand("<!-- kb:calendar-now -->\n", kb, home, "docs/index.md")
    assert "<strong>学校：</strong>" in text
    assert '<a href="diseases/influenza/">' in text


def test_calendar_now_is_refused_on_an_unknown_sectors_guide(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = PageContext("guide/nowhere.md", Linker("guide/nowhere.md", True))
    _, [problem] = expand("<!-- kb:calendar-now -->\n", kb, page, "docs/guide/nowhere.md")
    assert problem.key == "marker_misplaced"


def test_calendar_page_lists_twelve_months_with_area_and_basis(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    page = PageContext("calendar.md", Linker("calendar.md", True))
    text, problems = expand("<!-- kb:calendar -->\n", kb, page, "docs/calendar.md")
    assert problems == [] and text.count('class="kb-calendar-month"') == 12
    january = text[text.index('id="month-1"'):text.index('id="month-2"')]
    assert "（全国；依据：" in january and "第五条" in january
    assert "依据文件没有指出这个月需要特别关注的传染病" in text[text.index('id="month-6"'):text.index('id="month-7"')]
