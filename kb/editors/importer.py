"""Turn a unit's work report (.txt, .md or .docx) into findings and a draft report record.

Findings: title, reporting unit, a sector guess, the section structure, the figures with their
units and approximate flags, suggested checklist measures, and warnings (template placeholders,
scraped boilerplate, personal names, near-duplicates). Traditional characters are converted to
simplified ones before analysis (OpenCC); Chinese numerals are read with cn2an.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

import cn2an
import opencc

from kb.core.messages import IMPORT
from kb.core.model import KnowledgeBase
from kb.load import lint, names

# cn2an logs a warning for every "smart" conversion of mixed digits and 万.
logging.getLogger("cn2an").setLevel(logging.ERROR)


class ImportFileError(Exception):
    """A file that cannot be read as a report; the message says why, in words for editors."""


# Measure words and compound units, longest first so that 台次 wins over 台.
UNITS = sorted(
    ["平方米", "平方公里", "立方米", "公里", "个月", "例", "米", "亩", "口", "片", "万元", "元", "小时", "座", "轮", "位", "项", "类", "种", "台次", "条次", "人次", "轮次", "户次", "车次", "架次", "辆次", "家次", "场次", "批次", "例次", "趟次", "班次", "船次", "所次", "处次", "件次", "个次", "人", "名", "家", "个", "条", "块", "张", "份", "台", "次", "起", "桌", "处", "户", "辆", "所", "场", "期", "篇", "支", "套", "顶", "瓶", "箱", "吨", "千克", "公斤", "斤", "天", "批", "组", "间", "栋", "幅", "面", "册", "本", "件", "副", "袋", "桶", "盒", "双", "只", "枚"],
    key=len, reverse=True,
)
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# A space may stand between a number and its 万 or measure word (17 个, 1.5 万人) in text taken from PDFs and Word files.
GAP = r"[ \u00a0]?"
NUMBER = rf"(?:\d+(?:[.,]\d+)*(?:{GAP}[万亿])?|[{CN_DIGITS}]+)"
# Approximation words: before the number (约300条), between number and unit (60余条), after (200小时以上).
APPROX_BEFORE = ("大约", "超过", "约", "近", "超", "逾")
APPROX_BETWEEN = ("余", "多")
APPROX_AFTER = ("以上", "左右")
RANGE = r"(?:至|到|~|～|—|–|-)"
FIGURE = re.compile(
    rf"(?P<before>{'|'.join(APPROX_BEFORE)})?(?P<number>{NUMBER})(?:{RANGE}(?P<upper>{NUMBER}))?"
    rf"(?P<after>{'|'.join(APPROX_BETWEEN)})?{GAP}"
    rf"(?:(?P<unit>{'|'.join(UNITS)}|%|％)|(?P<big>大)(?=[\u4e00-\u9fff]))(?P<plus>{'|'.join(APPROX_AFTER)})?"
)
# 27万余学生, 6万多居民: a 万 or 亿 number counting people (or households) with no measure word.
PEOPLE_NOUNS = {"人": "学生 师生 居民 群众 村民 市民 人口 人员 职工 员工 患者 老人 儿童 幼儿 游客 旅客 乘客 农民 党员 干部 教师 家长 考生 "
                     "群众 民众 乡亲 老年人 外来人员 返乡人员",
                "户": "农户 家庭 住户 居民户"}
WAN_WITHOUT_MEASURE = re.compile(
    rf"(?P<before>{'|'.join(APPROX_BEFORE)})?(?P<number>\d+(?:\.\d+)?[万亿])(?P<after>余|多)?"
    rf"(?P<noun>{'|'.join(sorted((w for ws in PEOPLE_NOUNS.values() for w in ws.split()), key=len, reverse=True))})"
)
NOUN_UNIT = {w: unit for unit, ws in PEOPLE_NOUNS.items() for w in ws.split()}
# 百分之九十八, 百分之12.5: percentages written out.
PERCENT_WORDS = re.compile(rf"(?P<before>{'|'.join(APPROX_BEFORE)})?百分之(?P<number>\d+(?:\.\d+)?|[{CN_DIGITS}点]+)")
# Numbers that are not statistics: dates, clock times, rooms, phone and document numbers, deadlines.
NOT_A_FIGURE = re.compile(
    r"\d{2,4}年|\d{1,2}月\d{1,2}[日号]|\d{1,2}[时点](?:\d|整|前|后)|\d+(?:号|室|楼)(?!\d)|第[\d一二三四五六七八九十]+"
    r"|\d{7,}|〔\d{4}〕\d+号|\d+小时内|(?:24|48|72)小时|[一二三四五六七八九十]+级|正月[初十廿]"
    r"|[\d一二两三四]人间|[前后][\d一二三四五六七八九十]+[位名]"
)
CLAUSE_BREAK = re.compile(r"[，。；：、,;:！？（）()\n]")
SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?\d{1,2}[、.．)）](?!\d))\s*(.+)$")
UNIT_SUFFIXES = ("社区", "街道", "镇", "乡", "村", "村委会", "村民委员会", "居民委员会", "居委会", "人民政府", "管委会", "局", "宣传部", "监管所", "派出所", "执法中队", "城管中队", "开发区", "学校", "中学", "小学",
                 "幼儿园", "医院", "卫生院", "服务中心", "商场", "超市", "公司", "疾控中心", "监测中心", "福利院", "敬老院", "养老院",
                 "护理院", "光荣院", "养老中心", "大学", "学院", "书院", "职业学校", "卫生室", "诊所", "集团", "工厂")
UNIT_NAME = re.compile(rf"[\u4e00-\u9fff]{{0,24}}(?:{'|'.join(sorted(UNIT_SUFFIXES, key=len, reverse=True))})")
# Words that cannot be part of a unit's name: a name starts after the last of them.
NAME_BREAK = re.compile(r".*(?:[的了在以为和与及时究署全由对从将把被向地得着过坚持我本该]|根据|保证|按照|确保|组织|开展|结合)")
SECTOR_WORDS = {
    "schools": "学校 校长 师生 学生 教职工 班主任 晨检 午检 开学 校园 我校 教育",
    "communities": "社区 小区 物业 居民 网格员 楼栋 居委会",
    "towns": "镇 村 村民 两委 包村 集市 乡镇",
    "eldercare": "养老 福利院 敬老院 养老院 老人 护理员 入住 院民",
    "childcare": "幼儿园 托育 托儿所 幼儿 园长 保育 入园 我园",
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
    kind: str  # placeholder | boilerplate | personal_name | duplicate | unreadable
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


# Limits on what one file may hold; each message names its limit.
MAX_TEXT_BYTES = 2 * 1024 * 1024          # a .txt or .md file
MAX_DOCX_BYTES = 20 * 1024 * 1024         # a .docx file as stored
MAX_UNPACKED_BYTES = 50 * 1024 * 1024     # all parts of a .docx, by the sizes its zip directory declares
MAX_PARAGRAPH_CHARS = 20_000              # one paragraph, line or table cell
MAX_TEXT_CHARS = 500_000                  # the whole text read from one file
# C0/C1 control characters other than newline and tab, and bidirectional overrides that hide text.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
HTML_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z!?][^<>]*>", re.DOTALL)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"


def _check_paragraphs(lines: list[str], too_long: str) -> None:
    """ImportFileError for the first overlong line, with the message ``too_long`` (per paragraph or per line)."""
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_PARAGRAPH_CHARS:
            raise ImportFileError(too_long.format(number=number, count=len(line), limit=MAX_PARAGRAPH_CHARS))


def _check_docx_package(path: Path) -> None:
    """Reject what python-docx should never open: encrypted, oversized or entity-declaring packages."""
    import zipfile

    head = path.open("rb").read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(IMPORT["word_password_or_doc"])
    if path.stat().st_size > MAX_DOCX_BYTES:
        raise ImportFileError(IMPORT["word_too_large"].format(size=_mb(path.stat().st_size), limit=_mb(MAX_DOCX_BYTES)))
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if any(info.flag_bits & 0x1 for info in infos):
                raise ImportFileError(IMPORT["word_encrypted"])
            unpacked = sum(info.file_size for info in infos)
            if unpacked > MAX_UNPACKED_BYTES:
                raise ImportFileError(IMPORT["word_zip_bomb"].format(size=_mb(unpacked), limit=_mb(MAX_UNPACKED_BYTES)))
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as part:
                        start = part.read(4096)
                    if b"<!DOCTYPE" in start.upper() or b"<!ENTITY" in start.upper():
                        raise ImportFileError(IMPORT["word_doctype"].format(part=info.filename))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as err:
        raise ImportFileError(IMPORT["word_damaged"].format(error=err.__class__.__name__)) from None


def _cell_text(cell) -> str:
    return re.sub(r"\s+", " ", cell.text).strip()


def _table_lines(table, number: int, skipped: list[tuple[str, int]]) -> list[str]:
    """A Word table as lines of text: each cell with its row's first cell and its column's header.

    '清风社区 | 摸排户数（户） | 1200' reads as '表1 清风社区 摸排户数 1200户', so that figures in tables are
    found and labelled like figures in sentences.
    """
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell.tables:
                skipped.append((IMPORT["skipped_nested_table"].format(table=number), 1))
            cells.append(_cell_text(cell))
        deduplicated = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]  # merged cells repeat
        rows.append(deduplicated)
    if not rows:
        return []
    header, lines = rows[0], []
    for row in rows[1:]:
        label = row[0] if row else ""
        parts = []
        for column, value in enumerate(row[1:], 1):
            heading = header[column] if column < len(header) else ""
            unit = ""
            if match := re.search(r"[（(]([^()（）]{1,4})[)）]$", heading):
                heading, unit = heading[: match.start()], match.group(1)
            elif heading.endswith("数") and heading[-2:-1] in UNITS:
                unit = heading[-2]
            if re.fullmatch(r"\d+(?:[.,]\d+)*[万亿]?", value) and unit in UNITS:
                value += unit
            elif re.fullmatch(r"\d+(?:\.\d+)?", value) and unit in ("%", "％"):
                value += "%"
            parts.append(f"{label}{heading}{value}")
        lines.append(f"表{number}：" + "，".join(parts) + "。")
    return lines


def _read_docx(path: Path) -> tuple[str, list[tuple[str, int]]]:
    """Paragraphs and tables in document order; the parts that could not be read, in words, with their line."""
    import zipfile

    import docx  # python-docx; imported here because only .docx files need it
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_docx_package(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as err:
        raise ImportFileError(IMPORT["word_damaged"].format(error=err.__class__.__name__)) from None
    except Exception as err:  # noqa: BLE001 - lxml's XMLSyntaxError and other parser errors: never a traceback
        raise ImportFileError(IMPORT["word_malformed"].format(error=err.__class__.__name__)) from None
    lines: list[str] = []
    skipped: list[tuple[str, int]] = []
    tables = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            lines.append(paragraph.text)
            xml = child.xml if ("drawing" in child.xml or "object" in child.xml or "txbxContent" in child.xml) else ""
            if "txbxContent" in xml:
                skipped.append((IMPORT["skipped_text_box"].format(line=len(lines)), len(lines)))
            elif "<w:drawing" in xml or "<w:object" in xml or "<w:pict" in xml:
                skipped.append((IMPORT["skipped_object"].format(line=len(lines)), len(lines)))
        elif tag == "tbl":
            tables += 1
            lines += _table_lines(Table(child, document), tables, skipped)
        elif tag == "sdt":
            skipped.append((IMPORT["skipped_content_control"].format(line=len(lines) + 1), len(lines) + 1))
    if document.sections and any(p.text.strip() for s in document.sections for p in s.header.paragraphs):
        skipped.append((IMPORT["skipped_header"], 1))
    return "\n".join(lines), skipped


def read_document(path: Path) -> tuple[str, list[Warning_]]:
    """The report's text, simplified and cleaned, and warnings for parts that could not be read.

    Raises ImportFileError with a message for editors; never lets a parser's exception through.
    """
    if not path.is_file():
        raise ImportFileError(IMPORT["not_a_file"])
    suffix = path.suffix.lower()
    skipped: list[tuple[str, int]] = []
    if suffix == ".docx":
        text, skipped = _read_docx(path)
        too_long = IMPORT["paragraph_too_long"]
    elif suffix in (".txt", ".md"):
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise ImportFileError(IMPORT["text_too_large"].format(size=_mb(size), limit=_mb(MAX_TEXT_BYTES)))
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            raise ImportFileError(IMPORT["not_utf8"].format(line=line)) from None
        too_long = IMPORT["line_too_long"]
    else:
        raise ImportFileError(IMPORT["unsupported_type"].format(suffix=suffix or IMPORT["no_suffix"]))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT_CHARS:
        raise ImportFileError(IMPORT["too_many_characters"].format(count=len(text), limit=MAX_TEXT_CHARS))
    _check_paragraphs(text.split("\n"), too_long)
    if not text.strip():
        raise ImportFileError(IMPORT["no_text"] if skipped else IMPORT["empty"])
    warnings = [Warning_("unreadable", IMPORT["unreadable"].format(part=part), line) for part, line in skipped]
    return _to_simplified().convert(clean_text(text)), warnings


def read_report(path: Path) -> str:
    """The report's text, simplified; .docx through python-docx. Raises ImportFileError."""
    return read_document(path)[0]


