"""Results kept by content between runs (kb.infra.cache): a kept result is used only for the same input and
code, an invalid file is never kept, and a damaged or missing cache is only a slower run."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.core.problems import DataError
from kb.infra import cache as kb_cache
from kb.infra.cache import ContentCache, data_cache, kept
from kb.load import load, reader
from kb.publish import markers
from kb.publish.site import generated_files, kept_generated_files
from kb.publish.urls import Linker
from kb.review.changelog import attach

from .conftest import edit


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The YAML texts the reader parsed."""
    seen: list[str] = []
    real = reader.parse_yaml

    def counting(text: str, file: str, offset: int = 0):
        seen.append(file)
        return real(text, file, offset)

    monkeypatch.setattr(reader, "parse_yaml", counting)
    return seen


def cached_load(root: Path):
    store = data_cache(root)
    try:
        return load(root / "data", cache=store)
    finally:
        store.save()


def test_unchanged_files_are_not_parsed_again(kb_root: Path, parses: list[str]) -> None:
    first = cached_load(kb_root)
    assert "data/checklists/schools.yml" in parses
    parses.clear()
    second = cached_load(kb_root)
    assert parses == []
    assert second == first and second.digest == first.digest
    edit(kb_root / "data/checklists/schools.yml", "每日开展晨午检", "每日开展晨检")
    third = cached_load(kb_root)
    assert parses == ["data/checklists/schools.yml"]
    assert third.measure_by_id["SCH-001"].title == "每日开展晨检" and third.digest != first.digest


def test_an_invalid_file_is_never_kept(kb_root: Path, parses: list[str]) -> None:
    edit(kb_root / "data/checklists/schools.yml", "status: routine", "status: sometimes")
    for _ in range(2):
        parses.clear()
        with pytest.raises(DataError) as err:
            cached_load(kb_root)
        assert "data/checklists/schools.yml" in parses
        assert any(p.file == "data/checklists/schools.yml" and "sometimes" in str(p) for p in err.value.problems)


def test_rules_across_files_still_run_on_kept_files(kb_root: Path, parses: list[str]) -> None:
    edit(kb_root / "data/checklists/schools.yml", "category: screening", "category: nowhere")
    for _ in range(2):
        with pytest.raises(DataError) as err:
            cached_load(kb_root)
        assert any(p.file == "data/checklists/schools.yml" and "nowhere" in str(p) for p in err.value.problems)
    assert parses.count("data/checklists/schools.yml") == 1


def test_a_changed_vocabulary_checks_every_file_again(kb_root: Path, parses: list[str]) -> None:
    cached_load(kb_root)
    parses.clear()
    edit(kb_root / "data/vocabularies.yml", "\n# 四方责任.", """
  - code: outbreak
    label: 暴发
    description: 本单位出现暴发。
    basis:
      - {source: school-hygiene-rule, section: 第二条}

# 四方责任.""")
    cached_load(kb_root)
    assert "data/checklists/schools.yml" in parses  # the schemas' codes come from the vocabulary


def test_a_damaged_data_cache_is_only_slower(kb_root: Path, parses: list[str]) -> None:
    expected = cached_load(kb_root)
    (kb_root / ".cache/kb-data.json").write_text('{"checklist:x": ', encoding="utf-8")
    parses.clear()
    assert cached_load(kb_root) == expected and parses


def test_only_values_that_survive_json_are_kept(tmp_path: Path) -> None:
    store = ContentCache(tmp_path / "store.json", "v1")
    store.put("k", "a", {"list": [1, "二"]})
    store.put("k", "b", {"tuple": (1, 2)})
    store.put("k", "c", {"bytes": b"x"})
    store.save()
    again = ContentCache(tmp_path / "store.json", "v1")
    assert again.peek("k", "a") == {"list": [1, "二"]}
    assert again.peek("k", "b") is None and again.peek("k", "c") is None
    assert ContentCache(tmp_path / "store.json", "v2").peek("k", "a") is None  # another code version


def test_kept_computes_once_per_key(tmp_path: Path) -> None:
    calls: list[str] = []

    def compute(value: str):
        return lambda: calls.append(value) or [("a.md", value), ("b.bin", value.encode())]

    assert kept(tmp_path, "x", "digest", ("p",), compute("one")) == [("a.md", "one"), ("b.bin", b"one")]
    assert kept(tmp_path, "x", "digest", ("p",), compute("two")) == [("a.md", "one"), ("b.bin", b"one")]
    assert calls == ["one"]
    assert kept(tmp_path, "x", "digest", ("q",), compute("three"))[0] == ("a.md", "three")
    assert kept(tmp_path, "x", "other", ("q",), compute("four"))[0] == ("a.md", "four")
    assert kept(None, "x", "other", ("q",), compute("five"))[0] == ("a.md", "five")
    assert kept(tmp_path, "x", "", ("q",), compute("six"))[0] == ("a.md", "six")  # no digest: not from files
    (tmp_path / kb_cache.CACHE_DIR / "kb-x.bin").write_bytes(b"garbage")
    assert kept(tmp_path, "x", "other", ("q",), compute("seven"))[0] == ("a.md", "seven")
    assert calls == ["one", "three", "four", "five", "six", "seven"]


