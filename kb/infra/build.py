"""Build the site with a chosen engine, aside, then swap it into place: a failed or interrupted build
leaves the previous site folder (and the previous offline zip) exactly as they were.

    python -m kb.infra.build --engine mkdocs --config mkdocs.yml --site-dir site
    python -m kb.infra.build --engine mkdocs --config mkdocs-offline.yml --site-dir site-offline --bundle

The whole build holds the project's build lock (`.kb-build.lock` beside the config file, kb.infra.atomic):
a second build, or `kb bundle`, waits for it. The engine runs in its own process (as a user would run
it) into a fresh temporary folder beside the target, owned by this build; it is ended with this process
(Linux: it gets SIGKILL if this process dies; on SIGTERM or Ctrl-C it is terminated and waited for).
Only when it exits successfully is the offline zip (with --bundle) written to a temporary file in dist/,
and then the old folder renamed away, the new one renamed in and the zip renamed over the old zip, with
Ctrl-C and SIGTERM held off: the site folder and the zip are both the previous ones or both the new ones.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from kb.core.messages import BUILD
from kb.infra.atomic import _signals_held, build_locked
from kb.infra.bundle import (
    edition_prefix,
    remove_other_versions,
    remove_stale_bundles,
    stage_bundle,
)

# The maintained engines that read mkdocs.yml and run this project's hooks: MkDocs 1.6 and its
# drop-in continuation ProperDocs. Each is run as `python -m <module> build`.
ENGINES = {"mkdocs": "mkdocs", "properdocs": "properdocs"}
PR_SET_PDEATHSIG = 1  # linux/prctl.h
STOP_WAIT_S = 10  # after SIGTERM, how long the engine has to exit before it is killed


class BuildFailed(Exception):
    pass


# Set as the renames begin: a Ctrl-C or SIGTERM from then on is ignored, as the new site and zip are
# going in (Python runs a signal's handler a little after it arrives, so holding signals off during the
# renames alone would not do: a handler for a signal that came just before could still run among them).
_committed = False
# Set while the engine's process is being started: a signal then is acted on once Popen has returned,
# so that the process it started is ended too (not left to the death signal alone).
_starting = False
_pending: list[int] = []


def _terminate(signum, frame) -> None:
    """SIGINT and SIGTERM (main): stop the build, unless the new site is already going in."""
    if _committed:  # the new site is going in or in place; finish tidying up and report success
        return
    # One interruption is enough: the clean-up (ending the engine, removing the temporary folder)
    # is not interrupted again.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if _starting:
        _pending.append(signum)
        return
    raise KeyboardInterrupt


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)


def _die_with_parent() -> Callable[[], None] | None:
    """For the engine's process (Linux): SIGKILL when this process dies, however it dies."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # loaded here, not between fork and exec
    parent = os.getpid()

    def preexec() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def _run(command: list[str]) -> int:
    """Run the engine and return its exit code; on an exception here (Ctrl-C, SIGTERM), end it first."""
    global _starting
    _starting = True
    try:
        # preexec_fn is safe here: this process runs no other threads.
        process = subprocess.Popen(command, preexec_fn=_die_with_parent())  # noqa: PLW1509
    finally:
        _starting = False
    try:
        if _pending:
            raise KeyboardInterrupt
        return process.wait()
    except BaseException:
        process.terminate()
        try:
            process.wait(timeout=STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        raise


def build(config: Path, site_dir: Path, engine: str = "mkdocs", extra: list[str] | None = None,
          bundle: bool = False, edition: str = "") -> Path | None:
    """Build into a temporary folder beside site_dir, then swap it in; raise BuildFailed on failure.

    With `bundle`, the built site is also zipped into dist/ (kb.publish.postbuild) beside the config file and
    swapped in with it; returns the zip's path. `edition` is a region's code (a regional edition's zip is
    named after it, kb.infra.bundle.bundle_name); only older zips of the same edition are removed.
    """
    global _committed
    _committed = False
    _pending.clear()
    if engine not in ENGINES:
        raise BuildFailed(BUILD["unknown_engine"].format(engine=engine, expected=", ".join(ENGINES)))
    config, site_dir = config.resolve(), site_dir.resolve()
    root = config.parent
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with build_locked(root):
        # With the lock held no other build is running: whatever such folders are left belong to
        # builds that were killed outright.
        for stale in [*site_dir.parent.glob(f".{site_dir.name}.building-*"), *site_dir.parent.glob(f".{site_dir.name}.old-*")]:
            _remove(stale)
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
        old = staging.with_name(staging.name.replace(".building-", ".old-", 1))
        zipped: tuple[Path, Path] | None = None
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)  # as a plain new folder, not mkdtemp's 0700
        command = [sys.executable, "-m", ENGINES[engine], "build", "--clean", "--config-file", str(config),
                   "--site-dir", str(staging), *(extra or [])]
        try:
            code = _run(command)
            if code != 0:
                raise BuildFailed(BUILD["engine_failed"].format(engine=engine, code=code, site=site_dir.name))
            if bundle:
                remove_stale_bundles(root)
                zipped = stage_bundle(staging, root, edition)
            _swap(staging, site_dir, old, zipped)
        finally:
            _remove(staging)
            _remove(old)
            if zipped is not None:
                zipped[0].unlink(missing_ok=True)
        if zipped is None:
            return None
        remove_other_versions(zipped[1], edition_prefix(root, edition))
        print(BUILD["bundle_written"].format(target=os.path.relpath(zipped[1])), file=sys.stderr)
        return zipped[1]


def _swap(staging: Path, site_dir: Path, old: Path, zipped: tuple[Path, Path] | None) -> None:
    """Renames with Ctrl-C and SIGTERM held off, so the site is never missing and the site and its zip
    are replaced together."""
    global _committed
    _committed = True
    with _signals_held():
        if site_dir.exists():
            os.replace(site_dir, old)
        os.replace(staging, site_dir)
        if zipped is not None:
            os.replace(*zipped)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.infra.build", description="构建网站：先构建到临时文件夹，成功后再替换。")
    parser.add_argument("--engine", default=os.environ.get("ENGINE", "mkdocs"), choices=sorted(ENGINES), help="构建引擎")
    parser.add_argument("--config", type=Path, required=True, help="配置文件，如 mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, required=True, help="输出文件夹，如 site")
    parser.add_argument("--bundle", action="store_true",
                        help="构建成功后把网站打包成 dist/<名称>-offline.zip（离线版用），与网站文件夹一起替换")
    parser.add_argument("--edition", default="", help="地区版的代码：压缩包名为 <名称>-<地区代码>-<版本>-offline.zip")
    args = parser.parse_args(argv)

    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    try:
        build(args.config, args.site_dir, args.engine, bundle=args.bundle, edition=args.edition)
    except BuildFailed as err:
        print(BUILD["failed"].format(error=err), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(BUILD["interrupted"].format(site=args.site_dir), file=sys.stderr)
        return 130
    # Published: from here to the exit (when Python would put back the default handlers) a signal changes
    # nothing, so it is ignored rather than reported as a failure.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return 0


if __name__ == "__main__":
    sys.exit(main())
