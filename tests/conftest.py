"""Shared fixtures: a small valid knowledge base to copy and break, and project paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"
# The raw 2020 reports the example reports were written from, kept in the repository for the tests.
SEED_DIR = Path(__file__).parent / "fixtures" / "seed"


@pytest.fixture(scope="session")
def real_kb():
    """The project's own knowledge base, loaded inside the tests that need it (never at import time)."""
    from kb.load import load

    return load(ROOT / "data")


@pytest.fixture
def kb_root(tmp_path: Path) -> Path:
    """A writable copy of the fixture knowledge base; tests edit files under data/."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


@pytest.fixture
def project(kb_root: Path) -> Path:
    """The fixture knowledge base with the files kb looks for at a project's root: the config and the
    pages the data calls for (kb check)."""
    shutil.copy(ROOT / "mkdocs.yml", kb_root / "mkdocs.yml")
    (kb_root / "docs/guide").mkdir(parents=True, exist_ok=True)
    (kb_root / "docs/guide/schools.md").write_text("# 学校工作指引\n\n正文。\n", encoding="utf-8")
    (kb_root / "docs/diseases").mkdir(parents=True, exist_ok=True)
    (kb_root / "docs/diseases/influenza.md").write_text("# 流行性感冒\n\n正文。\n", encoding="utf-8")
    return kb_root


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


@pytest.fixture(scope="session")
def offline_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline bundle, built from a copy of the project as `make offline` does; returns the zip."""
    from .sites import copy_project, kb_build

    project = copy_project(tmp_path_factory.mktemp("offline"))
    result = kb_build(project)
    assert result.returncode == 0, result.stderr
    [bundle] = (project / "dist").glob("*-offline.zip")
    return bundle


@pytest.fixture(scope="session")
def offline_site(offline_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle unzipped as a user would; returns the folder holding index.html."""
    import zipfile

    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_build) as archive:
        archive.extractall(target)
    [folder] = target.iterdir()
    return folder


ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by playwright (playwright cannot download browsers here)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=chromium,
            # Keep the browser's own background traffic (updates, sync) off this closed network.
            args=["--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-first-run", "--disable-quic", "--disable-gpu"],
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def web_server(web_site: Path):
    """The web build served on 127.0.0.1 from a thread; yields the base URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep pytest output readable
            pass

        def end_headers(self) -> None:
            # LinkChecker throttles every host to a few requests a second unless the server
            # sends this header; then its `maxrequestspersecond` setting applies.
            self.send_header("LinkChecker", "local test server")
            super().end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(web_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
