"""Build helpers shared by the build and browser tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The engine under test: `make test` runs the suite with mkdocs and the engine tests again with properdocs.
ENGINE = os.environ.get("ENGINE", "mkdocs")
MKDOCS = [sys.executable, "-m", ENGINE]


def build(config: Path, site_dir: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `mkdocs build` as a user would, from another folder, and return the finished process."""
    cmd = [*MKDOCS, "build", "--clean", "--config-file", str(config)]
    if site_dir is not None:
        cmd += ["--site-dir", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    return subprocess.run(cmd, check=False, cwd=cwd or config.parent.parent, capture_output=True, text=True, env=env, timeout=600)


def kb_build(project: Path, config: str = "mkdocs-offline.yml", site_dir: str = "site-offline",
             bundle: bool = True) -> subprocess.CompletedProcess:
    """Run `python -m kb.infra.build` in a project as `make offline` does: the site, then (with `bundle`) the
    zip in project/dist/, both swapped in once the engine has succeeded."""
    cmd = [sys.executable, "-m", "kb.infra.build", "--engine", ENGINE, "--config", config, "--site-dir", site_dir]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    return subprocess.run([*cmd, *(["--bundle"] if bundle else [])], check=False, cwd=project, capture_output=True,
                          text=True, env=env, timeout=600)


def copy_project(parent: Path) -> Path:
    """A copy of everything a build reads, so a test can change or build it without touching the repo."""
    target = parent / "project"
    target.mkdir()
    for name in ("docs", "data", "overrides", "hooks", "kb"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("mkdocs.yml", "mkdocs-offline.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, target / name)
    return target