def clean_text(text: str) -> str:
    """Text safe to put in a draft: no control characters, no HTML tags, no Markdown link syntax.

    Tags are removed; a lone < or >, the brackets of Markdown links and attribute lists
    ([x](javascript:…), {: onmouseover=… }) and the ampersand of character references (&#60;, &lt)
    become full-width characters, which show the same to a reader but are never markup.
    """
    text = CONTROL.sub("", text.replace("\t", " "))
    text = HTML_TAG.sub("", text)
    return text.translate(MARKUP_TO_FULL_WIDTH)


MARKUP_TO_FULL_WIDTH = str.maketrans({"<": "＜", ">": "＞", "[": "［", "]": "］", "{": "｛", "}": "｝", "`": "｀", "&": "＆"})


# What a simplified/traditional converter or a copy from a web page leaves behind: pinyin glosses
# after a character (安戰(zhàn)國), replacement characters, zero-width spaces already dropped by CONTROL.
PINYIN_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])[（(]\s*(?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ]|[a-zü]+[1-5]\s*[)）])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,7}[1-5]?\s*[)）]"
)
DEBRIS = re.compile(rf"{PINYIN_GLOSS.pattern}|\ufffd+")


def remove_debris(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text without converter debris, and (line, what was removed) for each line that had some."""
    removed: list[tuple[int, str]] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        found = [m.group(0) for m in DEBRIS.finditer(line)]
        if found:
            removed.append((number, "".join(found)))
            lines[number - 1] = DEBRIS.sub("", line)
    return "\n".join(lines), removed


def parse_number(number: str) -> float:
    """'18.3万' -> 183000, '二十' -> 20, '1,200' -> 1200."""
    value = cn2an.cn2an(re.sub(r"[,\s]", "", number), "smart")
    return int(value) if float(value).is_integer() else float(value)


def _label(line: str, start: int, end: int) -> str:
    """What was counted: the words before the figure in its clause, else the words after it."""
    prefix = re.sub(r"[（(][^（()）]*[)）]$", "", line[:start])  # 人员（由…组成）10人: skip the aside
    before = CLAUSE_BREAK.split(prefix)[-1]
    before = re.sub(r"^(?:累计|共|共计|合计|目前|其中|先后|全县|全区|全镇|已|并|还|又|和|及)+", "", before).strip()
    before = re.sub(r"(?:达到|达|为|是|约)$", "", before).strip()
    if before:
        return before[-24:]
    after = CLAUSE_BREAK.split(line[end:])[0]
    return re.sub(r"^的", "", after).strip()[:24]


def _percent_words(number: str) -> float:
    if number == "百":
        return 100  # 百分之百
    if "点" in number:
        whole, _, decimals = number.partition("点")
        return float(f"{parse_number(whole)}.{''.join(str(int(parse_number(d))) for d in decimals)}")
    return parse_number(number)


def find_statistics(text: str) -> list[Statistic]:
    statistics = []
    for number, line in enumerate(text.splitlines(), 1):
        masked = NOT_A_FIGURE.sub(lambda m: "#" * len(m.group(0)), line)
        found: list[tuple[int, Statistic]] = []
        for match in PERCENT_WORDS.finditer(masked):
            try:
                value = _percent_words(match.group("number"))
            except (ValueError, TypeError):
                continue
            found.append((match.start(), Statistic(
                label=_label(line, match.start(), match.end()), value=value, unit="%", approx=bool(match.group("before")),
                text=line[match.start():match.end()], line=number)))
            masked = masked[: match.start()] + "#" * (match.end() - match.start()) + masked[match.end():]
        for match in WAN_WITHOUT_MEASURE.finditer(masked):
            if FIGURE.match(masked, match.start()) and FIGURE.match(masked, match.start()).end() > match.end("number"):
                continue  # 3万人: the measure word is there
            value = parse_number(match.group("number"))
            found.append((match.start(), Statistic(
                label=match.group("noun"), value=value, unit=NOUN_UNIT[match.group("noun")],
                approx=bool(match.group("before") or match.group("after")), text=line[match.start():match.end()], line=number)))
            masked = masked[: match.start()] + "#" * (match.end() - match.start()) + masked[match.end():]
        for match in FIGURE.finditer(masked):
            digits = match.group("number")
            unit = match.group("unit") or ""
            if unit == "％":
                unit = "%"
            if digits == "一" and not match.group("upper") and unit != "%":
                continue  # 一名 is "a", not a count (两名 is two)
            if digits == "84" and not unit.startswith("%"):
                continue  # 84 is the disinfectant's name
            if digits == "二" and unit == "次" and re.match(r"[\u4e00-\u9fff]", masked[match.end():match.end() + 1]):
                continue  # 二次传播: "secondary", not a count (三次开展 is three times)
            if unit in ("次", "遍") and re.search(r"每[天日周月晚早班]|一[天日]", re.split(r"[，。；！？,;!?]", line[: match.start()])[-1]):
                continue  # 每天消毒两次: how often a rule says, not a count of what was done
            if masked[: match.start()].rstrip(" \u00a0")[-1:] in ("第", "#"):
                continue
            if SECTION.match(line) and match.start() < 4 and not unit:
                continue
            if match.group("big") and (not re.fullmatch(r"[二三四五六七八九十\d]+", digits) or len(digits) > 2):
                continue  # 三大区域, 五大行动: small counts only
            try:
                value = parse_number(digits)
            except ValueError:
                continue
            if value <= 0:
                continue
            approx = bool(match.group("before") or match.group("after") or match.group("plus") or match.group("upper"))
            end = match.end()
            label = _label(line, match.start(), end)
            if match.group("big"):
                label = re.match(r"[\u4e00-\u9fff]{1,6}", line[end:]).group(0)  # what there are three of: 区域
            found.append((match.start(), Statistic(
                label=label, value=value, unit=unit, approx=approx, text=line[match.start():end], line=number,
            )))
        statistics += [stat for _, stat in sorted(found, key=lambda item: item[0])]
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


# The sector a unit's kind belongs to, by the end of its name; checked in this order.
UNIT_KIND_SECTOR = (
    (("城管局", "城市管理局", "城管中队", "执法中队", "城管执法局", "环卫所"), "urban"),
    (("监管所", "商务局", "市场监督管理局", "市场监管局"), "commerce"),
    (("福利院", "敬老院", "养老院", "护理院", "光荣院", "养老中心", "养老服务中心"), "eldercare"),
    (("医院", "卫生院", "卫生服务中心", "卫生室", "诊所", "疾控中心", "疾病预防控制中心"), "health"),
    (("幼儿园", "托儿所", "托育中心"), "childcare"),
    (("学校", "中学", "小学", "大学", "学院", "书院", "职业学校"), "schools"),
    (("公司", "集团", "工厂"), "enterprises"),
    (("村", "村委会", "村民委员会", "镇", "乡", "镇人民政府", "乡人民政府"), "towns"),
    (("社区", "居委会", "居民委员会", "街道"), "communities"),
)


def sector_of_unit(unit: str) -> str | None:
    """The sector the unit's kind gives (某镇福利院 -> eldercare, 城管局 -> urban), or None for other offices and the unnamed."""
    name = unit.split("（")[0]
    for suffixes, sector in UNIT_KIND_SECTOR:
        if name.endswith(suffixes) and len(name) > min(len(x) for x in suffixes if name.endswith(x)):
            return sector
        if name.startswith("某") and name.endswith(suffixes):
            return sector
    return None


def sector_scores(text: str) -> dict[str, int]:
    return {code: sum(text.count(word) * len(word) for word in words.split()) for code, words in SECTOR_WORDS.items()}


def guess_sector(text: str) -> str:
    scores = sector_scores(text)
    return max(scores, key=lambda code: scores[code])


def choose_sector(unit: str, text: str) -> str:
    """The sector from the unit's kind (某镇福利院 -> eldercare); a town or a community whose text is
    about one kind of facility (a community inspecting kindergartens) takes that facility's sector."""
    kind = sector_of_unit(unit)
    if "原文未写明名称" in unit and kind == "towns":
        kind = None  # 某镇: too little to overrule the text (a subdistrict's or community's blank still is one)
    scores = sector_scores(text)
    guess = max(scores, key=lambda code: scores[code])
    if kind in ("towns", "communities") and guess in ("childcare", "schools", "eldercare", "health") and scores[guess] >= 2 * max(scores[kind], 1):
        return guess
    return kind or guess


# Words before a unit's name that make it someone else: the superior whose orders are followed.
SUPERIOR_BEFORE = re.compile(r"(?:按照|根据|依据|遵照|落实|贯彻|受|经|向|迎接|接受|配合|协助|会同|联合|上级|报送|报请|请示|邀请|上报)[^，。；：,;:]{0,12}$")
SUPERIOR_AFTER = re.compile(r"^(?:的)?(?:统一|总体)?(?:部署|要求|安排|指示|通知|领导|指导|精神|文件|号召|批示|督导组|检查组)"
                            r"|^[\u4e00-\u9fff]{0,6}?(?:督导组|检查组|督查组|指导组)")
# Verbs and prepositions that start a phrase, not a name: 到清风社区, 抓好社区, 并到…
LEADING_VERB = re.compile(
    r"^(?:.*(?:[的了在以为和与及时由对从将把被向地得着过我们本该并到至赴去各全署是]|辖区内|辖区|区内|境内|近日|日前|连日来|今年以来|坚持|抓好|做好|搞好|加强|强化|深入|走进|前往|来到"
    r"|督促|指导|要求|组织|开展|结合|根据|保证|按照|确保|落实|推进|研究|切实|认真|重视|贯彻|响应|关于|通过|对于|督导|检查|走访|部署|实现|推动|当前|目前|近期|同时|建立|负责|作为"
    r"|病毒|肺炎|疫情|防控|新冠))"
)
# Administrative levels, so that 天津市北辰区宜兴埠镇秋晨家园社区 is read as one chain.
ADMIN_SUFFIX = ("省", "自治区", "市", "区", "县", "旗", "镇", "乡", "街道", "社区", "村")
SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()]{2,40}$")


