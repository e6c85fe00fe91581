"""Generated work reports for the import benchmark: the corpus's shapes, about 3 KB each.

Each report is built from the regression corpus's text reports (tests/fixtures/reports/corpus),
with its figures and names varied, and paragraphs repeated until it reaches the target size.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reports" / "corpus"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国玉兰"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def make_reports(folder: Path, count: int = 200, size: int = 3000, seed: int = 14) -> list[Path]:
    """Write `count` reports of about `size` bytes (UTF-8) into folder; returns their paths."""
    rng = random.Random(seed)
    sources = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        source = sources[number % len(sources)].splitlines()
        title, body = source[0], source[1:]
        lines = [f"{title}（{number + 1}）"]
        while len("\n".join(lines).encode("utf-8")) < size:
            for line in body:
                line = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(0, 9)), line)
                line = line.replace("社区党委", f"社区党委书记{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(GIVEN)}带领")
                lines.append(line)
        path = folder / f"report-{number + 1:03d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
