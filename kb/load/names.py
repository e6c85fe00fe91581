"""Personal names in Chinese text: found, listed with their line, and replaced in drafts.

Two sources are combined. jieba's part-of-speech tagger (``jieba.posseg``, already in the stack,
dictionary inside the package, nothing downloaded at run time) tags person names ``nr``; measured
on this project's corpus it finds most names a few milliseconds per report. Rules catch what the
tagger misses or splits: a name after a job title (信息员 刘晓艳, 党总支副书记黄威：), bylines
(通讯员：张高燕 陈忠义; 编辑、责编、审核、作者 followed by names), and a name before 说/介绍/表示.
Place and unit names that look like names are excluded by suffix rules and by the allow-list in
``data/name_allowlist.txt``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from kb.core.messages import CHECK


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单"
    "季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝仝亓佴禚訾逯郄冼郗晁暴蔺鄢谌揭衣钭乜隗綦蒯芮郦储阙鞠荆练植粟雍茅逄鄂屠廉戈蔚宦"
    "隆邰南"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐")
# Surname characters that more often start an ordinary word (和楼栋, 向镇, 商超, 施策).
WEAK_SURNAMES = set("和向于时应全成明文安关包解查施商管连路车常高方华宁单严万易卫景席米古马钱周毛冷项简司温康齐乔庞颜农费杨段雷贺柴季白左江甘麦游辛虞敖巩池麻苑迟党")
# Job titles and roles after which a name may follow, longest first.
TITLES = sorted(_words(
    "书记 副书记 党总支书记 党总支副书记 党支部书记 党委书记 党委副书记 总支书记 支部书记 主任 副主任 校长 副校长 局长 副局长 "
    "班长 组长 副组长 部长 副部长 队长 副队长 院长 副院长 镇长 副镇长 乡长 副乡长 村长 主席 经理 总经理 医生 护士 护士长 党员 "
    "社长 站长 所长 科长 老师 教师 班主任 信息员 网格员 网格长 联络员 志愿者 通讯员 记者 编辑 责编 责任编辑 审核 审校 校对 作者 "
    "摄影 供稿 撰稿 主编 区长 副区长 县长 副县长 市长 副市长 委员 干部 民警 辅警 所长 指导员 管理员 保洁员 楼栋长 居民 村民 "
    "店主 业主 负责人 董事长 厂长 主管 专员 医师 主治医师 调研员 理事长 会长 秘书长 处长 副处长 主任医师 宣传委员 组织委员 "
    "校医 村医 乡医 卫生员 安全员 监督员 协管员 巡查员 驻村干部 第一书记 包村干部 社工 大妈 大爷 阿姨 师傅 "
    "学生 家长 市民 群众 患者 游客 员工 职工 工人 农民 商户 摊主 老人 考生 旅客 乘客 同学 大学生 护工 护理员 保安 快递员 "
    "外卖员 驾驶员 实习生 州长 副州长 省长 副省长 旗长 园长 副园长 总裁 副总裁 总监 董事 发言人 村民代表 居民代表 党员代表 群众代表 退休教师 返乡大学生 小区居民"
), key=len, reverse=True)
# After a name, words that make it a person for certain: what people say and do in reports.
SPEECH_AFTER = re.compile(r"说|讲|表示|介绍|告诉|坦言|感慨|笑着|谈到|指出|强调|提醒|要求|带领|带队|主持|部署|同志")
# What a given name may not start with after a job title: the next title or a function word (组长王副组长…).
NOT_GIVEN_START = ("组长", "组员", "副", "指挥", "成员", "委员", "主任", "书记", "部门", "负责", "分管", "牵头", "全体", "各", "带头",
                   "等", "为", "是", "同志", "和", "与", "在", "及", "们", "家", "人")
# A list of bare names in brackets after a name: 记者：王某（李某 赵某）.
PAREN_NAMES = re.compile(r"\s*[（(]((?:[\u4e00-\u9fff·]{2,4}(?:[\s、，,/]+|(?=[)）])))+)[)）]")
# Book-title marks: 《…明白卡》 is a document's name and never holds a redaction.
BOOK_TITLE = re.compile(r"《[^《》\n]{0,80}》")
BYLINE_WORDS = ("责任编辑", "通讯员", "记者", "编辑", "责编", "审核", "审校", "校对", "作者", "摄影", "供稿", "撰稿", "主编", "实习生",
                "编审", "监制", "签发", "终审", "初审", "复审", "审签", "责任校对", "口述", "讲述", "整理", "采写",
                "文", "图")
LONG_BYLINE_WORDS = tuple(w for w in BYLINE_WORDS if len(w) >= 2)  # 助理编辑 ends in one; 王景文 ends in 文, a name
# A byline: the word, a colon (or 丨/|), then names separated by spaces, 、 or ，.
BYLINE = re.compile(
    rf"(?:^|(?<=[\s（(【\[|丨/]))(?:{'|'.join(BYLINE_WORDS)})(?:[、/](?:{'|'.join(BYLINE_WORDS)}))*\s*[：:丨|/／]\s*"
    r"((?:(?:[\u4e00-\u9fff][ 　][\u4e00-\u9fff](?![\u4e00-\u9fff])|[\u4e00-\u9fff·]{2,4})(?:[\s、，,/]+|$|(?=[)）】］])))+)"
)
_SURNAME = rf"(?:{'|'.join(COMPOUND_SURNAMES)}|[{SURNAMES}])"
# What may follow a name: a speech verb, a colon, a list separator, the end of the clause.
_AFTER = r"(?=说|讲|表示|要求|主持|部署|一行|亲自|第一时间|立即|迅速|及时|多次|始终|一直|来到|深入|介绍|告诉|坦言|感慨|笑着|谈到|指出|强调|提醒|同志|等人|等同志|等|带领|带队|带头|牵头|负责|任|是|为|在|和|与|[：:、，,。；;！？!?”\"）)（(\s]|$)"
AFTER_TITLE = re.compile(rf"(?:{'|'.join(TITLES)})[\s　]*[：:]?[\s　]*({_SURNAME}[\u4e00-\u9fff]{{1,2}}?){_AFTER}")
# 'NAME说/介绍/表示': a surname and one or two characters directly before a speech verb.
BEFORE_SPEECH = re.compile(rf"(?<![\u4e00-\u9fff])({_SURNAME}[\u4e00-\u9fff]{{1,2}}?)(?=说|介绍|表示|告诉记者|强调|指出|认为|坦言|提出|感慨|回忆|笑着说)")
# 通讯员仝某某报道: after a byline word, two or three characters before 报道, 摄, 文, 图 or a stop are
# a name whatever the surname (uncertain tokens are redacted by default).
BYLINE_LOOSE = re.compile(
    r"(?:通讯员|记者|实习生|摄影|责任编辑|编辑|责编|撰稿|供稿)(?:[\s　:：]+([\u4e00-\u9fff]{2,3}?)(?=报道|摄影?|文|图|[\s　）)，,、；;。]|$)"
    r"|([\u4e00-\u9fff]{2,3}?)(?=报道|摄影?(?:[\s　）)，,、；;。]|$)))"
)
# After a job title, a surname and two characters that end where a word ends (书记周某某放弃…): a name
# unless the two characters are an ordinary word.
# 人员 and 工作人员 are titles only here, where the two characters must end a word and be no ordinary word.
LOOSE_TITLES = sorted([*TITLES, "工作人员", "人员"], key=len, reverse=True)
AFTER_TITLE_LOOSE = re.compile(rf"(?:{'|'.join(LOOSE_TITLES)})[\s　]*[：:]?[\s　]*({_SURNAME}[\u4e00-\u9fff]{{2}})")
# 记者 某某 某某: further names after a space inside a byline or brackets.
SPACE_NEXT = re.compile(rf"[\s　]+({_SURNAME}[\u4e00-\u9fff]{{1,2}})(?=[\s　）)]|$)")
# A line of nothing but two or three names (a byline without its label: 张某某 刘某).
NAMES_LINE = re.compile(rf"^\s*(?:{_SURNAME}[\u4e00-\u9fff]{{1,2}}(?:[\s　]+|$)){{1,4}}$")
# 许某某局长要求: a three-character name directly before a job title.
BEFORE_TITLE = re.compile(rf"({_SURNAME}[\u4e00-\u9fff]{{2}})(?=(?:局长|副局长|校长|院长|书记|主任|镇长|乡长|县长|区长|市长|经理|董事长|厂长|站长|所长|队长|部长|常委|主席|老师|医生|护士长|支书|同志|教授|主任医师|副主任医师|医师)"
                          rf"(?:[^\u4e00-\u9fff]|任|要求|强调|指出|主持|带领|介绍|表示|说|讲|在|对|为|是|和|与|等|一行|亲自))")
# 邓某某是某网格的党支部书记: a name at the start of a sentence, then 是 and a job title in the same clause.
NAME_IS_TITLE = re.compile(rf"(?:^|(?<=[。！？；\s“”]))({_SURNAME}[\u4e00-\u9fff]{{1,2}}?)是[^，。；！？]{{0,20}}?(?:{'|'.join(TITLES)})(?=[，。；！？的]|$)")
LIST_NEXT = re.compile(rf"[、和]({_SURNAME}[\u4e00-\u9fff]{{1,2}}?)(?=[、，,。；;：:等）)\s]|同志|$)")
LIST_NEXT_3 = re.compile(rf"、({_SURNAME}[\u4e00-\u9fff]{{2}})")
# Characters that end place and unit names: 张家湾村 and 李庄村 are places, not people.
# 遂宁2月16日讯（某某）, 讯（记者 某某 通讯员 某某）: the names of a news item's dateline byline.
DATELINE_BYLINE = re.compile(r"\d{1,2}日?讯\s*[（(]([^()（）\n]{2,40})[)）]")
# 介入治疗科某某教授: a two-character name between a department and a title.
DEPARTMENT_NAME_TITLE = re.compile(rf"(?<=[科室部处组队])({_SURNAME}[\u4e00-\u9fff])(?=教授|主任|医生|医师|护士长|护士|科长|组长|队长)")
# A three-character name run on directly after a byline's name, ending the line or its clause.
RUN_ON_NAME = re.compile(rf"({_SURNAME}[\u4e00-\u9fff]{{2}})(?=[\s　，,。）)]|$)")
# 新华社记者韩某某邰某某: two three-character names run together after a byline's word, ending the line.
BYLINE_PAIR = re.compile(rf"(?:记者|通讯员|编辑|摄影|摄)\s*({_SURNAME}[\u4e00-\u9fff]{{2}})({_SURNAME}[\u4e00-\u9fff]{{2}})(?=[\s　，,。）)]|$)")
# 策划：某某某审核：…: a name run straight into the next byline word.
BYLINE_RUN = re.compile(rf"(?:策划|审核|编辑|校对|监制|摄影|记者|责编|撰稿)[:：]({_SURNAME}[\u4e00-\u9fff]{{1,2}}?)"
                        r"(?=(?:策划|审核|编辑|校对|监制|摄影|责编|记者|初审|复审|终审|撰稿)[:：])")
# Characters a three-character name does not end in: 校长许某的领导下, 书记张某对记者说 end the name before them.
PARTICLE_END = set("的对在说也都就是将把被向从了着过又还等")
# What makes a word the tagger calls a name a place: a department of its own after it (芦溪生态环境局、).
PLACE_UNIT_AFTER = re.compile(r"(?:生态环境|卫生健康|卫健|教育|公安|民政|市场监管|市场监督管理|交通运输|文化旅游|文旅|住建|城管|应急管理|自然资源|人社|财政|商务)"
                              r"(?:局|委员会|委)")
PLACE_AFTER = set("村镇乡县市区省路街巷道湾庄屯寨坝桥山河湖港口园苑城楼院校局所站队厂店社组办委会部馆中园里坊堡营铺坪沟集寺")
# Words that are never names although they start with a surname character.
NOT_NAMES = _words(
    "高度 高效 高峰 高危 高风险 高速 高温 全面 全体 全部 全员 全力 全市 全区 全县 全镇 全村 常态 常态化 常规 常住 文明 文化 文件 文明城市 "
    "方面 方案 方式 方便 安全 安排 安置 明确 明显 明白纸 时间 时期 时段 时候 成员 成立 成效 成绩 向外 关于 关注 关键 关心 关爱 "
    "和谐 和平 金融 石油 江苏 江西 黄码 红码 绿码 车辆 车站 车间 车次 连续 连日 连夜 路口 路段 路线 管理 管控 管控区 管道 "
    "包保 包村 包联 包户 宣传 宣传员 党员 党委 党建 党组 党支部 党群 尤其 于是 于今 任务 任何 任务单 应急 应当 应该 服务 严格 严防 "
    "严控 万一 万人 易感 易发 卫生 卫健 华为 施工 单位 单元 景区 席位 米粒 古镇 马上 马路 钱款 周边 周末 周期 周围 毛巾 "
    "冷链 冷库 项目 简报 简要 师生 师资 司机 邱县 温度 康复 齐心 齐全 乔迁 庞大 颜色 农村 农户 农贸 农业 农民 费用 杨柳 "
    "包括 段落 雷锋 贺信 柴油 季度 白天 白班 左右 江边 甘肃 解决 解读 解除 简单 麦田 游客 辛苦 虞城 敖包 巩固 池塘 查验 查看 "
    "麻将 苑区 迟到 邝山 伍佰 姚安 胡同 欧洲 上官村 东方红 公孙树 司徒庙 "
    "胡萝卜 师幼 童叟 许可 许可证 安全法 范围广 向居民 向市民 向村民 向群众 向公众 向家长 向学生 向社会 向老人 向职工 向顾客"
)


@dataclass(frozen=True)
class Name:
    line: int
    name: str
    start: int  # offset in the line
    role: str = ""  # the job title directly before the name, if any


def _jieba() -> ModuleType:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.ERROR)
    return jieba.posseg


def tagger() -> ModuleType:
    """jieba's part-of-speech tagger (the jieba.posseg module), initialised once."""
    return _tagger()


