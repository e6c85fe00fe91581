"""`kb diff`: what changed in the knowledge between two revisions, for reviewers.

Both revisions are loaded with the same loader and validation as the build (``kb.load.load``) and
exported with ``kb.core.export.knowledge``; the comparison then works on that JSON alone, generically:
every collection of entities keyed by id (measures across sectors, reports, glossary terms, sources,
indicators …) is compared field by field. ``FIELDS`` says which fields get special wording; any
other field is reported as "字段：旧值 → 新值", and keys missing on one side are simply absent.
"""

from __future__ import annotations

import difflib
import io
import json
import logging
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kb.core.export import knowledge
from kb.core.messages import DIFF
from kb.core.problems import DataError
from kb.load import load

WORKTREE = "工作区"

# Collections in the export: (kind, Chinese name, how to list the entities, key field).
Extract = Callable[[dict], list[dict]]


def _top(name: str) -> Extract:
    return lambda k: [e for e in (k.get(name) or []) if isinstance(e, dict)]


def _measures(k: dict) -> list[dict]:
    return [m for s in k.get("sectors") or [] for m in s.get("measures") or []]


def _sectors(k: dict) -> list[dict]:
    return [{key: v for key, v in s.items() if key != "measures"} for s in k.get("sectors") or []]


def _local_notes(k: dict) -> list[dict]:
    """A regional edition's notes on national measures (api/kb.json's region), one id per measure and region."""
    region = k.get("region")
    notes = region.get("notes") if isinstance(region, dict) else None
    found, seen = [], {}
    for n in notes if isinstance(notes, list) else []:
        if not isinstance(n, dict):
            continue
        base = f"{n.get('region')}:{n.get('measure')}"
        seen[base] = seen.get(base, 0) + 1
        found.append({"id": base if seen[base] == 1 else f"{base}:{seen[base]}", "title": n.get("text", ""),
                      "measure": n.get("measure"), "basis": n.get("basis") or []})
    return found


COLLECTIONS: list[tuple[str, str, Extract]] = [
    ("measures", "措施", _measures),
    ("sources", "依据文件", _top("sources")),
    ("reports", "示例汇报", _top("reports")),
    ("glossary", "术语", _top("glossary")),
    ("indicators", "统计指标", _top("indicators")),
    ("indicator_groups", "统计分类", _top("indicator_groups")),
    ("categories", "措施类别", _top("categories")),
    ("diseases", "疾病", _top("diseases")),
    ("sectors", "行业", _sectors),
    ("local_notes", "地区说明", _local_notes),
]
KIND_NAMES = {kind: name for kind, name, _ in COLLECTIONS} | {"edition": "知识库版次"}

# How a field's change is worded. words: word-level diff; status: a measure's status, with its label;
# label: a coded value shown with its label; sector: the measure moved to another sector; basis: the
# documents (and sections) a measure rests on; set: a list compared as a set; figures: a report's
# statistics, keyed by indicator; sections: a report's body sections, keyed by heading;
# source_status: a document's validity (superseded and repealed are flagged).
FIELDS: dict[str, dict[str, str]] = {
    "measures": {"title": "words", "detail": "words", "status": "status", "trigger": "label", "phase": "label",
                 "sector": "sector", "basis": "basis", "sources": "set", "records": "set", "risk": "set",
                 "diseases": "set", "evidence": "set", "frequency": "words"},
    "reports": {"title": "words", "summary": "words", "statistics": "figures", "sections": "sections",
                "measures": "set"},
    "glossary": {"definition": "words", "aliases": "set", "see_also": "set"},
    "local_notes": {"title": "words", "basis": "basis"},
    "sources": {"title": "words", "status": "source_status", "replaced_by": "label", "note": "words", "where": "words"},
    "sectors": {"summary": "words"},
    "categories": {"description": "words"},
    "indicator_groups": {"description": "words"},
}
# Fields derived from other entities (which example reports cite a measure): listed, but reviewed as 引用改变.
DERIVED: dict[str, set[str]] = {"measures": {"evidence"}, "reports": {"measures"}}
# Bulky fields that would only repeat other changes.
IGNORED: dict[str, set[str]] = {"reports": {"actions"}, "measures": set(), "sectors": {"guide_edition", "checklist_edition"}}

