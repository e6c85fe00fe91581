"""Synthetic province editions for `python -m bench --editions`: regions added to a bench project, each
with one local source, one local measure per sector and a note on one national measure per sector."""

from __future__ import annotations

import string
from pathlib import Path

import yaml

from kb.load import load
from kb.publish.editions import write_configs


def region_code(index: int) -> str:
    """bench-aa, bench-ab, …: letters only, as region codes are."""
    letters = string.ascii_lowercase
    return f"bench-{letters[index // 26]}{letters[index % 26]}"


def make_regions(project: Path, count: int) -> list[str]:
    """`count` province editions in project/data/regions/; their configurations written; their codes."""
    kb = load(project / "data")
    codes = []
    for index in range(count):
        code = region_code(index)
        prefix = "Q" + code[-2:].upper()
        folder = project / "data" / "regions" / code
        (folder / "sources").mkdir(parents=True, exist_ok=True)
        (folder / "checklists").mkdir(exist_ok=True)
        edition = {"edition": "1.0", "effective": "2026-12-01", "reviewed": "2026-12-01",
                   "changes": [{"date": "2026-12-01", "edition": "1.0", "note": "基准测试用的合成省份。"}]}
        region = {"code": code, "name": f"合成第{index + 1}省", "short": f"合成{index + 1}", "level": "province",
                  "id_prefix": prefix, "summary": "基准测试用的合成省级地区版。", "edition": edition}
        (folder / "region.yml").write_text(yaml.safe_dump(region, allow_unicode=True, sort_keys=False), encoding="utf-8")
        source = f"{code}-rule"
        (folder / "sources" / f"{source}.yml").write_text(yaml.safe_dump({
            "id": source, "title": f"合成第{index + 1}省传染病防控规定", "short": f"合成第{index + 1}省规定", "kind": "normative",
            "issued": "2026-01-01", "status": "in_force", "where": "基准测试用，不对应真实文件。",
            "checked": {"date": "2026-12-01", "read_at": [f"https://www.gov.cn/bench/{code}"]},
            "note": "基准测试用的合成省级文件。"}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        for sector in kb.sectors:
            national = [m for m in kb.measures_for(sector.code) if m.status == "routine"]
            if not national:
                continue
            first = national[0]  # a routine one: its wording is fit for a routine local measure
            measure = {"id": f"{prefix}-{sector.id_prefix}-001", "title": f"{first.title}（合成第{index + 1}省）",
                       "detail": f"合成第{index + 1}省的本地做法：{first.detail}", "category": first.category,
                       "responsible": {"party": first.party, "role": first.role}, "frequency": first.frequency,
                       "status": "routine", "records": list(first.records),
                       "basis": [{"source": source, "section": "第一条"}]}
            note = {"measure": first.id, "text": f"合成第{index + 1}省另有规定的示例。", "basis": [{"source": source, "section": "第二条"}]}
            (folder / "checklists" / f"{sector.code}.yml").write_text(yaml.safe_dump(
                {"sector": sector.code, "measures": [measure], "notes": [note]}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        write_configs(project, load(project / "data", region=code))
        codes.append(code)
    return codes