@cache
def _tagger() -> ModuleType:
    posseg = _jieba()
    posseg.initialize()
    return posseg


ALLOWLIST = "name_allowlist.txt"  # in data/: place and unit names that look like personal names


def read_allowlist(path: Path) -> tuple[frozenset[str], list[str]]:
    """Entries of data/name_allowlist.txt and problems as 'file:line: message' (in Chinese)."""
    entries: set[str] = set()
    problems: list[str] = []
    if not path.is_file():
        return frozenset(), problems
    shown = f"data/{path.name}"
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        entry = raw.split("#", 1)[0].strip()
        if not entry:
            continue
        if not re.fullmatch(r"[\u4e00-\u9fff·]{2,12}", entry):
            problems.append(CHECK["allowlist_not_a_name"].format(file=shown, line=number, entry=entry))
        elif entry in entries:
            problems.append(CHECK["allowlist_duplicate"].format(file=shown, line=number, entry=entry))
        entries.add(entry)
    return frozenset(entries), problems


# Words after a token that make it a place's or a business's name: 金霖养老公寓, 明珠大酒店.
FACILITY_AFTER = re.compile(r"养老|公寓|酒店|宾馆|饭店|超市|商场|公司|集团|医院|诊所|学校|小区|花园|广场|大厦|市场|中心|驿站|农庄|山庄")
# Last characters of documents and cards handed out, never of a name: 明白卡, 联系卡, 承诺书.
DOCUMENT_END = set("卡纸单表册证码书函")