FIELD_NAMES = {
    "title": "标题", "detail": "具体做法", "status": "状态", "trigger": "触发情形", "phase": "阶段", "sector": "行业",
    "basis": "依据", "sources": "出处", "records": "留存记录", "risk": "风险等级", "diseases": "疾病",
    "evidence": "示例汇报", "frequency": "频次或时限", "category": "类别", "responsible": "责任方",
    "summary": "摘要", "statistics": "统计数字", "sections": "正文", "measures": "对应措施", "unit": "单位",
    "definition": "释义", "aliases": "别名", "see_also": "相关术语", "term": "术语", "note": "说明",
    "where": "出处", "issuer": "发布机关", "number": "文号", "kind": "类型", "issued": "发布日期",
    "in_force": "施行日期", "replaced_by": "替代文件", "name": "名称", "region": "地区", "period": "时间",
    "unit_type": "单位类型", "description": "说明", "edition": "版次", "date": "日期", "scope": "适用范围",
    "editions": "版次记录", "group": "统计分类", "phsm": "PHSM 分类", "icon": "图标", "order": "顺序",
}
LABELS = {
    "routine": "常态化", "response": "应急处置", "historical": "历史做法",
    "case": "发现病例", "cluster": "聚集性疫情", "declared": "政府宣布应急措施",
    "in_force": "现行有效", "superseded": "已被替代", "repealed": "已废止",
}
NOT_IN_FORCE = {"superseded", "repealed"}


class DiffError(Exception):
    """A revision that git cannot give (unknown name, not a repository)."""


@dataclass
class Snapshot:
    """One revision's knowledge (None when its data does not load) and its hand-written pages."""

    rev: str
    label: str
    knowledge: dict | None
    pages: dict[str, str]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.knowledge is not None


# --- reading revisions -------------------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    """Run git in root and return its output; DiffError with git's message when it fails."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError as err:
        raise DiffError(DIFF["git_missing"].format(error=err)) from err
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(DIFF["git_failed"].format(command=" ".join(args), detail=message[-1] if message else done.returncode))
    return done.stdout.decode("utf-8", "replace")


def default_base(root: Path) -> str:
    """The merge base of HEAD with main (or origin/main): where this branch started."""
    for branch in ("main", "origin/main"):
        try:
            return git(root, "merge-base", "HEAD", branch).strip()
        except DiffError:
            continue
    raise DiffError(DIFF["no_main"])


def _pages(docs: Path) -> dict[str, str]:
    if not docs.is_dir():
        return {}
    return {p.relative_to(docs.parent).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(docs.rglob("*.md")) if p.is_file()}


def _load(data: Path, region: str | None = None) -> tuple[dict | None, list[str]]:
    """One edition at one revision: a region's edition, or the national one where the region's folder is not
    there yet (what a new edition adds is then its whole overlay)."""
    if region and not (data / "regions" / region).is_dir():
        region = None
    try:
        return knowledge(load(data, region=region)), []
    except DataError as err:
        return None, [str(p) for p in err.problems]
    except OSError as err:
        return None, [DIFF["cannot_read_data"].format(error=err)]


def resolve(root: Path, rev: str) -> str:
    """The commit a revision names; DiffError in Chinese when there is no repository or no such revision."""
    try:
        git(root, "rev-parse", "--git-dir")
    except DiffError as err:
        raise DiffError(DIFF["not_a_repository"].format(root=root, rev=rev)) from err
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except DiffError as err:
        raise DiffError(DIFF["unknown_revision"].format(rev=rev)) from err


