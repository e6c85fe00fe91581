"""`kb check` keeps the results of its slow scans by content (kb.load.checkcache): a second run scans only
what changed, a changed rule or allow-list scans everything again, and a damaged cache is only slower."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.infra.cache import CACHE_DIR
from kb.load import lint, load, names
from kb.load.checkcache import CACHE, CheckCache


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the name scanner was asked to read."""
    seen: list[str] = []
    real = names.find_names

    def counting(text: str, allow: frozenset[str] = frozenset()) -> list:
        seen.append(text)
        return real(text, allow)

    monkeypatch.setattr(names, "find_names", counting)
    return seen


def run(root: Path) -> list[lint.Finding]:
    cache = CheckCache(root)
    found = lint.lint_files(root, cache=cache)
    cache.save()
    return found


def test_a_second_run_scans_only_the_changed_file(kb_root: Path, scans: list[str]) -> None:
    (kb_root / "docs").mkdir(exist_ok=True)
    page = kb_root / "docs" / "note.md"
    page.write_text("联系人：王小明\n", encoding="utf-8")
    first = run(kb_root)
    assert first == lint.lint_files(kb_root)  # the same findings as without a cache
    assert any(f.kind == "personal_name" and f.file == "docs/note.md" for f in first)
    files = len(scans) // 2
    scans.clear()
    assert run(kb_root) == first and scans == []
    page.write_text("联系人：王小明\n负责人：李大同\n", encoding="utf-8")
    third = run(kb_root)
    assert len(scans) == 1 and "李大同" in scans[0] and files > 1
    assert {f.text for f in third if f.file == "docs/note.md"} >= {"王小明"}


def test_a_changed_allow_list_scans_everything_again(kb_root: Path, scans: list[str]) -> None:
    run(kb_root)
    scans.clear()
    with (kb_root / "data" / lint.ALLOWLIST).open("a", encoding="utf-8") as handle:
        handle.write("\n新地名\n")
    run(kb_root)
    assert len(scans) > 1


def test_a_damaged_cache_is_only_slower(kb_root: Path, scans: list[str]) -> None:
    expected = run(kb_root)
    (kb_root / CACHE_DIR / CACHE).write_text("{not json", encoding="utf-8")
    scans.clear()
    assert run(kb_root) == expected and scans


def test_duplicates_are_kept_per_checklist(kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = load(kb_root / "data")
    cache = CheckCache(kb_root)
    expected = lint.duplicate_measures(kb, cache)
    cache.save()
    monkeypatch.setattr(lint, "near_duplicates", lambda items: pytest.fail("computed again"))
    assert lint.duplicate_measures(kb, CheckCache(kb_root)) == expected


def test_measure_lines_are_kept_by_the_files_text(kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = kb_root / "data/checklists/schools.yml"
    cache = CheckCache(kb_root)
    expected = lint.measure_lines(path, cache)
    assert expected["SCH-001"] > 1
    cache.save()
    monkeypatch.setattr(lint, "parse_yaml", lambda *args: pytest.fail("parsed again"))
    assert lint.measure_lines(path, CheckCache(kb_root)) == expected
    path.write_text(path.read_text(encoding="utf-8").replace("measures:", "# 注释\nmeasures:", 1), encoding="utf-8")
    with pytest.raises(pytest.fail.Exception):  # a changed file is read again
        lint.measure_lines(path, CheckCache(kb_root))
