"""A failed or interrupted build leaves the previous site, offline site and zip exactly as they were
(the real project; tests/test_build_concurrency.py does the same and more on a tiny one)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import edit
from .sites import ENGINE, copy_project

pytestmark = pytest.mark.build


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def kb_build(project: Path, config: str, site: str) -> subprocess.Popen:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.Popen([sys.executable, "-m", "kb.infra.build", "--engine", ENGINE, "--config", config, "--site-dir", site, "--bundle"],
                            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_failed_and_interrupted_builds_keep_the_previous_output(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    first = kb_build(project, "mkdocs-offline.yml", "site-offline")
    _, err = first.communicate(timeout=600)  # not wait(): a build logs more than a pipe holds
    assert first.returncode == 0, err
    [bundle] = (project / "dist").glob("*-offline.zip")
    before_site, before_zip = digest(project / "site-offline"), bundle.read_bytes()

    edit(project / "data/glossary.yml", "terms:", "terms: [")  # a syntax error: the build must stop
    failed = kb_build(project, "mkdocs-offline.yml", "site-offline")
    _, err = failed.communicate(timeout=600)
    assert failed.returncode == 1 and "保持上一次构建的内容" in err and "Traceback" not in err
    assert digest(project / "site-offline") == before_site and bundle.read_bytes() == before_zip

    edit(project / "data/glossary.yml", "terms: [", "terms:")
    interrupted = kb_build(project, "mkdocs-offline.yml", "site-offline")
    time.sleep(4)  # well inside the build
    interrupted.send_signal(signal.SIGINT)
    _, err = interrupted.communicate(timeout=600)
    assert interrupted.returncode in (130, 0), err  # 0 only if the build had already finished and swapped
    if interrupted.returncode == 130:
        assert digest(project / "site-offline") == before_site and bundle.read_bytes() == before_zip
    assert not [p for p in project.iterdir() if ".building-" in p.name or ".old-" in p.name], "temporary folders left behind"
    assert not list((project / "dist").glob(".*.tmp")), "temporary zips left behind"
