"""Every data field in every output context: a text that passes `kb check` reaches HTML text and
attributes (including those the theme writes from page metadata), JSON in script, the search index,
CSV and Word files, and nowhere becomes markup.

The payload is appended to every free-text value of every data file of a copy of the project; fields
whose rules refuse it (ids, codes, dates, lengths, references) are restored one by one from the
problems `kb check` names, so the test follows the data as editors add to it. Then the site is built
and every output is parsed.
"""

from __future__ import annotations

import csv
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from kb.core.problems import DataError, format_path
from kb.load import load

from .indexed import fragments
from .sites import build, copy_project

pytestmark = [pytest.mark.build]

# Quotes and an attribute that would appear on an element if any context wrote the text unescaped; the
# refresh is issue 23's redirecting description. It holds no tag, entity, link or attribute list, so
# the data rules let it through.
PAYLOAD = '0;url=https://example.invalid/" http-equiv="refresh" data-kbx="1'
MARK = "data-kbx"


def _walk(value, path: tuple, out: list[tuple[tuple, str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, (*path, key), out)
    elif isinstance(value, list):
        for number, item in enumerate(value):
            _walk(item, (*path, number), out)
    elif isinstance(value, str):
        out.append((path, value))


def _set(data, path: tuple, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


class DataFile:
    """One data file as values, with the payload in some of its texts."""

    def __init__(self, path: Path, shown: str) -> None:
        self.path, self.shown = path, shown
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            _, front, self.body = text.split("---\n", 2)
        else:
            front, self.body = text, None
        self.data = yaml.safe_load(front)
        self.original: dict[str, tuple[tuple, str]] = {}
        found: list[tuple[tuple, str]] = []
        _walk(self.data, (), found)
        for path_, value in found:
            self.original[format_path(path_)] = (path_, value)
            _set(self.data, path_, value + PAYLOAD)

    def restore(self, field: str) -> bool:
        """Put back the original text of a field, or of the texts under it; True if anything changed."""
        changed = False
        for name, (path_, value) in self.original.items():
            if name == field or name.startswith((field + ".", field + "[")):
                _set(self.data, path_, value)
                changed = True
        return changed

    def write(self) -> None:
        front = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, width=10_000)
        if self.body is None:
            self.path.write_text(front, encoding="utf-8")
        else:
            body = self.body.replace("\n\n", f"\n\n{PAYLOAD}\n\n", 1)
            self.path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def poison(project: Path) -> int:
    """The payload in every free-text field the rules accept it in; returns how many fields hold it."""
    data = project / "data"
    files = {f"data/{p.relative_to(data).as_posix()}": DataFile(p, f"data/{p.relative_to(data).as_posix()}")
             for p in sorted(data.rglob("*")) if p.suffix in (".yml", ".md") and p.is_file()}
    for item in files.values():
        item.write()
    for _ in range(20):
        try:
            load(data)
            break
        except DataError as err:
            changed = False
            for problem in err.problems:
                item = files.get(problem.file)
                if item is None:
                    continue
                if problem.field and item.restore(problem.field):
                    changed = True
                elif not problem.field or problem.line == 0:
                    changed |= any(item.restore(name) for name in list(item.original))
            if not changed:  # a rule that names no field of ours: restore everything it names
                raise
            for item in files.values():
                item.write()
    else:
        pytest.fail("the payload could not be placed so that the data is valid")
    return sum(1 for item in files.values() for name, (path_, value) in item.original.items()
               if _get(item.data, path_) != value)


def _get(data, path: tuple):
    for part in path:
        data = data[part]
    return data


class Elements(HTMLParser):
    """Every start tag's attributes, and the text of script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs) -> None:
        self.attributes.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)

    def handle_data(self, data) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))

    def handle_endtag(self, tag) -> None:
        if tag == "script":
            self._script = None


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    project = copy_project(tmp_path_factory.mktemp("contexts"))
    fields = poison(project)
    result = build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site", fields


def test_the_payload_reaches_most_fields(poisoned_site: tuple[Path, int]) -> None:
    _, fields = poisoned_site
    assert fields > 1000  # titles, details, records, roles, summaries, bodies, notes, terms, sources…


def test_no_page_gains_an_element_or_attribute(poisoned_site: tuple[Path, int]) -> None:
    site, _ = poisoned_site
    shown = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        parser = Elements()
        parser.feed(text)
        for tag, attrs in parser.attributes:
            assert MARK not in attrs, (page, tag, attrs)
            assert not (tag == "meta" and attrs.get("http-equiv")), (page, attrs)
            # The payload may stand inside an attribute's value (a description), whole and inert.
            for value in attrs.values():
                if value and "example.invalid" in value:
                    assert PAYLOAD in value, (page, tag, value)
        for attrs, data in parser.scripts:
            if attrs.get("type") == "application/json" and data.strip():
                json.loads(data)  # the page's data block is still one JSON value
        shown += text.count("data-kbx=&quot;1") + text.count('data-kbx="1')
    assert shown > 100  # the payload is on the pages, as text


def test_the_description_and_title_hold_the_text(poisoned_site: tuple[Path, int]) -> None:
    site, _ = poisoned_site
    report = next((site / "reports").glob("RPT-*/index.html"))
    parser = Elements()
    parser.feed(report.read_text(encoding="utf-8"))
    [description] = [a for t, a in parser.attributes if t == "meta" and a.get("name") == "description"]
    assert description["content"].endswith(PAYLOAD)


def test_search_index_csv_and_word_files_hold_the_text_inertly(poisoned_site: tuple[Path, int]) -> None:
    site, _ = poisoned_site
    # The index holds the payload as text (Pagefind's fragments are JSON, shown escaped by docs/assets/search.js).
    assert any(PAYLOAD.split("/")[2] in fragment["content"] for fragment in fragments(site))
    csvs = list((site / "downloads").rglob("*.csv"))
    assert csvs
    for path in csvs:
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        assert all(len(row) == len(rows[0]) for row in rows), path  # quotes did not split a cell
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row), path
    documents = list((site / "downloads").rglob("*.docx"))
    assert documents
    for path in documents:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            body = ElementTree.fromstring(archive.read("word/document.xml"))  # still well-formed XML
        assert not [e for e in body.iter() if any(MARK in name for name in e.attrib)], path
        assert any(PAYLOAD in (e.text or "") for e in body.iter()), path
