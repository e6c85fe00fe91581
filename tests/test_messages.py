"""The message catalogue against the code: every key used exists, every entry is used, all in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.core import messages
from kb.core.messages import CATALOGUE, FINDING_LABELS, SECTIONS

ROOT = Path(__file__).resolve().parent.parent
CODE = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for folder in ("kb", "hooks") for path in sorted((ROOT / folder).rglob("*.py"))
        if path != Path(messages.__file__).resolve()}
# Sections the code indexes by a key written out: IMPORT["empty"]. FINDING_LABELS is indexed by a
# finding's kind, which the code writes where it makes the finding.
BY_KEY = {name: section for name, section in SECTIONS.items() if section is not FINDING_LABELS}
# Where the code names a catalogue message: Problem.of("key", …), _Limit("key", …), text("key", …).
CATALOGUE_USE = re.compile(r"\b(?:Problem\.of|_Limit|text)\(\s*\"(\w+)\"")
KIND_USE = re.compile(r"\b(?:Finding|Warning_)\([^\"()]*\"(\w+)\"")
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
COMMAND = re.compile(r"\bkb(?:\.infra\.build| import| check| new| diff| search-index| bundle)?(?![\w-])")


def used(name: str) -> dict[str, list[str]]:
    """The keys of section `name` that the code indexes, with the files that do."""
    found: dict[str, list[str]] = {}
    for file, text in CODE.items():
        for key in re.findall(rf"\b{name}\[\"(\w+)\"\]", text):
            found.setdefault(key, []).append(file)
    return found


def quoted(key: str) -> bool:
    return any(f'"{key}"' in text for text in CODE.values())


def test_the_scan_sees_the_code() -> None:
    assert "kb/editors/importer.py" in CODE and "hooks/search_index.py" in CODE and "kb/core/messages.py" not in CODE
    assert used("IMPORT")["empty"] == ["kb/editors/importer.py"]


@pytest.mark.parametrize("name", sorted(BY_KEY))
def test_every_key_used_exists_and_every_entry_is_used(name: str) -> None:
    keys = used(name)
    missing = {key: files for key, files in keys.items() if key not in BY_KEY[name]}
    unused = sorted(set(BY_KEY[name]) - set(keys))
    assert not missing, f"{name}: keys used in the code but not in kb/messages.py: {missing}"
    assert not unused, f"{name}: entries that no code uses: {unused}"


def test_every_catalogue_message_named_in_the_code_exists_and_every_one_is_named() -> None:
    named = {key for text in CODE.values() for key in CATALOGUE_USE.findall(text)}
    assert named, "the pattern finds no use of the catalogue"
    assert not named - set(CATALOGUE), f"messages named in the code but not in the catalogue: {named - set(CATALOGUE)}"
    unnamed = sorted(key for key in CATALOGUE if not quoted(key))
    assert not unnamed, f"catalogue messages that no code names: {unnamed}"


def test_every_finding_kind_has_a_label_and_every_label_a_kind() -> None:
    kinds = {kind for text in CODE.values() for kind in KIND_USE.findall(text)}
    assert {"placeholder", "unreadable"} <= kinds, "the pattern finds the kinds of findings and import warnings"
    assert not kinds - set(FINDING_LABELS), f"kinds without a label: {kinds - set(FINDING_LABELS)}"
    assert not set(FINDING_LABELS) - kinds, f"labels of no kind: {set(FINDING_LABELS) - kinds}"


def test_no_section_is_left_out_of_the_list() -> None:
    plain = {name for name, value in vars(messages).items() if name.isupper() and isinstance(value, dict)} - {"CATALOGUE", "SECTIONS"}
    assert plain == set(SECTIONS)


def texts() -> list[tuple[str, str]]:
    found = [(f"CATALOGUE.{key}", message.text) for key, message in CATALOGUE.items()]
    return found + [(f"{name}.{key}", text) for name, section in SECTIONS.items() for key, text in section.items()]


def in_chinese(text: str) -> bool:
    """Words in Chinese; a line that only lays out placeholders (file:line: …) and names a command has no words of its own."""
    return bool(CJK.search(text)) or not re.search(r"[A-Za-z]", COMMAND.sub("", PLACEHOLDER.sub("", text)))


@pytest.mark.parametrize(("key", "text"), texts(), ids=[key for key, _ in texts()])
def test_every_text_is_in_chinese(key: str, text: str) -> None:
    assert in_chinese(text), f"{key}: {text!r}"


def test_the_chinese_check_catches_english() -> None:
    assert not in_chinese("Offline bundle written to {target}")
    assert not in_chinese("kb import: {path}: cannot read")
    assert in_chinese("kb import: {path}: {reason}") and in_chinese("{file}:{line}: {label}：“{text}”{other}")


def test_the_editors_guide_lists_every_message() -> None:
    from kb.publish.markers import RENDERERS

    page = RENDERERS["messages-reference"](None, None)
    missing = [key for key, _ in texts() if f"<code>{key.removeprefix('CATALOGUE.')}</code>" not in page]
    assert not missing, missing
