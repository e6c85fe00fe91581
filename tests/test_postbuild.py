"""The steps after a build (kb.publish.postbuild, `kb search-index`, `kb bundle`) on a small built-site folder:
no engine involved, as after a build by any engine."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from kb.cli import main
from kb.infra.bundle import bundle_name
from kb.load import load
from kb.publish import postbuild
from kb.publish.search import JOINER

from .conftest import ROOT

WORKER = "let s=1;for(let j=i+1;j<q.length;j++)q.slice(i,j)in t&&(w=j);r[i]&&i<q.length-1&&x();"


def material_index(locations: list[str]) -> dict:
    return {"config": {"lang": ["zh"], "separator": "[\\s\\u200b]+", "pipeline": ["stemmer"],
                       "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
            "docs": [{"location": loc, "title": "学校\u200b检查\u200b清单", "text": "页面"} for loc in locations]}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built offline site as MkDocs leaves it before the hooks run: index, its script copy, worker."""
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "assets/javascripts/workers").mkdir(parents=True)
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    (site / "404.html").write_text("<html></html>", encoding="utf-8")
    index = json.dumps(material_index(["", "checklists/schools.html"]), ensure_ascii=False)
    (site / "search/search_index.json").write_text(index, encoding="utf-8")
    (site / "search/search_index.js").write_text("var __index = " + index, encoding="utf-8")
    (site / "assets/javascripts/workers/search.0000.min.js").write_text(WORKER, encoding="utf-8")
    return site


@pytest.fixture
def kb(kb_root: Path):
    return load(kb_root / "data")


def test_rewrite_adds_measures_in_both_copies_fixes_the_worker_and_is_idempotent(site: Path, kb) -> None:
    assert postbuild.rewrite_search(site, kb) == []
    first = {name: (site / "search" / name).read_text(encoding="utf-8") for name in ("search_index.json", "search_index.js")}
    index = json.loads(first["search_index.json"])
    assert first["search_index.js"] == "var __index = " + first["search_index.json"]
    # Directory URLs off, read from Material's locations: measures sit at checklists/schools.html#<id>.
    assert "checklists/schools.html#SCH-001" in [d["location"] for d in index["docs"]]
    assert JOINER in index["docs"][1]["title"] and index["config"][postbuild.REWRITTEN] == kb.edition.edition
    worker = (site / "assets/javascripts/workers/search.0000.min.js").read_text(encoding="utf-8")
    assert "j<=q.length" in worker and "i<q.length&&" in worker
    # A second run (the hook, then `kb search-index` by hand) changes nothing.
    assert postbuild.rewrite_search(site, kb) == []
    assert {name: (site / "search" / name).read_text(encoding="utf-8") for name in first} == first


def test_an_unknown_worker_is_a_warning_not_a_failure(site: Path, kb) -> None:
    (site / "assets/javascripts/workers/search.0000.min.js").write_text("function segment(){}", encoding="utf-8")
    [warning] = postbuild.rewrite_search(site, kb)
    assert "Material" in warning


def test_bundle_is_named_from_pyproject_and_leaves_out_404(site: Path, tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = postbuild.bundle(site, tmp_path)
    name = bundle_name(tmp_path)
    assert target == tmp_path / "dist" / f"{name}.zip"
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert f"{name}/index.html" in names and f"{name}/404.html" not in names


def test_commands_run_the_same_steps(site: Path, kb_root: Path, capsys) -> None:
    shutil.copy(ROOT / "pyproject.toml", kb_root / "pyproject.toml")
    assert main(["--root", str(kb_root), "search-index", str(site)]) == 0
    assert postbuild.REWRITTEN in json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]
    assert main(["--root", str(kb_root), "bundle", str(site)]) == 0
    assert list((kb_root / "dist").glob("*-offline.zip"))
    assert main(["--root", str(kb_root), "bundle", str(kb_root / "nowhere")]) == 1
    assert "不是构建好的网站" in capsys.readouterr().err
