"""The steps after a build (kb.publish.postbuild, `kb search-index`, `kb bundle`) on a small built-site folder:
no engine involved, as after a build by any engine."""

from __future__ import annotations

import gzip
import json
import random
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from kb.cli import main
from kb.infra.bundle import bundle_name
from kb.load import load
from kb.publish import postbuild

from .conftest import ROOT, edit
from .indexed import SIGNATURE, sections


def page(title: str, body: str) -> str:
    return (f'<html lang="zh"><body><article class="md-content__inner md-typeset"><h1 id="t">{title}</h1>{body}'
            "</article></body></html>")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built offline site (no directory URLs) as any engine leaves it: pages, no search index yet."""
    site = tmp_path / "site"
    (site / "checklists").mkdir(parents=True)
    (site / "index.html").write_text(page("首页", "<p>社区网格员负责登记</p>"), encoding="utf-8")
    (site / "404.html").write_text(page("找不到", "<p>页面不存在</p>"), encoding="utf-8")
    (site / "checklists/schools.html").write_text(page("学校检查清单", "<table data-search-exclude></table>"),
                                                  encoding="utf-8")
    return site


@pytest.fixture
def kb(kb_root: Path):
    return load(kb_root / "data")


def test_the_index_is_built_from_the_pages_with_measures_at_their_rows(site: Path, kb) -> None:
    folder = postbuild.search_index(site, kb, offline=False)
    assert folder == site / "search"
    found = sections(site)
    assert {"", "#t"} <= {loc.removeprefix("index.html") for loc in found}  # the home page and its heading
    assert "checklists/schools.html#SCH-002" in found and "开窗" in found["checklists/schools.html#SCH-002"]
    assert not any(loc.startswith("404") for loc in found)
    # Only what the browser loads is left: no Pagefind UI or worker; pagefind.js a classic script.
    assert not list(folder.glob("pagefind-ui*")) and not (folder / "pagefind-worker.js").exists()
    script = (folder / "pagefind.js").read_text(encoding="utf-8")
    assert "import.meta" not in script and "self.kbPagefind=" in script and not re.search(r"\bexport\s*\{", script)
    assert "网格员" in (folder / postbuild.WORDS).read_text(encoding="utf-8")


def test_offline_every_index_file_is_a_classic_script(site: Path, kb) -> None:
    folder = postbuild.search_index(site, kb)  # no directory URLs: the offline build
    loaded = [p for p in folder.rglob("*") if p.is_file()]
    assert all(p.suffix == ".js" for p in loaded), loaded
    assert list(folder.glob("fragment/*.pf_fragment.js")) and list(folder.glob("index/*.pf_index.js"))
    assert "checklists/schools.html#SCH-001" in sections(site)  # the scripts hold the same index
    # A second run (the hook, then `kb search-index` by hand) builds the same index again.
    before = {p.relative_to(folder): p.read_bytes() for p in loaded}
    postbuild.search_index(site, kb)
    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_an_index_larger_than_the_services_usual_reply_comes_whole() -> None:
    """Pagefind hands its files over in one reply (kb.publish.postbuild.index_contents), not by writing
    them itself: its writes could still be pending when it answered. At 100x that reply is some 32 MB,
    far past the 2 MiB its wrapper reads at once; here about 3 MB of hard-to-compress pages."""
    rng = random.Random(7)
    docs = {f"/p{n}/": "<html><body><main data-pagefind-body><h1>第" + str(n) + "页</h1><p>"
            + " ".join(f"{rng.getrandbits(64):x}" for _ in range(800)) + "</p></main></body></html>"
            for n in range(300)}
    files = postbuild.index_contents(docs)
    assert sum(len(content) for content in files.values()) * 4 / 3 > 2**21
    kept = [gzip.decompress(content) for name, content in files.items() if name.startswith("fragment/")]
    assert len(kept) == len(docs) and all(raw.startswith(SIGNATURE) for raw in kept)
    assert {json.loads(raw[len(SIGNATURE):])["url"] for raw in kept} == set(docs)
    postbuild.classic_script(files["pagefind.js"].decode("utf-8"))  # whole: every expected change applies


def test_another_pagefind_version_fails_loudly() -> None:
    with pytest.raises(ValueError, match="Pagefind"):
        postbuild.classic_script("export{createInstance};")


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
    assert "checklists/schools.html#SCH-001" in sections(site)
    assert main(["--root", str(kb_root), "bundle", str(site)]) == 0
    assert list((kb_root / "dist").glob("*-offline.zip"))
    assert main(["--root", str(kb_root), "bundle", str(kb_root / "nowhere")]) == 1
    assert "不是构建好的网站" in capsys.readouterr().err


def test_a_page_changed_only_around_its_article_keeps_its_index(site: Path, kb, kb_root: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Another edition's pages differ from the national ones in the name and edition line around the
    article: what the index reads of them, and so the index, stays the same."""
    folder = postbuild.search_index(site, kb, root=kb_root)
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    for path in site.rglob("*.html"):
        path.write_text(path.read_text(encoding="utf-8").replace(
            "<body>", '<body><p class="kb-edition-line">本页属于<strong>某省版</strong></p>'), encoding="utf-8")
    runs = []
    real = postbuild._index_files
    monkeypatch.setattr(postbuild, "_index_files", lambda *args: runs.append(args) or real(*args))
    postbuild.search_index(site, kb, root=kb_root)
    assert runs == [] and {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_an_unchanged_site_reuses_the_index_and_a_changed_page_builds_it_again(site: Path, kb, kb_root: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = postbuild.search_index(site, kb, root=kb_root)
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    runs = []
    real = postbuild._index_files
    monkeypatch.setattr(postbuild, "_index_files", lambda *args: runs.append(args) or real(*args))
    postbuild.search_index(site, kb, root=kb_root)  # the same pages and knowledge base: kept
    assert runs == [] and {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    (site / "index.html").write_text(page("首页", "<p>楼栋长负责登记</p>"), encoding="utf-8")
    segmented = []
    real_document = postbuild.index_document
    monkeypatch.setattr(postbuild, "index_document", lambda html, url, extras: segmented.append(url) or real_document(html, url, extras))
    postbuild.search_index(site, kb, root=kb_root)
    assert len(runs) == 1 and "楼栋长" in (folder / postbuild.WORDS).read_text(encoding="utf-8")
    assert segmented == ["index.html"]  # the page that did not change comes from the last build
    # A measure edited: the checklist's parts change though no page of this site did.
    edit(kb_root / "data/checklists/schools.yml", "教室每天开窗通风三次以上。", "教室每天开窗通风三次以上，每次不少于三十分钟。")
    postbuild.search_index(site, load(kb_root / "data"), root=kb_root)
    assert len(runs) == 2 and "三十" in (folder / postbuild.WORDS).read_text(encoding="utf-8")
