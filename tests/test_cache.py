"""Results kept by content between runs (kb.infra.cache): a kept result is used only for the same input and
code, an invalid file is never kept, and a damaged or missing cache is only a slower run."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.core.problems import DataError
from kb.infra import cache as kb_cache
from kb.infra.cache import ContentCache, TrackedStore, data_cache
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


def test_a_tracked_store_keeps_each_result_with_what_it_read(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    calls: list[str] = []

    def title(kb) -> str:
        calls.append("title")
        return kb.sector_by_code["schools"].name

    def store() -> TrackedStore:
        return TrackedStore(kb_root, "x", ("p",))

    first = store()
    assert first.get("a", kb, title) == "学校"
    first.save()
    assert store().get("a", kb, title) == "学校" and calls == ["title"]
    assert TrackedStore(kb_root, "x", ("q",)).get("a", kb, title) == "学校"  # other parts: computed again
    assert calls == ["title", "title"]
    edit(kb_root / "data/sectors/schools.yml", "name: 学校", "name: 中小学校")  # what it read has changed
    kb = load(kb_root / "data")
    assert store().get("a", kb, title) == "中小学校"
    assert TrackedStore(None, "x").get("a", kb, title) == "中小学校"  # no root: nothing kept
    (kb_root / kb_cache.CACHE_DIR / "kb-x.bin").write_bytes(b"garbage")
    assert store().get("a", kb, title) == "中小学校"
    assert calls == ["title"] * 5


def test_kept_pages_are_the_generated_pages(kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = load(kb_root / "data")
    expected = generated_files(kb, directory_urls=False)
    assert kept_generated_files(kb, False, kb_root) == expected
    assert recomputed(monkeypatch, lambda: kept_generated_files(load(kb_root / "data"), False, kb_root)) == []
    assert all(type(content) in (str, bytes) for _, content in expected)  # no Markup: engines take plain text


def recomputed(monkeypatch: pytest.MonkeyPatch, build) -> list[str]:
    """The keys whose results `build` computed again rather than reused."""
    computed: list[str] = []
    real = TrackedStore.get

    def counting(self, key, kb, compute):
        return real(self, key, kb, lambda tracked: computed.append(key) or compute(tracked))

    with monkeypatch.context() as patch:
        patch.setattr(TrackedStore, "get", counting)
        build()
    return computed


def second_report(kb_root: Path) -> Path:
    """A second example report, so that one can be edited beside another left alone."""
    text = (kb_root / "data/reports/RPT-001.md").read_text(encoding="utf-8")
    path = kb_root / "data/reports/RPT-002.md"
    path.write_text(text.replace("id: RPT-001", "id: RPT-002").replace("测试学校工作汇报", "第二测试学校工作汇报"), encoding="utf-8")
    return path


def test_one_edited_report_renders_again_only_the_pages_that_read_it(kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = second_report(kb_root)
    kept_generated_files(load(kb_root / "data"), True, kb_root)
    edit(report, "用于测试的汇报。", "用于测试的汇报，已修改。")
    kb = load(kb_root / "data")
    again = recomputed(monkeypatch, lambda: kept_generated_files(kb, True, kb_root))
    assert "reports/RPT-002.md" in again and "api/kb.json" in again
    assert "reports/RPT-001.md" not in again
    assert not [src for src in again if src.startswith(("checklists/", "reporting/", "plans/"))], again
    assert kept_generated_files(kb, True, kb_root) == generated_files(load(kb_root / "data"), True)


def test_a_measure_reworded_renders_again_only_the_pages_that_show_it(kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reports link to SCH-001 and SCH-003 and read only which checklist page each is on
    (kb.core.checklist.measure_page), not the whole checklist that is worked out from: rewording SCH-002
    leaves them as they were."""
    second_report(kb_root)
    kept_generated_files(load(kb_root / "data"), True, kb_root)
    edit(kb_root / "data/checklists/schools.yml", "教室每天开窗通风三次以上。", "教室每日开窗通风三次以上。")
    kb = load(kb_root / "data")
    again = recomputed(monkeypatch, lambda: kept_generated_files(kb, True, kb_root))
    assert "checklists/schools.md" in again
    assert not [src for src in again if src.startswith("reports/")], again
    assert kept_generated_files(kb, True, kb_root) == generated_files(load(kb_root / "data"), True)


