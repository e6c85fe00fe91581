"""`kb new`: add a measure, report, term or sector with the next free id, validated before it is written.

Each command holds the writer lock (kb.infra.atomic) for its whole read-check-write cycle, so commands run at
the same time queue instead of taking the same id. The new texts are validated in memory
(``load(overrides=…)``) and only then written, each file atomically; an invalid entry or an
interruption leaves every file as it was.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from kb.core.messages import NEW
from kb.core.model import KnowledgeBase
from kb.core.problems import DataError
from kb.core.safety import md_escape
from kb.editors.drafts import next_id, report_ids
from kb.infra import atomic
from kb.load import load

SECTOR_CODE = re.compile(r"^[a-z][a-z0-9-]{1,30}$")
PREFIX = re.compile(r"^[A-Z]{3}$")


class ScaffoldError(Exception):
    """The new entry would not be valid; nothing was changed."""


def _yaml_item(entry: dict, indent: int) -> str:
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    return "".join(" " * indent + line + "\n" for line in text.splitlines())


def _item_indent(text: str, key: str) -> int:
    """The indentation of the list items that start with `key:` in a YAML file, so an appended one matches."""
    found = re.findall(rf"^( *)- {re.escape(key)}:", text, re.MULTILINE)
    return len(found[-1]) if found else 2


def _commit(root: Path, edits: dict[Path, str], today: datetime.date | None = None) -> KnowledgeBase:
    """Validate the knowledge base as it would be after the edits, then write them; raise ScaffoldError if invalid."""
    try:
        kb = load(root / "data", overrides=edits, today=today)
    except DataError as err:
        mine = {p.relative_to(root).as_posix() for p in edits}
        shown = [p for p in err.problems if p.file in mine] or err.problems
        raise ScaffoldError("\n".join(str(p) for p in shown)) from None
    with atomic.terminate_as_interrupt():
        atomic.write_files(edits)
    atomic.committed()
    return kb


def parse_basis(values: list[str]) -> list[dict]:
    """`来源编号:条款` pairs from the command line, as basis entries."""
    basis = []
    for value in values:
        source, sep, section = value.partition(":")
        if not sep or not source.strip() or not section.strip():
            raise ScaffoldError(NEW["basis_format"].format(value=value))
        basis.append({"source": source.strip(), "section": section.strip()})
    return basis


def new_measure(root: Path, sector: str, **fields) -> str:
    """Append a measure with the sector's next free id to data/checklists/<sector>.yml (created if absent)."""
    with atomic.locked(root / "data"):
        kb = load(root / "data")
        if sector not in kb.sector_by_code:
            raise ScaffoldError(NEW["unknown_sector"].format(sector=sector, known=", ".join(kb.sector_by_code)))
        vocabulary = kb.vocabulary.codes()
        if fields["status"] not in vocabulary["statuses"]:
            raise ScaffoldError(NEW["unknown_status"].format(status=fields["status"], expected=", ".join(vocabulary["statuses"])))
        path = root / "data" / "checklists" / f"{sector}.yml"
        entry = {
            "id": next_id(list(kb.measure_by_id), kb.sector_by_code[sector].id_prefix),
            "title": fields["title"], "detail": fields["detail"], "category": fields["category"],
            "responsible": {"party": fields["party"], "role": fields["role"]}, "frequency": fields["frequency"],
            "status": fields["status"],
        }
        if fields.get("trigger"):
            entry["trigger"] = fields["trigger"]
        if fields.get("diseases"):
            entry["diseases"] = fields["diseases"]
        entry["records"] = fields["records"]
        if fields.get("basis"):
            entry["basis"] = parse_basis(fields["basis"])
        if path.exists():
            text = path.read_text(encoding="utf-8").rstrip("\n")
            text += "\n" + _yaml_item(entry, _item_indent(text, "id"))
        else:
            today = datetime.date.today().isoformat()
            head = {"sector": sector, "edition": {"edition": "1.0", "effective": today, "reviewed": today, "changes": [
                {"date": today, "edition": "1.0", "note": f"首次发布{kb.sector_by_code[sector].name}检查清单。"}]}}
            text = yaml.safe_dump(head, allow_unicode=True, sort_keys=False, width=1000) + "measures:\n" + _yaml_item(entry, 2)
        _commit(root, {path: text})
        return entry["id"]


