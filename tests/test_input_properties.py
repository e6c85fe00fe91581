"""Property-based inputs over every data file type (issue 23): whatever bytes, encodings, numbers,
invisible characters or references a data file holds, the loader loads or reports problems that each
name a file and a line in Chinese — never another exception."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.core.problems import DataError
from kb.load import load

from .conftest import FIXTURE_KB

FILES = sorted(p.relative_to(FIXTURE_KB).as_posix() for p in (FIXTURE_KB / "data").rglob("*") if p.suffix in (".yml", ".md"))
HAN = re.compile(r"[\u4e00-\u9fff]")
INVISIBLE = st.sampled_from(["\u200b", "\u00a0", "\ufeff", "\u2060", "\u202e", "Ｓ", "\u3000"])
ENCODINGS = st.sampled_from(["utf-16", "utf-8-sig", "gb18030", "latin-1", "utf-32"])


def outcome(root: Path) -> None:
    try:
        load(root / "data")
    except DataError as err:
        assert err.problems
        for problem in err.problems:
            assert problem.file and problem.line >= 0 and HAN.search(problem.message), str(problem)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("props") / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return root


def fresh(base: Path, tmp: Path) -> Path:
    root = tmp / "kb"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(base, root)
    return root


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.sampled_from(FILES), ENCODINGS)
def test_any_data_file_in_another_encoding(base: Path, tmp_path: Path, file: str, encoding: str) -> None:
    root = fresh(base, tmp_path)
    path = root / file
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding, errors="replace"))
    outcome(root)


@SETTINGS
@given(st.sampled_from(FILES), st.binary(max_size=200))
def test_any_bytes_in_any_data_file(base: Path, tmp_path: Path, file: str, data: bytes) -> None:
    root = fresh(base, tmp_path)
    (root / file).write_bytes(data)
    outcome(root)


@SETTINGS
@given(st.sampled_from(FILES), st.integers(min_value=0), st.integers(min_value=1, max_value=6000))
def test_huge_numbers_anywhere(base: Path, tmp_path: Path, file: str, seed: int, digits: int) -> None:
    root = fresh(base, tmp_path)
    path = root / file
    text = path.read_text(encoding="utf-8")
    numbers = list(re.finditer(r"(?<![\w.-])\d+(?![\w.-])", text))
    if numbers:
        match = numbers[seed % len(numbers)]
        text = text[:match.start()] + "9" * digits + text[match.end():]
    path.write_text(text, encoding="utf-8")
    outcome(root)


@SETTINGS
@given(st.sampled_from(FILES), st.integers(min_value=0), INVISIBLE)
def test_invisible_characters_in_ids_and_codes(base: Path, tmp_path: Path, file: str, seed: int, char: str) -> None:
    root = fresh(base, tmp_path)
    path = root / file
    text = path.read_text(encoding="utf-8")
    keys = list(re.finditer(r"(?:id|code|source|sector|category): ([\w-]+)", text))
    if keys:
        match = keys[seed % len(keys)]
        text = text[:match.end(1)] + char + text[match.end(1):]
    path.write_text(text, encoding="utf-8")
    outcome(root)
