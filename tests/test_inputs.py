"""Inputs that used to get past the checks (issue 23): huge numbers, file names with markup, symbolic
links, other encodings, look-alike ids, reference cycles, findings without a line, Word parts and checks
that read only the start of a text. Each test failed before its fix; the fixture knowledge base is used."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from kb.cli import main
from kb.core.problems import DataError
from kb.core.safety import unsafe_markup
from kb.infra import atomic
from kb.load import lint, load, schemas

from .conftest import edit

TODAY = datetime.date(2026, 11, 28)
REPORT = "data/reports/RPT-001.md"


def problems(root: Path) -> list[str]:
    """What the loader reports for the knowledge base at root: nothing when it loads."""
    try:
        load(root / "data", today=TODAY)
    except DataError as err:
        return [str(p) for p in err.problems if p.is_error]
    return []


# 7. Huge numbers -------------------------------------------------------------------------------

def test_a_statistic_beyond_the_maximum_is_refused(kb_root: Path) -> None:
    edit(kb_root / REPORT, "value: 60,", f"value: {10 ** 29},")
    assert f"{REPORT}:12: statistics[0].value: {10 ** 29} 太大；最大为 1000000000000" in problems(kb_root)


@pytest.mark.parametrize("literal", ["9" * 5000, "0x" + "f" * 5000, "1_" * 2000 + "1", "-" + "9" * 5000])
def test_a_number_too_long_to_read_gives_a_message_not_a_traceback(kb_root: Path, literal: str) -> None:
    edit(kb_root / REPORT, "value: 60,", f"value: {literal},")
    found = problems(kb_root)
    assert len(found) == 1 and found[0].startswith(f"{REPORT}:12: 数字有 {len(literal)} 个字符"), found


def test_a_number_too_long_as_a_key_gives_the_message(kb_root: Path) -> None:
    (kb_root / "data/categories.yml").write_text("categories: []\n? " + "9" * 5000 + "\n: x\n", encoding="utf-8")
    found = problems(kb_root)
    assert any(p.startswith("data/categories.yml:2: 数字有 5000 个字符") for p in found), found


def test_kb_check_reports_a_number_too_long(project: Path, capsys) -> None:
    edit(project / REPORT, "value: 60,", f"value: {'9' * 5000},")
    assert main(["--root", str(project), "check", "--no-cache"]) == 1
    out = capsys.readouterr()
    assert f"{REPORT}:12: 数字有 5000 个字符" in out.out and "Traceback" not in out.err


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("data/reports/RPT-001.md", "year: 2026", f"year: {10 ** 20}", f"data/reports/RPT-001.md:9: year: {10 ** 20} 太大；最大为 2100"),
    ("data/sectors/schools.yml", "order: 1", f"order: {10 ** 20}", f"data/sectors/schools.yml:5: order: {10 ** 20} 太大；最大为 1000"),
])
def test_every_integer_field_has_a_maximum(kb_root: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(kb_root / file, old, new)
    assert expected in problems(kb_root)


def _numeric_nodes(node: object, path: str = "") -> list[tuple[str, dict]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            found.append((path, node))
        for key, value in node.items():
            found += _numeric_nodes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _numeric_nodes(value, f"{path}/{i}")
    return found


def test_every_number_in_every_schema_is_bounded() -> None:
    for kind in (*schemas.KINDS, "common"):
        for path, node in _numeric_nodes(schemas.schema(kind)):
            assert "maximum" in node or "exclusiveMaximum" in node, (kind, path)


# 8. File names in drafts -------------------------------------------------------------------------

CLEAN_REPORT = "测试学校工作汇报\n一、晨午检\n班主任每日开展晨午检，检查学生健康状况。2026年1月。\n"


@pytest.mark.parametrize("name", [
    "<img src=x onerror=alert(1)>.txt", "&#60;script&#62;.txt", "[点我](javascript:alert(1)).txt",
    "a{: onclick=alert(1) }.txt", "x\u202e\u200bt.txt", "未核实的汇报.txt", "XX学校汇报.txt", "www.example.com.txt",
])
def test_a_file_name_never_makes_a_draft_that_kb_check_refuses(kb_root: Path, tmp_path: Path, name: str, capsys) -> None:
    source = tmp_path / name
    source.write_text(CLEAN_REPORT, encoding="utf-8")
    before = set((kb_root / "data/reports").glob("RPT-*.md"))
    assert main(["--root", str(kb_root), "import", str(source)]) == 0
    [draft] = set((kb_root / "data/reports").glob("RPT-*.md")) - before
    text = draft.read_text(encoding="utf-8")
    assert problems(kb_root) == [], text
    assert lint.scan_text(text, "draft", people=False) == [], text
    summary = next(line for line in text.splitlines() if line.startswith("summary:"))
    assert unsafe_markup(summary) is None and "<" not in summary and "\u202e" not in summary


def test_a_plain_file_name_stays_in_the_summary(kb_root: Path, tmp_path: Path) -> None:
    source = tmp_path / "清风社区-2020 汇报.txt"
    source.write_text(CLEAN_REPORT, encoding="utf-8")
    assert main(["--root", str(kb_root), "import", str(source)]) == 0
    [draft] = sorted((kb_root / "data/reports").glob("RPT-*.md"))[-1:]
    assert "从 清风社区-2020 汇报.txt 导入" in draft.read_text(encoding="utf-8")


def test_character_references_in_an_imported_text_are_not_written_as_markup(kb_root: Path, tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(CLEAN_REPORT + "二、宣传\nA&amp;B &#60;b&#62; &#x3c;i&#x3e;\n", encoding="utf-8")
    assert main(["--root", str(kb_root), "import", str(source)]) == 0
    assert problems(kb_root) == []


# 9. Symbolic links ---------------------------------------------------------------------------------

SECRET = "TOP-SECRET-VALUE"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the knowledge base holding what a link might point at."""
    folder = tmp_path / "runner-files"
    folder.mkdir()
    (folder / "secret.yml").write_text(f"{SECRET}: XX www.{SECRET.lower()}.com\nsecret_key: 1\n", encoding="utf-8")
    (folder / "secret.md").write_text(f"---\n{SECRET}: 1\n---\n\nXX www.{SECRET.lower()}.com 张三说\n", encoding="utf-8")
    return folder


