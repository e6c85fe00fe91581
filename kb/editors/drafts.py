"""Write new entries into data/: report drafts from imports, and scaffolds for `kb new`."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import yaml

from kb.core.messages import DRAFT
from kb.core.model import KnowledgeBase
from kb.core.problems import DataError
from kb.core.safety import unsafe_markup
from kb.editors.importer import SECTION, Findings, find_year, section_heading
from kb.infra import atomic
from kb.load import lint, load

INDICATOR_MATCH = 0.15


def next_id(existing: list[str], prefix: str) -> str:
    """The next free id after the highest one with this prefix: RPT-011 -> RPT-012."""
    numbers = [int(m.group(1)) for i in existing if (m := re.fullmatch(rf"{prefix}-(\d+)", i))]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"


def report_ids(root: Path) -> list[str]:
    return [p.stem for p in (root / "data" / "reports").glob("RPT-*.md")]


def match_indicator(kb: KnowledgeBase, label: str, unit: str) -> str | None:
    """The registry indicator with this unit whose name is most like the label, if any is close."""
    candidates = [(lint.similarity(label, i.name), i.code) for i in kb.indicators if i.unit == unit]
    best = max(candidates, default=(0, None))
    return best[1] if best[0] >= INDICATOR_MATCH else None


def _body(text: str) -> str:
    """The report's text as Markdown sections at its own headings (一、 / 1、 / （一）)."""
    sections: list[tuple[str, list[str]]] = [("概况", [])]
    for line in text.splitlines():
        line = re.sub(r"^#+\s*", "", line.strip())  # the source's own Markdown headings become text
        if not line:
            continue
        match = SECTION.match(line)
        heading = section_heading(match.group(1)) if match else ""
        if match:
            rest = match.group(1).strip()[len(heading):].lstrip("。；：:，, ")
            sections.append((heading, [rest] if rest else []))
        else:
            sections[-1][1].append(line)
    return "\n".join(f"## {h}\n\n" + "\n\n".join(ps) + "\n" for h, ps in sections if ps or h != "概况")


def report_year(text: str) -> int | None:
    """The year the report states, or None (kb.editors.importer.find_year); never the year of the import."""
    return find_year(text)


def source_name(kb: KnowledgeBase, file: str) -> str:
    """The imported file's name as the draft may show it, or "" when kb check would refuse it.

    Control, invisible and markup characters are dropped (a name such as `<img src=x onerror=…>.txt` is
    the file system's to allow, not the knowledge base's); a name that still holds markup, an editor's
    checking phrase, a placeholder, scraped boilerplate or a personal name is left out altogether.
    """
    name = "".join(c for c in Path(file).name if c.isprintable() and unicodedata.category(c) != "Cf"
                   and c not in "<>&[]{}`\\")
    name = " ".join(name.split())
    if not name or unsafe_markup(name) or kb.grades.editors_phrase(name) or lint.scan_text(name, "name"):
        return ""
    return name


def fallback_title(unit: str) -> str:
    """The title a draft carries when the text has none: the unit's, marked as written at import."""
    return unit.split("（")[0] + "疫情防控工作情况（原文无标题，导入时拟）"


def nearest_measure(kb: KnowledgeBase, text: str, sector: str) -> str | None:
    """The measure most like any sentence of the text, the guessed sector's first; None only when the
    knowledge base has no measure at all. A draft's actions may never be empty (kb check refuses that)."""
    sentences = [lint.bigrams(s) for s in re.split(r"[。；\n]", text) if len(s) > 4] or [lint.bigrams(text)]
    best: tuple[float, int, str] | None = None
    for measure in kb.measure_by_id.values():
        title = lint.bigrams(measure.title)
        share = max((len(title & s) / len(title) for s in sentences), default=0.0) if title else 0.0
        key = (share + (0.3 if measure.sector == sector else 0), 1 if measure.sector == sector else 0, measure.id)
        if best is None or key[:2] > best[:2] or (key[:2] == best[:2] and key[2] < best[2]):
            best = key
    return best[2] if best else None


