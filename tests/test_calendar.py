"""The prevention calendar in a real browser: the block for the month it is on the reader's clock, over http
and file://, on the home page and on a guide page (the bundle is used months after it is built)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from kb.load import load

from .conftest import ROOT
from .pages import file_url, open_page, web_url

pytestmark = pytest.mark.browser

DATES = [datetime.datetime(2027, 4, 15, 10, 0), datetime.datetime(2026, 9, 1, 8, 0)]


def expected(month: int, sector: str | None) -> tuple[list[str], list[str]]:
    """Disease names and preparation texts the calendar data gives for that month (and sector)."""
    kb = load(ROOT / "data")
    entry = kb.calendar[month - 1]
    prepare = entry.for_sector(sector) if sector else entry.prepare
    return [kb.disease_by_code[s.disease].name for s in entry.in_season], [p.text for p in prepare]


def visible_month(page) -> list[str]:
    return page.locator("[data-calendar-now] [data-month]:visible").evaluate_all(
        "sections => sections.map(s => s.getAttribute('data-month'))")


def check_block(page, when: datetime.datetime, sector: str | None) -> None:
    assert visible_month(page) == [str(when.month)]
    block = page.locator("[data-calendar-now] [data-month]:visible")
    text = block.inner_text()
    assert f"{when.month} 月" in text
    diseases, prepare = expected(when.month, sector)
    for name in diseases + prepare:
        assert name in text, (name, text)


@pytest.mark.parametrize("when", DATES, ids=lambda d: f"month-{d.month}")
@pytest.mark.parametrize("page_name,sector", [("index", None), ("guide/schools", "schools")])
def test_this_month_over_file(browser, offline_site: Path, when, page_name: str, sector: str | None) -> None:
    recorder = open_page(browser)
    recorder.page.clock.set_fixed_time(when)
    recorder.page.goto(file_url(offline_site, page_name))
    check_block(recorder.page, when, sector)
    assert recorder.errors == []


@pytest.mark.parametrize("when", DATES, ids=lambda d: f"month-{d.month}")
def test_this_month_over_http(browser, web_server: str, when) -> None:
    recorder = open_page(browser)
    recorder.page.clock.set_fixed_time(when)
    recorder.page.goto(web_url(web_server, "guide/schools/"))
    check_block(recorder.page, when, "schools")
    # Material's instant navigation swaps the page without reloading: the block must still be chosen.
    recorder.page.locator("a[href$='calendar/']").first.click()
    recorder.page.wait_for_url("**/calendar/")
    current = recorder.page.locator(".kb-calendar [aria-current='date']")
    assert current.get_attribute("data-month") == str(when.month)
    assert recorder.page.locator(".kb-calendar [data-month]").count() == 12
    assert recorder.errors == []


def test_every_month_is_in_the_page_without_scripts(offline_site: Path) -> None:
    html = (offline_site / "index.html").read_text(encoding="utf-8")
    assert all(f'data-month="{m}"' in html for m in range(1, 13))
    assert 'href="calendar.html"' in html  # the whole calendar stays one link away without scripts
