"""Turn a unit's work report (.txt, .md or .docx) into findings and a draft report record.

Findings: title, reporting unit, a sector guess, the section structure, the figures with their
units and approximate flags, suggested checklist measures, and warnings (template placeholders,
scraped boilerplate, personal names, near-duplicates). Traditional characters are converted to
simplified ones before analysis (OpenCC); Chinese numerals are read with cn2an.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

import cn2an
import opencc

from . import lint
from .model import KnowledgeBase

# cn2an logs a warning for every "smart" conversion of mixed digits and 万.
logging.getLogger("cn2an").setLevel(logging.ERROR)


class ImportFileError(Exception):
    """A file that cannot be read as a report; the message says why, in words for editors."""


# Measure words and compound units, longest first so that 台次 wins over 台.
UNITS = sorted(
    ["平方米", "平方公里", "立方米", "公里", "万元", "元", "小时", "台次", "条次", "人次", "户次", "车次", "架次", "人", "名", "家", "个", "条", "块", "张", "份", "台", "次", "起", "桌", "处", "户", "辆", "所", "场", "期", "篇", "支", "套", "顶", "瓶", "箱", "吨", "千克", "公斤", "天", "批", "组", "间", "栋", "幅", "面", "册", "本", "件", "副", "袋", "桶", "盒", "双", "只", "枚"],
    key=len, reverse=True,
)
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
NUMBER = rf"(?:\d+(?:[.,]\d+)*|[{CN_DIGITS}]+)(?:[万亿])?"
# Approximation words: before the number (约300条), between number and unit (60余条), after (200小时以上).
APPROX_BEFORE = ("大约", "超过", "约", "近", "超", "逾")
APPROX_BETWEEN = ("余", "多")
APPROX_AFTER = ("以上", "左右")
FIGURE = re.compile(
    rf"(?P<before>{'|'.join(APPROX_BEFORE)})?(?P<number>{NUMBER})(?P<after>{'|'.join(APPROX_BETWEEN)})?"
    rf"(?P<unit>{'|'.join(UNITS)})(?P<plus>{'|'.join(APPROX_AFTER)})?"
)
# Numbers that are not statistics: dates, clock times, rooms, phone and document numbers, deadlines.
NOT_A_FIGURE = re.compile(
    r"\d{2,4}年|\d{1,2}月\d{1,2}[日号]|\d{1,2}[时点](?:\d|整|前|后)|\d+(?:号|室|楼)(?!\d)|第[\d一二三四五六七八九十]+"
    r"|\d{7,}|〔\d{4}〕\d+号|\d+小时内|24小时|[一二三四五六七八九十]+级|正月[初十廿]"
)
CLAUSE_BREAK = re.compile(r"[，。；：、,;:！？（）()\n]")
SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?\d{1,2}[、.．)）](?!\d))\s*(.+)$")
UNIT_SUFFIXES = ("社区", "街道", "镇", "乡", "村委会", "局", "宣传部", "管委会", "开发区", "学校", "中学", "小学",
                 "幼儿园", "医院", "卫生院", "服务中心", "疾控中心", "监测中心")
UNIT_NAME = re.compile(rf"[\u4e00-\u9fff]{{0,8}}(?:{'|'.join(UNIT_SUFFIXES)})")
# Words that cannot be part of a unit's name: a name starts after the last of them.
NAME_BREAK = re.compile(r".*(?:[的了在以为和与及时究署全由对从将把被向地得着过坚持我本该]|根据|保证|按照|确保|组织|开展|结合)")
SECTOR_WORDS = {
    "schools": "学校 校长 师生 学生 教职工 班主任 晨检 午检 开学 校园 我校 教育",
    "communities": "社区 小区 物业 居民 网格员 楼栋 居委会",
    "towns": "镇 村 村民 两委 包村 集市 乡镇",
    "commerce": "商务 商场 超市 茶楼 茶馆 洗浴 农贸市场 活禽 酒店 保供",
    "enterprises": "开发区 园区 企业 职工 招商 复工",
    "environment": "生态环境 医疗废物 废水 水源 环保 执法检查 监测中心",
    "health": "卫生健康 医疗机构 发热门诊 定点医院 预检分诊 救治 密切接触者 疫情报告",
    "publicity": "宣传部 宣传 舆情 新闻 媒体 横幅 广告牌",
    "urban": "城管 环卫 保洁 垃圾 清运",
}


@dataclass(frozen=True)
class Statistic:
    label: str
    value: float
    unit: str
    approx: bool
    text: str
    line: int


@dataclass(frozen=True)
class Warning_:
    kind: str  # placeholder | boilerplate | personal_name | duplicate
    text: str
    line: int
    other: str = ""


@dataclass
class Findings:
    file: str
    title: str
    unit: str
    sector: str
    sections: list[str]
    statistics: list[Statistic]
    measures: list[str]
    warnings: list[Warning_] = field(default_factory=list)
    text: str = ""

    def as_json(self) -> dict:
        return {
            "file": self.file, "title": self.title, "unit": self.unit, "sector": self.sector,
            "sections": self.sections,
            "statistics": [{k: v for k, v in asdict(s).items() if k != "line"} for s in self.statistics],
            "measures": self.measures,
            "warnings": [asdict(w) for w in self.warnings],
        }


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def read_report(path: Path) -> str:
    """The report's text, simplified; .docx through python-docx. Raises ImportFileError."""
    if not path.is_file():
        raise ImportFileError("文件不存在或不是普通文件")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        import zipfile

        import docx  # python-docx; imported here because only .docx files need it
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(str(path))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
            raise ImportFileError(f"无法读取 Word 文件（{err.__class__.__name__}），文件可能已损坏") from None
        text = "\n".join(p.text for p in document.paragraphs)
    elif suffix in (".txt", ".md"):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            raise ImportFileError(f"第 {line} 行不是 UTF-8 编码；请另存为 UTF-8 后再导入") from None
    else:
        raise ImportFileError(f"不支持的文件类型 {suffix or '（无扩展名）'}；可导入 .txt、.md、.docx")
    if not text.strip():
        raise ImportFileError("文件是空的")
    return _to_simplified().convert(text.replace("\r\n", "\n"))


