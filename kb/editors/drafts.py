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
from kb.editors.importer import SECTION, Findings, section_heading
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
    """The first plausible year the report names (2020年, 2020-02-01), or None."""
    match = re.search(r"(?<!\d)(19[9]\d|20[0-4]\d)(?=年|-\d{1,2}-)", text)
    return int(match.group(1)) if match else None


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
    actions = [{"text": f"{kb.measure_by_id[m].title}（导入时按文字相似度建议，请核对）", "measures": [m]} for m in findings.measures]
    if not actions:
        notes.append(DRAFT["no_measures"])
    year = report_year(findings.text)
    if year is None:
        year = date.today().year
        notes.append(DRAFT["no_year"].format(year=year))
    front = {
        "id": report_id, "title": findings.title, "unit": findings.unit, "unit_type": "待审核",
        "sector": findings.sector, "region": "原文未写明", "period": f"导入于 {date.today().isoformat()}，原文日期待核实",
        "year": year,
        "summary": f"由 kb import 从 {source} 导入的草稿，待编辑审核。" if (source := source_name(kb, findings.file))
                   else "由 kb import 导入的草稿（原文件名含有不能写进数据的字符或文字，已略去），待编辑审核。",
        "statistics": statistics, "actions": actions,
    }
    comments = "".join(f"# 未归入指标：{s.text}（{s.label}）第 {s.line} 行\n".replace("\n", " ").rstrip() + "\n" for s in unmatched)
    text = "---\n" + comments + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n" + _body(findings.text)
    for name in people:
        text = text.replace(name, "某某")
    return text, notes


def write_report_drafts(root: Path, kb: KnowledgeBase, all_findings: list[Findings]) -> list[tuple[Path, list[str]]]:
    """Write one data/reports/RPT-nnn.md per report, under the writer lock, each file atomically.

    Ids are taken while the lock is held, so concurrent imports never take the same one. The whole
    knowledge base is validated once after writing; problems in a draft are listed in its notes.
    """
    written: list[tuple[Path, list[str]]] = []
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
            written.append((target, notes))
        atomic.write_files(contents)
        try:
            load(root / "data")
        except DataError as err:
            for target, notes in written:
                notes += [DRAFT["validation"].format(problem=p) for p in err.problems if p.file.endswith(target.name)]
    return written


def write_report_draft(root: Path, kb: KnowledgeBase, findings: Findings) -> tuple[Path, list[str]]:
    """Write data/reports/RPT-nnn.md from import findings; returns the file and notes for the editor."""
    return write_report_drafts(root, kb, [findings])[0]

