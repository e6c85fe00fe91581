"""Turn a truth written as strings into a truth by position (the form kb.editors.importscore reads).

    python -m bench.truth_positions STRINGS.json FOLDER OUT.json

STRINGS.json: {"KEY": {"half": ..., "names": [NAME, ...], "unit": UNIT | "unnamed", "sector": CODE,
"title": TITLE | null, "year": N | null, "statistics": [[FIGURE, value, unit, approx], ...]}}. Every
occurrence of each name is recorded; a unit, title or figure at its first occurrence. The positions are
in the text as kb import reads it (simplified characters). A truth for third-party texts is kept as
strings only outside the repository; its positions may be committed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kb.editors.importer import DEBRIS, read_document
from kb.editors.importscore import find_text


def first(lines: list[str], text: str, key: str) -> list[int]:
    for number, line in enumerate(lines, 1):
        if text in line:
            return [number, line.find(text), len(text)]
    raise SystemExit(f"{key}: 找不到 {text!r}")


def plain_spans(line: str, name: str) -> list[list[int]]:
    """[column, length] in the line of each occurrence of name once converter debris is left out:
    安战(zhàn)国 holds 安战国, at the column of 安 and with the gloss inside its length."""
    kept = [i for i in range(len(line)) if not any(m.start() <= i < m.end() for m in DEBRIS.finditer(line))]
    plain = "".join(line[i] for i in kept)
    out = []
    start = plain.find(name)
    while start >= 0:
        first_at, last_at = kept[start], kept[start + len(name) - 1]
        out.append([first_at, last_at + 1 - first_at])
        start = plain.find(name, start + 1)
    return out


def positions(key: str, path: Path, entry: dict) -> dict:
    text, _ = read_document(path)
    lines = text.split("\n")
    names = []
    for name in entry.get("names", []):
        found = [[n, *where] for n, line in enumerate(lines, 1) for where in plain_spans(line, name)]
        if not found:
            raise SystemExit(f"{key}: 找不到姓名 {name!r}")
        names += found
    unit = entry["unit"] if entry["unit"] == "unnamed" else first(lines, entry["unit"], key)
    return {"half": entry["half"], "format": path.suffix[1:], "names": sorted(names), "unit": unit, "sector": entry["sector"],
            "title": first(lines, entry["title"], key) if entry.get("title") else None, "year": entry.get("year"),
            "statistics": [[*first(lines, figure, key), value, unit_, approx] for figure, value, unit_, approx in entry.get("statistics", [])]}


def main(argv: list[str]) -> int:
    strings, folder, out = Path(argv[0]), Path(argv[1]), Path(argv[2])
    truth = {}
    for key, entry in json.loads(strings.read_text(encoding="utf-8")).items():
        path = find_text(folder, key)
        if path is None:
            raise SystemExit(f"{key}: 文件夹 {folder} 中没有这个文件")
        truth[key] = positions(key, path, entry)
    out.write_text(json.dumps({"files": truth}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(truth)} 个文件的真值写入 {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
