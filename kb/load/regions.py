"""Regional editions: a province's, city's or county's overlay on the national data.

Layout of one region (``data/regions/<code>/``):
    region.yml                  name, level, parent, id prefix, edition; contacts and calendar entries
    sources/<id>.yml            the region's own documents (the same schema and evidence rules as data/sources/)
    checklists/<sector>.yml     measures the region adds (ids ``<PREFIX>-<SECTOR PREFIX>-nnn``) and its notes
                                on national measures

A region's edition is the national data plus the overlays of its chain: the province, then the city,
then the county. An overlay may add and annotate; it may not delete or rewrite a national measure, and
each local measure rests on a basis. The rules that hold for national measures (basis in force, triggers,
wording) hold for local ones, as they are checked together after merging.
"""

from __future__ import annotations

from pathlib import Path

from kb.core.model import (
    CalendarMonth,
    CardEntry,
    Checklist,
    Document,
    InSeason,
    LocalNote,
    Measure,
    Overlay,
    Preparation,
    Region,
    ReportingCard,
)
from kb.load.files import (
    _basis,
    _check_review,
    _edition,
    _refer_basis,
    checklist_sector,
    load_sources,
)
from kb.load.reader import YAML_SUFFIXES, Reader

REGIONS = "regions"
# Which level a region's parent may have.
PARENT_LEVELS = {"province": (), "city": ("province",), "county": ("city", "province")}


def region_codes(data_dir: Path) -> list[str]:
    """The codes of every region with a region file, parents before their children, then by code."""
    base = Path(data_dir) / REGIONS
    if not base.is_dir() or base.is_symlink():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.is_symlink()
                  and any((p / f"region{s}").is_file() for s in YAML_SUFFIXES))


def _read_region(reader: Reader, code: str) -> tuple[dict, str, object] | None:
    folder = reader.data_dir / REGIONS / code
    for suffix in YAML_SUFFIXES:
        path = folder / f"region{suffix}"
        if path.is_file() or path in reader.overrides:
            located, file = reader.read(path, "region")
            return (located.data, file, located) if located is not None else None
    return None


def _region(raw: dict) -> Region:
    return Region(raw["code"], raw["name"], raw["short"], raw["level"], raw.get("parent", ""), raw["id_prefix"],
                  raw["summary"], _edition(raw["edition"]))


def regions_index(reader: Reader) -> dict[str, tuple[Region, dict, str, object]]:
    """Every region file read and checked on its own (code and folder, prefixes unique across regions)."""
    index: dict[str, tuple[Region, dict, str, object]] = {}
    prefixes: dict[str, str] = {}
    for code in region_codes(reader.data_dir):
        read = _read_region(reader, code)
        if read is None:
            continue
        raw, file, located = read
        if raw["code"] != code:
            reader.problem("name_mismatch", file, located, ("code",), value=raw["code"], expected=code)
            continue
        if raw["id_prefix"] in prefixes:
            reader.problem("region_prefix_taken", file, located, ("id_prefix",), prefix=raw["id_prefix"],
                           other=prefixes[raw["id_prefix"]])
        prefixes.setdefault(raw["id_prefix"], code)
        _check_review(reader, file, located, raw["edition"])
        index[code] = (_region(raw), raw, file, located)
    return index


def chain(reader: Reader, index: dict, code: str) -> list[str] | None:
    """The codes from the province down to `code`, or None (with the problem reported) when a parent is
    missing, of the wrong level, or the parents go round in a circle."""
    present = set(region_codes(reader.data_dir))
    if code not in index and code in present:
        return None  # its region file has problems, reported already
    if code not in index:
        reader.problem_at("region_unknown", f"data/{REGIONS}/{code}/region.yml", 0, "",
                          code=code, known=", ".join(index) or "（无）")
        return None
    codes = [code]
    while True:
        region, _raw, file, located = index[codes[0]]
        allowed = PARENT_LEVELS[region.level]
        if not region.parent:
            if allowed:
                reader.problem("region_parent_required", file, located, ("level",), level=region.level)
                return None
            return codes
        if not allowed:
            reader.problem("region_parent_not_allowed", file, located, ("parent",), parent=region.parent)
            return None
        if region.parent in codes:
            reader.problem("region_parent_cycle", file, located, ("parent",), path=" → ".join([*reversed(codes), region.parent]))
            return None
        if region.parent not in index and region.parent in present:
            return None  # the parent's region file has problems, reported already
        if region.parent not in index:
            reader.problem("region_parent_missing", file, located, ("parent",), parent=region.parent,
                           folder=f"data/{REGIONS}/{region.parent}/region.yml")
            return None
        parent = index[region.parent][0]
        if parent.level not in allowed:
            reader.problem("region_parent_level", file, located, ("parent",), parent=region.parent,
                           found=parent.level, level=region.level, allowed="、".join(allowed))
            return None
        codes.insert(0, region.parent)


