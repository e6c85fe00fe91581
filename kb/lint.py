"""Content checks beyond the schema: placeholders, scraped boilerplate, personal names, duplicates.

They read files line by line, so each finding names its file and line. The same rules
serve ``kb check`` on data/ and docs/ and ``kb import`` on incoming reports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from pathlib import Path

from . import names
from .checkcache import CheckCache
from .messages import CHECK, FINDING_LABELS
from .model import KnowledgeBase
from .names import ALLOWLIST

# Template blanks: runs of underscores, 'x' or 'X' standing for a number, stars.
PLACEHOLDER = re.compile(
    r"_{2,}|(?<=[\u4e00-\u9fff])_|_(?=[\u4e00-\u9fff])|[☆★]|(?<![A-Za-z])(?:XX+|xx+)(?![A-Za-z])"
    r"|(?<![A-Za-z0-9])[xX](?=[万千百]?余?[人名个家条块张份次台处户])"
    # A lone x or X inside Chinese text stands for a name or a number (x街道, x多条, X月X日);
    # Latin words, X光 and X线 (X-rays) are not blanks.
    r"|(?<![A-Za-z0-9_])[xX](?![A-Za-z0-9_])(?:(?<=[\u4e00-\u9fff][xX])|(?=[\u4e00-\u9fff]))(?![光线射型])"
)
BOILERPLATE = re.compile(
    r"版权所有|范文网|扩展阅读|推荐阅读|相关文章|上一篇|下一篇|免责声明|本文来源|转载请注明|Copyright\s*©?|www\.[a-z0-9-]+\.[a-z]+",
    re.IGNORECASE,
)
DUPLICATE_SIMILARITY = 0.7


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    kind: str  # placeholder | boilerplate | personal_name | duplicate
    text: str
    other: str = ""

    def __str__(self) -> str:
        tail = CHECK["see_also"].format(other=self.other) if self.other else ""
        return CHECK["finding"].format(file=self.file, line=self.line, label=FINDING_LABELS[self.kind], text=self.text, other=tail)


def scan_text(text: str, file: str, allow: frozenset[str] = frozenset(), people: bool = True,
              boilerplate: bool = True) -> list[Finding]:
    """Placeholders, boilerplate and personal names in one text, with line numbers.

    ``boilerplate=False`` for the source registry, whose web addresses say where a text was read.
    """
    findings = []
    in_code = False
    kept = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("```"):
            in_code = not in_code  # editors' pages show examples in code blocks
            kept.append("")
            continue
        if in_code:
            kept.append("")
            continue
        kept.append(line)
        findings += [Finding(file, number, "placeholder", m.group(0)) for m in PLACEHOLDER.finditer(line)]
        if boilerplate:
            findings += [Finding(file, number, "boilerplate", m.group(0)) for m in BOILERPLATE.finditer(line)]
    if people:
        findings += [Finding(file, n.line, "personal_name", n.name) for n in names.find_names("\n".join(kept), allow)]
    return sorted(findings, key=lambda f: f.line)


def bigrams(text: str) -> set[str]:
    text = re.sub(r"\W+", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character bigrams: robust for Chinese, where words are not spaced."""
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


# Below this many items every pair is compared exactly; above, MinHash LSH (datasketch) proposes
# candidate pairs and only those are compared, so checking grows about linearly with the data.
EXACT_BELOW = 200
LSH_THRESHOLD = 0.5  # well below DUPLICATE_SIMILARITY, so near-misses of the estimate are still proposed
LSH_PERMUTATIONS = 128


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def near_duplicates(items: Iterable[tuple[str, str]], threshold: float = DUPLICATE_SIMILARITY) -> list[tuple[str, str, float]]:
    """Pairs of (key, text) whose character-bigram sets have a Jaccard similarity of at least threshold.

    Items with the same bigrams as an earlier one are paired with that first one only, not with each
    other: n copies make n - 1 findings rather than n(n - 1)/2, and only distinct texts are compared.
    """
    first: dict[frozenset[str], str] = {}
    pairs: list[tuple[str, str, float]] = []
    position: dict[str, int] = {}
    for key, text in items:
        position[key] = len(position)
        grams = frozenset(bigrams(text))
        if not grams:
            continue
        if grams in first:
            pairs.append((first[grams], key, 1.0))
        else:
            first[grams] = key
    distinct = [(key, grams) for grams, key in first.items()]
    if len(distinct) < EXACT_BELOW:
        candidates = ((i, j) for i in range(len(distinct)) for j in range(i + 1, len(distinct)))
    else:
        candidates = _lsh_candidates([grams for _, grams in distinct])
    for i, j in sorted(candidates):
        score = _jaccard(distinct[i][1], distinct[j][1])
        if score >= threshold:
            pairs.append((distinct[i][0], distinct[j][0], score))
    return sorted(pairs, key=lambda pair: (position[pair[0]], position[pair[1]]))


def _lsh_candidates(sets: list[set[str]]) -> set[tuple[int, int]]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=LSH_PERMUTATIONS)
    hashes = MinHash.bulk([[g.encode("utf-8") for g in sorted(s)] for s in sets], num_perm=LSH_PERMUTATIONS, seed=1)
    candidates: set[tuple[int, int]] = set()
    for index, minhash in enumerate(hashes):
        for other in lsh.query(minhash):
            candidates.add((other, index))
        lsh.insert(index, minhash)
    return candidates


def lint_files(root: Path, folders: Iterable[str] = ("data", "docs"), cache: CheckCache | None = None) -> list[Finding]:
    """Every page and data file scanned (scan_text); with a cache, unchanged files are not scanned again."""
    cache = cache or CheckCache(None)
    findings = []
    allow, _ = names.read_allowlist(root / "data" / ALLOWLIST)
    for folder in folders:
        base = root / folder
        for path in sorted(base.rglob("*")):
            if path.suffix in (".md", ".yml", ".yaml") and path.is_file():
                shown = path.relative_to(root).as_posix()
                content = path.read_bytes()

                def scan(content: bytes = content, shown: str = shown) -> list[list]:
                    found = scan_text(content.decode("utf-8", errors="replace"), shown, allow,
                                      boilerplate=not shown.startswith("data/sources/"))
                    return [astuple(f) for f in found]

                findings += [Finding(*row) for row in cache.get("scan", shown.encode("utf-8") + b"\0" + content, scan)]
    return findings


def duplicate_measures(kb: KnowledgeBase, cache: CheckCache | None = None) -> list[Finding]:
    """Near-duplicate measures within one checklist. Each sector's checklist stands on its own, so the
    same practice may appear in two sectors' lists (vomit clean-up in shops and in workplaces)."""
    cache = cache or CheckCache(None)
    findings = []
    for checklist in kb.checklists.values():
        items = [(m.id, f"{m.title}{m.detail}") for m in checklist.measures]
        pairs = cache.get("duplicates", json.dumps(items, ensure_ascii=False),
                          lambda items=items: [[a, b] for a, b, _ in near_duplicates(items)])
        findings += [Finding(f"data/checklists/{checklist.sector}.yml", 0, "duplicate", a, b) for a, b in pairs]
    return findings


def duplicate_reports(kb: KnowledgeBase) -> list[Finding]:
    pairs = near_duplicates((r.id, "".join(s.body for s in r.sections)) for r in kb.reports)
    return [Finding(f"data/reports/{a}.md", 0, "duplicate", a, b) for a, b, _ in pairs]