def _is_name(candidate: str, line: str, end: int) -> bool:
    if not 2 <= len(candidate) <= 4 or candidate in NOT_NAMES or candidate[-1] in DOCUMENT_END:
        return False
    if not re.match(_SURNAME, candidate):
        return False
    return not (end < len(line) and (line[end] in PLACE_AFTER or FACILITY_AFTER.match(line, end)))


def _tagged_name(word: str) -> bool:
    """Whether a word the tagger calls a person name is likely one.

    jieba's dictionary tags many ordinary words nr (张贴, 查明, 顾客): a two-character word from the
    dictionary is taken only when it is rare there, a name must not end in a place or office
    character (卫生科, 向镇), and surnames that are also common words (和, 向, 商) need three characters.
    """
    if word[-1] in PLACE_AFTER or word[-1] in "科处办员长性化度型率者们级式网站":
        return False
    if len(word) == 4 and word[:2] not in COMPOUND_SURNAMES:
        return False
    frequency = _tagger().dt.word_tag_tab.get(word) and _tagger().dt.tokenizer.FREQ.get(word, 0)
    if len(word) == 2 and frequency and frequency > 20:
        return False
    if word[0] in "和与及向于对在把被给从":
        return False
    # 和|楼栋, 向|镇: a common-word surname needs a given name that is not a word of its own
    return not (word[0] in WEAK_SURNAMES and (len(word) == 2 or _tagger().dt.tokenizer.FREQ.get(word[1:])))


