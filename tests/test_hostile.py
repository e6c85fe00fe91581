"""Hostile text in every data field, rendered as the site renders it: nothing may run or become markup.

The loader refuses markup in data (tests/test_problems.py, unsafe_markup); these tests go one step
further and feed hostile text to the renderers directly, as if it had got past the loader, and then
check the HTML in Python (property-based, with Hypothesis) and in chromium (no dialog may open).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.core.safety import md_escape, render_text
from kb.load import load
from kb.load.yamlsrc import parse_yaml
from kb.publish.render import checklist_page, render, report_page, sources_page
from kb.publish.urls import Linker

PAYLOADS = (Path(__file__).parent / "fixtures" / "hostile" / "payloads.txt").read_text(encoding="utf-8").splitlines()
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc", "def_list"]
# Live markup: a script element (other than the page's own JSON data block), an event attribute, or a
# link or source that runs script. Text that merely mentions these (escaped) does not match.
LIVE = re.compile(r"<script(?![^>]*type=\"application/json\")|</script>(?!\s*<div class=\"kb-checklist\")"
                  r"|<[a-z][^>]*\son[a-z]+\s*=|<[a-z][^>]*\s(?:href|src)\s*=\s*[\"']?\s*(?:javascript|data|vbscript):", re.IGNORECASE)


def to_html(page_markdown: str) -> str:
    body = page_markdown.split("---\n", 2)[2] if page_markdown.startswith("---\n") else page_markdown
    return markdown.markdown(body, extensions=EXTENSIONS)


def hostile_kb(kb_root: Path, text: str):
    """The fixture knowledge base with `text` in every free-text field a page shows."""
    kb = load(kb_root / "data")
    report = kb.report_by_id["RPT-001"]
    kb.report_by_id["RPT-001"] = replace(
        report, title=text, unit=text, summary=text, region=text, period=text,
        sections=tuple(replace(s, heading=text, body=f"{text}\n\n{text}") for s in report.sections),
        actions=tuple(replace(a, text=text) for a in report.actions))
    checklist = kb.checklists["schools"]
    kb.checklists["schools"] = replace(checklist, measures=tuple(
        replace(m, title=text, detail=text, role=text, frequency=text, records=(text,)) for m in checklist.measures))
    kb.measure_by_id.update({m.id: m for m in kb.checklists["schools"].measures})
    kb.terms[:] = [replace(t, definition=text) for t in kb.terms]
    kb.documents[:] = [replace(d, title=text, short=text, note=text, where=text) for d in kb.documents]
    kb.document_by_id.update({d.id: d for d in kb.documents})
    return kb


def pages(kb) -> dict[str, str]:
    return {
        "checklist": to_html(checklist_page(kb, "schools", Linker("checklists/schools.md", True))),
        "report": to_html(report_page(kb, "RPT-001", Linker("reports/RPT-001.md", True))),
        "sources": to_html(sources_page(kb, Linker("sources.md", True))),
        "glossary": to_html(render("glossary.md.j2", kb=kb, link=lambda *a: "", rel=lambda s: s, page=None, changes=[])),
    }


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_becomes_live_markup(kb_root: Path, payload: str) -> None:
    for name, html in pages(hostile_kb(kb_root, payload)).items():
        assert not LIVE.search(html), (name, LIVE.search(html).group(0))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("<>\"'`*_[](){}!#:=/\\&;.|-+ \nonerrorscriptjavascripthref点我测试")), max_size=60))
def test_random_text_never_becomes_live_markup(kb_root: Path, text: str) -> None:
    for html in pages(hostile_kb(kb_root, text)).values():
        assert not LIVE.search(html)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_escaping_functions_never_let_markup_through(text: str) -> None:
    assert not LIVE.search(render_text(text))
    inline = markdown.markdown("# " + md_escape(text), extensions=EXTENSIONS)
    assert not LIVE.search(inline)
    assert "<h1" in inline and inline.count("<h1") == 1  # one heading, whatever the text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_as_yaml_gives_data_or_problems_never_a_traceback(text: str) -> None:
    located, problems = parse_yaml(text, "data/x.yml")
    assert located is not None or problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
                    max_leaves=30))
def test_any_structure_in_a_data_file_gives_problems_not_a_traceback(kb_root: Path, data: object) -> None:
    from kb.core.problems import DataError

    (kb_root / "data/glossary.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        load(kb_root / "data")
    except DataError as err:
        assert err.problems


@pytest.mark.browser
def test_no_dialog_opens_on_any_hostile_page(browser, kb_root: Path, tmp_path: Path) -> None:
    from .pages import open_page

    recorder = open_page(browser)
    dialogs: list[str] = []
    recorder.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for number, payload in enumerate(PAYLOADS):
        for name, html in pages(hostile_kb(kb_root, payload)).items():
            target = tmp_path / f"{number}-{name}.html"
            target.write_text(f"<!doctype html><meta charset='utf-8'><title>t</title><body>{html}</body>", encoding="utf-8")
            recorder.page.goto(target.as_uri())
            recorder.page.wait_for_load_state("load")
            for element in recorder.page.query_selector_all("a, img, details, dfn, strong, td")[:40]:
                if element.is_visible():
                    element.hover(timeout=2000)
            assert recorder.page.evaluate("() => [...document.querySelectorAll('*')].some(e => [...e.attributes].some(a => a.name.startsWith('on')))") is False
    assert dialogs == []