def new_term(root: Path, term_id: str, term: str, definition: str, see_also: list[str]) -> str:
    with atomic.locked(root / "data"):
        path = root / "data" / "glossary.yml"
        entry = {"id": term_id, "term": term, "definition": definition}
        if see_also:
            entry["see_also"] = see_also
        text = path.read_text(encoding="utf-8").rstrip("\n")
        _commit(root, {path: text + "\n" + _yaml_item(entry, _item_indent(text, "id"))})
        return term_id


def new_report(root: Path, sector: str, unit: str, title: str, summary: str, measures: list[str], year: int) -> str:
    """A report file with the next free id: front matter and one section to write."""
    with atomic.locked(root / "data"):
        kb = load(root / "data")
        report_id = next_id(report_ids(root), "RPT")
        front = {
            "id": report_id, "title": title, "unit": unit,
            "unit_type": kb.sector_by_code[sector].name + "单位" if sector in kb.sector_by_code else unit,
            "sector": sector, "region": "原文未写明", "period": "原文未写明", "year": year, "summary": summary, "statistics": [],
            "actions": [{"text": kb.measure_by_id[m].title if m in kb.measure_by_id else m, "measures": [m]} for m in measures],
        }
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n## 概况\n\n" + summary + "\n"
        _commit(root, {root / "data" / "reports" / f"{report_id}.md": text})
        return report_id


GUIDE = """# {name}工作指引

<!-- kb:guide-edition -->

<!-- kb:guide-links -->

## 本月防控重点 {{#this-month}}

<!-- kb:calendar-now -->

## 适用范围

{summary}

## 示例汇报 {{#reports}}

<!-- kb:guide-reports -->

## 统计数字 {{#statistics}}

<!-- kb:guide-statistics -->
"""


def new_sector(root: Path, code: str, name: str, summary: str, icon: str, prefix: str) -> str:
    """A sector file and its guide page with the standard markers; the navigation picks it up by itself.

    The name and summary are checked like any data text when the sector file is validated, and written
    into the guide page escaped, so that they stay text in the Markdown too."""
    if not SECTOR_CODE.fullmatch(code):
        raise ScaffoldError(NEW["bad_sector_code"].format(code=code))
    if not PREFIX.fullmatch(prefix):
        raise ScaffoldError(NEW["bad_prefix"].format(prefix=prefix))
    with atomic.locked(root / "data"):
        sector_file = root / "data" / "sectors" / f"{code}.yml"
        guide = root / "docs" / "guide" / f"{code}.md"
        for existing in (sector_file, sector_file.with_suffix(".yaml"), guide):
            if existing.exists():
                raise ScaffoldError(NEW["exists"].format(path=existing.relative_to(root).as_posix()))
        today = datetime.date.today().isoformat()
        orders = [int(m.group(1)) for p in (root / "data" / "sectors").glob("*.y*ml")
                  if (m := re.search(r"^order: (\d+)", p.read_text(encoding="utf-8"), re.MULTILINE))]
        sector = {
            "code": code, "name": name, "summary": summary, "icon": icon, "order": max(orders, default=0) + 1,
            "id_prefix": prefix,
            "edition": {"edition": "1.0", "effective": today, "reviewed": today,
                        "changes": [{"date": today, "edition": "1.0", "note": f"首次发布{name}工作指引。"}]},
        }
        _commit(root, {sector_file: yaml.safe_dump(sector, allow_unicode=True, sort_keys=False, width=1000),
                       guide: GUIDE.format(name=md_escape(name), summary=md_escape(summary))})
        return code
