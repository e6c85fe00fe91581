"""Rules across files, each a small named function that reports problems through the reader.

They run after every file has been read, on the records the loaders built. ``RULES`` lists them in
the order they run; each takes the reader and the half-built knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kb.core.model import (
    HISTORICAL,
    MEDIA,
    OFFICIAL,
    RESPONSE,
    ROUTINE,
    Checklist,
    Document,
    EvidenceGrades,
    Indicator,
    Overlay,
    Report,
    Vocabulary,
)
from kb.core.safety import unsafe_markup
from kb.load.reader import Reader


@dataclass
class Parts:
    """What the rules look at: the loaded records plus where each came from."""

    vocabulary: Vocabulary | None
    documents: list[Document]
    checklists: dict[str, Checklist]
    reports: list[Report]
    report_files: dict[str, tuple]
    indicators: list[Indicator]
    source_files: dict[str, tuple]  # source id -> (file, located) in data/sources/
    indicator_file: tuple | None
    measure_places: dict[str, tuple] = field(default_factory=dict)  # measure id -> (file, located, path)
    grades: EvidenceGrades | None = None  # data/evidence.yml
    overlay: Overlay | None = None  # a region's edition (kb.load.regions)
    note_places: dict = field(default_factory=dict)  # LocalNote -> (file, located, path)


def measure_places(reader: Reader) -> dict[str, tuple]:
    """measure id -> (file, located, path of the measure) from the registry of definitions."""
    return {k.split(":", 1)[1]: (f, loc, path[:-1]) for k, (f, loc, path) in reader.defined.items() if k.startswith("措施:")}


def references_resolve(reader: Reader, parts: Parts) -> None:
    for ref in reader.references:
        if f"{ref.kind}:{ref.key}" in reader.defined or ref.kind in reader.incomplete:
            continue
        known = reader.known(ref.kind)
        hint = f"；已有：{', '.join(known[:12])}{' …' if len(known) > 12 else ''}" if known else ""
        reader.problem("unknown_reference", ref.file, ref.located, ref.path, kind=ref.kind, key=ref.key, hint=hint)


def current_measures_have_a_basis(reader: Reader, parts: Parts) -> None:
    if parts.vocabulary is None:
        return
    places = parts.measure_places
    local = parts.overlay.measures if parts.overlay else {}
    for checklist in parts.checklists.values():
        for m in checklist.measures:
            if m.status in (ROUTINE, RESPONSE) and not m.basis and m.id not in local:  # local ones: region_basis_missing
                file, located, at = places[m.id]
                reader.problem("basis_missing", file, located, (*at, "basis"), status=parts.vocabulary.label("statuses", m.status))


def bases_are_in_force(reader: Reader, parts: Parts) -> None:
    if parts.vocabulary is None:
        return
    by_id = {d.id: d for d in parts.documents}
    places = parts.measure_places
    for checklist in parts.checklists.values():
        for m in checklist.measures:
            for j, basis in enumerate(m.basis):
                document = by_id.get(basis.source)
                if document is None or document.current:
                    continue
                file, located, at = places[m.id]
                replaced = f"；现行文件：{document.replaced_by}" if document.replaced_by else ""
                reader.problem("basis_not_in_force", file, located, (*at, "basis", j, "source"), source=basis.source,
                               state=parts.vocabulary.label("source_statuses", document.status), replaced=replaced)


def local_notes_rest_on_documents_in_force(reader: Reader, parts: Parts) -> None:
    """A region's note on a national measure cites only documents in force, as a measure does."""
    if parts.vocabulary is None or parts.overlay is None:
        return
    by_id = {d.id: d for d in parts.documents}
    for note in parts.overlay.notes:
        file, located, at = parts.note_places[note]
        for j, basis in enumerate(note.basis):
            document = by_id.get(basis.source)
            if document is None or document.current:
                continue
            replaced = f"；现行文件：{document.replaced_by}" if document.replaced_by else ""
            reader.problem("basis_not_in_force", file, located, (*at, "basis", j, "source"), source=basis.source,
                           state=parts.vocabulary.label("source_statuses", document.status), replaced=replaced)


