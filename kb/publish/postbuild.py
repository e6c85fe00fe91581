"""The steps after a site is built, on the built folder alone: any engine's output can go through them.

- :func:`rewrite_search`: the shipped search index (kb.publish.search.build_index) and the search worker's
  query-segmenter fix, in place. Safe to run twice: a rewritten index is marked and left alone.
- :func:`bundle`: the offline site as a reproducible zip in dist/, under the build lock.

`kb search-index SITE` and `kb bundle SITE` run them from the command line (after a build by another
engine, for example); hooks/search_index.py calls the same function, and `python -m kb.infra.build --bundle`
zips the site with kb.infra.bundle.stage_bundle once the engine has succeeded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kb.core.model import KnowledgeBase
from kb.infra.atomic import build_locked, write_text
from kb.infra.bundle import (
    NOT_BUNDLED,
    bundle_target,
    edition_prefix,
    remove_stale_bundles,
    write_zip,
)
from kb.publish.search import (
    build_index,
    fix_query_segmenter,
    kept_measure_documents,
    query_segmenter_fixed,
)

INDEX = Path("search") / "search_index.json"
OFFLINE_INDEX = Path("search") / "search_index.js"  # what the offline plugin loads with a <script> tag
OFFLINE_PREFIX = "var __index = "
WORKERS = "assets/javascripts/workers/search.*.min.js"
REWRITTEN = "kb"  # key in the index's config: the index has been rewritten (by edition)


def _directory_urls(index: dict) -> bool:
    """Whether the site uses directory URLs, read from the locations Material wrote."""
    return not any(doc["location"].split("#", 1)[0].endswith(".html") for doc in index["docs"])


def rewrite_search(site_dir: Path, kb: KnowledgeBase, root: Path | None = None) -> list[str]:
    """Rewrite the site's search index (and its offline copy, if any) and fix the search worker.

    With the project's `root`, the measures' documents are reused from its last build (kb.infra.cache).
    Returns warnings (a worker this Material version's fix does not match) for the caller to report.
    """
    warnings: list[str] = []
    for name, prefix in ((INDEX, ""), (OFFLINE_INDEX, OFFLINE_PREFIX)):
        path = site_dir / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8").removeprefix(prefix)
        index = json.loads(text)
        if REWRITTEN in index["config"]:
            continue
        directory_urls = _directory_urls(index)
        data = build_index(index, kb, directory_urls, kept_measure_documents(kb, directory_urls, root))
        data["config"][REWRITTEN] = kb.edition.edition
        write_text(path, prefix + json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    for worker in sorted(site_dir.glob(WORKERS)):
        code = worker.read_text(encoding="utf-8")
        if query_segmenter_fixed(code):
            continue
        try:
            write_text(worker, fix_query_segmenter(code))
        except ValueError as err:
            warnings.append(str(err))
    return warnings


def bundle(site_dir: Path, root: Path) -> Path:
    """Zip the offline site into root/dist/<name>.zip under one folder; returns the zip's path.

    Holds the build lock of root: a running build or another `kb bundle` is waited for."""
    with build_locked(root):
        remove_stale_bundles(root)
        edition = site_edition(site_dir)
        target = bundle_target(root, edition)
        return write_zip(site_dir, target, folder=target.stem, exclude=NOT_BUNDLED, prefix=edition_prefix(root, edition))


def site_edition(site_dir: Path) -> str:
    """The region's code of a built site (its api/kb.json), or "" for the national edition."""
    try:
        region = json.loads((site_dir / "api" / "kb.json").read_text(encoding="utf-8")).get("region")
    except (OSError, ValueError):
        return ""
    code = region.get("code") if isinstance(region, dict) else None
    return code if isinstance(code, str) and re.fullmatch(r"[a-z]+(-[a-z]+)*", code) else ""
