"""Content rules on the project's own data: classified, sourced, no placeholders or names, true to the seed.

These check rules, not counts of today's content, so that adding a measure or a report never breaks them.
"""

from __future__ import annotations

import re

from kb.core.model import HISTORICAL
from kb.load import lint

from .conftest import ROOT, SEED_DIR
from .seed_figures import SEED_FIGURES, SEED_RETURNEES


def test_every_sector_has_a_guide_and_a_checklist(real_kb) -> None:
    for sector in real_kb.sectors:
        assert (ROOT / "docs/guide" / f"{sector.code}.md").is_file(), sector.code
        assert real_kb.measures_for(sector.code), sector.code


def test_every_measure_is_classified_and_current_ones_rest_on_sources_in_force(real_kb) -> None:
    statuses = {s.code for s in real_kb.vocabulary.statuses}
    for m in real_kb.measure_by_id.values():
        assert m.status in statuses, m.id
        assert m.records and m.frequency.strip() and m.role.strip(), m.id
        if m.status == HISTORICAL:
            assert real_kb.evidence.get(m.id), f"{m.id}: historical but no report records it"
        else:
            assert m.basis and all(real_kb.document_by_id[b.source].current for b in m.basis), m.id


def test_glossary_terms_are_distinct(real_kb) -> None:
    assert len({t.definition for t in real_kb.terms}) == len(real_kb.terms)


def test_no_two_measures_of_a_checklist_say_the_same_thing(real_kb) -> None:
    assert lint.duplicate_measures(real_kb) == []
    for checklist in real_kb.checklists.values():
        titles = [m.title for m in checklist.measures]
        assert len(set(titles)) == len(titles), checklist.sector


def test_no_placeholders_boilerplate_or_personal_names() -> None:
    assert [str(f) for f in lint.lint_files(ROOT)] == []


def test_each_report_is_published_once_and_dated(real_kb) -> None:
    assert lint.duplicate_reports(real_kb) == []
    assert all(1990 <= r.year <= 2026 for r in real_kb.reports)


def test_figures_match_the_seed_exactly(real_kb) -> None:
    seed = re.sub(r"\s+", "", "".join(p.read_text(encoding="utf-8") for p in SEED_DIR.glob("*.txt")))
    published = {}
    for report in real_kb.reports:
        for stat in report.statistics:
            if stat.indicator != "returnees-other":
                assert (report.id, stat.indicator) not in published, (report.id, stat.indicator)
                published[(report.id, stat.indicator)] = (stat.value, stat.approx)
    seed_reports = {r for r, _ in SEED_FIGURES}
    assert {k for k in published if k[0] in seed_reports} == set(SEED_FIGURES)
    for key, (snippet, value, approx) in SEED_FIGURES.items():
        assert snippet in seed, snippet
        assert published[key] == (value, approx), key
    returnees = [s.value for s in real_kb.report_by_id["RPT-002"].statistics if s.indicator == "returnees-other"]
    assert returnees == [v for _, v in SEED_RETURNEES]
    assert all(snippet in seed for snippet, _ in SEED_RETURNEES)


def test_no_thirty_character_run_copied_from_the_seed() -> None:
    window = 30
    runs = set()
    for path in SEED_DIR.glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"\s+", "", line)
            runs.update(line[i:i + window] for i in range(len(line) - window + 1))
    assert runs, "the seed fixture is missing"
    copied = []
    for path in [*ROOT.joinpath("docs").rglob("*.md"), *ROOT.joinpath("data").rglob("*.y*ml"), *ROOT.joinpath("data").rglob("*.md")]:
        text = re.sub(r"\s+", "", path.read_text(encoding="utf-8"))
        copied += [f"{path.relative_to(ROOT)}: {text[i:i + window]}" for i in range(len(text) - window + 1) if text[i:i + window] in runs][:1]
    assert copied == []


def test_near_duplicate_search_finds_the_same_pairs_as_comparing_every_pair() -> None:
    import itertools

    texts = [(f"M{i}", f"每日开展第{i % 7}号楼晨午检并登记因病缺勤{'和随访' * (i % 3)}") for i in range(lint.EXACT_BELOW + 50)]
    texts += [(f"X{i}", f"完全不同的措施内容{i}：医疗废物暂时贮存不超过规定时间") for i in range(30)]
    fast = {(a, b) for a, b, _ in lint.near_duplicates(texts)}
    # The reference: a copy (same bigrams as an earlier item) pairs with that first item; distinct texts
    # are compared pair by pair.
    first: dict[frozenset, str] = {}
    exact = set()
    for key, text in texts:
        grams = frozenset(lint.bigrams(text))
        if grams in first:
            exact.add((first[grams], key))
        else:
            first[grams] = key
    distinct = [(key, grams) for grams, key in first.items()]
    exact |= {(a, b) for (a, x), (b, y) in itertools.combinations(distinct, 2) if lint._jaccard(x, y) >= lint.DUPLICATE_SIMILARITY}
    assert fast == exact and len(distinct) < len(texts)


def test_copies_are_reported_once_each_against_the_first() -> None:
    copies = [(f"SCH-{i:03d}", "每日开展晨午检并登记因病缺勤") for i in range(1, 301)]
    pairs = lint.near_duplicates(copies)
    assert [(a, b) for a, b, _ in pairs] == [("SCH-001", f"SCH-{i:03d}") for i in range(2, 301)]
