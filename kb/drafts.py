"""Write new entries into data/: report drafts from imports, and scaffolds for `kb new`."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from . import atomic, lint
from .importer import SECTION, Findings, section_heading
from .load import load
from .model import KnowledgeBase
from .problems import DataError

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


def render_report_draft(kb: KnowledgeBase, findings: Findings, report_id: str) -> tuple[str, list[str]]:
    """The text of data/reports/<report_id>.md from import findings, and notes for the editor.

    The text holds no flagged personal name: every name listed in the warnings is replaced again
    over the whole file, front matter included.
    """
    notes = ["正文是原文，发布前请用本库自己的话改写。"]
    people = sorted({w.text for w in findings.warnings if w.kind == "personal_name"}, key=len, reverse=True)
    if people:
        notes.append(f"已把 {len(people)} 个个人姓名换成职务或“某某”，请核对。")
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
        notes.append(f"{len(unmatched)} 个数字没有对应的统计指标，已列在文件开头的注释里；需要时先在 data/indicators.yml 登记指标。")
    actions = [{"text": f"{kb.measure_by_id[m].title}（导入时按文字相似度建议，请核对）", "measures": [m]} for m in findings.measures]
    if not actions:
        notes.append("没有找到对应的检查清单措施；请在 actions 中至少写一项做法及其措施编号，否则 kb check 不通过。")
    front = {
        "id": report_id, "title": findings.title, "unit": findings.unit, "unit_type": "待审核",
        "sector": findings.sector, "region": "原文未写明", "period": f"导入于 {date.today().isoformat()}，原文日期待核实",
        "summary": f"由 kb import 从 {Path(findings.file).name} 导入的草稿，待编辑审核。",
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
                notes += [f"校验：{p}" for p in err.problems if p.file.endswith(target.name)]
    return written


def write_report_draft(root: Path, kb: KnowledgeBase, findings: Findings) -> tuple[Path, list[str]]:
    """Write data/reports/RPT-nnn.md from import findings; returns the file and notes for the editor."""
    return write_report_drafts(root, kb, [findings])[0]


class ScaffoldError(Exception):
    """The new entry would not be valid; nothing was changed."""


def _append_validated(root: Path, edits: dict[Path, str]) -> None:
    """Write the new contents, validate the whole knowledge base, and restore everything on failure."""
    originals = {path: path.read_text(encoding="utf-8") if path.exists() else None for path in edits}
    for path, text in edits.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    try:
        load(root / "data")
    except DataError as err:
        for path, text in originals.items():
            if text is None:
                path.unlink()
            else:
                path.write_text(text, encoding="utf-8")
        raise ScaffoldError("\n".join(str(p) for p in err.problems)) from None


def _yaml_item(entry: dict, indent: int) -> str:
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    return "".join(" " * indent + line + "\n" for line in text.splitlines())


def cumulative_risk(lowest: str) -> list[str]:
    levels = ["低", "中", "高"]
    return levels[levels.index(lowest):]


def new_measure(root: Path, kb: KnowledgeBase, sector: str, **fields) -> str:
    """Append a measure with the sector's next free id to data/checklists/<sector>.yml."""
    if sector not in kb.sector_by_code:
        raise ScaffoldError(f"unknown sector '{sector}'; known: {', '.join(kb.sector_by_code)}")
    path = root / "data" / "checklists" / f"{sector}.yml"
    prefix = kb.sector_by_code[sector].id_prefix
    measure_id = next_id(list(kb.measure_by_id), prefix)
    entry = {
        "id": measure_id, "title": fields["title"], "detail": fields["detail"], "category": fields["category"],
        "responsible": {"party": fields["party"], "role": fields["role"]}, "frequency": fields["frequency"],
        "phase": fields["phase"], "risk": cumulative_risk(fields["risk"]), "records": fields["records"],
        "sources": [{"report": s} if re.fullmatch(r"RPT-\d{3,4}", s) else {"document": s} for s in fields["sources"]],
    }
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    _append_validated(root, {path: text.rstrip("\n") + "\n" + _yaml_item(entry, 2)})
    return measure_id


def new_term(root: Path, kb: KnowledgeBase, term_id: str, term: str, definition: str, see_also: list[str]) -> str:
    path = root / "data" / "glossary.yml"
    entry = {"id": term_id, "term": term, "definition": definition}
    if see_also:
        entry["see_also"] = see_also
    _append_validated(root, {path: path.read_text(encoding="utf-8").rstrip("\n") + "\n" + _yaml_item(entry, 2)})
    return term_id


def new_report(root: Path, kb: KnowledgeBase, sector: str, unit: str, title: str, summary: str, measures: list[str]) -> str:
    """A report file with the next free id: front matter and one section to write."""
    report_id = next_id(report_ids(root), "RPT")
    front = {
        "id": report_id, "title": title, "unit": unit, "unit_type": kb.sector_by_code[sector].name + "单位" if sector in kb.sector_by_code else unit,
        "sector": sector, "region": "原文未写明", "period": "原文未写明", "summary": summary, "statistics": [],
        "actions": [{"text": kb.measure_by_id[m].title if m in kb.measure_by_id else m, "measures": [m]} for m in measures],
    }
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n## 概况\n\n" + summary + "\n"
    _append_validated(root, {root / "data" / "reports" / f"{report_id}.md": text})
    return report_id


def new_sector(root: Path, code: str, name: str, summary: str, icon: str, prefix: str) -> str:
    """A sector file and its guide page with the standard markers."""
    today = date.today().isoformat()
    orders = [int(m.group(1)) for p in (root / "data" / "sectors").glob("*.yml")
              if (m := re.search(r"^order: (\d+)", p.read_text(encoding="utf-8"), re.MULTILINE))]
    sector = {
        "code": code, "name": name, "summary": summary, "icon": icon, "order": max(orders, default=0) + 1,
        "id_prefix": prefix,
        "edition": {"edition": "1.0", "effective": today, "reviewed": today,
                    "changes": [{"date": today, "edition": "1.0", "note": f"首次发布{name}工作指引。"}]},
    }
    guide = (f"# {name}工作指引\n\n<!-- kb:guide-edition -->\n\n<!-- kb:guide-links -->\n\n## 适用范围\n\n{summary}\n\n"
             "## 示例汇报 {#reports}\n\n<!-- kb:guide-reports -->\n\n## 统计数字 {#statistics}\n\n<!-- kb:guide-statistics -->\n")
    sector_file = root / "data" / "sectors" / f"{code}.yml"
    if sector_file.exists():
        raise ScaffoldError(f"{sector_file.relative_to(root)} already exists")
    _append_validated(root, {
        sector_file: yaml.safe_dump(sector, allow_unicode=True, sort_keys=False, width=1000),
        root / "docs" / "guide" / f"{code}.md": guide,
    })
    return code
