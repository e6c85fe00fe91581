"""Score `kb import` against a truth kept by position (issue 27).

The truth of a third-party report never holds its words: each entry names a file by its key (the
file name without its folder), a line and column (1-based line, 0-based column, in the text as
read_document gives it) and a length, and what is there: a personal name, the reporting unit, the
title, a statistic (with its value, unit and approximate flag); plus the sector code and the year (or
null when the text states none). Whoever has the texts can score them; the repository needs only
the positions. Fetches nothing.

Truth file (JSON): {"files": {"KEY": {"half": "tune"|"heldout", "names": [[line, col, len], ...],
"unit": [line, col, len] | "unnamed", "sector": CODE, "title": [line, col, len] | null, "year": N | null,
"statistics": [[line, col, len, value, unit, approx], ...]}}}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.core.model import KnowledgeBase
from kb.editors.drafts import render_report_draft, report_year
from kb.editors.importer import (
    DEBRIS,
    Findings,
    ImportFileError,
    analyse,
    read_document,
)


@dataclass
class Tally:
    """Counts for one half of the corpus."""

    files: int = 0
    names: int = 0
    names_flagged: int = 0
    names_in_draft: int = 0
    units_right: int = 0
    sectors_right: int = 0
    stats_truth: int = 0
    stats_found: int = 0
    stats_right: int = 0
    titles_invented: int = 0
    titles_right: int = 0
    years_invented: int = 0
    extra_names: int = 0  # flagged tokens that are no person's name
    damage: int = 0  # of those, tokens inside the unit's name, the title or a 《document name》
    years_right: int = 0
    misses: list[str] = field(default_factory=list)

    def scores(self) -> dict[str, float]:
        def share(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "names flagged": share(self.names_flagged, self.names),
            "names left in drafts": float(self.names_in_draft),
            "false names": float(self.extra_names),
            "damaged names": float(self.damage),
            "unit right": share(self.units_right, self.files),
            "sector right": share(self.sectors_right, self.files),
            "statistics precision": share(self.stats_right, self.stats_found),
            "statistics recall": share(self.stats_right, self.stats_truth),
            "titles right": share(self.titles_right, self.files),
            "titles invented": float(self.titles_invented),
            "years right": share(self.years_right, self.files),
            "years invented": float(self.years_invented),
        }


def span(lines: list[str], where: list[int]) -> str:
    """The text at [line, column, length] (line 1-based, column 0-based); "" if out of range."""
    line, column, length = where[:3]
    if not 1 <= line <= len(lines):
        return ""
    return lines[line - 1][column:column + length]


def same_unit(found: str, truth: str) -> bool:
    """The unit is right when it is the truth, or one is the other with its place chain before it
    (北桥街道庄基村 for 庄基村, or the reverse), the shorter of at least three characters."""
    found = found.split("（")[0]
    if not found or not truth:
        return False
    # 彭市镇人民政府 is 彭市镇, 某村村委会 the village: the body that speaks for the place
    found, truth = (re.sub(r"(?<=[镇乡县区市])人民政府$|(?<=村)(?:村委会|村民委员会)$", "", name) for name in (found, truth))
    shorter, longer = sorted((found, truth), key=len)
    return found == truth or (len(shorter) >= 3 and longer.endswith(shorter))


def score_file(key: str, text: str, truth: dict, findings: Findings, draft: str, tally: Tally) -> None:
    """Add one file's results to the tally; misses name the file, line and kind, never the words."""
    lines = text.split("\n")
    tally.files += 1
    flagged = {w.text for w in findings.warnings if w.kind == "personal_name"}
    for where in truth.get("names", []):
        name = DEBRIS.sub("", span(lines, where))  # 安戰(zhàn)國 is read as 安战国
        tally.names += 1
        if name in flagged:
            tally.names_flagged += 1
        else:
            tally.misses.append(f"{key}:{where[0]}:{where[1]}: name not flagged")
        if name and name in draft:
            tally.names_in_draft += 1
            tally.misses.append(f"{key}:{where[0]}:{where[1]}: name left in the draft")
    true_names = {DEBRIS.sub("", span(lines, where)) for where in truth.get("names", [])}
    protected = [span(lines, w) for w in (truth.get("unit"), truth.get("title")) if isinstance(w, list)]
    protected += re.findall(r"《[^《》]*》", text)
    for token in flagged - true_names:
        tally.extra_names += 1
        if any(token in words for words in protected):
            tally.damage += 1
            tally.misses.append(f"{key}: a false name inside the unit, the title or a document's name")
    unit = truth.get("unit")
    # The unit and title are read once converter debris is gone (安戰(zhàn)國 as 安战国), as kb import reads them.
    if (unit == "unnamed" and ("原文未写明名称" in findings.unit or findings.unit == "（未识别出报告单位）")) or (
            isinstance(unit, list) and same_unit(findings.unit, DEBRIS.sub("", span(lines, unit)))):
        tally.units_right += 1
    else:
        tally.misses.append(f"{key}: unit wrong ({len(findings.unit)} characters found)")
    if findings.sector == truth.get("sector"):
        tally.sectors_right += 1
    else:
        tally.misses.append(f"{key}: sector {findings.sector}, truth {truth.get('sector')}")
    title = truth.get("title")
    expected_title = DEBRIS.sub("", span(lines, title)) if title else ""
    if findings.title == expected_title:
        tally.titles_right += 1
    elif findings.title and (not expected_title or findings.title not in DEBRIS.sub("", text)):
        tally.titles_invented += 1
        tally.misses.append(f"{key}: title invented")
    else:
        tally.misses.append(f"{key}: title wrong")
    year = report_year(findings.text)
    if year == truth.get("year"):
        tally.years_right += 1
    elif year is not None and truth.get("year") is None:
        tally.years_invented += 1
        tally.misses.append(f"{key}: year invented")
    else:
        tally.misses.append(f"{key}: year wrong")
    wanted = {(s[0], float(s[3]), s[4], bool(s[5])) for s in truth.get("statistics", [])}
    found = {(s.line, float(s.value), s.unit, s.approx) for s in findings.statistics}
    # The truth names a figure at its first occurrence: the same figure again on a later line is no extra.
    found -= {f for f in found if f not in wanted and any(w[1:] == f[1:] and w[0] < f[0] for w in wanted)}
    tally.stats_truth += len(wanted)
    tally.stats_found += len(found)
    tally.stats_right += len(wanted & found)
    tally.misses += [f"{key}:{line}: statistic missed ({value:g} {unit})" for line, value, unit, _ in sorted(wanted - found)]
    tally.misses += [f"{key}:{line}: statistic extra ({value:g} {unit})" for line, value, unit, _ in sorted(found - wanted)]