def _leading_non_noun(name: str, at_clause_start: bool = False) -> int:
    """How many characters of a candidate name are verbs, adverbs or the like (当前, 建立, 负责) before
    the name proper, by jieba's part-of-speech tags: a unit's name is made of nouns and places. At the
    start of a clause an adverb is kept as the first word (jieba tags the city 大连 an adverb)."""
    suffix = next((s for s in UNIT_SUFFIXES if name.endswith(s)), "")
    words = list(names.tagger().cut(name[: len(name) - len(suffix)])) if len(name) > len(suffix) else []
    cut = position = 0
    for number, (word, flag) in enumerate(words):
        position += len(word)
        if number == 0 and at_clause_start and flag == "d" and len(word) == 2:
            continue
        if flag[:1] in ("v", "d", "p", "c", "u", "r") and flag != "vn" and not (len(word) == 1 and flag[:1] == "v"):
            cut = position  # 渡 in 东阳渡街道 is a place's character, not a verb
    return cut


def _word_start(name: str, at: int) -> int:
    """`at`, or the start of the word of `name` (by jieba) that `at` falls inside."""
    position = 0
    for word in names.tagger().cut(name):
        if position < at < position + len(word.word):
            return position
        position += len(word.word)
    return at


# Words ending in a unit suffix that name no unit: 农村, 全村, 各村, 驻村, 行政村.
GENERIC_UNITS = frozenset(str.split("农村 乡村 全村 各村 本村 该村 每村 进村 入村 包村 驻村 村村 行政村 自然村 邻村 出村 回村 返村 到村 在村 "
                          "全镇 各镇 本镇 该镇 乡镇 城镇 集镇 小镇 村镇 全乡 各乡 本乡 返乡 下乡 城乡 家乡 老乡 异乡 外乡 "
                          "全校 各校 本校 我校 学校 中小学 各医院 本院 全院 场镇 镇村 乡村"))