EDITS = [  # (file under data/, snippet, replacement): edits of the kinds editors make
    ("reports/RPT-001.md", "每天晨午检", "每日晨午检"),
    ("reports/RPT-001.md", "measures: [SCH-003]", "measures: [SCH-001]"),
    ("checklists/schools.yml", "title: 每日开展晨午检", "title: 每日开展晨检和午检"),
    ("checklists/schools.yml", "detail: 班主任在到校后和午间检查学生健康状况。", "detail: 班主任在学生到校后检查。"),
    ("sectors/schools.yml", "name: 学校", "name: 中小学校"),
    ("glossary.yml", "definition: 负责一个网格的工作人员。", "definition: 负责一个网格日常工作的人员。"),
    ("sources/school-hygiene-rule.yml", "title: 测试用学校卫生规定", "title: 测试用学校卫生规定（修订）"),
]


@pytest.mark.parametrize(("file", "old", "new"), EDITS, ids=[f"{f}:{n}" for f, _, n in EDITS])
def test_kept_pages_after_an_edit_are_those_of_a_build_from_scratch(kb_root: Path, file: str, old: str, new: str) -> None:
    second_report(kb_root)
    for directory_urls in (True, False):
        kept_generated_files(load(kb_root / "data"), directory_urls, kb_root)
    edit(kb_root / "data" / file, old, new)
    for directory_urls in (True, False):
        kept = kept_generated_files(load(kb_root / "data"), directory_urls, kb_root)
        assert kept == generated_files(load(kb_root / "data"), directory_urls)


def test_marker_blocks_are_kept_while_what_they_read_is_unchanged(kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "# 学校\n\n<!-- kb:guide-reports -->\n\n<!-- kb:edition-history -->\n"
    rendered: list[str] = []
    for name, renderer in list(markers.RENDERERS.items()):
        def counting(kb, page, name=name, renderer=renderer):
            rendered.append(f"{name} {page.src}")
            return renderer(kb, page)
        monkeypatch.setitem(markers.RENDERERS, name, counting)

    def expand(src: str) -> str:
        kb = load(kb_root / "data")
        attach(kb, kb_root, kb.edition.editions)  # the edition history, as the build does
        store = TrackedStore(kb_root, "markers-test")
        expanded, problems = markers.expand(text, kb, markers.PageContext(src, Linker(src, True)), src, store)
        store.save()
        assert problems == []
        return expanded

    expected = expand("guide/schools.md")
    assert "RPT-001" in expected
    rendered.clear()
    assert expand("guide/schools.md") == expected
    assert rendered == ["edition-history guide/schools.md"]  # it reads git, not only the data: never kept
    edit(kb_root / "data/reports/RPT-001.md", "title: 测试学校工作汇报", "title: 改过的测试学校工作汇报")
    rendered.clear()
    assert "改过的测试学校工作汇报" in expand("guide/schools.md")  # the list of the sector's reports read it
    assert "guide-reports guide/schools.md" in rendered


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


def keep(root: Path, kb, value: str) -> str:
    """One result kept in the store ``x`` of the project at `root`."""
    store = TrackedStore(root, "x", ("p",))
    found = store.get("a.md", kb, lambda kb: kb.sector_by_code["schools"].name and value)
    store.save()
    return found


def test_forged_page_caches_are_computed_again(tmp_path: Path, kb_root: Path, own_secret: Path) -> None:
    import marshal

    kb = load(kb_root / "data")
    assert keep(tmp_path, kb, "真") == "真"
    path = tmp_path / kb_cache.CACHE_DIR / "kb-x.bin"
    mac, rest = path.read_bytes()[:65], path.read_bytes()[65:]
    header = rest.split(b"\n", 1)[0] + b"\n"
    forged = marshal.dumps({"a.md": ([], "<script>假</script>")})  # a result that read nothing: always holds
    for content in (header + forged, mac + header + forged):  # unsealed; a real seal on other bytes
        path.write_bytes(content)
        assert keep(tmp_path, kb, "真") == "真"


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path: Path, kb_root: Path, own_secret: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / kb_cache.CACHE_DIR).symlink_to(elsewhere)
    keep(tmp_path, load(kb_root / "data"), "一")
    store = kb_cache.store(tmp_path, "data")
    store.put("k", "a", {"v": 1})
    store.save()
    assert list(elsewhere.iterdir()) == []


def test_without_a_secret_nothing_is_kept(tmp_path: Path, kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))  # a file where the folder should be: no secret
    assert kb_cache.secret() is None
    kb = load(kb_root / "data")
    calls: list[int] = []
    for _ in range(2):
        store = TrackedStore(tmp_path, "x", ("p",))
        store.get("a.md", kb, lambda kb: calls.append(1) or "一")
        store.save()
    assert calls == [1, 1] and not (tmp_path / kb_cache.CACHE_DIR / "kb-x.bin").exists()