def _local_checklists(reader: Reader, region: Region, sector_prefix: dict[str, str], national: set[str],
                      measures: dict[str, list[Measure]], added: dict[str, str], notes: list[LocalNote],
                      places: dict) -> None:
    for path in reader.files(f"{REGIONS}/{region.code}/checklists", YAML_SUFFIXES):
        located, file = reader.read(path, "region_checklist")
        if located is None:
            continue
        raw = located.data
        code = checklist_sector(reader, path, file, located)
        for i, mid in enumerate(raw.get("remove", [])):
            reader.problem("region_removes", file, located, ("remove", i), id=mid)
        prefix = f"{region.id_prefix}-{sector_prefix.get(code, '')}-"
        for i, m in enumerate(raw.get("measures", [])):
            at = ("measures", i)
            if m["id"] in national:
                reader.problem("region_rewrites_national", file, located, (*at, "id"), id=m["id"])
                continue
            if code in sector_prefix and not m["id"].startswith(prefix):
                reader.problem("region_wrong_prefix", file, located, (*at, "id"), id=m["id"], prefix=prefix)
            if not reader.define("措施", m["id"], file, located, (*at, "id")):
                continue
            if not m.get("basis"):
                reader.problem("region_basis_missing", file, located, (*at, "basis"), id=m["id"], region=region.name)
            reader.refer("措施类别", m["category"], file, located, (*at, "category"))
            for j, disease in enumerate(m.get("diseases", [])):
                reader.refer("疾病", disease, file, located, (*at, "diseases", j))
            _refer_basis(reader, m.get("basis"), file, located, at)
            measures.setdefault(code, []).append(Measure(
                id=m["id"], sector=code, title=m["title"], detail=m["detail"], category=m["category"],
                party=m["responsible"]["party"], role=m["responsible"]["role"], frequency=m["frequency"],
                status=m["status"], trigger=m.get("trigger", ""), diseases=tuple(m.get("diseases", [])),
                records=tuple(m["records"]), basis=_basis(m.get("basis")),
            ))
            added[m["id"]] = region.code
        for i, n in enumerate(raw.get("notes", [])):
            at = ("notes", i)
            reader.refer("措施", n["measure"], file, located, (*at, "measure"))
            _refer_basis(reader, n["basis"], file, located, at)
            note = LocalNote(n["measure"], region.code, n["text"], _basis(n["basis"]))
            places[note] = (file, located, at)
            notes.append(note)


def load_overlay(reader: Reader, code: str, sector_prefix: dict[str, str], documents: list[Document],
                 source_files: dict[str, tuple], checklists: dict[str, Checklist], reporting: ReportingCard | None,
                 calendar: tuple[CalendarMonth, ...]) -> tuple[Overlay | None, dict, ReportingCard | None, tuple, dict]:
    """The overlay of a region's chain merged into the national records.

    Returns (overlay, merged checklists, merged reporting card, merged calendar, where each note was
    written); the overlay is None when the region or its chain cannot be read (the problems are reported).
    """
    index = regions_index(reader)
    codes = chain(reader, index, code)
    if codes is None:
        return None, checklists, reporting, calendar, {}
    national = {m.id for c in checklists.values() for m in c.measures}
    measures: dict[str, list[Measure]] = {}
    added: dict[str, str] = {}
    sources: dict[str, str] = {}
    notes: list[LocalNote] = []
    note_places: dict = {}
    contacts: list[tuple[str, CardEntry]] = []
    entries: list[tuple[str, int, object]] = []
    for c in codes:
        region, raw, file, located = index[c]
        local_documents, local_files = load_sources(reader, f"{REGIONS}/{c}/sources")
        documents += local_documents
        source_files.update(local_files)
        sources.update({d.id: c for d in local_documents})
        _local_checklists(reader, region, sector_prefix, national, measures, added, notes, note_places)
        for i, e in enumerate(raw.get("contacts", [])):
            for j, sector in enumerate(e.get("sectors", [])):
                reader.refer("行业", sector, file, located, ("contacts", i, "sectors", j))
            contacts.append((c, CardEntry(text=e["label"], sectors=tuple(e.get("sectors", [])), number=e.get("number", ""),
                                          note=e.get("note", ""))))
        for i, month in enumerate(raw.get("calendar", [])):
            at = ("calendar", i)
            for j, entry in enumerate(month.get("in_season", [])):
                reader.refer("疾病", entry["disease"], file, located, (*at, "in_season", j, "disease"))
                _refer_basis(reader, entry["basis"], file, located, (*at, "in_season", j))
                entries.append((c, month["month"], InSeason(entry["disease"], entry["area"], _basis(entry["basis"]))))
            for j, entry in enumerate(month.get("prepare", [])):
                reader.refer("行业", entry["sector"], file, located, (*at, "prepare", j, "sector"))
                for k, mid in enumerate(entry["measures"]):
                    reader.refer("措施", mid, file, located, (*at, "prepare", j, "measures", k))
                entries.append((c, month["month"], Preparation(entry["sector"], entry["text"], tuple(entry["measures"]))))
    merged = dict(checklists)
    for sector, extra in measures.items():
        base = checklists.get(sector)
        edition = base.edition if base else index[added[extra[0].id]][0].edition
        merged[sector] = Checklist(sector, edition, (*(base.measures if base else ()), *extra))
    card = reporting
    if reporting is not None and contacts:
        card = ReportingCard(reporting.first_hour, reporting.deadlines, reporting.thresholds,
                             (*(e for _, e in contacts), *reporting.contacts))
    months = tuple(
        CalendarMonth(m.month,
                      (*m.in_season, *(e for _, n, e in entries if n == m.month and isinstance(e, InSeason))),
                      (*m.prepare, *(e for _, n, e in entries if n == m.month and isinstance(e, Preparation))))
        for m in calendar)
    overlay = Overlay(tuple(index[c][0] for c in codes), added, sources, tuple(notes), tuple(contacts), tuple(entries))
    return overlay, merged, card, months, note_places