def parse_number(number: str) -> float:
    """'18.3万' -> 183000, '二十' -> 20, '1,200' -> 1200."""
    value = cn2an.cn2an(number.replace(",", ""), "smart")
    return int(value) if float(value).is_integer() else float(value)


def _label(line: str, start: int, end: int) -> str:
    """What was counted: the words before the figure in its clause, else the words after it."""
    prefix = re.sub(r"[（(][^（()）]*[)）]$", "", line[:start])  # 人员（由…组成）10人: skip the aside
    before = CLAUSE_BREAK.split(prefix)[-1]
    before = re.sub(r"^(?:累计|共|共计|合计|目前|其中|先后|全县|全区|全镇|已|并|还|又|和|及)+", "", before).strip()
    if before:
        return before[-24:]
    after = CLAUSE_BREAK.split(line[end:])[0]
    return re.sub(r"^的", "", after).strip()[:24]


def find_statistics(text: str) -> list[Statistic]:
    statistics = []
    for number, line in enumerate(text.splitlines(), 1):
        masked = NOT_A_FIGURE.sub(lambda m: "#" * len(m.group(0)), line)
        for match in FIGURE.finditer(masked):
            digits = match.group("number")
            if re.fullmatch(r"[一两]", digits) or digits == "84":
                continue  # 一名 is "a", not a count; 84 is the disinfectant's name
            if re.fullmatch(r"[一二两三]", digits) and match.group("unit") == "次" and re.match(r"[\u4e00-\u9fff]", masked[match.end():match.end() + 1]):
                continue  # 二次传播: "secondary", not a count
            if match.start() > 0 and masked[match.start() - 1] in "第#":
                continue
            if SECTION.match(line) and match.start() < 4 and not match.group("unit"):
                continue
            try:
                value = parse_number(digits)
            except ValueError:
                continue
            if value <= 0:
                continue
            approx = bool(match.group("before") or match.group("after") or match.group("plus"))
            statistics.append(Statistic(
                label=_label(line, match.start(), match.end()), value=value, unit=match.group("unit"),
                approx=approx, text=line[match.start():match.end()], line=number,
            ))
    return statistics


