"""Checklists as staff use them, in chromium over http and file://: the status switch, filters, ticks,
exports, print and the report draft."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import cn2an
import pytest

from .pages import open_page

pytestmark = pytest.mark.browser


@pytest.fixture(params=["web", "offline"])
def checklist(request, browser, web_server: str, offline_site: Path):
    recorder = open_page(browser, accept_downloads=True)
    url = web_server + "checklists/schools/" if request.param == "web" else (offline_site / "checklists" / "schools.html").as_uri()
    recorder.page.goto(url)
    recorder.page.wait_for_selector("form.kb-toolbar:not([hidden])")
    recorder.where = request.param
    yield recorder
    assert recorder.errors == []


@pytest.fixture(scope="module")
def schools(real_kb):
    measures = real_kb.measures_for("schools")
    routine = [m for m in measures if m.status == "routine"]
    response = [m for m in measures if m.status == "response"]
    assert routine and response, "the schools checklist needs routine and response measures for these tests"
    return {"routine": routine, "response": response, "historical": [m for m in measures if m.status == "historical"]}


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all("tr.kb-measure:not([hidden])", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.id)")


def tickable_visible(page) -> list[str]:
    return page.eval_on_selector_all("table.kb-measures:not(.kb-historical) tr.kb-measure:not([hidden])", "rows => rows.map(r => r.dataset.id)")


def test_default_shows_routine_only_and_the_switch_adds_response_measures(checklist, schools) -> None:
    page = checklist.page
    assert sorted(tickable_visible(page)) == sorted(m.id for m in schools["routine"])
    trigger = schools["response"][0].trigger
    page.select_option("select[name=situation]", trigger)
    expected = [m.id for m in schools["routine"]] + [m.id for m in schools["response"] if m.trigger == trigger]
    assert sorted(tickable_visible(page)) == sorted(expected)
    page.select_option("select[name=situation]", "all")
    assert sorted(tickable_visible(page)) == sorted(m.id for m in schools["routine"] + schools["response"])
    if checklist.where == "web":
        assert "situation=all" in page.url
        page.goto(page.url)  # a shared address restores the switch
        page.wait_for_selector("form.kb-toolbar:not([hidden])")
        assert page.input_value("select[name=situation]") == "all"
    checklist.screenshot(f"checklist-{checklist.where}-response")


def test_historical_section_is_labelled_and_never_ticked(checklist, schools) -> None:
    page = checklist.page
    if not schools["historical"]:
        pytest.skip("no historical measures in the schools checklist")
    heading = page.locator("h2#historical")
    assert "历史做法" in heading.text_content()
    banner = page.locator(".kb-historical-banner")
    assert "不是现行指引" in banner.text_content()
    assert page.locator("table.kb-historical input").count() == 0
    first = schools["historical"][0].id
    assert page.locator(f"table.kb-historical tr#{first}").count() == 1


def test_ticks_survive_a_reload(checklist, schools) -> None:
    page = checklist.page
    ids = [m.id for m in schools["routine"][:3]]
    for measure_id in ids:
        page.check(f"#tick-{measure_id}")
    total = len(schools["routine"])
    assert page.locator(".kb-progress-text").text_content() == f"已完成 3 / {total}"
    page.reload()
    page.wait_for_selector("form.kb-toolbar:not([hidden])")
    assert all(page.is_checked(f"#tick-{i}") for i in ids)
    assert page.locator(".kb-progress-text").text_content() == f"已完成 3 / {total}"
    checklist.screenshot(f"checklist-{checklist.where}-ticked")


def test_a_malformed_saved_entry_is_reset_and_ticking_still_works(checklist, schools) -> None:
    page = checklist.page
    edition = page.get_attribute(".kb-checklist", "data-edition")
    page.evaluate("key => localStorage.setItem(key, JSON.stringify({ticks: 'abc', unit: {x: 1}, figures: [1]}))",
                  f"kb-checklist:schools:{edition}")
    page.reload()
    page.wait_for_selector("form.kb-toolbar:not([hidden])")
    assert page.input_value("input[name=unit]") == ""  # not [object Object]
    first = schools["routine"][0].id
    page.check(f"#tick-{first}")
    page.reload()
    page.wait_for_selector("form.kb-toolbar:not([hidden])")
    assert page.is_checked(f"#tick-{first}")


def test_csv_export_carries_status_and_neutralises_formulas(checklist, schools, tmp_path: Path) -> None:
    page = checklist.page
    page.fill("input[name=unit]", "=HYPERLINK(\"x\")")
    page.locator("input[name=unit]").dispatch_event("change")
    first = schools["routine"][0]
    page.check(f"#tick-{first.id}")
    with page.expect_download() as info:
        page.click("button[data-action=csv]")
    target = tmp_path / "export.csv"
    info.value.save_as(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["单位名称", "'=HYPERLINK(\"x\")"]
    header = rows[5]
    assert header[-1] == "完成情况" and "状态" in header and "依据" in header
    body = {row[0]: row for row in rows[6:]}
    assert set(body) == {m.id for m in schools["routine"]}  # only what the switch shows
    assert body[first.id][-1] == "已完成" and body[first.id][header.index("状态")] == "常态化"


def test_self_check_sheet_lists_open_items_first(checklist, schools, tmp_path: Path) -> None:
    page = checklist.page
    first, second = schools["routine"][0].id, schools["routine"][1].id
    page.check(f"#tick-{first}")
    with page.expect_download() as info:
        page.click("button[data-action=selfcheck]")
    info.value.save_as(tmp_path / "self.txt")
    text = (tmp_path / "self.txt").read_text(encoding="utf-8")
    assert text.index("未完成事项") < text.index(second) < text.index("已完成事项") < text.index(f"[x] {first}")
    assert not any(m.id in text for m in schools["historical"])


def test_report_draft_groups_ticked_measures_by_category(checklist, schools) -> None:
    page = checklist.page
    page.fill("input[name=unit]", "第一测试中学")
    ticked = schools["routine"][:2]
    for m in ticked:
        page.check(f"#tick-{m.id}")
    page.click(".kb-toolbar button[data-action=draft]")
    page.fill("input[name=fig-people]", "35")
    page.locator("input[name=fig-people]").dispatch_event("change")
    page.click(".kb-draft button[data-action=draft]")
    draft = page.input_value("textarea.kb-draft-text")
    assert draft.startswith("关于第一测试中学传染病防控工作情况的汇报")
    assert "一、" in draft and f"（一）{ticked[0].title}。" in draft
    assert "投入防控人员 35 人" in draft
    assert f"已落实措施 2 项，尚有 {len(schools['routine']) - 2} 项待落实" in draft


def test_print_shows_no_site_navigation_and_no_historical_section(checklist) -> None:
    page = checklist.page
    page.fill("input[name=unit]", "第一测试中学")
    page.locator("input[name=unit]").dispatch_event("change")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", "form.kb-toolbar", "table.kb-historical", ".kb-historical-banner"):
        assert not page.is_visible(chrome), chrome
    assert page.is_visible(".kb-signature")
    assert "第一测试中学" in page.text_content(".kb-print-meta")
    checklist.screenshot(f"checklist-{checklist.where}-print", full_page=True)


def test_reset_asks_first(checklist, schools) -> None:
    page = checklist.page
    first = schools["routine"][0].id
    page.check(f"#tick-{first}")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("button[data-action=reset]")
    assert page.is_checked(f"#tick-{first}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[data-action=reset]")
    assert not page.is_checked(f"#tick-{first}")


def test_chinese_section_numbers_match_cn2an(checklist) -> None:
    numbers = list(range(130)) + [1000, 1005, 1010, 9999, 10000, 10001, 12345]
    got = checklist.page.evaluate("ns => ns.map(window.kbChecklist.chineseNumber)", numbers)
    assert got == [cn2an.an2cn(n) for n in numbers]


def test_static_downloads_are_linked(web_site: Path) -> None:
    html = (web_site / "checklists/schools/index.html").read_text(encoding="utf-8")
    assert 'href="../../downloads/checklists/schools.csv"' in html
    assert (web_site / "downloads/checklists/schools.json").is_file()


def test_the_latest_older_edition_is_offered_by_number_and_never_a_newer_one(checklist, schools) -> None:
    page = checklist.page
    edition = page.get_attribute(".kb-checklist", "data-edition")
    major = int(edition.split(".")[0])
    first, second = schools["routine"][0].id, schools["routine"][1].id
    saved = {f"{major - 1}.9": {first: True}, f"{major - 1}.10": {second: True},  # 1.10 is later than 1.9
             f"{major + 1}.0": {first: True, second: True}, f"{major - 1}.11": {first: "yes"}}  # newer; not a tick
    for old, ticks in saved.items():
        page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
                      [f"kb-checklist:schools:{old}", {"ticks": ticks, "unit": "", "date": "", "figures": {}}])
    page.reload()
    page.wait_for_selector("form.kb-toolbar:not([hidden])")
    notice = page.locator(".kb-older-edition")
    assert notice.is_visible() and f"{major - 1}.10" in notice.text_content()
    page.click("button[data-action=carry-over]")
    assert page.is_checked(f"#tick-{second}") and not page.is_checked(f"#tick-{first}")


def test_ticks_of_an_older_edition_are_offered_not_moved(checklist, schools) -> None:
    page = checklist.page
    edition = page.get_attribute(".kb-checklist", "data-edition")
    first = schools["routine"][0].id
    old = {"ticks": {first: True, "SCH-999": True}, "unit": "", "date": "", "figures": {}}
    page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))", ["kb-checklist:schools:0.9", old])
    page.reload()
    page.wait_for_selector("form.kb-toolbar:not([hidden])")
    assert not page.is_checked(f"#tick-{first}")  # nothing moves by itself
    notice = page.locator(".kb-older-edition")
    assert notice.is_visible() and "0.9" in notice.text_content() and edition in notice.text_content()
    page.click("button[data-action=carry-over]")
    assert page.is_checked(f"#tick-{first}") and not notice.is_visible()