def triggers_only_on_response(reader: Reader, parts: Parts) -> None:
    if parts.vocabulary is None:
        return
    places = parts.measure_places
    codes = ", ".join(t.code for t in parts.vocabulary.triggers)
    for checklist in parts.checklists.values():
        for m in checklist.measures:
            file, located, at = places[m.id]
            if m.status == RESPONSE and not m.trigger:
                reader.problem("trigger_missing", file, located, (*at, "trigger"), expected=codes)
            elif m.status != RESPONSE and m.trigger:
                reader.problem("trigger_not_allowed", file, located, (*at, "trigger"), status=parts.vocabulary.label("statuses", m.status))


def historical_measures_are_recorded(reader: Reader, parts: Parts) -> None:
    if "汇报" in reader.incomplete:
        return
    recorded = {mid for r in parts.reports for mid in r.measures}
    places = parts.measure_places
    for checklist in parts.checklists.values():
        for m in checklist.measures:
            if m.status == HISTORICAL and m.id not in recorded:
                file, located, at = places[m.id]
                reader.problem("historical_without_report", file, located, (*at, "status"), id=m.id)


def routine_wording_is_not_emergency(reader: Reader, parts: Parts) -> None:
    if parts.vocabulary is None:
        return
    words = sorted(parts.vocabulary.emergency_words, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, words))) if words else None
    places = parts.measure_places
    for checklist in parts.checklists.values():
        for m in checklist.measures:
            if m.status != ROUTINE or pattern is None:
                continue
            for name in ("title", "detail"):
                found = pattern.search(getattr(m, name))
                if found:
                    file, located, at = places[m.id]
                    reader.problem("emergency_wording", file, located, (*at, name), word=found.group(0))
                    break


def replaced_sources_name_their_successor(reader: Reader, parts: Parts) -> None:
    if parts.vocabulary is None:
        return
    for d in parts.documents:
        file, located = parts.source_files[d.id]
        if d.status == "superseded" and not d.replaced_by:
            reader.problem("replaced_by_missing", file, located, ("status",), status=parts.vocabulary.label("source_statuses", d.status))
        if d.current and d.replaced_by:
            reader.problem("replaced_by_in_force", file, located, ("replaced_by",))


def every_source_is_cited(reader: Reader, parts: Parts) -> None:
    if parts.vocabulary is None:
        return
    cited = {b.source for c in parts.checklists.values() for m in c.measures for b in m.basis}
    cited |= {b.source for t in parts.vocabulary.triggers for b in t.basis}
    cited |= {ref.key for ref in reader.references if ref.kind == "依据文件"}
    for d in parts.documents:
        # A superseded or repealed document may stay only to say what replaced it.
        if d.current and d.id not in cited:
            file, located = parts.source_files[d.id]
            reader.problem("source_uncited", file, located, ("id",))


def totals_add_like_with_like(reader: Reader, parts: Parts) -> None:
    if parts.indicator_file is None:
        return
    file, located = parts.indicator_file
    by_code = {i.code: i for i in parts.indicators}
    for i, total in enumerate(parts.indicators):
        for j, code in enumerate(total.sum_of):
            part = by_code.get(code)
            if part is None:
                continue
            if part.unit != total.unit:
                reader.problem("total_mixed_units", file, located, ("indicators", i, "sum_of", j),
                               total=total.code, expected=total.unit, part=code, unit=part.unit)
            elif not part.summable:
                reader.problem("total_not_summable", file, located, ("indicators", i, "sum_of", j), part=code, total=total.code)


def reported_totals_match_their_parts(reader: Reader, parts: Parts) -> None:
    totals = {i.code: i for i in parts.indicators if i.sum_of}
    for report in parts.reports:
        values = {}
        for s in report.statistics:
            values.setdefault(s.indicator, []).append(s)
        for code, total in totals.items():
            if code not in values or not all(p in values for p in total.sum_of):
                continue
            computed = sum(s.value for p in total.sum_of for s in values[p])
            reported = values[code][0]
            if reported.approx or any(s.approx for p in total.sum_of for s in values[p]) or computed == reported.value:
                continue
            file, located, _, _ = parts.report_files[report.id]
            index = report.statistics.index(reported)
            reader.problem("total_mismatch", file, located, ("statistics", index, "value"), total=code,
                           reported=_number(reported.value), computed=_number(computed))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# The counts a sentence can announce in one character (a list of more than ten is not announced so).
