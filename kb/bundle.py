"""A byte-for-byte reproducible zip of a built site."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest date a zip entry can hold


def fixed_timestamp() -> tuple[int, int, int, int, int, int]:
    """Entry time from SOURCE_DATE_EPOCH (the Makefile sets it to the last commit's date)."""
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", ZIP_EPOCH_MIN)), ZIP_EPOCH_MIN)
    return time.gmtime(epoch)[:6]


def write_zip(site_dir: Path, target: Path, folder: str, exclude: tuple[str, ...] = ()) -> Path:
    """Zip the files of site_dir (less `exclude`) under one top folder, sorted, with fixed times and modes.

    Written to a temporary file first and renamed, so a half-written zip is never left in place.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = fixed_timestamp()
    temporary = target.with_name(f".{target.name}.tmp")
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and p.relative_to(site_dir).as_posix() not in exclude)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in files:
                info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 3  # Unix, whatever the building machine
                archive.writestr(info, path.read_bytes(), compresslevel=9)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    # Only now, with the new bundle in place, are bundles of other versions removed.
    for other in target.parent.glob("*-offline.zip"):
        if other != target:
            other.unlink(missing_ok=True)
    return target
