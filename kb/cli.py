"""`kb`: the editors' command-line tool (check the knowledge, import reports, scaffold entries)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from kb.core.export import to_json
from kb.core.messages import CHECK, CLI, FINDING_LABELS, SUMMARY
from kb.core.model import HISTORICAL, REPRINT, KnowledgeBase
from kb.core.problems import DataError, Problem
from kb.editors.importer import (
    Findings,
    ImportFileError,
    analyse,
    flag_duplicates,
    read_document,
)
from kb.infra import atomic
from kb.infra.cache import data_cache, tracked_files
from kb.load import lint, load, names, region_codes
from kb.load.checkcache import CheckCache
from kb.load.yamlsrc import text_of


def project_root(start: Path | None = None) -> Path:
    """The folder holding mkdocs.yml, searched upwards from the working directory."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "data").is_dir():
            return folder
    raise SystemExit(CLI["root_not_found"])


def missing_pages(root: Path, kb: KnowledgeBase) -> list[Problem]:
    """Hand-written pages the data calls for: a guide per sector, an introduction per disease."""
    found = [Problem.of("guide_missing", f"docs/guide/{s.code}.md", 0, code=s.code)
             for s in kb.sectors if not (root / "docs" / "guide" / f"{s.code}.md").is_file()]
    found += [Problem.of("disease_page_missing", f"docs/diseases/{d.code}.md", 0, code=d.code)
              for d in kb.diseases if not (root / "docs" / "diseases" / f"{d.code}.md").is_file()]
    return found


EDITORS_PAGES = "docs/editors/"  # the editors' guide: it explains the checking phrases, so it may name them


def editors_notes_in_pages(root: Path, kb: KnowledgeBase) -> list[Problem]:
    """Hand-written pages that tell readers about an editor's checking; such notes go into the page's
    front matter (`editors:`), which is never published."""
    found = []
    for path in lint.text_files(root, ("docs",), (".md",)):
        shown = path.relative_to(root).as_posix()
        if shown.startswith(EDITORS_PAGES):
            continue
        lines = text_of(path.read_bytes()).splitlines()
        body = 0
        if lines and lines[0] == "---":  # front matter: where editors' notes belong
            body = next((i + 1 for i, line in enumerate(lines[1:], 1) if line == "---"), 0)
        for number, line in enumerate(lines[body:], body + 1):
            if phrase := kb.grades.editors_phrase(line):
                found.append(Problem.of("editors_phrase", shown, number, "", phrase=phrase))
    return found


def evidence_coverage(kb: KnowledgeBase) -> str:
    """How far the checking has come: bases that name an article seen, sources checked at proper places."""
    bases = [b for m in kb.measure_by_id.values() if m.status != HISTORICAL for b in m.basis]
    sources = [d for d in kb.documents if d.current]
    checked = [d for d in sources if kb.grades.best(d.read_at) != REPRINT]
    pinned = sum(b.pinned for b in bases)
    return SUMMARY["evidence_coverage"].format(
        pinned=pinned, bases=len(bases), bases_share=f"{pinned / max(len(bases), 1):.0%}",
        checked=len(checked), sources=len(sources), sources_share=f"{len(checked) / max(len(sources), 1):.0%}")