def _given_name_ok(name: str, after: str) -> bool:
    """Whether what follows a surname after a job title is a given name, not the next word.

    刘和平 and 张成功 are names although 和平 and 成功 are words: when a speech or action verb follows
    (介绍, 说, 带领) the name is taken; otherwise a given name may not start with a title or a function
    word, and after a surname that is also a common word (和, 安) it may not be a word of its own.
    """
    if SPEECH_AFTER.match(after):
        return True
    given = name[1:] if name[:2] not in COMPOUND_SURNAMES else name[2:]
    if (given + after).startswith(NOT_GIVEN_START):
        return False
    if len(name) == 2 and name[0] in WEAK_SURNAMES and _common_word(name):
        return False  # 家长高兴: an ordinary word after a role
    if len(name) == 3 and name[0] in WEAK_SURNAMES and _common_word(name[:2]):
        return False  # 村干部白天要…: 白天 is a word, not a surname and a given name
    frequency = _tagger().dt.tokenizer.FREQ.get(given, 0) if len(given) == 2 else 0
    return not (name[0] in WEAK_SURNAMES and frequency > 200)


def _bare_name_ok(token: str) -> bool:
    """Whether a token on a line of bare names is a name: not an ordinary word, not in NOT_NAMES."""
    frequency = _tagger().dt.tokenizer.FREQ.get(token, 0)
    return token not in NOT_NAMES and not (frequency > 20 and _tagger().dt.word_tag_tab.get(token, "nr") != "nr")