def test_ci_seals_with_the_repository_secret(tmp_path: Path, kb_root: Path, own_secret: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """$KB_CACHE_KEY: what one job sealed, another job with the same secret (a fresh machine) uses; a job
    without it (a fork's pull request: the machine's own secret) and one with a short key trust none of it."""
    kb = load(kb_root / "data")
    monkeypatch.setenv(kb_cache.SECRET_VARIABLE, "k" * kb_cache.SECRET_BYTES)
    assert keep(tmp_path, kb, "一") == "一"
    assert not own_secret.exists()  # the machine's secret was neither read nor made
    assert keep(tmp_path, kb, "二") == "一"  # kept
    monkeypatch.delenv(kb_cache.SECRET_VARIABLE)
    assert keep(tmp_path, kb, "三") == "三"  # the machine's own secret: the job's entries fail their seal
    monkeypatch.setenv(kb_cache.SECRET_VARIABLE, "short")
    assert kb_cache.secret() is None


COUNT_RECOMPUTED = """
import sys
from pathlib import Path
from kb.infra.cache import TrackedStore
from kb.load import load
from kb.publish.site import kept_generated_files
computed = []
real = TrackedStore.get
TrackedStore.get = lambda self, key, kb, compute: real(self, key, kb, lambda t: computed.append(key) or compute(t))
root = Path(sys.argv[1])
kept_generated_files(load(root / "data"), True, root)
print(len(computed))
"""


def test_kept_pages_are_reused_by_another_process(kb_root: Path) -> None:
    """Digests come from reprs: one that changed between processes (a set's order under another hash
    seed, an object's address) would make every build compute every page again."""
    import os
    import subprocess
    import sys

    def run(seed: str) -> int:
        done = subprocess.run([sys.executable, "-c", COUNT_RECOMPUTED, str(kb_root)], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        return int(done.stdout.split()[-1])

    assert run("1") > 0
    assert run("2") == 0


def _template_env(root: Path, templates: Path):
    from jinja2 import Environment, FileSystemLoader

    from kb.infra.templates import SealedBytecodeCache

    return Environment(loader=FileSystemLoader(templates), bytecode_cache=SealedBytecodeCache(root))


def _compiled(env, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates `env` compiles from now on."""
    names: list[str] = []
    real = env.compile
    monkeypatch.setattr(env, "compile", lambda *a, **k: names.append(a[1]) or real(*a, **k))
    return names


def test_theme_templates_are_compiled_once_and_a_forged_entry_is_never_run(
        tmp_path: Path, own_secret: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ title }}</p>", encoding="utf-8")
    first = _template_env(tmp_path, templates)
    assert first.get_template("page.html").render(title="晨检") == "<p>晨检</p>"
    first.bytecode_cache.save()

    second = _template_env(tmp_path, templates)
    compiled = _compiled(second, monkeypatch)
    assert second.get_template("page.html").render(title="午检") == "<p>午检</p>"
    assert compiled == []  # the kept code was used

    (templates / "page.html").write_text("<div>{{ title }}</div>", encoding="utf-8")  # an edited template
    assert _template_env(tmp_path, templates).get_template("page.html").render(title="晨检") == "<div>晨检</div>"

    (templates / "page.html").write_text("<p>{{ title }}</p>", encoding="utf-8")  # back: its code is kept
    path = tmp_path / kb_cache.CACHE_DIR / "kb-templates.bin"
    path.write_bytes(b"0" * 64 + b"\n" + path.read_bytes()[65:])  # the same entries under a wrong seal
    fourth = _template_env(tmp_path, templates)
    compiled = _compiled(fourth, monkeypatch)
    assert fourth.get_template("page.html").render(title="晨检") == "<p>晨检</p>"
    assert compiled == ["page.html"]  # compiled again: nothing unsealed is loaded


def test_clearing_the_template_cache_forgets_every_kept_template(
        tmp_path: Path, own_secret: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Jinja's BytecodeCache.clear empties the cache: what was kept before is compiled again."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ title }}</p>", encoding="utf-8")
    first = _template_env(tmp_path, templates)
    first.get_template("page.html").render(title="晨检")
    first.bytecode_cache.save()

    second = _template_env(tmp_path, templates)
    second.bytecode_cache.clear()
    from jinja2 import Environment, FileSystemLoader

    same_run = Environment(loader=FileSystemLoader(templates), bytecode_cache=second.bytecode_cache)
    compiled = _compiled(same_run, monkeypatch)
    assert same_run.get_template("page.html").render(title="午检") == "<p>午检</p>"
    assert compiled == ["page.html"]  # in the same run: nothing kept from before is loaded
