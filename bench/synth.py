"""Synthetic knowledge bases: the real content multiplied, with fresh ids and varied titles.

Scale N keeps the sectors and multiplies the measures of every checklist and the example reports
by N. Text stays the project's real Chinese text, so page sizes, segmentation and search index
sizes are realistic; each copy of a measure mixes its detail with clauses of other measures, so
copies are not near-duplicates of each other (reports are copied whole).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from kb.load import load
from kb.publish.markers import MARKER, PageContext, expand
from kb.publish.site import extend_nav, generated_files
from kb.publish.urls import Linker
from kb.review.changelog import attach

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("docs", "overrides", "hooks", "kb")
CONFIGS = ("mkdocs.yml", "mkdocs-offline.yml", "pyproject.toml")


def _copy_base(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in COPIED:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in CONFIGS:
        shutil.copy(ROOT / name, target / name)


def _varied(title: str, copy: int) -> str:
    return title if copy == 0 else f"{title[:24]}（{copy + 1}）"


_CLAUSE_END = re.compile(r"(?<=[，；。])")


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_END.split(text) if c]


def _mixed_detail(measures: list[dict], index: int, copy: int) -> str:
    """Copy `copy` of a measure's detail: its first clause and every other clause of two other measures,
    so that the copies read like different measures. Identical copies would be near-duplicates of each
    other, which a real knowledge base 100 times larger would not be, and would flatter every cache
    (segmentation, name scanning) while swamping `kb check` with findings."""
    detail = measures[index]["detail"]
    # Routine measures may not use emergency wording (kb check), so they mix only with routine ones.
    routine = measures[index]["status"] == "routine"
    peers = [m["detail"] for m in measures if m["status"] == "routine" or not routine]
    if copy == 0 or len(peers) < 3:
        return detail
    here = peers.index(detail)  # a measure is always among its own peers
    first = peers[(here + copy) % len(peers)]
    # Another pairing for the second measure, so that no two copies share both (a few still may).
    other = (7 * here + 3 * copy + 5 * (copy // len(peers)) + 1) % len(peers)
    second = peers[other if peers[other] != first else (other + 1) % len(peers)]
    mixed = _clauses(detail)[:1] + _clauses(first)[1::2] + _clauses(second)[::2]
    return "".join(mixed).rstrip("，；") + ("" if mixed[-1].endswith("。") else "。")


def make_project(scale: int, target: Path) -> Path:
    """A full project (data, docs, configs) at `scale` times the real content."""
    _copy_base(target)
    data = target / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("checklists", "reports"))
    (data / "checklists").mkdir()
    (data / "reports").mkdir()
    kb = load(ROOT / "data")
    renumber: dict[tuple[str, int], str] = {}
    for code in kb.checklists:
        raw = yaml.safe_load((ROOT / "data/checklists" / f"{code}.yml").read_text(encoding="utf-8"))
        prefix = kb.sector_by_code[code].id_prefix
        measures, number = [], 0
        for copy in range(scale):
            for index, measure in enumerate(raw["measures"]):
                number += 1
                new_id = f"{prefix}-{number:03d}"
                renumber[(measure["id"], copy)] = new_id
                measures.append({**measure, "id": new_id, "title": _varied(measure["title"], copy),
                                 "detail": _mixed_detail(raw["measures"], index, copy)})
        raw["measures"] = measures
        (data / "checklists" / f"{code}.yml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # The calendar links measures by id: point it at the first copy's new ids.
    calendar = yaml.safe_load((ROOT / "data/calendar.yml").read_text(encoding="utf-8"))
    for month in calendar["months"]:
        for entry in month["prepare"]:
            entry["measures"] = [renumber[(m, 0)] for m in entry["measures"]]
    (data / "calendar.yml").write_text(yaml.safe_dump(calendar, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for copy in range(scale):
        for report in kb.reports:
            path = ROOT / "data/reports" / f"{report.id}.md"
            front, body = path.read_text(encoding="utf-8").split("---\n", 2)[1:]
            meta = yaml.safe_load(front)
            new_id = f"RPT-{copy * len(kb.reports) + int(report.id[4:]):03d}"
            meta["id"] = new_id
            meta["title"] = _varied(meta["title"], copy) if copy else meta["title"]
            for action in meta["actions"]:
                action["measures"] = [renumber.get((m, copy), m) for m in action["measures"]]
            text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body
            (data / "reports" / f"{new_id}.md").write_text(text, encoding="utf-8")
    # Measures cite reports: keep citations pointing at reports that exist (RPT-001 … stay valid).
    return target


def make_baseline(project: Path, target: Path) -> Path:
    """The same pages as plain Markdown, built with the same theme and plugins but no project hooks."""
    _copy_base(target)
    shutil.rmtree(target / "hooks")
    kb = load(project / "data")
    attach(kb, project, kb.edition.editions)  # the 更新记录 marker needs the edition history, as in the build
    docs = target / "docs"
    for page in docs.rglob("*.md"):
        src = page.relative_to(docs).as_posix()
        text = page.read_text(encoding="utf-8")
        if MARKER.search(text):
            text, problems = expand(text, kb, PageContext(src, Linker(src, True)), src)
            assert not problems, problems
            page.write_text(text, encoding="utf-8")
    # Every page the project generates (checklists, reports, sources, reporting cards, plans), as
    # Markdown files; downloads (CSV, JSON, Word) are the project's own work and have no counterpart.
    for src, content in generated_files(kb, directory_urls=True):
        if src.endswith(".md"):
            (docs / src).parent.mkdir(parents=True, exist_ok=True)
            (docs / src).write_text(content, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    # The same navigation the project's hook generates, written out in full.
    nav = yaml.safe_load("nav:\n" + config.split("\nnav:\n", 1)[1])["nav"]
    config = config.split("\nnav:\n", 1)[0] + "\n" + yaml.safe_dump({"nav": extend_nav(nav, kb)}, allow_unicode=True, sort_keys=False)
    config = re.sub(r"\nhooks:\n(?:  - .*\n)+", "\n", config)
    config = re.sub(r"\nwatch:\n(?:  - .*\n)+", "\n", config)
    # A plain Material site searches with Material's plugin (jieba, the editors' word list); the project
    # builds its Pagefind index in a hook instead (kb search-index), which counts as its overhead.
    config = config.replace("\nplugins:\n", "\nplugins:\n  - search:\n      lang: zh\n"
                            f"      jieba_dict_user: {project / 'data/search_words.txt'}\n", 1)
    # Downloads and api/kb.json are made by hooks; the baseline has no such files to link to.
    config = config.replace("    not_found: warn\n    anchors: warn", "    not_found: info\n    anchors: warn")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def break_one_file(project: Path) -> str:
    """Put one error in the middle of the data; returns the file that was broken."""
    files = sorted((project / "data" / "reports").glob("*.md"))
    victim = files[len(files) // 2]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("sector: ", "sector: nowhere-", 1), encoding="utf-8")
    return victim.relative_to(project).as_posix()
