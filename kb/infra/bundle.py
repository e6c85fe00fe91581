"""A byte-for-byte reproducible zip of a built site, and where the offline site's zip goes.

Standard library only: `python -m kb.infra.build --bundle` imports it before it takes Ctrl-C and SIGTERM.
"""

from __future__ import annotations

import os
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

from kb.infra.atomic import _signals_held

ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest date a zip entry can hold
# 404.html serves a web server's missing pages with root-relative links; from a folder it is useless.
NOT_BUNDLED = ("404.html",)


def fixed_timestamp() -> tuple[int, int, int, int, int, int]:
    """Entry time from SOURCE_DATE_EPOCH (the Makefile sets it to the last commit's date)."""
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", ZIP_EPOCH_MIN)), ZIP_EPOCH_MIN)
    return time.gmtime(epoch)[:6]


def stale_temporaries(folder: Path) -> list[Path]:
    """Temporary zips left in folder by a writer killed outright; remove them only under the build lock."""
    return sorted(folder.glob(".*.zip*.tmp"))


def stage_zip(site_dir: Path, target: Path, folder: str, exclude: tuple[str, ...] = ()) -> Path:
    """Write the zip of site_dir to a new temporary file beside target, flushed to disk; returns its path.

    The files of site_dir (less `exclude`) go under one top folder, sorted, with fixed times and modes.
    Each call has its own temporary name, so writers never share one; the caller renames it into place.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = fixed_timestamp()
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and p.relative_to(site_dir).as_posix() not in exclude)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            archive = zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9)
            try:
                for path in files:
                    info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    info.create_system = 3  # Unix, whatever the building machine
                    archive.writestr(info, path.read_bytes(), compresslevel=9)
            except BaseException:
                # Stopped inside an entry (Ctrl-C, SIGTERM): closing would raise over the interruption
                # (an entry still open) and finish nothing useful; the file is removed below.
                archive.fp = None
                raise
            archive.close()
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as a plain new file, not mkstemp's 0600
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def remove_other_versions(target: Path, edition_prefix: str = "") -> None:
    """With the new bundle in place, remove the bundles of other versions of the same edition beside it.

    `edition_prefix` is what every version's name of this edition begins with before its version
    (`epi-guide-kb-` for the national edition, `epi-guide-kb-guangdong-` for a region's): a version begins
    with a digit and a region's code with a letter, so one edition's zips never match another's.
    Without it, every other zip is removed (a bundle written outside the project's naming).
    """
    for other in target.parent.glob("*-offline.zip"):
        if other == target:
            continue
        if edition_prefix and not (other.name.startswith(edition_prefix) and other.name[len(edition_prefix):][:1].isdigit()):
            continue
        other.unlink(missing_ok=True)


def write_zip(site_dir: Path, target: Path, folder: str, exclude: tuple[str, ...] = (), prefix: str = "") -> Path:
    """Zip site_dir into target (see stage_zip): written to a temporary file first and renamed, so a
    half-written zip is never left in place. Other versions of the same edition (`prefix`, see
    remove_other_versions) are removed once it is."""
    temporary = stage_zip(site_dir, target, folder, exclude)
    try:
        with _signals_held():
            os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    remove_other_versions(target, prefix)
    return target


def _project(root: Path) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def edition_prefix(root: Path, edition: str = "") -> str:
    """What the zips of one edition are named before their version: `<project>-` or `<project>-<region>-`."""
    return f"{_project(root)['name']}-{edition + '-' if edition else ''}"


def bundle_name(root: Path, edition: str = "") -> str:
    """`<project>-<version>-offline`, from pyproject.toml; a region's edition `<project>-<region>-<version>-offline`."""
    return f"{edition_prefix(root, edition)}{_project(root)['version']}-offline"


def bundle_target(root: Path, edition: str = "") -> Path:
    """Where the offline zip goes: root/dist/<name>.zip."""
    return root / "dist" / f"{bundle_name(root, edition)}.zip"


def remove_stale_bundles(root: Path) -> None:
    """Temporary zips left in dist/ by a build or `kb bundle` killed outright; call with the build lock held."""
    for stale in stale_temporaries(root / "dist"):
        stale.unlink(missing_ok=True)


def stage_bundle(site_dir: Path, root: Path, edition: str = "") -> tuple[Path, Path]:
    """The offline zip written to a temporary file in dist/, for the caller (holding the build lock) to
    rename into place together with the site; returns (temporary, target)."""
    target = bundle_target(root, edition)
    return stage_zip(site_dir, target, folder=target.stem, exclude=NOT_BUNDLED), target
