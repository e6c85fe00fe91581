"""Accessibility (axe-core, WCAG 2.1 A/AA), links and anchors (LinkChecker), HTML validity (Nu checker)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .pages import KEY_PAGES, open_page, web_url

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Material's own markup: the palette/search toggles are checkboxes carrying `autocomplete`.
KNOWN_NU_ERRORS = ("Attribute “autocomplete” is only allowed when the input type is",)


@pytest.mark.parametrize("name", KEY_PAGES)
def test_axe_finds_no_wcag_violations(browser, web_server: str, name: str) -> None:
    recorder = open_page(browser)
    recorder.page.goto(web_url(web_server, KEY_PAGES[name]))
    recorder.page.add_script_tag(path=str(AXE))
    result = recorder.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    violations = [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
    ]
    assert violations == []


def test_linkchecker_finds_no_broken_internal_link_or_anchor(web_server: str, tmp_path: Path) -> None:
    config = tmp_path / "linkcheckerrc"
    config.write_text(
        "[checking]\nmaxrequestspersecond=1000\n\n"
        "[filtering]\nignore=\n  ^https?://(?!127\\.0\\.0\\.1)\n\n"  # only this site's own links
        "[AnchorCheck]\n",  # broken #anchors count as errors too
        encoding="utf-8",
    )
    linkchecker = Path(sys.executable).parent / "linkchecker"
    result = subprocess.run(
        [str(linkchecker), "--config", str(config), "--no-status", "--threads", "8", web_server],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    # A broken #anchor is a LinkChecker warning, so warnings count as failures too.
    assert "0 warnings found. 0 errors found." in result.stdout, result.stdout[-4000:]


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs Java (make browsers installs it)")
def test_nu_html_checker_reports_only_known_material_errors(web_site: Path) -> None:
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(web_site)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    unknown = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
               if m["type"] == "error" and not m["message"].startswith(KNOWN_NU_ERRORS)]
    assert unknown == []
