"""Lighthouse's accessibility score on the home page, a checklist page and a reporting card: 100, the
web build served with compression (bench/lighthouse.py). Performance depends on the machine's load and
is measured in `make bench`, not here."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.lighthouse import LIGHTHOUSE, PAGES, scores

pytestmark = pytest.mark.browser


def test_accessibility_is_100_on_the_key_pages(web_site: Path) -> None:
    assert LIGHTHOUSE.is_file(), "make deps installs Lighthouse from package-lock.json"
    found = scores(web_site)
    assert set(found) == set(PAGES)
    assert {name: (page["accessibility"], page["failing"]) for name, page in found.items()} == {
        name: (100, []) for name in PAGES}
