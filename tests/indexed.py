"""What the shipped search index holds, read from its files (Pagefind's fragments) in a built site.

Each fragment is one document: a page, or a part of a checklist's measures shown as that page
(kb.publish.search.page_of); its text as indexed (Chinese words separated by spaces) and its anchors
(headings with an id, at a word position), which become the page's sub-results.
"""

from __future__ import annotations

import base64
import gzip
import itertools
import json
import re
from pathlib import Path

from kb.publish.search import page_of

SIGNATURE = b"pagefind_dcd"
WORD_SPLIT = re.compile(r"[\s\u3000、。，．？！；：（）“”‘’《》〈〉【】…·.,;:!?()\"'\-]+")
CHUNK = re.compile(rb'kbSearchChunk\("[^"]+","([A-Za-z0-9+/=]*)"\);')


def file_bytes(path: Path) -> bytes:
    """An index file's bytes, also from its classic-script form (<file>.js) in the offline site."""
    data = path.read_bytes()
    if path.suffix == ".js":
        data = base64.b64decode(CHUNK.fullmatch(data.strip()).group(1))
    return data


def fragments(site: Path) -> list[dict]:
    found = []
    for path in sorted((site / "search" / "fragment").iterdir()):
        raw = gzip.decompress(file_bytes(path))
        assert raw.startswith(SIGNATURE), path
        found.append(json.loads(raw[len(SIGNATURE):]))
    return found


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD_SPLIT.split(text) if w]


def sections(site: Path) -> dict[str, list[str]]:
    """The words of each result as the reader sees it: a page (its URL) and each sub-result (URL#id)."""
    found: dict[str, list[str]] = {}
    for fragment in fragments(site):
        content = fragment["content"].split()
        url = page_of(fragment["url"])
        starts = sorted((a["location"], f"{url}#{a['id']}") for a in fragment["anchors"] if a.get("id"))
        bounds = [(0, url), *starts, (len(content), None)]
        for (start, location), (end, _) in itertools.pairwise(bounds):
            if location is not None:
                found.setdefault(location, []).extend(words(" ".join(content[start:end])))
    return found
