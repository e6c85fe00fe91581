"""The offline bundle's search in Debian's Firefox ESR over file://, as a reader opening the unzipped
bundle would: driven over WebDriver BiDi by puppeteer-core (tests/browsers/firefox_search.mjs), since
playwright's own Firefox build cannot be installed here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT
from .pages import RESULTS_SHOWN, file_url
from .test_offline import QUERIES

pytestmark = pytest.mark.browser
SCRIPT = ROOT / "tests" / "browsers" / "firefox_search.mjs"


def test_offline_search_in_firefox_esr(offline_site: Path) -> None:
    firefox = shutil.which("firefox-esr")
    assert firefox, "make browsers installs Debian's firefox-esr"
    result = subprocess.run(["node", str(SCRIPT), file_url(offline_site, "index"), *QUERIES], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=False,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(offline_site.parent), "FIREFOX": firefox,
                                 "RESULTS_SHOWN": RESULTS_SHOWN})
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    for query, expected in QUERIES.items():
        links = out["results"][query]
        assert any(expected in link for link in links), (query, links)
        assert all(link.startswith("file://") for link in links)
    assert [u for u in out["requests"] if not u.startswith(("file://", "data:", "blob:", "about:"))] == []
    assert out["errors"] == []