def snapshot(root: Path, rev: str | None, region: str | None = None) -> Snapshot:
    """Load one revision (None: the working tree) with the build's loader; with a region, that edition."""
    root = Path(root)
    if rev is None:
        known, problems = _load(root / "data", region)
        return Snapshot(WORKTREE, WORKTREE, known, _pages(root / "docs"), problems)
    commit = resolve(root, rev)
    short = commit[:7]
    label = rev if rev.startswith(short) else f"{rev}（{short}）"
    present = git(root, "ls-tree", "--name-only", commit, "--", "data", "docs").split()
    with tempfile.TemporaryDirectory(prefix="kb-diff-") as tmp:
        folder = Path(tmp)
        if present:
            archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", commit, "--", *present],
                                     capture_output=True, check=False)
            if archive.returncode != 0:
                raise DiffError(DIFF["cannot_export"].format(rev=rev, detail=archive.stderr.decode("utf-8", "replace").strip()))
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                tar.extractall(folder, filter="data")
        known, problems = _load(folder / "data", region)
        return Snapshot(rev, label, known, _pages(folder / "docs"), problems)


def empty_snapshot(label: str = "空") -> Snapshot:
    """Nothing at all: the starting point of a first edition."""
    return Snapshot("", label, {}, {})


# --- word-level differences ---------------------------------------------------------------------

_jieba_ready = False


def _words(text: str) -> list[str]:
    global _jieba_ready
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a dependency; fall back to characters
        return list(text)
    if not _jieba_ready:
        jieba.setLogLevel(logging.WARNING)
        _jieba_ready = True
    return jieba.lcut(text, HMM=False)


