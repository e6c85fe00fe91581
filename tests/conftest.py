"""Shared fixtures: a small valid knowledge base to copy and break, and project paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"


@pytest.fixture
def kb_root(tmp_path: Path) -> Path:
    """A writable copy of the fixture knowledge base; tests edit files under data/."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact snippet in a file, failing loudly if the snippet is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def web_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real web site, built once per test session into a temporary folder."""
    from .sites import build

    site = tmp_path_factory.mktemp("web") / "site"
    result = build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site
