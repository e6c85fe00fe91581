"""Builds that cannot publish half a site or a stale zip (issue 23): two builds at once, two `kb bundle`
at once, builds killed at random points, a build that fails in strict mode.

The builds here are of a tiny throwaway MkDocs project (plain `mkdocs` theme, a few pages, the offline
plugin and this project's offline hook), written by each test, so that a build takes well under a second.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from kb.core.messages import BUILD

from .sites import ENGINE

pytestmark = [
    pytest.mark.build,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)"),
]

PAGES = 30
ZIP = "tiny-1.0-offline.zip"
WAITING = BUILD["waiting"].split("（", 1)[0]
MARK = re.compile(rb"GEN-(\d+)-MARK")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


def write_generation(project: Path, gen: int) -> None:
    """Every page and static file of the tiny project carries the generation: a mixed site shows two."""
    docs = project / "docs"
    mark = f"GEN-{gen}-MARK"
    text = " ".join(f"Paragraph {i} of the tiny project, generation {gen}." for i in range(200))
    links = "\n".join(f"- [Page {i}](pages/p{i}.md)" for i in range(PAGES))
    (docs / "index.md").write_text(f"# Tiny\n\n{mark}\n\n{links}\n", encoding="utf-8")
    for i in range(PAGES):
        (docs / "pages" / f"p{i}.md").write_text(f"# Page {i}\n\n{mark}\n\n{text}\n", encoding="utf-8")
    (docs / "assets" / "style.css").write_text(f"/* {mark} */ body {{ margin: 0; }}\n", encoding="utf-8")
    (docs / "downloads" / "table.csv").write_text(f"id,mark\n1,{mark}\n", encoding="utf-8")
    (docs / "api" / "kb.json").write_text(json.dumps({"mark": mark}), encoding="utf-8")


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A tiny MkDocs project: mkdocs.yml for the web build, mkdocs-offline.yml with the offline plugin."""
    project = tmp_path / "tiny"
    for folder in ("docs/pages", "docs/assets", "docs/downloads", "docs/api"):
        (project / folder).mkdir(parents=True)
    (project / "pyproject.toml").write_text('[project]\nname = "tiny"\nversion = "1.0"\n', encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Tiny\nstrict: true\ntheme:\n  name: mkdocs\nplugins:\n  - search\n", encoding="utf-8")
    (project / "mkdocs-offline.yml").write_text(
        "INHERIT: mkdocs.yml\nplugins:\n  - search\n  - material/offline\n", encoding="utf-8")
    write_generation(project, 1)
    return project


def start(project: Path, offline: bool) -> subprocess.Popen:
    """`python -m kb.infra.build` as the Makefile runs it: `make web` or `make offline`."""
    config, site = ("mkdocs-offline.yml", "site-offline") if offline else ("mkdocs.yml", "site")
    cmd = [sys.executable, "-m", "kb.infra.build", "--engine", ENGINE, "--config", config, "--site-dir", site]
    return subprocess.Popen([*cmd, *(["--bundle"] if offline else [])], cwd=project, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def built(project: Path, offline: bool) -> float:
    """A successful build; returns how long it took."""
    began = time.monotonic()
    process = start(project, offline)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return time.monotonic() - began


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def zipped(path: Path) -> dict[str, bytes]:
    """The zip's files under its one top folder; the zip must be whole."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert {name.split("/", 1)[0] for name in names} == {path.stem}
        return {name.split("/", 1)[1]: archive.read(name) for name in names}


def bundled(site: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in site.items() if name != "404.html"}  # kb.publish.postbuild.NOT_BUNDLED


def generation(site: dict[str, bytes]) -> int:
    """The one generation every page and file of a site was built from."""
    found = {int(m) for data in site.values() for m in MARK.findall(data)}
    assert len(found) == 1, f"a site mixing generations {sorted(found)}"
    return found.pop()


def leftovers(project: Path) -> list[str]:
    """Staging and old folders beside the sites, temporary zips in dist/."""
    found = [p.name for p in project.iterdir() if ".building-" in p.name or ".old-" in p.name]
    return found + [p.name for p in (project / "dist").glob(".*") if p.suffix == ".tmp"]


def engines(project: Path) -> list[int]:
    """Processes still running an engine's build of this project (zombies, already dead, left out)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z" and b"--config-file" in cmdline and str(project).encode() in cmdline:
            found.append(int(entry.name))
    return found


def no_engine_left(project: Path, timeout: float = 5.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := engines(project)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def test_two_builds_at_once_publish_one_complete_site_and_zip(tiny: Path) -> None:
    built(tiny, offline=True)
    expected = set(files(tiny / "site-offline"))
    assert {"assets/style.css", "downloads/table.csv", "api/kb.json", "pages/p0.html", "index.html"} <= expected
    write_generation(tiny, 2)
    first = start(tiny, offline=True)
    time.sleep(0.3)  # the first holds the build lock by now
    second = start(tiny, offline=True)
    results = [(p, *p.communicate(timeout=120)) for p in (first, second)]
    for process, _, err in results:
        assert process.returncode == 0 and "Traceback" not in err, err
    assert any(WAITING in err for _, _, err in results), "the second build did not wait for the first"
    site = files(tiny / "site-offline")
    assert set(site) == expected and generation(site) == 2
    assert zipped(tiny / "dist" / ZIP) == bundled(site)
    assert leftovers(tiny) == [] and engines(tiny) == []


def fake_site(folder: Path, seed: int) -> None:
    """A built site as far as `kb bundle` is concerned: index.html and ~5 MB of text to zip."""
    rng = random.Random(seed)
    words = [f"w{seed}x{n}" for n in range(500)]
    (folder / "pages").mkdir(parents=True)
    (folder / "index.html").write_text(f"<html>{seed}</html>", encoding="utf-8")
    (folder / "404.html").write_text("<html>404</html>", encoding="utf-8")
    for i in range(80):
        (folder / "pages" / f"{i}.html").write_text(" ".join(rng.choices(words, k=8000)), encoding="utf-8")


def test_two_bundles_at_once_give_one_whole_zip(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "tiny"\nversion = "1.0"\n', encoding="utf-8")
    sites = {name: tmp_path / name for name in ("site-a", "site-b")}
    for seed, folder in enumerate(sites.values()):
        fake_site(folder, seed)
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / f".{ZIP}.tmp").write_bytes(b"left by a bundle killed outright")
    command = [sys.executable, "-c", "from kb.entry import run; run()", "--root", str(tmp_path), "bundle"]
    processes = [subprocess.Popen([*command, str(folder)], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for folder in sites.values()]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0 and "Traceback" not in err, err
    assert [p.name for p in (tmp_path / "dist").iterdir()] == [ZIP]
    content = zipped(tmp_path / "dist" / ZIP)
    assert content in [bundled(files(folder)) for folder in sites.values()]


def test_a_build_failing_in_strict_mode_keeps_the_previous_site_and_zip(tiny: Path) -> None:
    built(tiny, offline=True)
    before_site, before_zip = files(tiny / "site-offline"), (tiny / "dist" / ZIP).read_bytes()
    write_generation(tiny, 2)
    with (tiny / "docs" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\n[A page that is not there](nowhere.md)\n")  # a warning: strict mode aborts the build
    failed = start(tiny, offline=True)
    _, err = failed.communicate(timeout=120)
    assert failed.returncode == 1 and "strict" in err and "保持上一次构建的内容" in err, err
    assert files(tiny / "site-offline") == before_site
    assert (tiny / "dist" / ZIP).read_bytes() == before_zip
    assert leftovers(tiny) == []


def test_builds_killed_at_random_points_leave_the_previous_or_the_new_output(tiny: Path) -> None:
    """SIGKILL, SIGTERM and SIGINT at random moments of web and offline builds: each of site/,
    site-offline/ and the zip is afterwards the previous one byte for byte or the new one, the site and
    its zip agree, no engine is left running, and the next successful build leaves nothing behind."""
    rng = random.Random(23)
    started = time.monotonic()
    took = {False: built(tiny, offline=False), True: built(tiny, offline=True)}
    previous = {False: files(tiny / "site"), True: files(tiny / "site-offline")}
    previous_zip = (tiny / "dist" / ZIP).read_bytes()
    assert zipped(tiny / "dist" / ZIP) == bundled(previous[True])
    outcomes = []
    gen, iterations = 1, 0
    while iterations < 14 and time.monotonic() - started < 40:
        iterations += 1
        gen += 1
        write_generation(tiny, gen)
        offline = rng.random() < 0.6
        sig = rng.choice([signal.SIGKILL, signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
        delay = rng.uniform(0.0, 1.4 * took[offline])  # from before the engine starts to after the swap
        left_before = set(leftovers(tiny))  # by builds killed outright, until a build takes the lock
        process = start(tiny, offline)
        time.sleep(delay)
        running = engines(tiny)
        process.send_signal(sig)
        _, err = process.communicate(timeout=60)
        code = process.returncode
        outcomes.append((sig.name, round(delay, 2), offline, code, bool(running)))
        assert code in (0, 130, -sig), (outcomes[-1], err)
        assert no_engine_left(tiny) == [], f"engine still running after {outcomes[-1]}: {running}"
        if sig != signal.SIGKILL:  # a build that could clean up did
            assert set(leftovers(tiny)) <= left_before, (outcomes[-1], leftovers(tiny))
        now = {False: files(tiny / "site"), True: files(tiny / "site-offline")}
        now_zip = (tiny / "dist" / ZIP).read_bytes()
        assert now[not offline] == previous[not offline], "the other site changed"
        changed = now[offline] != previous[offline]
        if code == 0:
            assert changed, outcomes[-1]
        elif code != -signal.SIGKILL:
            assert not changed, outcomes[-1]  # interrupted: nothing published
        if changed:  # the new one: whole, one generation, its zip beside it
            assert set(now[offline]) == set(previous[offline]) and generation(now[offline]) == gen
            previous[offline] = now[offline]
        if offline:
            assert (now_zip != previous_zip) == changed, outcomes[-1]
            assert zipped(tiny / "dist" / ZIP) == bundled(now[True])
            previous_zip = now_zip
        else:
            assert now_zip == previous_zip
    print(outcomes)  # shown when the test fails
    assert iterations >= 6, outcomes
    assert any(sig == "SIGKILL" and engine for sig, *_, engine in outcomes), "no build was killed outright mid-engine"
    # What builds killed outright left, and as if more were left: the next build removes it.
    (tiny / ".site-offline.building-stale").mkdir(exist_ok=True)
    (tiny / ".site.old-stale").mkdir(exist_ok=True)
    (tiny / "dist" / f".{ZIP}.stale.tmp").write_bytes(b"")
    gen += 1
    write_generation(tiny, gen)
    built(tiny, offline=False)
    built(tiny, offline=True)
    assert leftovers(tiny) == [] and engines(tiny) == []
    site = files(tiny / "site-offline")
    assert generation(site) == gen and generation(files(tiny / "site")) == gen
    assert zipped(tiny / "dist" / ZIP) == bundled(site)
    assert time.monotonic() - started < 60, outcomes
