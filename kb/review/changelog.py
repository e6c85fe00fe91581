"""更新记录 from data: each edition's entry is the `kb diff` between its git tag and the previous tagged
edition's, plus the editor's one-line note, so the history cannot drift from the content.

``edition_history(root, editions)`` is pure apart from reading git: given the repository root and the
``editions`` list of data/edition.yml (newest first: ``{edition, date, tag?, note}``), it returns one
entry per edition. When git, a tag or a loadable revision is missing, the entry keeps its note and says
why the detail is unavailable. ``render_history`` turns the entries into the changelog page's Markdown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kb.core.model import KnowledgeBase
from kb.core.safety import md_escape
from kb.review.diff import DiffError, Snapshot, diff, empty_snapshot, resolve, snapshot
from kb.review.diffview import summary_lines

HISTORY_KEY = "edition_history"  # where attach() keeps the entries in KnowledgeBase.memo


@dataclass(frozen=True)
class HistoryEntry:
    edition: str
    date: str
    note: str
    tag: str | None
    since: str | None  # the tag this edition is compared with; None for the first edition
    lines: tuple[str, ...]  # one line per kind of change, with ids
    unavailable: str | None = None  # why the detail could not be generated


# Snapshots of tagged commits, kept across rebuilds under `mkdocs serve`: a commit's content never changes.
_SNAPSHOTS: dict[tuple[str, str], Snapshot] = {}


def _get(entry: object, name: str) -> str:
    """A field of an editions entry, given as a mapping (data/edition.yml) or as a record (kb.core.model)."""
    value = entry.get(name) if isinstance(entry, Mapping) else getattr(entry, name, None)
    return "" if value is None else str(value)


def edition_history(root: Path, editions: Sequence[Mapping | object]) -> list[HistoryEntry]:
    """One entry per edition, newest first, with the knowledge changes since the previous tagged edition."""
    snapshots: dict[str, Snapshot | str] = {}

    def get(tag: str) -> Snapshot | str:
        """The tag's snapshot, or why it cannot be had."""
        if tag not in snapshots:
            try:
                commit = resolve(Path(root), tag)
                key = (str(Path(root).resolve()), commit)
                if key not in _SNAPSHOTS:
                    _SNAPSHOTS[key] = snapshot(Path(root), commit)
                    _SNAPSHOTS[key].rev = tag
                snapshots[tag] = _SNAPSHOTS[key]
            except DiffError as err:
                snapshots[tag] = str(err)
        return snapshots[tag]

    entries = []
    for i, raw in enumerate(editions):
        edition, date, note = _get(raw, "edition"), _get(raw, "date"), _get(raw, "note")
        tag = _get(raw, "tag") or None
        older = list(editions[i + 1:])
        previous = next((_get(e, "tag") for e in older if _get(e, "tag")), None)
        base_entry = {"edition": edition, "date": date, "note": note, "tag": tag, "since": previous}
        if not tag:
            entries.append(HistoryEntry(**base_entry, lines=(), unavailable="本版没有 git 标签，详细变更无法生成"))
            continue
        if previous is None and older:
            entries.append(HistoryEntry(**base_entry, lines=(),
                                        unavailable=f"上一版（{_get(older[0], 'edition')}）没有 git 标签，详细变更无法生成"))
            continue
        head = get(tag)
        base = get(previous) if previous else empty_snapshot()
        missing = next((s for s in (head, base) if isinstance(s, str)), None)
        if missing:
            entries.append(HistoryEntry(**base_entry, lines=(), unavailable=f"{missing}，详细变更无法生成"))
            continue
        broken = next((s for s in (head, base) if not s.ok), None)
        if broken:
            entries.append(HistoryEntry(**base_entry, lines=(), unavailable=(
                f"{broken.rev} 的数据无法用现行的格式加载（{len(broken.problems)} 个问题），详细变更无法生成")))
            continue
        result = diff(base, head)
        lines = summary_lines(result["knowledge"], first=previous is None)
        pages = result["pages"]
        if pages and previous:
            lines.append("页面：" + "、".join(p["path"] for p in pages[:10]) + (f" 等 {len(pages)} 个" if len(pages) > 10 else ""))
        entries.append(HistoryEntry(**base_entry, lines=tuple(lines) or ("知识内容没有变化",)))
    return entries


def render_history(entries: Sequence[HistoryEntry]) -> str:
    """The changelog page's Markdown: one section per edition, the note, then the changes."""
    out = []
    for e in entries:
        anchor = "v" + "".join(ch for ch in e.edition if ch.isalnum())
        out.append(f"### {e.edition} 版（{e.date}） {{#{anchor}}}\n")
        out.append(f"{md_escape(e.note)}\n")
        if e.unavailable:
            out.append(f"*{md_escape(e.unavailable)}。*\n")
        else:
            since = f"与 {md_escape(e.since)} 相比" if e.since else "首次发布的内容"
            out.append(f"{since}（标签 `{e.tag}`）：\n")
            out += [f"- {md_escape(line)}" for line in e.lines]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def attach(kb: KnowledgeBase, root: Path, editions: Sequence[Mapping | object]) -> list[HistoryEntry]:
    """Compute the history once per build and keep it for the ``<!-- kb:edition-history -->`` marker."""
    entries = edition_history(root, editions)
    kb.memo[HISTORY_KEY] = entries
    return entries
