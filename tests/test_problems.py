"""Every message of the catalogue, produced by one bad input each (tests/fixtures/problems.yml)."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import yaml

from kb.core.messages import CATALOGUE
from kb.core.problems import DataError
from kb.load import load
from kb.load.yamlsrc import MAX_FILE_BYTES

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "problems.yml").read_text(encoding="utf-8"))
TODAY = datetime.date(2026, 11, 28)
BIG = {
    "LARGE": lambda: "#" * (MAX_FILE_BYTES + 1),
    "DEEP": lambda: "categories:\n" + "".join("  " * i + "- \n" for i in range(1, 45)),
    "BOMB": lambda: "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)),
}


def apply(root: Path, case: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    for step in ("edit", "edit2"):
        if step in case:
            file, old, new = case[step]
            path = root / file
            text = path.read_text(encoding="utf-8")
            assert old in text, (case["key"], old)
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for file, content in case.get("write", {}).items():
        target = root / file
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(BIG[content]() if content in BIG else content, encoding="utf-8")
    if "remove" in case:
        (root / case["remove"]).unlink()
    if "copy" in case:
        shutil.copy(root / case["copy"][0], root / case["copy"][1])
    if "copy_edit" in case:
        source, target, old, new = case["copy_edit"]
        (root / target).write_text((root / source).read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    if "rename" in case:
        (root / case["rename"][0]).rename(root / case["rename"][1])
    if "link" in case:
        (root / case["link"][0]).symlink_to(root / case["link"][1])
    if "unreadable" in case:
        victim = (root / case["unreadable"]).resolve()
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self.resolve() == victim:
                raise PermissionError(13, "Permission denied")
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)


def reported(root: Path, region: str | None = None) -> list[str]:
    try:
        kb = load(root / "data", today=TODAY, region=region)
    except DataError as err:
        return [str(p) for p in err.problems]
    return [str(p) for p in kb.warnings]


def test_every_message_has_a_case() -> None:
    assert sorted(c["key"] for c in CASES) == sorted(CATALOGUE)


@pytest.mark.parametrize("region", [None, "guangdong", "yunfu"])
def test_the_fixture_is_clean(kb_root: Path, region: str | None) -> None:
    assert reported(kb_root, region) == []


@pytest.mark.parametrize("case", [c for c in CASES if "skip" not in c], ids=lambda c: c["key"])
def test_message(case: dict, kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    apply(kb_root, case, monkeypatch)
    found = reported(kb_root, case.get("region"))
    if "expect" in case:
        assert case["expect"] in found, found
    else:
        assert any(line.startswith(case["expect_start"]) and case["expect_contains"] in line for line in found), found
    assert "Traceback" not in "\n".join(found)