def _loose_name_ok(name: str, line: str, start: int) -> bool:
    """Whether a surname and two characters after a job title are a name although no verb or stop
    follows (第一书记周某某放弃…, 分诊人员李某某查验…): they must end where the tagger ends a word, the
    given name must not start with a title or a function word, and it must not be an ordinary word."""
    if name in NOT_NAMES or name[:2] in NOT_NAMES or not _is_name(name, line, start + len(name)):
        return False
    given = name[1:]
    if name[0] in "和向于时应全成连常严万易与及":
        return False  # 书记和物业…: a conjunction or an adverb, not a surname, when nothing else says name
    if given.startswith(NOT_GIVEN_START) or given[0] in "的了在是和与及也都就还又而被把将对从于为以着过等要会能可":
        return False
    tags, frequency = _tagger().dt.word_tag_tab, _tagger().dt.tokenizer.FREQ
    for word in (given, name[:2]):
        if frequency.get(word, 0) > 20 and tags.get(word, "nr") in ("n", "v", "vn", "a", "d", "ad", "an", "p", "c", "u", "r", "m", "q", "t", "f", "l", "i"):
            return False  # 和|老师, 全部|到
    position = 0
    for word, _flag in _tagger().cut(line[start:start + 8]):
        position += len(word)
        if position >= len(name):
            return position == len(name)
    return False