# Words that end a chain without naming a unit of their own: 高家湾村驻村工作队 is the village's.
GENERIC_TAILS = ("驻村", "包村", "进村", "入村", "全村", "各村", "到村", "在村", "驻镇", "全镇", "各镇", "全乡", "各乡")
# Leading words a unit's name never starts with (当某某有限公司接到通知后…); kept where they are a place name.
LEADING_PREPOSITION = re.compile(r"^(?:当(?!阳|涂|雄)|在|对|据|经|由|随着|截至|截止|自|从|为|是)")
# A work team stationed in a village speaks for that village: 驻清河镇李庄村工作队.
WORK_TEAM = re.compile(r"驻([\u4e00-\u9fff]{1,16}?(?:村|社区))(?:第一书记|帮扶|乡村振兴|疫情防控)?(?:工作队|工作组|工作专班)")
# 李庄村是清河镇最大的村: the village, in its town.
VILLAGE_IN_TOWN = re.compile(r"([\u4e00-\u9fff]{1,6}村)(?:是|为|位于|地处|隶属)([\u4e00-\u9fff]{1,10}?(?:镇|乡|街道))")
# A template's slot where the unit's name goes: （单位名称）, 【单位名称】, ［学校］.
SLOT = re.compile(r"[（(【［〔]\s*(?:单位|(?:单位|学校|村|社区|企业|公司|医院|机构|镇|乡镇|街道)(?:名称|名))\s*[)）】］〕]")


