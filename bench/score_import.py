"""Score `kb import` on a folder of report texts against a truth kept by position; fetches nothing.

    python -m bench.score_import FOLDER [--truth FILE] [--data DIR] [--misses]

FOLDER holds the texts (directly or in tune/ and heldout/); the truth file (default: the committed
fixtures' truth) gives each file's half. Prints both halves side by side; --misses lists what was
missed by file, line and kind (never the text itself).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.editors.importscore import score_folder, side_by_side
from kb.load import load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "reports" / "unseen"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="按位置记录的真值给导入结果打分（调参一半与留出一半并列）")
    parser.add_argument("folder", type=Path, nargs="?", default=FIXTURES, help="汇报文本所在文件夹")
    parser.add_argument("--truth", type=Path, default=FIXTURES / "truth.json", help="真值文件（JSON，按位置）")
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "fixtures" / "kb" / "data", help="用来建议措施的 data/")
    parser.add_argument("--misses", action="store_true", help="列出漏掉和多出的项（只有文件、行、类别）")
    parser.add_argument("--half", default="tune", help="--misses 只列这一半（调参只看 tune）")
    args = parser.parse_args(argv)
    if not args.truth.is_file() or not args.folder.is_dir():
        print(f"找不到真值文件 {args.truth} 或文件夹 {args.folder}", file=sys.stderr)
        return 2
    tallies, missing = score_folder(args.folder, args.truth, load(args.data))
    print(side_by_side(tallies))
    if missing:
        print(f"缺少或读不了的文件 {len(missing)} 个：" + "、".join(missing), file=sys.stderr)
    if args.misses:
        for miss in tallies[args.half].misses if args.half in tallies else []:
            print(f"{args.half}: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