def _no_secret(text: str, outside: Path) -> None:
    assert SECRET not in text and SECRET.lower() not in text and "secret" not in text.lower(), text
    assert str(outside) not in text and "runner-files" not in text


@pytest.mark.parametrize(("link", "target"), [
    ("data/sources/old-school-rule.yml", "secret.yml"),
    ("data/reports/RPT-001.md", "secret.md"),
    ("data/glossary.yml", "secret.yml"),
    ("data/checklists", "."),
    ("data/reports/RPT-009.md", "secret.md"),
])
def test_the_loader_refuses_links_and_never_opens_them(kb_root: Path, outside: Path, monkeypatch, link: str,
                                                       target: str) -> None:
    path = kb_root / link
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    path.symlink_to(outside / target if target != "." else outside, target_is_directory=target == ".")
    opened = []
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if outside in self.resolve().parents or self.resolve() == outside:
            opened.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    found = problems(kb_root)
    assert opened == []
    assert f"{link}:1: 这是符号链接" in "\n".join(found), found
    _no_secret("\n".join(found), outside)


def test_kb_check_refuses_links_in_docs_and_prints_nothing_of_them(project: Path, outside: Path, capsys) -> None:
    (project / "docs/leak.md").symlink_to(outside / "secret.md")
    (project / "docs/folder").symlink_to(outside, target_is_directory=True)
    assert main(["--root", str(project), "check", "--no-cache"]) == 1
    out = capsys.readouterr()
    assert "docs/leak.md:1: 这是符号链接" in out.out and "docs/folder:1: 这是符号链接" in out.out
    _no_secret(out.out + out.err, outside)


def test_a_link_to_a_file_inside_the_repository_is_refused_too(kb_root: Path) -> None:
    (kb_root / "data/sources/copy.yml").symlink_to(kb_root / "data/sources/old-school-rule.yml")
    assert any(p.startswith("data/sources/copy.yml:1: 这是符号链接") for p in problems(kb_root))


def test_kb_new_does_not_write_through_a_link(project: Path, outside: Path, capsys) -> None:
    checklist = project / "data/checklists/schools.yml"
    target = outside / "schools.yml"
    shutil.move(checklist, target)
    checklist.symlink_to(target)
    before = target.read_bytes()
    args = ["--root", str(project), "new", "measure", "--sector", "schools", "--title", "每周检查洗手设施",
            "--detail", "每周检查各楼层洗手池和洗手液是否齐备，缺的当天补齐。", "--category", "environment",
            "--role", "总务主任", "--frequency", "每周一次", "--record", "洗手设施检查表", "--basis", "school-hygiene-rule:第一条"]
    assert main(args) == 1
    assert checklist.is_symlink() and target.read_bytes() == before
    assert "data/checklists/schools.yml:1: 这是符号链接" in capsys.readouterr().err


def test_atomic_writes_refuse_a_link(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "checklists").mkdir(parents=True)
    target = tmp_path / "elsewhere.yml"
    target.write_text("old\n", encoding="utf-8")
    link = data / "checklists" / "schools.yml"
    link.symlink_to(target)
    with pytest.raises(OSError):
        atomic.write_text(link, "new\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "old\n"
    folder = tmp_path / "real-reports"
    folder.mkdir()
    (data / "reports").symlink_to(folder, target_is_directory=True)
    with pytest.raises(OSError):
        atomic.write_text(data / "reports" / "RPT-002.md", "new\n")
    assert list(folder.iterdir()) == []


def test_a_chinese_character_in_an_id_is_reported_with_the_ids_pattern(kb_root: Path) -> None:
    """年 in replaced_by is not a look-alike: the message says what an id is made of."""
    import datetime

    from kb.core.problems import DataError
    from kb.load import load

    from .conftest import edit

    edit(kb_root / "data/sources/old-school-rule.yml", "replaced_by: school-hygiene-rule", "replaced_by: 2027年版")
    with pytest.raises(DataError) as info:
        load(kb_root / "data", today=datetime.date(2026, 11, 28))
    [problem] = [p for p in info.value.problems if p.field == "replaced_by"]
    assert problem.key == "schema_pattern" and "形似" not in str(problem) and "小写英文" in str(problem)
