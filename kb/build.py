"""Build the site with a chosen engine, aside, then swap it into place: a failed or interrupted build
leaves the previous site folder (and the previous offline zip) exactly as they were.

    python -m kb.build --engine mkdocs --config mkdocs.yml --site-dir site

The engine runs in its own process (as a user would run it) into a fresh temporary folder beside the
target. Only when it exits successfully is the old folder renamed away and the new one renamed in; the
offline zip is written by the build itself, atomically, into dist/ (hooks/offline_bundle.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from .messages import BUILD

# The maintained engines that read mkdocs.yml and run this project's hooks: MkDocs 1.6 and its
# drop-in continuation ProperDocs. Each is run as `python -m <module> build`.
ENGINES = {"mkdocs": "mkdocs", "properdocs": "properdocs"}


class BuildFailed(Exception):
    pass


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)


def build(config: Path, site_dir: Path, engine: str = "mkdocs", extra: list[str] | None = None) -> None:
    """Build into a temporary folder beside site_dir, then swap it in; raise BuildFailed on failure."""
    if engine not in ENGINES:
        raise BuildFailed(BUILD["unknown_engine"].format(engine=engine, expected=", ".join(ENGINES)))
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in site_dir.parent.glob(f".{site_dir.name}.building-*"):
        _remove(stale)  # left by a build that was killed outright
    staging = site_dir.parent / f".{site_dir.name}.building-{os.getpid()}"
    old = site_dir.parent / f".{site_dir.name}.old-{os.getpid()}"
    command = [sys.executable, "-m", ENGINES[engine], "build", "--clean", "--config-file", str(config),
               "--site-dir", str(staging), *(extra or [])]
    try:
        result = subprocess.run(command, check=False)
        if result.returncode != 0:
            raise BuildFailed(BUILD["engine_failed"].format(engine=engine, code=result.returncode, site=site_dir.name))
        _swap(staging, site_dir, old)
    finally:
        _remove(staging)
        _remove(old)


def _swap(staging: Path, site_dir: Path, old: Path) -> None:
    """Two renames with Ctrl-C and SIGTERM held off between them, so the site is never missing."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (ValueError, OSError):
        previous = None
    try:
        if site_dir.exists():
            os.replace(site_dir, old)
        os.replace(staging, site_dir)
    finally:
        if previous is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.build", description="构建网站：先构建到临时文件夹，成功后再替换。")
    parser.add_argument("--engine", default=os.environ.get("ENGINE", "mkdocs"), choices=sorted(ENGINES), help="构建引擎")
    parser.add_argument("--config", type=Path, required=True, help="配置文件，如 mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, required=True, help="输出文件夹，如 site")
    args = parser.parse_args(argv)

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    try:
        build(args.config, args.site_dir, args.engine)
    except BuildFailed as err:
        print(BUILD["failed"].format(error=err), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(BUILD["interrupted"].format(site=args.site_dir), file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