_ONE_CHARACTER_COUNTS = {**{c: n for n, c in enumerate("一二三四五六七八九十", 1)}, "两": 2}
# "…集中在五个方面：" / "主要做了以下三点：" followed by the listed items.
_ANNOUNCED = re.compile(rf"([{''.join(_ONE_CHARACTER_COUNTS)}]|\d{{1,2}})(个方面|方面|点|项|条)[：:]")
# Items of a run-on list are parted by commas, semicolons, enumeration commas and a final 以及;
# 和 and 及 are left alone, as they join words inside one item (推进和成效).
_ITEM_BREAK = re.compile(r"[，,；;、]|以及")


def announced_count(sentence: str) -> tuple[str, int, str] | None:
    """(what is announced, the number, the text after the colon) for a sentence announcing a list."""
    match = _ANNOUNCED.search(sentence)
    if not match:
        return None
    count = match.group(1)
    number = _ONE_CHARACTER_COUNTS[count] if count in _ONE_CHARACTER_COUNTS else int(count)
    return count + match.group(2), number, sentence[match.end():]


def listed_items(rest: str) -> int:
    """How many items a run-on list names."""
    first = re.split(r"[。！？]", rest, maxsplit=1)[0]
    return len([p for p in _ITEM_BREAK.split(first) if p.strip()])


def announced_points_are_listed(reader: Reader, parts: Parts) -> None:
    for report in parts.reports:
        file, _located, body_line, body = parts.report_files[report.id]
        for offset, line in enumerate(body.splitlines()):
            found = announced_count(line)
            if not found:
                continue
            announced, number, rest = found
            listed = listed_items(rest) if rest.strip() else 0
            if listed and listed != number:
                reader.problem_at("points_mismatch", file, body_line + offset, "body", announced=announced, listed=listed)


def data_text_is_plain(reader: Reader, parts: Parts) -> None:
    for report in parts.reports:
        file, _located, body_line, body = parts.report_files[report.id]
        for offset, line in enumerate(body.splitlines()):
            what = unsafe_markup(line)
            if what:
                reader.problem_at("unsafe_markup", file, body_line + offset, "body", what=what)
            elif phrase := reader.editors_phrase(line):
                reader.problem_at("editors_phrase", file, body_line + offset, "body", phrase=phrase)


def sources_were_checked_at_proper_places(reader: Reader, parts: Parts) -> None:
    """No address on the deny list; a source read only at reprints goes into the review queue."""
    if parts.grades is None:
        return
    for document in parts.documents:
        file, located = parts.source_files[document.id]
        for i, url in enumerate(document.read_at):
            if domain := parts.grades.denied(url):
                reader.problem("source_address_denied", file, located, ("checked", "read_at", i), url=url, domain=domain)
        if not any(parts.grades.grade(url) in (OFFICIAL, MEDIA) for url in document.read_at):
            reader.problem("source_reprint_only", file, located, ("checked", "read_at"))


def periods_are_in_order(reader: Reader, parts: Parts) -> None:
    for document in parts.documents:
        if document.period is not None and document.period.end < document.period.start:
            file, located = parts.source_files[document.id]
            reader.problem("period_reversed", file, located, ("period", "to"), start=document.period.start, end=document.period.end)


def current_measures_rest_on_documents_still_applying(reader: Reader, parts: Parts) -> None:
    """A current measure whose every basis is a time-bound document whose period has ended (at the
    build date) needs a new basis: the next season's notice, or the standing rule."""
    by_id = {d.id: d for d in parts.documents}
    today = reader.today.isoformat()
    for checklist in parts.checklists.values():
        for m in checklist.measures:
            documents = [by_id[b.source] for b in m.basis if b.source in by_id]
            if m.status in (ROUTINE, RESPONSE) and documents and all(d.expired(today) for d in documents):
                file, located, at = parts.measure_places[m.id]
                reader.problem("basis_period_ended", file, located, (*at, "basis"),
                               sources="、".join(f"{d.short}（{d.period.label}）" for d in documents))


