"""Content checks beyond the schema: placeholders, scraped boilerplate, personal names, duplicates.

They read files line by line, so each finding names its file and line. The same rules
serve ``kb check`` on data/ and docs/ and ``kb import`` on incoming reports.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from pathlib import Path

from kb.core.messages import CHECK, FINDING_LABELS
from kb.core.model import KnowledgeBase
from kb.core.problems import Problem
from kb.load import names
from kb.load.checkcache import CheckCache
from kb.load.names import ALLOWLIST
from kb.load.yamlsrc import decode, parse_yaml, split_front_matter, text_of

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


def _code_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines of closed ``` code blocks, fences included; an opening fence that is never
    closed hides nothing."""
    fences = [i for i, line in enumerate(lines) if line.lstrip().startswith("```")]
    inside: set[int] = set()
    for start, end in zip(fences[::2], fences[1::2]):
        inside.update(range(start, end + 1))
    return inside


def scan_text(text: str, file: str, allow: frozenset[str] = frozenset(), people: bool = True,
              boilerplate: bool = True, code_blocks: bool = False) -> list[Finding]:
    """Placeholders, boilerplate and personal names in the whole of one text, with line numbers.

    ``boilerplate=False`` for the source registry, whose web addresses say where a text was read.
    ``code_blocks=True`` for hand-written pages: the editors' guide shows examples in closed ``` code
    blocks, which are not scanned. Data text is scanned whole, fences or not.
    """
    findings = []
    kept = []
    lines = text.splitlines()
    code = _code_lines(lines) if code_blocks else set()
    for number, line in enumerate(lines, 1):
        if number - 1 in code:
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


def text_files(root: Path, folders: Iterable[str] = ("data", "docs"), suffixes: tuple[str, ...] = (".md", ".yml", ".yaml")
               ) -> list[Path]:
    """The pages and data files under the folders, never through a symbolic link: a link is neither
    read nor followed (the loader reports it, and prints nothing of what it points at)."""
    found = []
    for folder in folders:
        base = root / folder
        if base.is_symlink() or not base.is_dir():
            continue
        for here, dirs, files in os.walk(base, followlinks=False):
            dirs[:] = [d for d in dirs if not (Path(here) / d).is_symlink()]
            found += [Path(here) / f for f in files if Path(f).suffix in suffixes and not (Path(here) / f).is_symlink()]
    return sorted(found)


def pages_not_utf8(root: Path) -> list[Problem]:
    """docs/ pages that are not UTF-8 by the rule data files follow (kb.load.yamlsrc.decode); MkDocs would stop on them."""
    found = []
    for path in text_files(root, ("docs",), (".md",)):
        text, line = decode(path.read_bytes())
        if text is None:
            found.append(Problem.of("not_utf8", path.relative_to(root).as_posix(), line))
    return found


def is_registry(shown: str) -> bool:
    """Whether a file is in a source registry (data/sources/ or a region's sources/), whose addresses are not boilerplate."""
    parts = shown.split("/")
    return shown.startswith("data/sources/") or (len(parts) == 5 and parts[:2] == ["data", "regions"] and parts[3] == "sources")


def lint_files(root: Path, folders: Iterable[str] = ("data", "docs"), cache: CheckCache | None = None) -> list[Finding]:
    """Every page and data file scanned (scan_text); with a cache, unchanged files are not scanned again."""
    cache = cache or CheckCache(None)
    findings = []
    allow, _ = names.read_allowlist(root / "data" / ALLOWLIST)
    for folder in folders:
        for path in text_files(root, (folder,)):
            if path.is_file():
                shown = path.relative_to(root).as_posix()
                content = path.read_bytes()

                def scan(content: bytes = content, shown: str = shown) -> list[list]:
                    found = scan_text(text_of(content), shown, allow, boilerplate=not is_registry(shown),
                                      code_blocks=not shown.startswith("data/"))
                    return [astuple(f) for f in found]

                findings += [Finding(*row) for row in cache.get("scan", shown.encode("utf-8") + b"\0" + content, scan)]
    return findings


def _checklist_file(root: Path, sector: str) -> Path:
    folder = root / "data" / "checklists"
    return next((folder / f"{sector}{s}" for s in (".yml", ".yaml") if (folder / f"{sector}{s}").is_file()), folder / f"{sector}.yml")


def measure_lines(path: Path, cache: CheckCache | None = None) -> dict[str, int]:
    """The line of each measure (its list item) in a checklist file, read again only when a finding needs
    it, and kept in `cache` by the file's text (parsing a long checklist again takes seconds)."""
    if not path.is_file() or path.is_symlink():
        return {}
    text = text_of(path.read_bytes())

    def lines() -> dict[str, int]:
        located, _ = parse_yaml(text, path.name)
        if located is None or not isinstance(located.data, dict) or not isinstance(located.data.get("measures"), list):
            return {}
        return {m["id"]: located.line(("measures", i)) for i, m in enumerate(located.data["measures"])
                if isinstance(m, dict) and isinstance(m.get("id"), str)}

    return (cache or CheckCache(None)).get("measure-lines", text, lines)


def duplicate_measures(kb: KnowledgeBase, cache: CheckCache | None = None, root: Path | None = None) -> list[Finding]:
    """Near-duplicate measures within one checklist, each at the line of the first measure (and naming the
    other); ``root`` is the project whose files give the lines. Each sector's checklist stands on its own,
    so the same practice may appear in two sectors' lists (vomit clean-up in shops and in workplaces)."""
    cache = cache or CheckCache(None)
    findings = []
    for checklist in kb.checklists.values():
        items = [(m.id, f"{m.title}{m.detail}") for m in checklist.measures]
        pairs = cache.get("duplicates", json.dumps(items, ensure_ascii=False),
                          lambda items=items: [[a, b] for a, b, _ in near_duplicates(items)])
        if not pairs:
            continue
        path = _checklist_file(root or Path(), checklist.sector)
        lines = measure_lines(path, cache) if root is not None else {}
        findings += [Finding(f"data/checklists/{path.name}", lines.get(a, 1), "duplicate", a, b) for a, b in pairs]
    return findings


def duplicate_reports(kb: KnowledgeBase, root: Path | None = None) -> list[Finding]:
    """Near-duplicate reports, each at the first line of the first report's body (after its front matter)."""
    findings = []
    for a, b, _ in near_duplicates((r.id, "".join(s.body for s in r.sections)) for r in kb.reports):
        path = root / "data" / "reports" / f"{a}.md" if root is not None else None
        line = 1
        if path is not None and path.is_file() and not path.is_symlink():
            _, _, line, _ = split_front_matter(text_of(path.read_bytes()), path.name)
        findings.append(Finding(f"data/reports/{a}.md", line, "duplicate", a, b))
    return findings