# A visit to the unit, by superiors or others: 莅临某幼儿园检查, 到某集团调研.
VISITED_BEFORE = re.compile(r"(?:莅临|来到|走进|深入|前往|赴|到)$")
VISITED_AFTER = re.compile(r"(?:检查|调研|督导|指导|视察|慰问|看望|走访)")
# A template's blanks: X户, XX区, ☆镇, ＿＿村, **县.
PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:X{1,4}|x{2,4}|×{2,4})(?![A-Za-z])|[☆★]|＿{2,}|_{3,}|\*{2,}")
# A count or a class before a suffix: 一个…村, 两所学校, 二级学院, 三甲医院.
COUNTED = re.compile(r"^(?:[一二两三四五六七八九十\d]+(?:个|所|家|级|甲|类)|这|那|每|多)")
# A short aside in brackets inside a unit's name: 某某(明)公司.
BRACKET_IN_NAME = re.compile(r"(?<=[\u4e00-\u9fff])[（(][\u4e00-\u9fff]{1,3}[)）](?=[\u4e00-\u9fff])")
HIDDEN = "亍"  # a rare character that stands for the bracket while the name is read


def _unit_candidates(line: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each unit named in a line, with verbs and prepositions cut off."""
    original = line
    line = BRACKET_IN_NAME.sub(lambda m: HIDDEN * len(m.group(0)), line)
    found = []
    for match in UNIT_NAME.finditer(line):
        name, start, end = match.group(0), match.start(), match.end()
        while end < len(line) and line[end] == "长" and name:  # 民政局副局长: a title, not a unit
            shorter = re.match(rf"^(.*(?:{'|'.join(UNIT_SUFFIXES)}))", re.sub(r"(?:副|常务副)?[\u4e00-\u9fff]$", "", name))
            if not shorter:
                name = ""
                break
            name = shorter.group(1)
            end = start + len(name)
        if not name:
            continue
        if start > 0 and line[start - 1] in "xX_＿☆★":
            found.append((start, end, "?" + name))  # x街道: a blank where the name should be
            continue
        # A chain like 宜兴埠镇抓好社区: keep the last level that does not start with a verb.
        first = start
        cut = LEADING_VERB.match(name)
        if cut:
            at = _word_start(name, cut.end())  # 疫情防控下的和|龙市: the cut may not split a word (和龙市)
            if name[at:cut.end()] in ("全", "各", "本", "该", "我"):
                at = cut.end()  # 全|镇: the unit itself, unnamed
            name, start = name[at:], start + at
        if name.startswith("某") and not name.startswith("某某") and len(name) > 2:
            found.append((start, end, "?" + name[1:]))  # 某县委宣传部: a template's blank
            continue
        skip = _leading_non_noun(name, at_clause_start=start == 0 or not re.match(r"[\u4e00-\u9fff]", line[start - 1]))
        name, start = name[skip:], start + skip
        if start > first + 1:  # 清华幼儿园迎接山阳区教育局: the part cut off may name a unit of its own
            found += [(first + s, first + e, n) for s, e, n in _unit_candidates(line[first:start]) if not n.startswith("?")]
        while (tail := next((g for g in GENERIC_TAILS if name.endswith(g) and len(name) > len(g)), "")):
            shorter = re.match(rf"^(.*(?:{'|'.join(UNIT_SUFFIXES)}))$", name[: -len(tail)])  # 高家湾村驻村: the village
            name = shorter.group(1) if shorter else ""
            end = start + len(name)
        if not name:
            continue
        while lead := LEADING_PREPOSITION.match(name):
            name, start = name[lead.end():], start + lead.end()
        if (start > 0 and line[start - 1].isdigit()) or name.startswith(("个", "所", "家")) or COUNTED.match(name):
            continue  # 9个村, 3所学校, 一个武汉周边村, 二级学院: a count or a class, not a name
        if name.endswith(("村", "镇", "乡")) and line[end:end + 1] in ("庄", "民", "里", "级", "头", "落", "上", "干"):
            continue  # 周边村庄, 全镇上下: a word, not a unit
        if name.endswith("街道") and re.match(r"两旁|两侧|两边|旁|边|上|中", line[end:]):
            continue  # 调查街道两旁小商店: a street, not a subdistrict
        if name in GENERIC_UNITS or (name.endswith("村") and len(name) == 2 and name[0] in "农乡全各本该每进入包驻邻出回返到在"):
            continue
        if name[-1] in "村镇乡" and name[-2:] in GENERIC_UNITS:
            continue  # 从武汉返乡: a word (返乡), not a unit

        found.append((start, end, original[start:end] if HIDDEN in name else name))
    return found


def find_unit(text: str) -> str:
    """The unit that reports: from the signature, the title or the opening lines, not a superior office.

    A bare suffix (我局, 全镇) gives an unnamed unit.
    """
    lines = [line.strip() for line in text.splitlines()
             if line.strip() and not is_page_chrome(line.strip()) and not date_line(line.strip())]
    if not lines:
        return "（未识别出报告单位）"
    for line in lines[:4]:
        if slot := SLOT.search(line):
            kind = re.sub(r"名称|名(?=\s*[)）】］〕])|[（(【［〔）)】］〕\s]", "", slot.group(0)) or "单位"
            return f"某{kind}（原文未写明名称）"
    head_text = "\n".join(lines[:6])
    if team := next((m for line in lines[:6] if (m := WORK_TEAM.search(line)) and m.start() <= 6), None):
        return team.group(1)  # 驻某镇某村工作队 at the head of the title or a line
    if village := VILLAGE_IN_TOWN.search(head_text):
        town = _unit_candidates(village.group(2))
        return (town[-1][2] if town else village.group(2)) + village.group(1)
    scored: list[tuple[float, int, str]] = []
    generic = ""
    order = 0
    places = [(lines[0], 3.0)] + [(line, 2.0 - 0.3 * i) for i, line in enumerate(lines[1:4])]
    places += [(line, 4.0) for line in lines[-3:] if len(lines) > 3 and SIGNATURE.match(line.split("20")[0].strip() or "-")]
    for line, weight in places:
        head = line[:200]
        for start, end, name in _unit_candidates(head):
            if name.startswith("?"):
                suffix = next((s for s in UNIT_SUFFIXES if name.endswith(s)), name[1:])
                at_head = 1 if re.match(r"^[^，。；：,;:]{0,6}$", head[:start]) else 0
                scored.append((weight - 0.5 + at_head, -order, f"某{suffix}（原文未写明名称）"))
                continue
            suffix = next((s for s in UNIT_SUFFIXES if name.endswith(s)), "")
            order += 1
            if not suffix:
                continue
            if len(name) <= len(suffix):
                generic = generic or f"某{suffix}（原文未写明名称）"
                continue
            score = weight - 0.05 * order
            if _someone_else(head, start, end):
                continue
            if re.match(r"^[^，。；：,;:]{0,6}$", head[:start]) or head.startswith(name):
                score += 1  # the subject at the head of the line
            if VISITED_BEFORE.search(head[:start]) and VISITED_AFTER.match(head[end:]):
                score += 1.5  # 领导莅临某幼儿园检查指导: the unit visited is the one the report is about
            scored.append((score, -order, name))
    blanks = [entry for entry in scored if entry[2].endswith("（原文未写明名称）")]
    if len(blanks) >= 2:
        return max(blanks)[2]  # a template: its blanks (☆镇, XX村, 某县) are where the unit's name goes
    if scored and len(PLACEHOLDER.findall(text)) >= 5:
        best = max(scored)[2]  # a template full of blanks (X户, XX区X%) names no unit of its own
        suffix = next((s for s in UNIT_SUFFIXES if best.endswith(s)), "单位")
        return best if best.endswith("（原文未写明名称）") else f"某{suffix}（原文未写明名称）"
    if scored:
        best = max(scored)[2]
        # 秋渠乡 (a signature) beside 郸城县秋渠乡敬老院 (the title): the facility is the one reporting
        wider = [n for _, _, n in scored if best in n and n != best and sector_of_unit(n) not in (None, "towns", "communities")]
        return max(wider, key=len) if wider and sector_of_unit(best) in (None, "towns", "communities") else best
    head = text[:400]
    if re.search(r"我校|本校", head):
        return "学校（原文未写明名称）"
    return _named_in_body(lines, generic) or generic or "（未识别出报告单位）"


def _someone_else(line: str, start: int, end: int) -> bool:
    """Whether the unit named at line[start:end] is not the one reporting: a superior whose orders are
    followed (按照区教育局要求, 市委宣传部的统一部署), or another party (3、和大口镇确诊人员密切接触)."""
    return bool(SUPERIOR_BEFORE.search(line[:start]) or SUPERIOR_AFTER.match(line[end:])
                or re.search(r"(?:^|[^\u4e00-\u9fff])(?:和|与|同|跟)$", line[:start]))


def _named_in_body(lines: list[str], generic: str) -> str:
    """When the head names no unit (or only its kind: 卫生院), the unit the body names most often, of
    that kind if one is known: a news item names its subject in the text (厂商会中学有…)."""
    kind = sector_of_unit(generic) if generic else None
    counts: Counter[str] = Counter()
    for line in lines:
        for start, end, name in _unit_candidates(line[:400]):
            if name.startswith("?") or _someone_else(line, start, end):
                continue
            suffix = next((s for s in UNIT_SUFFIXES if name.endswith(s)), "")
            if len(name) > len(suffix) + 1 and (kind is None or sector_of_unit(name) == kind):
                counts[name] += 1
    if not counts:
        return ""
    best, times = counts.most_common(1)[0]
    return best if times >= 2 or len(counts) == 1 else ""


# Lines a web page puts around the text: menus, feeds, share buttons, sources, bylines and dates on their own.
PAGE_CHROME = re.compile(
    r"^[【［\[]?(?:RSS|全部|首页|主页|返回|打印|关闭|收藏|分享|分享到|上一篇|下一篇|网站地图|登录|注册|搜索|投稿|加入收藏|设为首页|当前位置|您的位置|您当前的位置|您现在的位置是?|位置|导航|"
    r"字号|大|中|小|【大中小】|［大中小］|默认|正文|浏览次数|点击数|阅读|阅读量|来源|发布时间|发布日期|信息来源|作者|责任编辑|编辑|责编|"
    r"审核|监制|编审|工作动态|通知公告|新闻中心|政务公开|图片新闻|要闻|动态|专题|MENU|[\s>＞»/|丨·]+)"
    r"(?:[\s:：>＞»/|丨·].*)?$"
    r"|^[\d\s年月日号:：./\-—]+$|^[A-Za-z0-9\s:：./\-_|©]+$|^(?:Copyright|版权所有|©)"
)
NAV_WORDS = ("首页", "设为首页", "加入收藏", "联系我们", "网站地图", "新闻动态", "通知公告", "政务公开", "专栏", "简介", "上一篇", "下一篇",
             "收藏", "打印", "字体", "分享")
TITLE_WORDS = re.compile(r"汇报|总结|报告|情况|工作|做法|经验|措施|防控|疫情|防疫|抗疫|战疫|通报|简报|纪实|方案|专报|信息|会议|通知")


# A site's greeting, a document-sharing site's patter, a list bullet of a menu: furniture too.
SITE_PATTER = re.compile(r"^[•·▪]\s*\S{1,12}$|[（(]全文[)）]$|范文\d*篇|欢迎访问|欢迎来到|欢迎光临|官方网站|小编|供大家参考|仅供参考|文章来源"
                         r"|下载文档|免费下载|文档网|主办$|承办$|频道$|ICP|备案号|www\.|https?://|^\S{2,6}(?:动态|列表|公告|专栏|要闻)$"
                         r"|^(?:新华社|本报|本台|本网)?(?:记者|通讯员|特约记者)[\s、]|(?:日报|晚报|晨报|新闻网)\S{0,12}\s*\d{4}年\d{1,2}月\d{1,2}日$"
                         r"|本篇文章\d+字|读完约|申明敬告|本站不保证|用户上传|(?:[^|｜]+[|｜]){4,}|^\S{0,16}\s+\d{4}年\d{1,2}月\d{1,2}日$")
# A line of date and source, as a page puts under its title: 2020-02-01 10:52 来源：…, 发布时间：…
DATE_SOURCE = re.compile(r"^(?:[•·▪]\s*)?(?:(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}|(?:发布|更新|文章|信息)?(?:时间|日期|来源)\s*[:：]|作者\s*[:：]|(?:发布|来源|作者)\s)")
# A breadcrumb: 当前位置：首页 > 工作动态 > 标题, its last step the page's title.
BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|您现在的位置是?|位置|首页)\s*[:：]?.*?[>＞»]\s*([^>＞»]+?)\s*$")
# The name of the paper before the title it reprints: 人民日报——标题.
SOURCE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,8}——(?=.{6,})")


def date_line(line: str) -> bool:
    """Whether a line is the date and source a page puts under its title (2020-03-14 07:07 来源：…), not
    a sentence that starts with a date (2022年3月22日上午，州长…)."""
    return bool(DATE_SOURCE.match(line)) and (
        bool(re.search(r"来源|作者|编辑|发布|浏览|更新|点击", line[:80])) or not re.search(r"[，。；,;]", line))


def is_page_chrome(line: str) -> bool:
    """Whether a line is a web page's furniture (menu, feed, source, share line), not the report."""
    return (bool(PAGE_CHROME.match(line)) or sum(word in line for word in NAV_WORDS) >= 2 or "版权所有" in line
            or bool(SITE_PATTER.search(line)))


def _title_text(line: str) -> str:
    """A line as a title would be taken from it: without Markdown's #, a list bullet, a wire service's
    dateline (新华社福州2月13日电 题：…) or a file's extension (….doc)."""
    line = line.strip().lstrip("#•·▪").strip()
    line = re.sub(r"^.{0,24}电\s*题\s*[:：]\s*|^标题\s*[:：]\s*", "", line)
    line = re.sub(r"\s+(?:发布时间|发布日期|更新时间|来源|作者|日期)\s*[:：].*$", "", line)  # 标题 发布时间：…
    line = re.sub(r"\.(?:docx?|pdf|wps|txt)$", "", line, flags=re.IGNORECASE)
    return re.sub(r"\s*[|｜丨]\s*$", "", line)  # 标题 |: a separator the page left


def find_title(text: str, unit: str = "") -> str:
    """The report's title: of the opening lines that are not page chrome, the one a date or source line
    follows, else the first short one that reads as a title (汇报, 总结, 防控…), else the first short one;
    a title a document-sharing site doubled (某某汇报某某汇报…) once; else the last step of a breadcrumb.
    "" when the text starts with its body (the draft then says its title was written at import)."""
    lines = [_title_text(line) for line in text.strip().splitlines()]
    head = [line for line in lines if line][:12]
    seen = Counter(head)

    def usable(line: str) -> bool:
        return (not is_page_chrome(line) and bool(re.search(r"[\u4e00-\u9fff]", line)) and len(line) <= 60
                and not re.search(r"[。；]", line) and len(re.findall(r"[，,]", line)) <= 1
                and not line.endswith(("，", "：", ":", "；")) and not SECTION.match(line) and not date_line(line))

    for line in head[:10]:
        if doubled := re.match(r"^(?:\d{1,2}[、.．]\s*)?(.{6,40}?)\1", line):
            return doubled.group(1).strip()
    signature = [line for line in lines if line][-2:]  # 单位 then 日期 at the end: the signature, not a title
    for number, (line, after) in enumerate(itertools.pairwise(head[:11])):
        if usable(line) and date_line(after) and after not in signature:
            before = head[number - 1] if number else ""
            if not TITLE_WORDS.search(line) and before and usable(before) and seen[before] == 1 and TITLE_WORDS.search(before):
                line = before  # title, then the unit's name or a subtitle, then the date
            return SOURCE_PREFIX.sub("", line)
    short: list[str] = []
    for line in head[:10]:
        if is_page_chrome(line) or (seen[line] > 1 and len(line) <= 10) or not re.search(r"[\u4e00-\u9fff]", line):
            continue  # a short line met twice is the site's section (学院新闻); a long one is the title again
        if len(line) > 50 or line.endswith(("。", "，", "：", ":", "；")) or SECTION.match(line) or re.search(r"[。；]", line):
            break  # the body starts here
        if TITLE_WORDS.search(line):
            return SOURCE_PREFIX.sub("", line)
        if line not in short:
            short.append(line)
    if short and len(short[0]) <= 40 and len(short) == 1:
        return short[0]
    for line in head[:4]:
        if (crumb := BREADCRUMB.match(line)) and len(crumb.group(1)) >= 6 and not is_page_chrome(crumb.group(1)):
            return crumb.group(1)
    return ""


# A year the report states: 2020年, 2020-02-01, 2020.02.01, 2020/2/1 (not 〔2020〕 document numbers).
YEAR = re.compile(r"(?<![\d〔\[])(199\d|20[0-4]\d)(?=年|[-./]\d{1,2}[-./]\d{1,2})")


# 二〇二二年十二月: a date line in Chinese numerals.
CN_YEAR = re.compile(r"([一二〇零○Ｏ][〇零○Ｏ一二三四五六七八九]{3})年")
CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}