def current_bases_name_what_was_seen(reader: Reader, parts: Parts) -> None:
    """Each basis of a current measure names the article or section seen; the rest is the review queue."""
    for checklist in parts.checklists.values():
        for m in checklist.measures:
            if m.status not in (ROUTINE, RESPONSE):
                continue
            file, located, at = parts.measure_places[m.id]
            for j, basis in enumerate(m.basis):
                if not basis.pinned:
                    reader.problem("basis_unpinned", file, located, (*at, "basis", j, "section"), source=basis.source,
                                   note=basis.unverified or basis.section)


def _cycles(edges: dict[str, list[tuple[str, tuple]]]) -> list[tuple[list[str], tuple]]:
    """Each cycle of a reference graph once, as (its nodes, from the one whose reference closes the cycle
    round to it again, and the place (file, located, path) of that reference). Iterative: a long chain cannot overflow the stack."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    found: list[tuple[list[str], tuple]] = []
    seen: set[frozenset[str]] = set()
    for start in edges:
        if start in state:
            continue
        path: list[str] = [start]
        todo = [iter(edges.get(start, ()))]
        state[start] = 1
        while todo:
            step = next(todo[-1], None)
            if step is None:
                state[path.pop()] = 2
                todo.pop()
                continue
            target, place = step
            if state.get(target) == 1:
                cycle = [path[-1], *path[path.index(target):]]  # told from the node whose reference closes it
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    found.append((cycle, place))
            elif target not in state and target in edges:
                state[target] = 1
                path.append(target)
                todo.append(iter(edges.get(target, ())))
    return found


def references_make_no_cycle(reader: Reader, parts: Parts) -> None:
    """A document replaced (in the end) by itself, a total made (in the end) of itself, a term that
    refers the reader to itself: each cycle once, at the reference that closes it. Two terms that name
    each other under see_also are fine: nothing follows those references further."""
    replaced = {d.id: [(d.replaced_by, (*parts.source_files[d.id], ("replaced_by",)))] if d.replaced_by else []
                for d in parts.documents}
    totals: dict[str, list[tuple[str, tuple]]] = {}
    if parts.indicator_file is not None:
        for i, total in enumerate(parts.indicators):
            totals[total.code] = [(code, (*parts.indicator_file, ("indicators", i, "sum_of", j))) for j, code in enumerate(total.sum_of)]
    terms: dict[str, list[tuple[str, tuple]]] = {}
    for ref in reader.references:
        if ref.kind == "术语编号" and ref.path[:1] == ("terms",):
            term = ref.located.data["terms"][ref.path[1]]["id"]
            terms.setdefault(term, []).extend([(ref.key, (ref.file, ref.located, ref.path))] if ref.key == term else [])
    for kind, field_name, graph in (("依据文件的替代关系", "replaced_by", replaced), ("合计指标的组成", "sum_of", totals),
                                    ("术语的参见", "see_also", terms)):
        for cycle, (file, located, path) in _cycles(graph):
            reader.problem("reference_cycle", file, located, path, kind=kind, cycle=" → ".join(cycle), field=field_name)


Rule = Callable[[Reader, Parts], None]
RULES: tuple[Rule, ...] = (
    references_resolve,
    references_make_no_cycle,
    current_measures_have_a_basis,
    bases_are_in_force,
    local_notes_rest_on_documents_in_force,
    triggers_only_on_response,
    historical_measures_are_recorded,
    routine_wording_is_not_emergency,
    replaced_sources_name_their_successor,
    every_source_is_cited,
    totals_add_like_with_like,
    reported_totals_match_their_parts,
    announced_points_are_listed,
    data_text_is_plain,
    sources_were_checked_at_proper_places,
    periods_are_in_order,
    current_measures_rest_on_documents_still_applying,
    current_bases_name_what_was_seen,
)
