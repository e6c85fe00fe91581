"""Emergency plan templates: assembled from data, as a page and as a Word file that opens and is complete."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import docx
import pytest

from kb.load import load
from kb.publish.plans import plans, to_docx
from kb.publish.render import plan_page
from kb.publish.urls import Linker

HEADINGS = ["基本信息", "一、总则", "二、组织机构和职责", "三、风险评估", "四、日常监测和报告", "五、应急处置：发现病例时"]


def test_plan_is_assembled_from_the_checklist_and_the_card(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    [plan] = plans(kb, kb.plan_specs)
    headings = [s.heading for s in plan.sections]
    assert headings[:6] == HEADINGS and headings[-1] == "附件：联系电话"
    duties = dict(next(s for s in plan.sections if s.heading == "二、组织机构和职责").table)
    assert duties["班主任"] == "每日开展晨午检" and "SCH-003" not in str(plan)  # historical measures stay out
    response = next(s for s in plan.sections if s.heading.endswith("发现病例时"))
    assert response.items == ["开窗通风：教室每天开窗通风三次以上。（后勤主任，每日三次）"]


def test_word_file_opens_with_every_heading_and_nothing_left_empty(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    [plan] = plans(kb, kb.plan_specs)
    document = docx.Document(io.BytesIO(to_docx(plan)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == plan.title and headings[1:] == [s.heading for s in plan.sections]
    text = "\n".join(p.text for p in document.paragraphs)
    assert not re.search(r"\{\{|\}\}|None|__", text)
    # Every heading is followed by content (a paragraph with text, or a table) before the next heading.
    sequence = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}tbl"):
            sequence.append("content")
        elif element.tag.endswith("}p"):
            paragraph = docx.text.paragraph.Paragraph(element, document)
            if paragraph.style.name.startswith(("Heading", "Title")):
                sequence.append("heading")
            elif paragraph.text.strip():
                sequence.append("content")
    assert sequence[-1] == "content"
    assert all(b == "content" for a, b in itertools.pairwise(sequence[1:]) if a == "heading")  # after the title
    for table in document.tables:
        assert all(row.cells[0].text.strip() for row in table.rows), "every row has its label"
    assert document.core_properties.title == plan.title


def test_word_file_is_byte_identical_for_the_same_data(kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    kb = load(kb_root / "data")
    [plan] = plans(kb, kb.plan_specs)
    assert to_docx(plan) == to_docx(plans(load(kb_root / "data"), kb.plan_specs)[0])


def test_plan_page_links_its_word_file(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    [plan] = plans(kb, kb.plan_specs)
    page = plan_page(kb, plan, Linker("plans/schools.md", True))
    assert '<a href="../../downloads/plans/schools.docx" download>' in page
    assert "## 一、总则" in page and "1. 每日开展晨午检" in page


def test_renamed_headings_keep_their_old_anchors(kb_root: Path) -> None:
    """应急响应 became 应急处置 (a unit handles cases; a government declares a response): links made to the
    old heading still land on the section."""
    import markdown
    from pymdownx.slugs import slugify

    kb = load(kb_root / "data")
    [plan] = plans(kb, kb.plan_specs)
    page = plan_page(kb, plan, Linker("plans/schools.md", True))
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["toc", "attr_list", "md_in_html"],
                             extension_configs={"toc": {"slugify": slugify(case="lower")}})
    assert 'id="五应急响应发现病例时"' in html and 'id="五应急处置发现病例时"' in html
    assert html.index('id="五应急响应发现病例时"') < html.index('id="五应急处置发现病例时"')


def test_plan_has_the_parts_of_an_emergency_plan(kb_root: Path) -> None:
    """Leadership to fill in, work groups, when each kind of 应急处置 starts and ends, isolation, duty,
    supplies with quantities to fill in, and the review afterwards — each from the plan's spec in data."""
    kb = load(kb_root / "data")
    [spec] = kb.plan_specs
    [plan] = plans(kb, kb.plan_specs)
    by_name = {s.heading.split("、", 1)[-1]: s for s in plan.sections}
    organisation = dict(by_name["组织机构和职责"].table)
    assert organisation["组长（测试校长）"] == "" and organisation["副组长（测试副校长）"] == ""
    assert by_name["组织机构和职责"].items == ["测试报告组：测试用的报告职责。"]
    case = by_name["应急处置：发现病例时"]
    assert case.paragraphs[0].startswith("启动：") and case.paragraphs[1] == "结束：测试用的病例处置结束条件。"
    assert by_name["临时隔离和留观"].paragraphs == ["测试用的留观要求。"]
    assert [value for _, value in by_name["值班值守"].table] == ["", "", ""]
    assert by_name["物资保障"].table == [(item, "") for item in spec["supplies"]]
    assert by_name["总结评估"].paragraphs == ["测试用的总结评估要求。"]
    names = list(by_name)  # the sections of edition 2.1 keep their numbers: the new parts come after them
    assert names.index("保障和演练") < names.index("临时隔离和留观") < names.index("总结评估") < names.index("附件：联系电话")


def test_word_file_numbers_items_afresh_in_each_section(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    [plan] = plans(kb, kb.plan_specs)
    document = docx.Document(io.BytesIO(to_docx(plan)))
    texts = [p.text for p in document.paragraphs]
    for section in plan.sections:
        if section.items:
            start = texts.index(section.heading)
            assert texts[start + 1 + len(section.paragraphs)] == f"1. {section.items[0]}"