def _cn_year(line: str) -> int | None:
    """The year of a Chinese-numeral date line (二〇二二年 -> 2022), if it is a plausible one."""
    if match := CN_YEAR.search(line):
        year = int("".join(CN_DIGIT[c] for c in match.group(1)))
        if 1990 <= year <= 2049:
            return year
    return None


STAMP = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}:\d{2}")


def find_year(text: str) -> int | None:
    """The year the report states: in its date line (the last lines) if there is one, else the first
    plausible year in the text; None when it states none. Never the year of the import."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines[-3:]):
        if len(line) <= 30 and (match := YEAR.search(line)):
            return int(match.group(1))
        if len(line) <= 30 and (year := _cn_year(line)):
            return year
    stamped = None  # a page's stamp (2021-07-15 09:16:53) dates the copy: taken only when nothing else gives a year
    for line in lines:
        if match := YEAR.search(line):
            if not STAMP.search(line):
                return int(match.group(1))
            stamped = stamped or int(match.group(1))
    return stamped


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


def analyse(text: str, file: str, kb: KnowledgeBase | None = None, allow: frozenset[str] = frozenset(),
            read_warnings: list[Warning_] | None = None) -> Findings:
    """Findings for one report. Personal names are listed as warnings and replaced in the text
    that everything else (title, unit, labels, the draft) is taken from."""
    text, debris = remove_debris(_to_simplified().convert(clean_text(text)))
    found = [Warning_(f.kind, f.text, f.line) for f in lint.scan_text(text, file, people=False)]
    found += [Warning_("debris", removed, line) for line, removed in debris]
    people = names.find_names(text, allow)
    found = sorted(found + [Warning_("personal_name", n.name, n.line) for n in people], key=lambda w: w.line)
    text = names.redact(text, people)
    unit = find_unit(text)
    sector = choose_sector(unit, text)
    findings = Findings(
        file=file, title=find_title(text, unit), unit=unit, sector=sector, sections=find_sections(text),
        statistics=find_statistics(text), measures=suggest_measures(text, kb, sector), text=text,
    )
    if find_year(text) is None:
        found.append(Warning_("no_year", IMPORT["no_year"], 1))
    findings.warnings = list(read_warnings or []) + found
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
        first.warnings.append(Warning_("duplicate", IMPORT["duplicate_of_given"], 1, b))
        second.warnings.append(Warning_("duplicate", IMPORT["duplicate_of_given"], 1, a))
    if kb is None:
        return
    existing = [(f"data/reports/{r.id}.md", "".join(s.body for s in r.sections)) for r in kb.reports]
    for findings in all_findings:
        mine = lint.bigrams(findings.text)
        for name, body in existing:
            other = lint.bigrams(body)
            if mine and other and len(mine & other) / len(mine | other) >= DUPLICATE_OF_EXISTING:
                findings.warnings.append(Warning_("duplicate", IMPORT["duplicate_of_existing"], 1, name))