def cmd_check(args: argparse.Namespace) -> int:
    root = args.root or project_root()
    errors: list[str] = []
    warnings: list[str] = []
    kb = None
    # Files found valid before, by this command or a build, are not parsed again (kb.infra.cache); the
    # slow scans of unchanged files and checklists are not redone (kb.load.checkcache). --no-cache: neither.
    parsed = data_cache(None if args.no_cache else root)
    try:
        kb = load(root / "data", cache=parsed)
    except DataError as err:
        errors += [str(p) for p in err.problems if p.is_error]
        warnings += [str(p) for p in err.problems if not p.is_error]
    # Every regional edition too: the national data with each region's overlay (kb.load.regions).
    for code in region_codes(root / "data"):
        try:
            edition = load(root / "data", cache=parsed, region=code)
            warnings += [str(p) for p in edition.warnings]
        except DataError as err:
            errors += [str(p) for p in err.problems if p.is_error]
            warnings += [str(p) for p in err.problems if not p.is_error]
    parsed.save()
    cache = CheckCache(None if args.no_cache else root)
    if kb is not None:
        warnings += [str(p) for p in kb.warnings]
    # An edition repeats the national data's warnings: each is reported once.
    errors, warnings = list(dict.fromkeys(errors)), list(dict.fromkeys(warnings))
    if kb is not None:
        errors += [str(p) for p in missing_pages(root, kb) + editors_notes_in_pages(root, kb)]
        errors += [str(f) for f in lint.duplicate_measures(kb, cache, root) + lint.duplicate_reports(kb, root)]
    errors += [str(Problem.of("cache_tracked", name, 0)) for name in tracked_files(root)]
    _, allowlist_problems = names.read_allowlist(root / "data" / names.ALLOWLIST)
    errors += allowlist_problems
    errors += [str(p) for p in lint.pages_not_utf8(root)]
    errors += [str(f) for f in lint.lint_files(root, cache=cache)]
    cache.save()
    for message in errors + warnings:
        print(message)
    if kb is not None:
        print(evidence_coverage(kb), file=sys.stderr)
    if errors:
        print(SUMMARY["check_failed"].format(errors=len(errors), warnings=len(warnings)), file=sys.stderr)
        return 1
    if warnings:
        print(SUMMARY["check_warnings"].format(warnings=len(warnings)), file=sys.stderr)
        return 0
    print(SUMMARY["check_passed"], file=sys.stderr)
    return 0


def _load_quietly(root: Path) -> tuple[KnowledgeBase | None, frozenset[Path]]:
    """The knowledge base for suggestions, duplicate checks and validation, and the invalid report files
    set aside for this import; (None, …) if data/ has problems outside data/reports/.

    The message names the files with problems, so that an earlier failed draft is easy to find; invalid
    reports are named and left out, so that one bad draft never blocks the next import.
    """
    from kb.editors.drafts import load_setting_aside

    try:
        kb, skip = load_setting_aside(root)
    except DataError as err:
        files = sorted({p.file for p in err.problems})
        shown = "、".join(files[:3])
        if len(files) > 3:
            shown = CLI["import_more_files"].format(files=shown)
        print(CLI["import_data_problems"].format(count=len(err.problems), files=shown, example=err.problems[0]), file=sys.stderr)
        return None, frozenset()
    if skip:
        shown = "、".join(sorted(p.relative_to(root).as_posix() for p in skip))
        print(CLI["import_drafts_set_aside"].format(count=len(skip), files=shown), file=sys.stderr)
    return kb, skip


def cmd_import(args: argparse.Namespace) -> int:
    """Read each file, report what was found, write drafts; Ctrl-C stops cleanly with exit status 130."""
    try:
        with atomic.terminate_as_interrupt():
            return _import(args)
    except KeyboardInterrupt:
        print("\n" + CLI["import_interrupted"], file=sys.stderr)
        return 130


def _import(args: argparse.Namespace) -> int:
    from kb.editors.drafts import write_report_drafts

    root = args.root or project_root()
    kb, skip = _load_quietly(root)
    allow, _ = names.read_allowlist(root / "data" / names.ALLOWLIST)
    results: list[Findings] = []
    failed = 0
    total = len(args.files)
    for number, path in enumerate(args.files, 1):
        try:
            text, read_warnings = read_document(path)
            results.append(analyse(text, str(path), kb, allow, read_warnings))
        except ImportFileError as err:
            print(CLI["import_file_failed"].format(path=path, reason=err), file=sys.stderr)
            failed += 1
            continue
        except (OSError, MemoryError, RecursionError) as err:
            print(CLI["import_cannot_read"].format(path=path, error=err.__class__.__name__), file=sys.stderr)
            failed += 1
            continue
        if total > 1 or not args.json:
            print(CLI["import_progress"].format(number=number, total=total, path=path, figures=len(results[-1].statistics),
                                                warnings=len(results[-1].warnings)), file=sys.stderr)
    flag_duplicates(results, kb)
    if args.json:
        print(to_json({"reports": [f.as_json() for f in results]}), end="")
        return 1 if failed else 0
    for findings in results:
        for warning in findings.warnings:
            other = CHECK["see_also"].format(other=warning.other) if warning.other else ""
            print(CLI["import_warning"].format(file=findings.file, line=warning.line, label=FINDING_LABELS[warning.kind],
                                               text=warning.text, other=other))
    if results and kb is None:
        return 1
    if results:
        try:
            written = write_report_drafts(root, kb, results, skip)
        except OSError as err:
            where = err.filename or "data/reports/"
            print(CLI["import_cannot_write"].format(where=where, reason=err.strerror or err.__class__.__name__), file=sys.stderr)
            return 1
        for findings, (target, notes) in zip(results, written, strict=True):
            if target is None:
                failed += 1
                print(CLI["import_draft_not_written"].format(file=findings.file), file=sys.stderr)
            else:
                print(CLI["import_draft_written"].format(file=findings.file, target=target.relative_to(root)))
            for note in notes:
                print(f"  - {note}")
    if failed:
        print(CLI["import_some_failed"].format(failed=failed, done=len(results)), file=sys.stderr)
    return 1 if failed else 0


