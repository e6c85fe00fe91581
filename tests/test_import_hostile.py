"""`kb import` on hostile input: markup, control characters, oversized and malformed files, failures
while writing, interruptions and concurrent imports (issue 13). Uses the fixture knowledge base."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from kb.cli import main
from kb.editors import importer

from .conftest import FIXTURE_KB

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
KB_BIN = str(Path(sys.executable).parent / "kb")
GOOD = "清风社区防控工作汇报\n一、摸排登记\n网格员逐户摸排，登记返乡人员56人，劝停酒席4起。\n"


def drafts(root: Path) -> list[Path]:
    return sorted((root / "data" / "reports").glob("RPT-*.md"))


def new_drafts(root: Path, before: list[Path]) -> list[Path]:
    return [p for p in drafts(root) if p not in before]


def test_drafts_hold_no_markup_or_control_characters(kb_root: Path, capsys) -> None:
    before = drafts(kb_root)
    assert main(["--root", str(kb_root), "import", str(HOSTILE / "markup.md"), str(HOSTILE / "control.txt")]) == 0
    written = new_drafts(kb_root, before)
    assert len(written) == 2
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "<" not in text and ">" not in text, path
        assert "](" not in text and "{:" not in text and "`" not in text
        assert not any(ord(c) < 32 and c != "\n" for c in text)
        assert "\u202e" not in text and "\x1b" not in text
    assert "卡口6处" in written[0].read_text(encoding="utf-8")
    assert "Traceback" not in capsys.readouterr().err


def docx_with(tmp_path: Path, name: str, document_xml: bytes, extra: dict[str, bytes] | None = None) -> Path:
    """A minimal Word package with the given main part, written with zipfile."""
    content_types = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     b'<Default Extension="xml" ContentType="application/xml"/>'
                     b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                     b'wordprocessingml.document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="word/document.xml"/></Relationships>')
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document_xml)
        for part, data in (extra or {}).items():
            archive.writestr(part, data)
    return path


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def hostile_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each bad file and the words its message must contain."""
    big_text = tmp_path / "big.txt"
    big_text.write_bytes(("很长的汇报。" * 200_000).encode("utf-8"))
    long_line = tmp_path / "long-line.txt"
    long_line.write_text("清风社区" + "很" * (importer.MAX_PARAGRAPH_CHARS + 10) + "\n", encoding="utf-8")
    bomb = docx_with(tmp_path, "bomb.docx", b"<w:document " + W + b"><w:body/></w:document>",
                     {"word/padding.xml": b"<a>" + b" " * (importer.MAX_UNPACKED_BYTES + 1024) + b"</a>"})
    entities = docx_with(tmp_path, "entities.docx",
                         b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
                         b"<w:document " + W + b"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")
    malformed = docx_with(tmp_path, "malformed.docx", b"<w:document " + W + b"><w:body><w:p>")
    encrypted = tmp_path / "encrypted.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(bomb.read_bytes()[:300])
    return {
        "big": (big_text, "超过文本文件 2 MB 的上限"),
        "long-line": (long_line, f"超过每行 {importer.MAX_PARAGRAPH_CHARS} 字的上限"),
        "bomb": (bomb, "超过 50 MB 的上限"),
        "entities": (entities, "XML 实体声明"),
        "malformed": (malformed, "无法读取 Word 文件"),
        "encrypted": (encrypted, "打开密码"),
        "truncated": (truncated, "无法读取 Word 文件"),
    }


