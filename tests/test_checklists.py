"""Checklists as staff use them, in chromium: filter, tick, reload, export, print, draft a report."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kb.load import load

from .conftest import ROOT
from .pages import open_page

pytestmark = pytest.mark.browser

KB = load(ROOT / "data")
SCHOOLS = KB.measures_for("schools")


def checklist_url(where: str, web_server: str, offline_site: Path) -> str:
    if where == "web":
        return web_server + "checklists/schools/"
    return (offline_site / "checklists" / "schools.html").as_uri()


@pytest.fixture(params=["web", "offline"])
def checklist(request, browser, web_server: str, offline_site: Path):
    recorder = open_page(browser, accept_downloads=True)
    url = checklist_url(request.param, web_server, offline_site)
    recorder.page.goto(url)
    recorder.page.wait_for_selector("form.kb-toolbar:not([hidden])")
    recorder.where = request.param
    recorder.url = url
    yield recorder
    assert recorder.errors == []


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all("tr.kb-measure:not([hidden])", "rows => rows.map(r => r.dataset.id)")


def test_ticks_survive_a_reload(checklist) -> None:
    page = checklist.page
    for measure_id in ("SCH-001", "SCH-004", "SCH-008"):
        page.check(f"#tick-{measure_id}")
    assert page.locator(".kb-progress-text").text_content() == f"已完成 3 / {len(SCHOOLS)}"
    page.reload()
    page.wait_for_selector("form.kb-toolbar:not([hidden])")
    assert [page.is_checked(f"#tick-{m.id}") for m in SCHOOLS].count(True) == 3
    assert page.is_checked("#tick-SCH-004")
    assert page.locator(".kb-progress-text").text_content() == f"已完成 3 / {len(SCHOOLS)}"
    checklist.screenshot(f"checklist-{checklist.where}-ticked")


def test_filters_change_the_visible_set_and_the_url(checklist) -> None:
    page = checklist.page
    assert len(visible_ids(page)) == len(SCHOOLS)
    page.select_option("select[name=phase]", "应急处置")
    page.select_option("select[name=risk]", "低")
    expected = [m.id for m in SCHOOLS if m.phase == "应急处置" and "低" in m.risk]
    assert sorted(visible_ids(page)) == sorted(expected)
    assert "SCH-012" not in expected  # applies from 中 upwards only
    page.select_option("select[name=risk]", "高")
    assert "SCH-012" in visible_ids(page)  # 高 shows everything that applies at 高
    if checklist.where == "web":
        assert "phase=%E5%BA%94%E6%80%A5%E5%A4%84%E7%BD%AE" in page.url
        page.goto(page.url)  # a shared address restores the filter
        page.wait_for_selector("form.kb-toolbar:not([hidden])")
        assert page.input_value("select[name=phase]") == "应急处置"
        assert sorted(visible_ids(page)) == sorted(m.id for m in SCHOOLS if m.phase == "应急处置")


def test_csv_export_has_bom_and_the_right_rows(checklist, tmp_path: Path) -> None:
    page = checklist.page
    page.fill("input[name=unit]", "第一测试中学")
    page.check("#tick-SCH-004")
    page.select_option("select[name=category]", "screening")
    with page.expect_download() as info:
        page.click("button[data-action=csv]")
    target = tmp_path / "export.csv"
    info.value.save_as(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["单位名称", "第一测试中学"]
    body = {row[0]: row for row in rows[6:]}
    assert set(body) == {m.id for m in SCHOOLS if m.category == "screening"}
    assert body["SCH-004"][-1] == "已完成" and body["SCH-005"][-1] == "未完成"


def test_self_check_sheet_lists_open_items_first(checklist, tmp_path: Path) -> None:
    page = checklist.page
    page.check("#tick-SCH-001")
    with page.expect_download() as info:
        page.click("button[data-action=selfcheck]")
    info.value.save_as(tmp_path / "self.txt")
    text = (tmp_path / "self.txt").read_text(encoding="utf-8")
    assert text.index("未完成事项") < text.index("SCH-002") < text.index("已完成事项") < text.index("[x] SCH-001")


def test_report_draft_groups_ticked_measures_by_category(checklist) -> None:
    page = checklist.page
    page.fill("input[name=unit]", "第一测试中学")
    for measure_id in ("SCH-004", "SCH-005", "SCH-008"):
        page.check(f"#tick-{measure_id}")
    page.click(".kb-toolbar button[data-action=draft]")
    page.fill("input[name=fig-people]", "35")
    page.locator("input[name=fig-people]").dispatch_event("change")
    page.click(".kb-draft button[data-action=draft]")
    draft = page.input_value("textarea.kb-draft-text")
    assert draft.startswith("关于第一测试中学疫情防控工作情况的汇报")
    screening, environment = KB.category_by_code["screening"].name, KB.category_by_code["environment"].name
    assert f"一、{screening}" in draft and f"二、{environment}" in draft
    assert "（一）每日开展晨午检。" in draft and "（二）登记和追踪因病缺勤。" in draft
    assert "三、主要数据\n投入防控人员 35 人。" in draft
    assert "四、存在的问题和下一步打算" in draft
    assert f"已落实措施 3 项，尚有 {len(SCHOOLS) - 3} 项待落实" in draft


def test_print_shows_no_site_navigation(checklist) -> None:
    page = checklist.page
    page.fill("input[name=unit]", "第一测试中学")
    page.locator("input[name=unit]").dispatch_event("change")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", "form.kb-toolbar"):
        assert not page.is_visible(chrome), chrome
    assert page.is_visible(".kb-signature")
    assert "第一测试中学" in page.text_content(".kb-print-meta")
    checklist.screenshot(f"checklist-{checklist.where}-print", full_page=True)


def test_reset_asks_first(checklist) -> None:
    page = checklist.page
    page.check("#tick-SCH-001")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("button[data-action=reset]")
    assert page.is_checked("#tick-SCH-001")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[data-action=reset]")
    assert not page.is_checked("#tick-SCH-001")


def test_chinese_section_numbers(checklist) -> None:
    numbers = checklist.page.evaluate("[1, 2, 10, 11, 20, 23].map(window.kbChecklist.chineseNumber)")
    assert numbers == ["一", "二", "十", "十一", "二十", "二十三"]


def test_static_downloads_are_linked(web_site: Path) -> None:
    html = (web_site / "checklists/schools/index.html").read_text(encoding="utf-8")
    assert 'href="../../downloads/checklists/schools.csv"' in html
    assert (web_site / "downloads/checklists/schools.json").is_file()


def test_ticks_of_an_older_edition_are_offered_not_moved(checklist) -> None:
    page = checklist.page
    edition = page.get_attribute(".kb-checklist", "data-edition")
    old = {"ticks": {"SCH-001": True, "SCH-999": True}, "unit": "", "date": "", "figures": {}}
    page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))", ["kb-checklist:schools:0.9", old])
    page.reload()
    page.wait_for_selector("form.kb-toolbar:not([hidden])")
    assert not page.is_checked("#tick-SCH-001")  # nothing moves by itself
    notice = page.locator(".kb-older-edition")
    assert notice.is_visible() and "0.9" in notice.text_content() and edition in notice.text_content()
    page.click("button[data-action=carry-over]")
    assert page.is_checked("#tick-SCH-001") and not notice.is_visible()
    assert page.locator(".kb-progress-text").text_content() == f"已完成 1 / {len(SCHOOLS)}"