def cmd_new(args: argparse.Namespace) -> int:
    from kb.editors import scaffold

    root = args.root or project_root()
    try:
        if args.kind == "measure":
            made = scaffold.new_measure(root, args.sector, title=args.title, detail=args.detail, category=args.category,
                                        party=args.party, role=args.role, frequency=args.frequency, status=args.status,
                                        trigger=args.trigger, diseases=args.disease, records=args.record, basis=args.basis)
            where = f"data/checklists/{args.sector}.yml"
        elif args.kind == "report":
            made = scaffold.new_report(root, args.sector, args.unit, args.title, args.summary, args.measure, args.year)
            where = f"data/reports/{made}.md"
        elif args.kind == "term":
            made = scaffold.new_term(root, args.id, args.term, args.definition, args.see_also)
            where = "data/glossary.yml"
        else:
            made = scaffold.new_sector(root, args.code, args.name, args.summary, args.icon, args.prefix)
            where = f"data/sectors/{made}.yml、docs/guide/{made}.md"
    except DataError as err:
        print("\n".join(str(p) for p in err.problems), file=sys.stderr)
        print(CLI["new_data_problems"], file=sys.stderr)
        return 1
    except scaffold.ScaffoldError as err:
        print(err, CLI["new_invalid"], sep="\n", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(CLI["new_interrupted"], file=sys.stderr)
        return 130
    except OSError as err:
        print(CLI["new_cannot_write"].format(reason=err.strerror or err), file=sys.stderr)
        return 1
    print(CLI["new_done"].format(made=made, where=where))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from kb.review.diff import DiffError, diff_revisions
    from kb.review.diffview import render

    root = args.root or project_root()
    try:
        result = diff_revisions(root, args.base, args.head, args.region)
    except DiffError as err:
        print(CLI["diff_failed"].format(error=err), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(render(result, markdown=args.markdown), end="")
    broken = [result[side]["label"] for side in ("base", "head") if not result[side]["ok"]]
    if broken:
        print(CLI["diff_not_loaded"].format(labels="、".join(broken)), file=sys.stderr)
        return 1
    return 0


def cmd_regions(args: argparse.Namespace) -> int:
    root = args.root or project_root()
    codes = region_codes(root / "data")
    print(json.dumps(["national", *codes]) if args.json else "\n".join(codes))
    return 0


def cmd_edition_config(args: argparse.Namespace) -> int:
    from kb.publish.editions import write_configs

    root = args.root or project_root()
    try:
        kb = load(root / "data", region=args.region)
    except DataError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(SUMMARY["build_aborted"].format(count=len(err.problems)), file=sys.stderr)
        return 1
    for path in write_configs(root, kb):
        print(CLI["edition_config_written"].format(path=path.name))
    return 0


def _built_site(args: argparse.Namespace) -> Path | None:
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(CLI["not_a_site"].format(command=args.command, site=site), file=sys.stderr)
        return None
    return site


def cmd_search_index(args: argparse.Namespace) -> int:
    from kb.publish.postbuild import search_index

    root = args.root or project_root()
    site = _built_site(args)
    if site is None:
        return 1
    try:
        kb = load(root / "data")
    except DataError as err:
        print("\n".join(str(p) for p in err.problems), file=sys.stderr)
        print(SUMMARY["build_aborted"].format(count=len(err.problems)), file=sys.stderr)
        return 1
    try:
        search_index(site, kb, root, offline=args.offline)
    except ValueError as err:
        print(CLI["search_index_warning"].format(warning=err), file=sys.stderr)
        return 1
    print(CLI["search_index_done"].format(site=site))
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    from kb.publish.postbuild import bundle

    root = args.root or project_root()
    site = _built_site(args)
    if site is None:
        return 1
    print(CLI["bundle_done"].format(target=bundle(site, root)))
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse with its own headings and help option in Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法：", 1)

    def error(self, message: str) -> NoReturn:
        for english, chinese in _ERRORS:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")


_ERRORS = (
    ("the following arguments are required:", "缺少必需的参数："),
    ("unrecognized arguments:", "无法识别的参数："),
    ("invalid choice:", "无效的选择："),
    ("choose from", "可选"),
    ("expected one argument", "需要一个值"),
    ("not allowed with argument", "不能与此参数同时使用："),
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kb",
        description="疫情防控工作指引知识库的编辑工具：检查数据、导入工作汇报、新建条目、比较版本。",
    )
    parser.add_argument("--root", type=Path, help="知识库根目录（默认：从当前目录向上查找 mkdocs.yml）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令", parser_class=_Parser)

    check = sub.add_parser("check", help="检查 data/ 和 docs/：数据格式、交叉引用、占位符、网站残留文字、重复内容、个人姓名",
                           description="检查 data/ 和 docs/，每个问题一行，写明文件和行号；有问题时退出码为 1。")
    check.add_argument("--no-cache", action="store_true",
                       help="不用上次检查或构建留下的结果（.cache/ 下的 kb-check.json、kb-data.json），全部重新检查")
    check.set_defaults(func=cmd_check)

    imp = sub.add_parser(
        "import", help="导入工作汇报（.txt、.md、.docx），找出数字、行业、分节、对应措施和问题，写出待审核的汇报草稿",
        description="读取基层单位的工作汇报，找出标题、报告单位、所属行业、分节、统计数字（含单位和约数标记）、"
                    "对应的检查清单措施，并提示占位符、网站残留文字、个人姓名和重复内容。"
                    "默认在 data/reports/ 写出草稿；加 --json 只输出结果，不写文件。")
    imp.add_argument("files", nargs="+", type=Path, metavar="文件", help="要导入的汇报文件")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出结果（格式见编辑指南），不写文件")
    imp.set_defaults(func=cmd_import)

    new = sub.add_parser("new", help="新建措施、汇报、行业或术语，自动取下一个空闲编号并校验",
                         description="新建一个合格的条目：自动取下一个空闲编号，写入后立即校验，不合格则撤销。")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="类型", parser_class=_Parser)
    measure = kinds.add_parser("measure", help="在某行业的检查清单末尾新增一项措施")
    measure.add_argument("--sector", required=True, help="行业代码，如 schools")
    measure.add_argument("--title", required=True, help="动词开头的短句，如“每日开展晨午检”")
    measure.add_argument("--detail", required=True, help="具体做法")
    measure.add_argument("--category", required=True, help="措施类别代码，见 data/categories.yml")
    measure.add_argument("--party", default="单位", help="责任方，见 data/vocabularies.yml 的 parties（默认：单位）")
    measure.add_argument("--role", required=True, help="具体岗位，如“班主任”")
    measure.add_argument("--frequency", required=True, help="频次或时限，如“每日两次”")
    measure.add_argument("--status", default="routine", help="时效状态，见 data/vocabularies.yml 的 statuses（默认：routine 常态化）")
    measure.add_argument("--trigger", help="应急处置措施的触发情形，见 data/vocabularies.yml 的 triggers")
    measure.add_argument("--disease", action="append", default=[], help="只针对某种疾病时写疾病代码，可重复")
    measure.add_argument("--record", action="append", required=True, help="留存记录，可重复")
    measure.add_argument("--basis", action="append", default=[], help="依据：依据文件编号:条款，如 law-infectious-disease-2025:第三条，可重复")
    report = kinds.add_parser("report", help="新建一份示例汇报（下一个 RPT 编号）")
    report.add_argument("--sector", required=True, help="行业代码")
    report.add_argument("--unit", required=True, help="报告单位")
    report.add_argument("--title", required=True, help="标题")
    report.add_argument("--summary", required=True, help="两三句话的摘要")
    report.add_argument("--measure", action="append", required=True, help="汇报体现的措施编号，可重复")
    report.add_argument("--year", type=int, required=True, help="汇报所记录工作的年份，如 2020")
    term = kinds.add_parser("term", help="在术语表末尾新增一个术语")
    term.add_argument("--id", required=True, help="英文锚点，如 grid-worker")
    term.add_argument("--term", required=True, help="术语")
    term.add_argument("--definition", required=True, help="释义")
    term.add_argument("--see-also", action="append", default=[], help="相关术语的 id，可重复")
    sector = kinds.add_parser("sector", help="新建行业及其指引页；导航自动加入，不用改 mkdocs.yml")
    sector.add_argument("--code", required=True, help="行业代码：小写英文字母、数字和连字符，如 eldercare")
    sector.add_argument("--name", required=True, help="行业名称")
    sector.add_argument("--summary", required=True, help="一句话说明适用范围")
    sector.add_argument("--icon", default="material/domain", help="图标（默认 material/domain）")
    sector.add_argument("--prefix", required=True, help="措施编号前缀，三个大写字母")
    new.set_defaults(func=cmd_new)

    diff = sub.add_parser(
        "diff", help="列出两个版本之间知识内容的变化（措施、依据、术语、汇报数字、页面），供审核拉取请求",
        description="用与构建相同的加载和校验读出两个 git 版本的知识库，列出措施的新增、删除、改写（逐词标出）、"
                    "状态和行业的变化、依据文件的变化（已被替代的文件会标出）、术语、汇报数字和页面的变化。"
                    "默认比较本分支与 main 的合并基点和当前工作区。某一版数据无法加载时列出问题，退出码为 1。")
    diff.add_argument("base", nargs="?", metavar="起点", help="git 版本（分支、标签或提交）；默认：与 main 的合并基点")
    diff.add_argument("head", nargs="?", metavar="终点", help="git 版本；默认：当前工作区（含未提交的修改）")
    form = diff.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="以 JSON 输出，供程序使用")
    form.add_argument("--markdown", action="store_true", help="以 Markdown 输出，用于拉取请求的评论或 CI 摘要")
    diff.add_argument("--region", metavar="地区代码", help="比较某个地区版（data/regions/<地区代码>/）；某一版还没有这个地区时按全国版比较")
    diff.set_defaults(func=cmd_diff)

    regions = sub.add_parser("regions", help="列出全部地区版的代码（data/regions/ 下有 region.yml 的文件夹）",
                             description="每行一个地区代码；--json 输出含全国版（national）的 JSON 数组，供 CI 的矩阵使用。")
    regions.add_argument("--json", action="store_true", help="输出 JSON 数组，第一项是 national")
    regions.set_defaults(func=cmd_regions)

    config = sub.add_parser("edition-config", help="为一个地区版生成构建配置（继承 mkdocs.yml 和 mkdocs-offline.yml）",
                            description="读取地区的数据，写出 mkdocs-edition-<地区代码>.yml 和 mkdocs-edition-<地区代码>-offline.yml"
                                        "（不进 git）：网站名称、网站目录和地区代码由数据生成，其余继承全国版的配置。")
    config.add_argument("region", metavar="地区代码")
    config.set_defaults(func=cmd_edition_config)

    # The steps after a build, for a site built by any engine; the MkDocs hooks call the same functions.
    index = sub.add_parser("search-index", help="构建之后：由构建好的页面生成搜索索引（每项措施一条结果、排序权重、中文分词）",
                           description="读取构建好的网站的每个页面，用 Pagefind 在 search/ 生成分块的搜索索引（先删去旧的）；"
                                       "离线版（没有目录式网址的网站）另把每个索引文件写成普通脚本，供 file:// 打开。"
                                       "MkDocs 构建时钩子自动完成这一步。")
    index.add_argument("site", type=Path, metavar="网站目录", help="构建好的网站，如 site 或 site-offline")
    index.add_argument("--offline", action=argparse.BooleanOptionalAction, default=None,
                       help="是否写成供 file:// 打开的脚本；默认按网站是否用目录式网址判断")
    index.set_defaults(func=cmd_search_index)
    pack = sub.add_parser("bundle", help="构建之后：把离线版网站打包成 dist/<名称>-offline.zip",
                          description="把构建好的离线版网站打成可重复生成的 zip（固定时间戳，不含 404.html）。"
                                      "`make offline`（python -m kb.infra.build --bundle）构建成功后自动完成这一步。"
                                      "与正在进行的构建或打包排队，不同时写入。")
    pack.add_argument("site", type=Path, metavar="网站目录", help="构建好的离线版网站，如 site-offline")
    pack.set_defaults(func=cmd_bundle)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