def _before_title_ok(name: str, line: str, start: int) -> bool:
    """Whether three characters before a job title are a name (许某某局长), not the end of a unit's or
    a word's name (商场总经理, 安保部经理, 公司项目经理)."""
    if name in NOT_NAMES or name[-1] in "部总目司处科室组队办院局所站厂校会委区县市镇乡村场店团副":
        return False
    frequency = _tagger().dt.tokenizer.FREQ
    if start > 0 and frequency.get(line[start - 1] + name[0], 0) > 100:
        return False  # 公司|项目: the first character belongs to the word before
    if frequency.get(name[:2], 0) > 200 and _tagger().dt.word_tag_tab.get(name[:2], "n")[:1] in "vdpcua":
        return False  # 成立|由校长, 安全|由校长: a verb or an adjective, not a surname and a given name
    if frequency.get(name[1:], 0) > 20 and _tagger().dt.word_tag_tab.get(name[1:], "n")[:1] == "v":
        return False  # 向|接诊医生: a preposition before a verb
    return not (frequency.get(name[1:], 0) > 200 and _tagger().dt.word_tag_tab.get(name[1:], "nr") != "nr") and not _common_word(name)


def _cut_short(line: str, end: int) -> bool:
    """Whether the character after a two-character name belongs to it: the tagger glued it to the next
    word into a token the dictionary does not know (珊是), and 是, 说 or a stop follows it."""
    if end >= len(line) or not re.match(r"[\u4e00-\u9fff]", line[end]) or line[end] in PLACE_AFTER:
        return False
    if not (re.match(r"是|[，。、；：:\s）)]", line[end + 1:end + 3]) or SPEECH_AFTER.match(line, end + 1)
            or re.match(_AFTER, line[end + 1:])):
        return False
    token = line[end:end + 2]
    return _tagger().dt.tokenizer.FREQ.get(token, 0) == 0 and line[end] not in "的了在是和与及也都就还又而被把将对从向于为以着过等"


def _common_word(word: str) -> bool:
    """Whether jieba's dictionary knows the word as a frequent ordinary word (not a name)."""
    frequency = _tagger().dt.tokenizer.FREQ.get(word, 0)
    return frequency > 50 and _tagger().dt.word_tag_tab.get(word, "nr") != "nr"


def _in_allowed(line: str, start: int, end: int, allow: frozenset[str]) -> bool:
    """Whether line[start:end] lies inside an allow-listed place or unit name on that line."""
    for entry in allow:
        position = line.find(entry)
        while position >= 0:
            if position <= start and end <= position + len(entry):
                return True
            position = line.find(entry, position + 1)
    return False