def render_report_draft(kb: KnowledgeBase, findings: Findings, report_id: str) -> tuple[str, list[str]]:
    """The text of data/reports/<report_id>.md from import findings, and notes for the editor.

    The text holds no flagged personal name: every name listed in the warnings is replaced again
    over the whole file, front matter included.
    """
    notes = [DRAFT["rewrite"]]
    people = sorted({w.text for w in findings.warnings if w.kind == "personal_name"}, key=len, reverse=True)
    if people:
        notes.append(DRAFT["names_replaced"].format(count=len(people)))
    statistics, unmatched = [], []
    for stat in findings.statistics:
        code = match_indicator(kb, stat.label, stat.unit)
        if code:
            entry = {"indicator": code, "value": stat.value, "unit": stat.unit}
            if stat.approx:
                entry["approx"] = True
            entry["qualifier"] = f"原文“{stat.text}”（{stat.label}）"
            statistics.append(entry)
        else:
            unmatched.append(stat)
    if unmatched:
        notes.append(DRAFT["figures_unmatched"].format(count=len(unmatched)))
    measures = [m for m in findings.measures if m in kb.measure_by_id]
    actions = [{"text": f"{kb.measure_by_id[m].title}（导入时按文字相似度建议，请核对）", "measures": [m]} for m in measures]
    if not actions and (nearest := nearest_measure(kb, findings.text, findings.sector)):
        notes.append(DRAFT["no_measures"].format(measure=nearest))
        actions = [{"text": f"{kb.measure_by_id[nearest].title}（导入时未找到把握较大的措施，暂列最接近的一项，请核对）",
                    "measures": [nearest]}]
    if not actions:
        notes.append(DRAFT["no_measure_at_all"])  # kb check refuses the draft: it is not written
    title = findings.title or fallback_title(findings.unit)
    if not findings.title:
        notes.append(DRAFT["no_title"].format(title=title))
    year = report_year(findings.text)
    if year is None:
        notes.append(DRAFT["no_year"])
    front = {
        "id": report_id, "title": title, "unit": findings.unit, "unit_type": "待审核",
        "sector": findings.sector if findings.sector in kb.sector_by_code else next(iter(kb.sector_by_code), findings.sector),
        "region": "原文未写明", "period": f"导入于 {date.today().isoformat()}，原文日期待核实",
        **({"year": year} if year is not None else {}),
        "summary": f"由 kb import 从 {source} 导入的草稿，待编辑审核。" if (source := source_name(kb, findings.file))
                   else "由 kb import 导入的草稿（原文件名含有不能写进数据的字符或文字，已略去），待编辑审核。",
        "statistics": statistics, "actions": actions,
    }
    comments = "".join(f"# 未归入指标：{s.text}（{s.label}）第 {s.line} 行\n".replace("\n", " ").rstrip() + "\n" for s in unmatched)
    text = "---\n" + comments + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n" + _body(findings.text)
    for name in people:
        text = text.replace(name, "某某")
    return text, notes


def invalid_reports(root: Path, err: DataError) -> frozenset[Path] | None:
    """The report files that hold every problem in err, or None when a problem lies elsewhere in data/
    (then nothing can be validated and no draft is written)."""
    files = {p.file for p in err.problems}
    if not files or not all(re.fullmatch(r"data/reports/[^/]+\.md", f) for f in files):
        return None
    return frozenset(root / f for f in files)


def load_setting_aside(root: Path, skip: frozenset[Path] = frozenset()) -> tuple[KnowledgeBase, frozenset[Path]]:
    """The knowledge base with invalid report files left out, and those files; DataError when a problem
    lies outside data/reports/. An editor's half-fixed draft never blocks the next import."""
    for _ in range(4):  # a report left out may leave another one pointing at it
        try:
            return load(root / "data", skip=skip), skip
        except DataError as err:
            more = invalid_reports(root, err)
            if more is None or more <= skip:
                raise
            skip = skip | more
    return load(root / "data", skip=skip), skip


def write_report_drafts(root: Path, kb: KnowledgeBase, all_findings: list[Findings],
                        skip: frozenset[Path] = frozenset()) -> list[tuple[Path | None, list[str]]]:
    """Write one data/reports/RPT-nnn.md per report, under the writer lock, each file atomically.

    Every draft is validated in memory with the whole knowledge base (less the invalid reports in
    ``skip``) before anything is written: a draft that would fail kb check is not written, and its
    notes say why (its place in the result is then None). Ids are taken while the lock is held, so
    concurrent imports never take the same one.
    """
    results: list[tuple[Path | None, list[str]]] = []
    reports = root / "data" / "reports"
    with atomic.locked(root / "data"):
        ids = report_ids(root)
        contents: dict[Path, str] = {}
        for findings in all_findings:
            report_id = next_id(ids, "RPT")
            ids.append(report_id)
            text, notes = render_report_draft(kb, findings, report_id)
            target = reports / f"{report_id}.md"
            contents[target] = text
            results.append((target, notes))
        refused = _refuse_invalid(root, contents, skip)
        for index, (target, notes) in enumerate(results):
            if target in refused:
                notes += [DRAFT["validation"].format(problem=problem) for problem in refused[target]]
                notes.append(DRAFT["not_written"].format(reason=DRAFT["invalid_draft"].format(problems=len(refused[target]))))
                results[index] = (None, notes)
        atomic.write_files({t: c for t, c in contents.items() if t not in refused})
    return results


def _refuse_invalid(root: Path, contents: dict[Path, str], skip: frozenset[Path]) -> dict[Path, list[str]]:
    """The drafts among contents that the knowledge base would refuse, with their problems."""
    refused: dict[Path, list[str]] = {}
    for _ in range(len(contents) + 1):
        pending = {t: c for t, c in contents.items() if t not in refused}
        if not pending:
            break
        try:
            load(root / "data", overrides=pending, skip=skip)
            break
        except DataError as err:
            by_draft: dict[Path, list[str]] = {}
            for problem in err.problems:
                target = root / problem.file
                if target in pending:
                    by_draft.setdefault(target, []).append(str(problem))
            if not by_draft:  # a problem elsewhere that the drafts cannot cause: refuse them all
                refused.update({t: [str(p) for p in err.problems[:3]] for t in pending})
                break
            refused.update(by_draft)
    return refused


def write_report_draft(root: Path, kb: KnowledgeBase, findings: Findings) -> tuple[Path | None, list[str]]:
    """Write data/reports/RPT-nnn.md from import findings; returns the file and notes for the editor."""
    return write_report_drafts(root, kb, [findings])[0]

