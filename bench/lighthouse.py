"""Lighthouse (npm, pinned in package-lock.json) on pages of a built web site served with compression.

Mobile profile (Lighthouse's default), Debian's chromium headless. `make test` asserts accessibility
(tests/test_lighthouse.py); `make bench` reports performance, which depends on the machine's load.
`python -m bench.lighthouse SITE_DIR` prints both scores for the pages below.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .search_time import served

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
# The home page, a checklist page and a reporting card (issue 25).
PAGES = {"home": "", "checklist": "checklists/schools/", "reporting card": "reporting/schools/"}


def audit(url: str) -> dict:
    """Lighthouse's report for one URL (performance and accessibility only)."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium", "HOME": folder}
        subprocess.run([str(LIGHTHOUSE), url, "--only-categories=performance,accessibility", "--quiet",
                        "--chrome-flags=--headless --no-sandbox --disable-gpu", "--output=json",
                        f"--output-path={output}"], check=True, env=env, timeout=300, capture_output=True)
        return json.loads(output.read_text(encoding="utf-8"))


def scores(site: Path, pages: dict[str, str] = PAGES) -> dict[str, dict]:
    """Each page's performance and accessibility score (0-100) and the accessibility audits it fails."""
    found = {}
    with served(site, compressed=True) as base:
        for name, path in pages.items():
            report = audit(base + path)
            failing = [ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]
                       if report["audits"][ref["id"]]["score"] not in (None, 1)]
            found[name] = {category: round(100 * report["categories"][category]["score"])
                           for category in ("performance", "accessibility")} | {"failing": failing}
    return found


if __name__ == "__main__":
    print(json.dumps(scores(Path(sys.argv[1])), ensure_ascii=False, indent=2))