def find_names(text: str, allow: frozenset[str] = frozenset()) -> list[Name]:
    """Personal names in the text, in order, each with its line and the role before it."""
    names: list[Name] = []
    lines = text.splitlines()
    tagger = _tagger() if any(re.search(r"[\u4e00-\u9fff]", line) for line in lines) else None
    for number, line in enumerate(lines, 1):
        found: dict[int, Name] = {}

        def add(start: int, name: str, role: str = "", line: str = line, number: int = number,
                found: dict[int, Name] = found) -> None:
            if len(name) == 3 and name[-1] in PARTICLE_END and name[:2] not in COMPOUND_SURNAMES:
                name = name[:2]
            if len(name) == 3 and name[0] in "和与及同跟" and re.match(_SURNAME, name[1:]):
                name, start = name[1:], start + 1  # 书记和陈某: the conjunction is not the surname
            end = start + len(name)
            if _in_allowed(line, start, end, allow) or name in NOT_NAMES or (len(name) > 2 and name.endswith(LONG_BYLINE_WORDS)):
                return  # 助理编辑: a byline's word, not a name
            if any(b.start() < start < b.end() for b in BOOK_TITLE.finditer(line)):
                return  # 《疫情防控明白卡》: a document's name
            if any(s <= start < s + len(n.name) or start <= s < end for s, n in found.items()):
                return
            found[start] = Name(number, name, start, role)

        for match in BYLINE.finditer(line):
            offset = match.start(1)  # 某 某: a two-character name set with a space between
            for token in re.finditer(r"[\u4e00-\u9fff][ 　][\u4e00-\u9fff](?![\u4e00-\u9fff])|[\u4e00-\u9fff·]{2,4}", match.group(1)):
                if token.group(0) not in NOT_NAMES and token.group(0) not in BYLINE_WORDS:
                    add(offset + token.start(), token.group(0))
        for match in DATELINE_BYLINE.finditer(line):
            for token in re.finditer(r"[\u4e00-\u9fff·]{2,4}", match.group(1)):
                word = token.group(0)
                if word not in BYLINE_WORDS and re.match(_SURNAME, word) and word not in NOT_NAMES and not _common_word(word):
                    add(match.start(1) + token.start(), word)
        for match in BYLINE_RUN.finditer(line):
            if match.group(1) not in NOT_NAMES:
                add(match.start(1), match.group(1))
        for match in BYLINE_PAIR.finditer(line):
            for group in (1, 2):
                if match.group(group) not in NOT_NAMES and not _common_word(match.group(group)):
                    add(match.start(group), match.group(group))
        for match in DEPARTMENT_NAME_TITLE.finditer(line):
            if match.group(1) not in NOT_NAMES and not _common_word(match.group(1)):
                add(match.start(1), match.group(1))
        for match in AFTER_TITLE.finditer(line):
            name = match.group(1)
            if _is_name(name, line, match.end(1)) and _given_name_ok(name, line[match.end(1):]):
                title = match.group(0)[: match.start(1) - match.start(0)].strip(" 　：:")
                add(match.start(1), name, title)
        if len(line) <= 24 and NAMES_LINE.match(line):
            tokens = list(re.finditer(r"[\u4e00-\u9fff]+", line))
            if len(tokens) >= 2 and all(_bare_name_ok(t.group(0)) for t in tokens):
                for token in tokens:
                    add(token.start(), token.group(0))
        for match in AFTER_TITLE_LOOSE.finditer(line):
            name = match.group(1)
            if _loose_name_ok(name, line, match.start(1)):
                add(match.start(1), name, match.group(0)[: match.start(1) - match.start(0)].strip(" 　：:"))
        for match in BYLINE_LOOSE.finditer(line):
            group = 1 if match.group(1) else 2
            name = match.group(group)
            if name not in NOT_NAMES and name not in BYLINE_WORDS and not _common_word(name) and not re.match(r"[我你他她们本该各全]", name):
                add(match.start(group), name)
        for match in BEFORE_TITLE.finditer(line):
            name = match.group(1)
            if _before_title_ok(name, line, match.start(1)):
                add(match.start(1), name)
        for match in NAME_IS_TITLE.finditer(line):
            name = match.group(1)
            if _is_name(name, line, match.end(1)) and not _common_word(name):
                add(match.start(1), name)
        for match in BEFORE_SPEECH.finditer(line):
            name = match.group(1)
            if _is_name(name, line, match.end(1)) and not set(name[1:]) & set("们他她人家"):
                add(match.start(1), name)
        if tagger is not None and re.search(r"[\u4e00-\u9fff]", line):
            position = 0
            for word, flag in tagger.cut(line):
                start = position
                position += len(word)
                if flag != "nr" or word in NOT_NAMES:
                    continue
                if len(word) == 2 and not re.match(_SURNAME, word) and start > 0 and re.match(_SURNAME, line[start - 1]):
                    word, start = line[start - 1] + word, start - 1  # 马|俊杰: the tagger split off the surname
                if len(word) < 2 or len(word) > 4 or not _is_name(word, line, start + len(word)) or not _tagged_name(word):
                    continue
                if PLACE_UNIT_AFTER.match(line, start + len(word)):
                    continue  # 芦溪生态环境局: a county's office
                if line[start - 1:start] == "“" and line[start + len(word):start + len(word) + 1] == "”":
                    continue  # 防疫“金钟罩”: a figure of speech in quotes
                if len(word) == 2 and _cut_short(line, start + 2):
                    word = line[start:start + 3]  # 李嘉|珊是: the tagger cut the given name short
                add(start, word)
        for start in sorted(found):  # 记者：王某（李某 赵某）: bare names in brackets after a name
            end = start + len(found[start].name)
            if bracket := PAREN_NAMES.match(line, end):
                for token in re.finditer(r"[\u4e00-\u9fff·]{2,4}", bracket.group(1)):
                    if re.match(_SURNAME, token.group(0)) and token.group(0) not in NOT_NAMES:
                        add(bracket.start(1) + token.start(), token.group(0))
        for start in sorted(found):  # （龚某 易某）: names after a space, up to the bracket
            position = start + len(found[start].name)
            while (match := SPACE_NEXT.match(line, position)) and _is_name(match.group(1), line, match.end(1)):
                if match.group(1) in NOT_NAMES or _common_word(match.group(1)):
                    break
                add(match.start(1), match.group(1))
                position = match.end(1)
        for start in sorted(found):  # 新华社记者董某某邰某某: a second name run on at the end of a byline
            name = found[start]
            end = start + len(name.name)
            if name.role in BYLINE_WORDS and (run_on := RUN_ON_NAME.match(line, end)) and _is_name(run_on.group(1), line, run_on.end(1)):
                add(run_on.start(1), run_on.group(1), name.role)
        for start in sorted(found):  # 志愿者马俊杰、钱多多: the rest of a list of names
            name = found[start]
            position = start + len(name.name)
            while match := (LIST_NEXT.match(line, position) or (len(name.name) == 3 and LIST_NEXT_3.match(line, position))):
                candidate = match.group(1)
                if not _is_name(candidate, line, match.end(1)) or candidate in NOT_NAMES:
                    break
                add(match.start(1), candidate, name.role)
                position = match.end(1)
        names += [found[s] for s in sorted(found)]
    return _lengthen(names, lines)


