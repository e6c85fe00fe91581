"""Write new entries into data/: report drafts from imports, and scaffolds for `kb new`."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from . import lint
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
        line = line.strip()
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


def write_report_draft(root: Path, kb: KnowledgeBase, findings: Findings) -> tuple[Path, list[str]]:
    """Write data/reports/RPT-nnn.md from import findings; returns the file and notes for the editor."""
    report_id = next_id(report_ids(root), "RPT")
    notes = ["正文是原文，发布前请用本库自己的话改写，并把个人姓名换成职务。"]
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
    comments = "".join(f"# 未归入指标：{s.text}（{s.label}）第 {s.line} 行\n" for s in unmatched)
    text = "---\n" + comments + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n" + _body(findings.text)
    target = root / "data" / "reports" / f"{report_id}.md"
    target.write_text(text, encoding="utf-8")
    try:
        load(root / "data")
    except DataError as err:
        notes += [f"校验：{p}" for p in err.problems if p.file.endswith(target.name)]
    return target, notes
