"""The Material partials copied into overrides/ still match the upstream files they were copied from.

Each override is a copy of Material's partial with a small fix. When Material is upgraded and the
upstream partial changes, this test fails, so that the copy is redone on top of the new upstream file
(and overrides/upstream.json updated) instead of silently keeping an outdated template.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

import material

from .conftest import ROOT

RECORD = json.loads((ROOT / "overrides" / "upstream.json").read_text(encoding="utf-8"))


def test_every_override_is_recorded() -> None:
    copied = {p.name for p in (ROOT / "overrides" / "partials").glob("*.html")}
    assert copied == set(RECORD["partials"])


def test_upstream_partials_have_not_changed_since_they_were_copied() -> None:
    upstream = Path(material.__file__).parent / "templates" / "partials"
    changed = [name for name, digest in RECORD["partials"].items()
               if hashlib.sha256((upstream / name).read_bytes()).hexdigest() != digest]
    assert changed == [], f"Material {version('mkdocs-material')} changed {changed}: redo the override on the new file"