def _lengthen(names: list[Name], lines: list[str]) -> list[Name]:
    """A name found cut short where the whole one is found elsewhere in the text (刘某|干察看 beside
    刘某干来到) is taken whole."""
    whole = sorted({n.name for n in names}, key=len, reverse=True)
    out = []
    for name in names:
        line = lines[name.line - 1]
        longer = next((w for w in whole if len(w) > len(name.name) and w.startswith(name.name)
                       and line.startswith(w, name.start)), None)
        out.append(Name(name.line, longer, name.start, name.role) if longer else name)
    return out


def redact_line(line: str, names: list[Name]) -> str:
    """The line with each name replaced: by nothing after a job title (the title stays), else 某某."""
    for name in sorted(names, key=lambda n: -n.start):
        replacement = "" if name.role else "某某"
        line = line[: name.start] + replacement + line[name.start + len(name.name):]
    return line


def redact(text: str, names: list[Name]) -> str:
    """The text with every found name replaced; line numbers stay the same."""
    by_line: dict[int, list[Name]] = {}
    for name in names:
        by_line.setdefault(name.line, []).append(name)
    lines = text.split("\n")
    for number, found in by_line.items():
        lines[number - 1] = redact_line(lines[number - 1], found)
    text = "\n".join(lines)
    for name in sorted({n.name for n in names}, key=len, reverse=True):
        text = text.replace(name, "某某")  # the same person named again where no rule saw it
    return text
