"""The reporting and escalation card: one printed A4 page per sector, in chromium's print mode."""

from __future__ import annotations

import re

import pytest

from .pages import open_page

pytestmark = pytest.mark.browser


def test_every_sector_card_prints_on_one_a4_page(browser, web_server: str, real_kb) -> None:
    recorder = open_page(browser)
    for sector in real_kb.sectors:
        recorder.page.goto(f"{web_server}reporting/{sector.code}/")
        recorder.page.emulate_media(media="print")
        assert not recorder.page.is_visible(".md-header")
        assert recorder.page.locator(".kb-card-contacts .kb-fill").count() >= 2
        pdf = recorder.page.pdf(format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == 1, f"{sector.code}: the card prints on {pages} pages"
        if sector.code == "schools":
            recorder.screenshot("reporting-card-schools-print", full_page=True)
    assert recorder.errors == []


def test_guides_and_checklists_link_their_card(web_site) -> None:
    guide = (web_site / "guide/schools/index.html").read_text(encoding="utf-8")
    checklist = (web_site / "checklists/schools/index.html").read_text(encoding="utf-8")
    assert 'href="../../reporting/schools/"' in guide and 'href="../../reporting/schools/"' in checklist