def section_heading(rest: str) -> str:
    """A numbered line's heading: all of a short line, else the words up to the first stop."""
    rest = rest.strip()
    return rest if len(rest) <= 20 and not re.search(r"[。；]", rest) else re.split(r"[。；：:，,]", rest)[0].strip()[:30]


def find_sections(text: str) -> list[str]:
    sections = []
    for line in text.splitlines():
        match = SECTION.match(line)
        if match:
            sections.append(section_heading(match.group(1)))
    return sections


def guess_sector(text: str) -> str:
    scores = {code: sum(text.count(word) * len(word) for word in words.split()) for code, words in SECTOR_WORDS.items()}
    return max(scores, key=lambda code: scores[code])


def find_unit(text: str) -> str:
    """The first named unit near the start; a bare suffix (我局, 全镇) gives an unnamed unit."""
    head = text[:400]
    if re.search(r"我校|本校", head):
        return "学校（原文未写明名称）"
    generic = ""
    for match in UNIT_NAME.finditer(head):
        name = NAME_BREAK.sub("", match.group(0))
        suffix = next(s for s in UNIT_SUFFIXES if name.endswith(s))
        if len(name) > len(suffix):
            return name
        generic = generic or f"某{suffix}（原文未写明名称）"
    return generic or "（未识别出报告单位）"


def find_title(text: str, unit: str) -> str:
    first = text.strip().splitlines()[0].strip()
    if len(first) <= 40 and not first.endswith(("。", "，", "：")) and not SECTION.match(first):
        return first
    return unit.split("（")[0] + "疫情防控工作情况"


def suggest_measures(text: str, kb: KnowledgeBase | None, sector: str, limit: int = 8) -> list[str]:
    """Measures whose title shares most of its character pairs with one sentence of the report."""
    if kb is None:
        return []
    sentences = [lint.bigrams(s) for s in re.split(r"[。；\n]", text) if len(s) > 6]
    scored = []
    for measure in kb.measure_by_id.values():
        title = lint.bigrams(measure.title)
        if not title:
            continue
        best = max((len(title & s) / len(title) for s in sentences), default=0)
        bonus = 0.3 if measure.sector == sector else 0  # prefer the guessed sector's own checklist
        if best >= 0.45:
            scored.append((best + bonus, measure.id))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [measure_id for _, measure_id in scored[:limit]]


def analyse(text: str, file: str, kb: KnowledgeBase | None = None) -> Findings:
    unit = find_unit(text)
    sector = guess_sector(text)
    findings = Findings(
        file=file, title=find_title(text, unit), unit=unit, sector=sector, sections=find_sections(text),
        statistics=find_statistics(text), measures=suggest_measures(text, kb, sector), text=text,
    )
    findings.warnings = [Warning_(f.kind, f.text, f.line) for f in lint.scan_text(text, file)]
    return findings


# Character-pair similarity: a copy or a blanked template of the same report scores about 0.8,
# a report against this knowledge base's rewrite of it 0.2-0.4, unrelated reports below 0.1.
DUPLICATE_OF_GIVEN = 0.7
DUPLICATE_OF_EXISTING = 0.15


def flag_duplicates(all_findings: list[Findings], kb: KnowledgeBase | None) -> None:
    """Near-duplicates among the given files, and against reports already in the knowledge base."""
    for a, b, _ in lint.near_duplicates(((f.file, f.text) for f in all_findings), DUPLICATE_OF_GIVEN):
        first = next(f for f in all_findings if f.file == a)
        second = next(f for f in all_findings if f.file == b)
        first.warnings.append(Warning_("duplicate", "与另一份导入的文件几乎相同", 1, b))
        second.warnings.append(Warning_("duplicate", "与另一份导入的文件几乎相同", 1, a))
    if kb is None:
        return
    existing = [(f"data/reports/{r.id}.md", "".join(s.body for s in r.sections)) for r in kb.reports]
    for findings in all_findings:
        mine = lint.bigrams(findings.text)
        for name, body in existing:
            other = lint.bigrams(body)
            if mine and other and len(mine & other) / len(mine | other) >= DUPLICATE_OF_EXISTING:
                findings.warnings.append(Warning_("duplicate", "与知识库中已有的汇报相近", 1, name))