def find_text(folder: Path, key: str) -> Path | None:
    """The file of this key in folder or its tune/ and heldout/ subfolders."""
    for candidate in sorted(folder.rglob(f"{key}.*")):
        if candidate.suffix in (".txt", ".md", ".docx"):
            return candidate
    return None


def score_folder(folder: Path, truth_file: Path, kb: KnowledgeBase) -> tuple[dict[str, Tally], list[str]]:
    """Tallies per half ("tune", "heldout") and the keys whose text is missing or unreadable."""
    truth = json.loads(truth_file.read_text(encoding="utf-8"))["files"]
    tallies: dict[str, Tally] = {"tune": Tally(), "heldout": Tally()}  # and any further half the truth names
    missing: list[str] = []
    for key, entry in sorted(truth.items()):
        path = find_text(folder, key)
        if path is None:
            missing.append(key)
            continue
        try:
            text, warnings = read_document(path)
        except ImportFileError as err:
            missing.append(f"{key} ({err})")
            continue
        findings = analyse(text, path.name, kb, frozenset(), warnings)
        draft, _notes = render_report_draft(kb, findings, "RPT-999")
        score_file(key, text, entry, findings, draft, tallies.setdefault(entry.get("half", "tune"), Tally()))
    return tallies, missing


def side_by_side(tallies: dict[str, Tally]) -> str:
    """The halves' scores as a table, tune first, then the held-out half and any later ones."""
    halves = ["tune", "heldout", *sorted(h for h in tallies if h not in ("tune", "heldout"))]
    halves = [h for h in halves if tallies.get(h, Tally()).files] or halves[:2]  # the halves this truth has
    halves = sorted(halves, key=lambda h: (not h.startswith("tune"), h))  # every tuning half first
    scores = {half: tallies[half].scores() for half in halves}
    rows = [f"{'':<24}" + "".join(f"{half:>10}" for half in halves),
            f"{'files':<24}" + "".join(f"{tallies[h].files:>10}" for h in halves),
            f"{'names':<24}" + "".join(f"{tallies[h].names:>10}" for h in halves),
            f"{'statistics':<24}" + "".join(f"{tallies[h].stats_truth:>10}" for h in halves)]
    for measure in scores[halves[0]]:
        counted = measure.endswith(("drafts", "invented")) or measure in ("false names", "damaged names")
        rows.append(f"{measure:<24}" + "".join(f"{scores[h][measure]:>10.0f}" if counted else f"{scores[h][measure]:>10.2f}"
                                               for h in halves))
    return "\n".join(rows)