def test_each_bad_file_gets_one_message_and_the_batch_goes_on(kb_root: Path, tmp_path: Path, capsys) -> None:
    bad = hostile_files(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    before = drafts(kb_root)
    files = [str(path) for path, _ in bad.values()] + [str(good)]
    started = time.perf_counter()
    assert main(["--root", str(kb_root), "import", *files]) == 1  # something failed
    assert time.perf_counter() - started < 30
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for name, (path, words) in bad.items():
        lines = [line for line in err.splitlines() if line.startswith(f"kb import: {path}:")]
        assert len(lines) == 1, (name, err)
        assert words in lines[0], (name, lines[0])
    assert len(new_drafts(kb_root, before)) == 1  # the good file still became a draft


def test_json_batch_with_a_bad_file_lists_the_good_ones(kb_root: Path, tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["--root", str(kb_root), "import", "--json", str(HOSTILE / "missing.txt"), str(good)]) == 1
    assert '"file"' in capsys.readouterr().out


def test_an_invalid_draft_already_in_data_is_named_and_set_aside(kb_root: Path, tmp_path: Path, capsys) -> None:
    broken = kb_root / "data" / "reports" / "RPT-077.md"
    broken.write_text("---\nid: RPT-077\ntitle: 坏草稿\n---\n\n正文\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    before = drafts(kb_root)
    assert main(["--root", str(kb_root), "import", str(good)]) == 0
    err = capsys.readouterr().err
    assert "data/reports/RPT-077.md" in err and "当作不存在" in err
    assert len(new_drafts(kb_root, before)) == 1  # the new draft is written all the same
    assert broken.read_text(encoding="utf-8").startswith("---\nid: RPT-077\ntitle: 坏草稿")  # and the bad one untouched


def test_a_problem_elsewhere_in_data_is_named_and_nothing_is_written(kb_root: Path, tmp_path: Path, capsys) -> None:
    indicators = kb_root / "data" / "indicators.yml"
    indicators.write_text(indicators.read_text(encoding="utf-8") + "\n- 坏的条目\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    before = drafts(kb_root)
    assert main(["--root", str(kb_root), "import", str(good)]) == 1
    err = capsys.readouterr().err
    assert "data/indicators.yml" in err and "不写草稿" in err
    assert drafts(kb_root) == before


def test_an_unwritable_reports_folder_gives_a_message(kb_root: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    before = {p: p.read_bytes() for p in drafts(kb_root)}

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(kb_root / "data" / "reports"))

    monkeypatch.setattr("kb.infra.atomic.tempfile.mkstemp", refuse)  # as a read-only folder does, even for root
    assert main(["--root", str(kb_root), "import", str(good)]) == 1
    err = capsys.readouterr().err
    assert "无法写入" in err and "data/reports" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in drafts(kb_root)} == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_reports_folder_gives_a_message(kb_root: Path, tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    reports = kb_root / "data" / "reports"
    reports.chmod(0o555)
    try:
        assert main(["--root", str(kb_root), "import", str(good)]) == 1
    finally:
        reports.chmod(0o755)
    assert "无法写入" in capsys.readouterr().err


def test_concurrent_imports_queue_and_take_distinct_ids(kb_root: Path, tmp_path: Path) -> None:
    before = drafts(kb_root)
    processes = []
    for number in range(8):
        source = tmp_path / f"report-{number}.txt"
        source.write_text(f"第{number}网格防控工作汇报\n网格员逐户摸排，登记返乡人员{number + 10}人。\n", encoding="utf-8")
        processes.append(subprocess.Popen([KB_BIN, "--root", str(kb_root), "import", str(source)],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for process in processes:
        _out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
    written = new_drafts(kb_root, before)
    assert len(written) == 8
    sources = sorted(p.read_text(encoding="utf-8").split("从 ", 1)[1].split(" ", 1)[0] for p in written)
    assert sources == sorted(f"report-{n}.txt" for n in range(8))
    for path in written:  # every draft is whole, and its id is its own
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        assert front["id"] == path.stem


def _start_long_import(kb_root: Path, tmp_path: Path, count: int) -> subprocess.Popen:
    files = []
    for number in range(count):
        source = tmp_path / f"batch-{number:03d}.txt"
        source.write_text(f"第{number}网格防控工作汇报\n" + "网格员逐户摸排，登记返乡人员56人，劝停酒席4起。\n" * 40,
                          encoding="utf-8")
        files.append(str(source))
    return subprocess.Popen([KB_BIN, "--root", str(kb_root), "import", *files],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _assert_nothing_half_written(kb_root: Path, before: dict[Path, bytes]) -> None:
    for path, data in before.items():
        assert path.read_bytes() == data, path  # earlier files byte-identical
    leftovers = [p.name for p in (kb_root / "data" / "reports").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    for path in drafts(kb_root):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n") and text.count("---\n") >= 2 and text.endswith("\n"), path


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_import_leaves_no_half_written_file(kb_root: Path, tmp_path: Path, sent: signal.Signals) -> None:
    before = {p: p.read_bytes() for p in drafts(kb_root)}
    process = _start_long_import(kb_root, tmp_path, 150)
    time.sleep(1.5)  # in the middle of reading the batch
    process.send_signal(sent)
    _out, err = process.communicate(timeout=120)
    assert "Traceback" not in err
    if process.returncode != 0:  # it may have finished before the signal on a fast machine
        assert process.returncode == 130, err
        assert "已中断" in err
    _assert_nothing_half_written(kb_root, before)


@pytest.mark.parametrize("delay", [1.5, 3.2])
def test_killed_import_leaves_no_half_written_file(kb_root: Path, tmp_path: Path, delay: float) -> None:
    before = {p: p.read_bytes() for p in drafts(kb_root)}
    process = _start_long_import(kb_root, tmp_path, 150)
    time.sleep(delay)  # while reading, or while writing and validating the drafts
    process.kill()
    process.communicate(timeout=60)
    _assert_nothing_half_written(kb_root, before)
    for leftover in (kb_root / "data" / "reports").glob(".*.tmp"):
        pytest.fail(f"temporary file left behind: {leftover}")


def test_fixture_kb_is_untouched() -> None:
    assert not list((FIXTURE_KB / "data" / "reports").glob("RPT-9*.md"))
