"""`kb`: the editors' command-line tool (check the knowledge, import reports, scaffold entries)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import lint
from .load import load
from .problems import DataError


def project_root(start: Path | None = None) -> Path:
    """The folder holding mkdocs.yml, searched upwards from the working directory."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "data").is_dir():
            return folder
    raise SystemExit("kb: 找不到知识库根目录（含 mkdocs.yml 和 data/ 的文件夹）；请在仓库内运行，或用 --root 指定。")


def cmd_check(args: argparse.Namespace) -> int:
    root = args.root or project_root()
    messages: list[str] = []
    kb = None
    try:
        kb = load(root / "data")
    except DataError as err:
        messages += [str(p) for p in err.problems]
    if kb is not None:
        for sector in kb.sectors:
            if not (root / "docs" / "guide" / f"{sector.code}.md").is_file():
                messages.append(f"docs/guide/{sector.code}.md:0: guide page is missing for sector '{sector.code}'")
        messages += [str(f) for f in lint.duplicate_measures(kb) + lint.duplicate_reports(kb)]
    messages += [str(f) for f in lint.lint_files(root)]
    for message in messages:
        print(message)
    if messages:
        print(f"kb check: 发现 {len(messages)} 个问题。", file=sys.stderr)
        return 1
    print("kb check: 数据和页面检查通过。", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kb",
        description="疫情防控工作指引知识库的编辑工具：检查数据、导入工作汇报、新建条目。",
    )
    parser.add_argument("--root", type=Path, help="知识库根目录（默认：从当前目录向上查找 mkdocs.yml）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    check = sub.add_parser("check", help="检查 data/ 和 docs/：数据格式、交叉引用、占位符、网站残留文字、重复内容、个人姓名",
                           description="检查 data/ 和 docs/，每个问题一行，写明文件和行号；有问题时退出码为 1。")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