def word_diff(old: str, new: str) -> list[list[str]]:
    """[[op, text], …] with op '=', '-' or '+': the words removed and added, in reading order."""
    a, b = _words(old or ""), _words(new or "")
    parts: list[list[str]] = []

    def add(op: str, words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if parts and parts[-1][0] == op:
            parts[-1][1] += text
        else:
            parts.append([op, text])

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("=", a[i1:i2])
        else:
            add("-", a[i1:i2])
            add("+", b[j1:j2])
    return parts


# --- comparing the knowledge ---------------------------------------------------------------------

def _key(entity: dict) -> str | None:
    for name in ("id", "code"):
        if isinstance(entity.get(name), str):
            return entity[name]
    return None


def _index(entities: Iterable[dict]) -> dict[str, dict]:
    return {k: e for e in entities if (k := _key(e)) is not None}


def _canon(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _items(value: object) -> list[str]:
    """A list's members as short strings, for set comparison."""
    out = []
    for item in value or []:
        if isinstance(item, dict):
            out.append("、".join(f"{v}" for v in item.values()) if len(item) <= 2 else _canon(item))
        else:
            out.append(str(item))
    return out


def _basis(value: object) -> dict[str, str]:
    """source id -> section, for the new shape ({source, section}) and the old one ({report|document})."""
    out: dict[str, str] = {}
    for item in value or []:
        if isinstance(item, dict):
            source = item.get("source") or item.get("document") or item.get("report")
            if source:
                out[str(source)] = str(item.get("section") or "")
    return out


def _figures(value: object) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for s in value or []:
        if isinstance(s, dict) and "indicator" in s:
            key = s["indicator"] + (f"（{s['qualifier']}）" if s.get("qualifier") else "")
            while key in out:
                key += "′"
            out[key] = s
    return out


def figure_text(s: dict | None) -> str:
    if not s:
        return "无"
    value = s.get("value")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}{'+' if s.get('approx') else ''} {s.get('unit', '')}".strip()


def _labels(*exports: dict) -> dict[str, str]:
    """Codes and their Chinese labels: built in, overridden by the export's vocabularies when it has them."""
    labels = dict(LABELS)
    for k in exports:
        vocabularies = k.get("vocabularies") or {}
        for group in vocabularies.values() if isinstance(vocabularies, dict) else ():
            for item in group if isinstance(group, list) else ():
                if isinstance(item, dict) and item.get("code") and item.get("label"):
                    labels[str(item["code"])] = str(item["label"])
    return labels


def _field_change(kind: str, name: str, old: object, new: object, labels: dict[str, str] = LABELS) -> dict:
    style = FIELDS.get(kind, {}).get(name, "value")
    change: dict = {"field": name, "label": FIELD_NAMES.get(name, name), "style": style, "old": old, "new": new}
    if style == "words" and isinstance(old, str) and isinstance(new, str):
        change["words"] = word_diff(old, new)
    elif style in ("status", "label", "source_status", "sector"):
        change["old_label"] = labels.get(str(old), old) if old is not None else None
        change["new_label"] = labels.get(str(new), new) if new is not None else None
    elif style == "set":
        a, b = _items(old), _items(new)
        change["added"] = [x for x in b if x not in a]
        change["removed"] = [x for x in a if x not in b]
    elif style == "basis":
        a, b = _basis(old), _basis(new)
        change["added"] = [{"source": s, "section": b[s]} for s in b if s not in a]
        change["removed"] = [{"source": s, "section": a[s]} for s in a if s not in b]
        change["changed"] = [{"source": s, "old": a[s], "new": b[s]} for s in b if s in a and a[s] != b[s]]
    elif style == "figures":
        a, b = _figures(old), _figures(new)
        change["figures"] = [
            {"indicator": k, "old": figure_text(a.get(k)), "new": figure_text(b.get(k))}
            for k in [*a, *(k for k in b if k not in a)]
            if _canon(a.get(k)) != _canon(b.get(k))
        ]
    elif style == "sections":
        a = {s.get("heading"): s.get("body", "") for s in old or [] if isinstance(s, dict)}
        b = {s.get("heading"): s.get("body", "") for s in new or [] if isinstance(s, dict)}
        change["added"] = [h for h in b if h not in a]
        change["removed"] = [h for h in a if h not in b]
        change["changed"] = [h for h in b if h in a and a[h] != b[h]]
    return change


def _compare(kind: str, old: dict, new: dict, labels: dict[str, str]) -> list[dict]:
    skip = IGNORED.get(kind, set())
    names = [*old, *(k for k in new if k not in old)]
    return [_field_change(kind, n, old.get(n), new.get(n), labels) for n in names
            if n not in skip and _canon(old.get(n)) != _canon(new.get(n))]


def _summary_of(kind: str, entity: dict) -> dict:
    """What a reviewer needs to recognise an added or removed entity."""
    keep = ("title", "term", "name", "sector", "status", "trigger", "phase", "unit", "issuer", "replaced_by")
    return {k: entity[k] for k in keep if k in entity}


def _tags(kind: str, fields: list[dict]) -> list[str]:
    """Review headings for a changed entity: reworded, status, moved, basis, figures, other."""
    tags = []
    for f in fields:
        tag = {"words": "reworded", "status": "status", "label": "status", "sector": "moved", "basis": "basis",
               "figures": "figures", "sections": "reworded", "source_status": "status"}.get(f["style"], "other")
        if f["field"] in DERIVED.get(kind, ()):
            tag = "evidence"
        if f["field"] == "sources" and kind == "measures":
            tag = "basis"
        if tag not in tags:
            tags.append(tag)
    return tags


def compare(old: dict, new: dict) -> dict:
    """Differences between two knowledge exports (the shape of api/kb.json, old or new)."""
    labels = _labels(old, new)
    result: dict = {"collections": {}, "edition": None, "warnings": [], "labels": labels}
    for kind, _name, extract in COLLECTIONS:
        a, b = _index(extract(old)), _index(extract(new))
        added = [{"id": k, **_summary_of(kind, b[k])} for k in b if k not in a]
        removed = [{"id": k, **_summary_of(kind, a[k])} for k in a if k not in b]
        changed = []
        for k in b:
            if k in a and _canon(a[k]) != _canon(b[k]):
                fields = _compare(kind, a[k], b[k], labels)
                if fields:
                    changed.append({"id": k, **_summary_of(kind, b[k]), "tags": _tags(kind, fields), "fields": fields})
        if added or removed or changed:
            result["collections"][kind] = {"added": added, "removed": removed, "changed": changed}
    a_ed, b_ed = old.get("edition"), new.get("edition")
    if isinstance(a_ed, dict) or isinstance(b_ed, dict):
        fields = _compare("edition", a_ed or {}, b_ed or {}, labels)
        if fields:
            result["edition"] = {"fields": fields}
    result["warnings"] = _basis_warnings(old, new, result["collections"])
    result["review"] = review_queue(new, result["collections"])
    names = {s.get("code"): s.get("name") for s in [*_sectors(old), *_sectors(new)] if s.get("code")}
    result["sector_names"] = names
    for changes in result["collections"].values():
        for entity in changes["changed"]:
            for f in entity["fields"]:
                if f["style"] == "sector":
                    f["old_label"], f["new_label"] = names.get(f["old"], f["old"]), names.get(f["new"], f["new"])
    return result


def review_queue(new: dict, collections: dict) -> list[dict]:
    """What this change adds for a reviewer to check: a basis of an added or changed current measure
    that names no article seen, and an added or changed source checked only at reprints."""
    measures = collections.get("measures", {})
    touched = {m["id"] for m in measures.get("added", [])} | {m["id"] for m in measures.get("changed", [])}
    queue = []
    for m in _measures(new):
        if m.get("id") in touched and m.get("status") != "historical":
            queue += [{"measure": m["id"], "source": b.get("source"), "section": b.get("section")}
                      for b in m.get("basis") or [] if isinstance(b, dict) and b.get("pinned") is False]
    sources = collections.get("sources", {})
    changed = {s["id"] for s in sources.get("added", [])} | {s["id"] for s in sources.get("changed", [])}
    for s in _top("sources")(new):
        checked = s.get("checked") if isinstance(s, dict) else None
        if s.get("id") in changed and isinstance(checked, dict) and checked.get("against") == "reprint":
            queue.append({"source": s["id"], "reprint_only": True})
    return queue


def _basis_warnings(old: dict, new: dict, collections: dict) -> list[dict]:
    """Measures added or changed, or resting on a document whose status changed, that now rest on a
    document no longer in force."""
    sources = _index(_top("sources")(new))
    gone = {k for k, s in sources.items() if s.get("status") in NOT_IN_FORCE}
    if not gone:
        return []
    measures = collections.get("measures", {})
    touched = {m["id"] for m in measures.get("added", [])} | {m["id"] for m in measures.get("changed", [])}
    newly = {c["id"] for c in collections.get("sources", {}).get("changed", []) if "status" in c["tags"]}
    warnings = []
    for m in _measures(new):
        if m.get("status") == "historical":
            continue
        basis = _basis(m.get("basis")) or _basis(m.get("sources"))
        for source in basis:
            if source in gone and (m.get("id") in touched or source in newly):
                s = sources[source]
                warnings.append({"measure": m.get("id"), "source": source, "status": s.get("status"),
                                 "replaced_by": s.get("replaced_by")})
    return warnings


def _page_changes(old: dict[str, str], new: dict[str, str]) -> list[dict]:
    out = []
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a == b:
            continue
        lines = list(difflib.ndiff((a or "").splitlines(), (b or "").splitlines()))
        plus = sum(1 for line in lines if line.startswith("+ "))
        minus = sum(1 for line in lines if line.startswith("- "))
        change = "added" if a is None else "removed" if b is None else "changed"
        out.append({"path": path, "change": change, "added_lines": plus, "removed_lines": minus})
    return out


def diff(base: Snapshot, head: Snapshot) -> dict:
    """The whole review summary: both revisions, knowledge changes (when both load) and page changes."""
    result = {
        "base": {"rev": base.rev, "label": base.label, "ok": base.ok, "problems": base.problems},
        "head": {"rev": head.rev, "label": head.label, "ok": head.ok, "problems": head.problems},
        "knowledge": compare(base.knowledge, head.knowledge) if base.ok and head.ok else None,
        "pages": _page_changes(base.pages, head.pages),
    }
    return result


def diff_revisions(root: Path, base: str | None, head: str | None, region: str | None = None) -> dict:
    """kb diff BASE HEAD: base None means the merge base with main, head None the working tree; with a
    region, that region's edition at both (kb diff --region)."""
    base_rev = base or default_base(root)
    old = snapshot(root, base_rev, region)
    if base is None:
        old.label = DIFF["merge_base_label"].format(commit=old.rev[:7])
    return diff(old, snapshot(root, head, region))


def has_changes(result: dict) -> bool:
    k = result.get("knowledge") or {}
    return bool(k.get("collections") or k.get("edition") or result.get("pages"))