def test_kept_pages_are_the_generated_pages(kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = load(kb_root / "data")
    expected = generated_files(kb, directory_urls=False)
    assert kept_generated_files(kb, False, kb_root) == expected
    monkeypatch.setattr("kb.publish.site.generated_files", lambda *args: pytest.fail("generated again"))
    assert kept_generated_files(kb, False, kb_root) == expected
    assert all(type(content) in (str, bytes) for _, content in expected)  # no Markup: engines take plain text


def test_marker_blocks_are_kept_by_data_page_and_url_style(kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = load(kb_root / "data")
    attach(kb, kb_root, kb.edition.editions)  # the edition history, as the build does
    text = "# 学校\n\n<!-- kb:guide-reports -->\n\n<!-- kb:edition-history -->\n"
    rendered: list[str] = []
    for name, renderer in list(markers.RENDERERS.items()):
        def counting(kb, page, name=name, renderer=renderer):
            rendered.append(f"{name} {page.src} {page.link.directory_urls}")
            return renderer(kb, page)
        monkeypatch.setitem(markers.RENDERERS, name, counting)

    def expand(src: str, directory_urls: bool, cache: ContentCache) -> str:
        expanded, problems = markers.expand(text, kb, markers.PageContext(src, Linker(src, directory_urls)), src, cache)
        assert problems == []
        return expanded

    first = ContentCache(kb_root / "markers.json", "v1")
    expected = expand("guide/schools.md", True, first)
    first.save()
    assert "RPT-001" in expected
    rendered.clear()
    again = ContentCache(kb_root / "markers.json", "v1")
    assert expand("guide/schools.md", True, again) == expected
    assert rendered == ["edition-history guide/schools.md True"]  # it reads git, not only the data: never kept
    rendered.clear()
    expand("guide/schools.md", False, again)
    assert "guide-reports guide/schools.md False" in rendered  # another URL style: links differ
    kb.digest = "another"
    rendered.clear()
    expand("guide/schools.md", True, again)
    assert "guide-reports guide/schools.md True" in rendered  # other data


def test_an_edited_template_changes_the_code_version_within_one_process(tmp_path: Path) -> None:
    package = tmp_path / "kb"
    (package / "templates").mkdir(parents=True)
    template = package / "templates" / "page.md.j2"
    template.write_text("# {{ title }}\n", encoding="utf-8")
    before = kb_cache.code_version(package)
    assert kb_cache.code_version(package) == before
    template.write_text("# {{ title }}！\n", encoding="utf-8")  # as under `mkdocs serve`: same process
    assert kb_cache.code_version(package) != before
    assert kb_cache.code_version() != before  # the real package is another one


@pytest.fixture
def own_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A state folder of this test's own, so the secret it makes is not the machine's."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state / "kb" / "cache.key"


def forged_data_cache(root: Path, kb, title: str) -> dict:
    """What a pull request could commit: the cache's real keys (they are computable) with a value of its own."""
    store = data_cache(root)
    load(root / "data", cache=store)
    values = dict(store.used)
    for value in values.values():
        if isinstance(value, dict) and value.get("sector") == "schools" and "measures" in value:
            value["measures"][0]["title"] = title
    return values


def test_a_committed_or_edited_cache_is_never_trusted(kb_root: Path, own_secret: Path, parses: list[str]) -> None:
    import hashlib
    import hmac
    import json

    expected = cached_load(kb_root)
    assert own_secret.is_file() and (kb_root / ".cache/kb-data.json").read_bytes()[64:65] == b"\n"
    hostile = '<img src=x onerror=alert(1)>'
    values = forged_data_cache(kb_root, expected, hostile)
    forged = json.dumps(values, ensure_ascii=False).encode("utf-8")
    other_machine = hmac.new(b"k" * 32, forged, hashlib.sha256).hexdigest().encode() + b"\n" + forged
    for content in (forged, b"0" * 64 + b"\n" + forged, other_machine):
        (kb_root / ".cache/kb-data.json").write_bytes(content)
        parses.clear()
        kb = cached_load(kb_root)
        assert "data/checklists/schools.yml" in parses, "a forged cache was used instead of the file"
        assert kb.measure_by_id["SCH-001"].title == expected.measure_by_id["SCH-001"].title != hostile


def test_forged_page_caches_are_computed_again(tmp_path: Path, own_secret: Path) -> None:
    import marshal

    assert kept(tmp_path, "x", "digest", ("p",), lambda: [("a.md", "真")]) == [("a.md", "真")]
    path = tmp_path / kb_cache.CACHE_DIR / "kb-x.bin"
    mac, rest = path.read_bytes()[:65], path.read_bytes()[65:]
    header = rest.split(b"\n", 1)[0] + b"\n"
    for content in (header + marshal.dumps([("a.md", "<script>假</script>")]),  # the old, unsealed form
                    mac + header + marshal.dumps([("a.md", "<script>假</script>")])):  # a real seal on other bytes
        path.write_bytes(content)
        assert kept(tmp_path, "x", "digest", ("p",), lambda: [("a.md", "真")]) == [("a.md", "真")]


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path: Path, own_secret: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / kb_cache.CACHE_DIR).symlink_to(elsewhere)
    kept(tmp_path, "x", "digest", ("p",), lambda: [("a.md", "一")])
    store = kb_cache.store(tmp_path, "data")
    store.put("k", "a", {"v": 1})
    store.save()
    assert list(elsewhere.iterdir()) == []


def test_without_a_secret_nothing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))  # a file where the folder should be: no secret
    assert kb_cache.secret() is None
    calls: list[int] = []
    for _ in range(2):
        kept(tmp_path, "x", "digest", ("p",), lambda: calls.append(1) or [("a.md", "一")])
    assert calls == [1, 1] and not (tmp_path / kb_cache.CACHE_DIR / "kb-x.bin").exists()
