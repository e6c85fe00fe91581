"""Every message an editor can see, in Chinese, in one file so that they can be reviewed together.

``CATALOGUE`` holds the data problems (``kb check`` and the build): each entry has a key, the text
with ``{placeholders}``, whether it stops the build (error) or only warns, and an example of its
placeholders for the editors' guide. ``tests/fixtures/problems.yml`` holds one bad input per entry
and the exact line it must produce.

The other sections are plain texts with ``{placeholders}``, used as ``IMPORT["empty"].format()``:
run summaries, the commands' messages (``kb import``, ``kb new``, ``kb diff``, the build) and the
labels of content findings. ``SECTIONS`` lists them for the editors' guide and the tests, which
check that every key used in the code exists here and every entry here is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    text: str
    severity: str = "error"  # error: the build stops; warning: reported, the build goes on
    example: dict = field(default_factory=dict)
    field: str = ""  # the field the example points at, for the editors' guide
    file: str = "data/checklists/schools.yml"

    def format(self, **values: object) -> str:
        return self.text.format(**values)


CATALOGUE: dict[str, Message] = {
    # Reading files
    "cannot_read": Message("无法读取文件：{reason}", example={"reason": "权限不足"}),
    "not_utf8": Message("文件不是 UTF-8 编码；请另存为 UTF-8", example={}),
    "symlink": Message("这是符号链接：data/ 和 docs/ 里只能放普通文件和文件夹，链接不会被读取；请换成文件本身", example={},
                       file="data/sources/school-hygiene-rule.yml"),
    "empty_file": Message("文件是空的；应当是 YAML 数据", example={}),
    "control_character": Message("含有控制字符 {char}；请删除", example={"char": "U+0000"}),
    "file_too_large": Message("文件有 {size} 字节，超过上限 {limit} 字节；请拆分", example={"size": 9000000, "limit": 8388608}),
    "file_missing": Message("缺少这个文件", example={}, file="data/glossary.yml"),
    "unexpected_file": Message("多余的文件；{folder}/ 只放 {suffixes} 文件", example={"folder": "checklists", "suffixes": ".yml .yaml"},
                               file="data/checklists/说明.txt"),
    "duplicate_stem": Message("重复的文件：{other} 已经定义了“{stem}”", example={"other": "data/sectors/schools.yaml", "stem": "schools"},
                              file="data/sectors/schools.yml"),
    "duplicate_content": Message("重复的文件：内容与 {other} 相同", example={"other": "data/reports/RPT-001.md"},
                                 file="data/reports/RPT-002.md"),
    # YAML
    "yaml_syntax": Message("YAML 格式错误：{what}", example={"what": "could not find expected ':'"}),
    "yaml_tab": Message("YAML 格式错误：用了制表符缩进；YAML 只能用空格缩进", example={}),
    "yaml_duplicate_key": Message("键“{key}”重复（第 {line} 行已经写过）", example={"key": "frequency", "line": 15},
                                  field="measures[0].frequency"),
    "yaml_too_deep": Message("嵌套超过 {limit} 层；数据文件用不到这么深的结构", example={"limit": 40}),
    "yaml_too_many_aliases": Message("YAML 别名（*名称）展开的内容超过上限 {limit} 项；请直接写出内容", example={"limit": 10000}),
    "number_too_long": Message("数字有 {length} 个字符，超过上限 {limit} 个；请检查是否多写了数字", example={"length": 5000, "limit": 30},
                               file="data/reports/RPT-001.md"),
    "yaml_bad_value": Message("“{value}”不能读作 !!{tag}；请去掉 !!{tag} 标记或改正这个值", example={"value": "abc", "tag": "int"}),
    "front_matter_missing": Message("第一行应当是 '---'，开始 YAML 前置元数据", example={}, file="data/reports/RPT-001.md"),
    "front_matter_unclosed": Message("前置元数据没有用 '---' 行结束", example={}, file="data/reports/RPT-001.md"),
    # Values
    "not_finite": Message("{found} 不是有限的数字", example={"found": ".inf"}, field="statistics[0].value",
                          file="data/reports/RPT-001.md"),
    "not_a_date": Message("“{found}”不是真实存在的日期", example={"found": "2026-13-45"}, field="edition.reviewed"),
    "date_in_future": Message("{found} 晚于今天（{today}）；复核和生效日期不能写将来的日子",
                              example={"found": "2099-01-01", "today": "2026-11-28"}, field="edition.reviewed"),
    "reviewed_before_change": Message("最近复核日期 {reviewed} 早于最新一条修订说明的日期 {changed}",
                                      example={"reviewed": "2026-01-01", "changed": "2026-03-01"}, field="edition.reviewed"),
    # Schema
    "schema_enum": Message("{found} 不是可用的取值；可用：{expected}", example={"found": "'常规'", "expected": "routine, response, historical"},
                           field="measures[1].status"),
    "schema_required": Message("缺少这个必填字段", example={}, field="measures[0].frequency"),
    "schema_unknown_field": Message("未知字段；可用的字段：{allowed}", example={"allowed": "id, title, detail"}, field="measures[0].often"),
    "schema_type": Message("应为{expected}，实际是{found}", example={"expected": "映射（键: 值）", "found": "列表"},
                           field="measures[0].responsible"),
    "schema_blank": Message("不能为空白", example={}, field="measures[0].title"),
    "schema_pattern": Message("{found} 的格式不对：{hint}", example={"found": "'SCH-1'", "hint": "措施编号，如 SCH-001"},
                              field="measures[0].id"),
    "schema_too_short": Message("{found} 太短；至少 {limit} 个字", example={"found": "'消毒'", "limit": 10}, field="measures[0].detail"),
    "schema_too_long": Message("{found} 太长；最多 {limit} 个字", example={"found": "'…'", "limit": 30}, field="measures[0].title"),
    "schema_one_of": Message("只能写其中一项：{options}", example={"options": "report: … / document: …"}),
    "schema_empty": Message("不能是空列表", example={}, field="measures[0].records"),
    "schema_min_items": Message("至少要有 {limit} 项", example={"limit": 2}),
    "schema_unique": Message("列表中有重复项", example={}, field="measures[0].diseases"),
    "schema_positive": Message("{found} 太小；应为正数", example={"found": 0}, field="statistics[0].value", file="data/reports/RPT-001.md"),
    "schema_too_large": Message("{found} 太大；最大为 {limit}", example={"found": 10**13, "limit": 10**12}, field="statistics[0].value",
                                file="data/reports/RPT-001.md"),
    "schema_other": Message("不符合数据格式：{detail}", example={"detail": "…"}),
    # Identity and references
    "name_mismatch": Message("“{value}”与文件名不符；应为“{expected}”", example={"value": "RPT-001", "expected": "RPT-005"},
                             field="id", file="data/reports/RPT-005.md"),
    "duplicate_id": Message("{kind}“{key}”重复（已在 {where} 定义）",
                            example={"kind": "措施", "key": "SCH-001", "where": "data/checklists/schools.yml:10"}, field="measures[1].id"),
    "lookalike": Message("{found} 中有 {char}（{name}）：看不见或与普通字符形似，编号、代码和术语里不能有；请删去后重新输入",
                         example={"found": "'SCH-001\\u200b'", "char": "U+200B", "name": "ZERO WIDTH SPACE"}, field="measures[0].id"),
    "reference_cycle": Message("{kind}形成循环：{cycle}；{field} 不能直接或间接指回自己",
                               example={"kind": "依据文件的替代关系", "cycle": "old-plan → new-plan → old-plan", "field": "replaced_by"},
                               field="replaced_by", file="data/sources/old-plan.yml"),
    "prefix_taken": Message("前缀“{prefix}”已经是行业“{other}”的前缀", example={"prefix": "SCH", "other": "schools"},
                            field="id_prefix", file="data/sectors/kindergartens.yml"),
    "wrong_prefix": Message("“{id}”没有以本行业的前缀“{prefix}-”开头", example={"id": "CMT-001", "prefix": "SCH"}, field="measures[0].id"),
    # Regional editions (data/regions/<code>/, kb.load.regions)
    "region_unknown": Message("没有地区“{code}”：data/regions/ 下没有这个文件夹或其中没有 region.yml；已有：{known}",
                              example={"code": "hainan", "known": "guangdong, yunfu"}, file="data/regions/hainan/region.yml"),
    "region_parent_missing": Message("上级地区“{parent}”不存在（没有 {folder}）；县级、市级地区版包含上级地区的内容，须先建立上级地区",
                                     example={"parent": "nowhere", "folder": "data/regions/nowhere/region.yml"}, field="parent",
                                     file="data/regions/yunfu/region.yml"),
    "region_parent_required": Message("{level} 级的地区必须写上级地区（parent）", example={"level": "city"}, field="level",
                                      file="data/regions/yunfu/region.yml"),
    "region_parent_not_allowed": Message("省级地区没有上级地区；请删去 parent: {parent}", example={"parent": "guangdong"}, field="parent",
                                         file="data/regions/guangdong/region.yml"),
    "region_parent_level": Message("上级地区“{parent}”是 {found} 级；{level} 级地区的上级只能是 {allowed} 级",
                                   example={"parent": "yunfu", "found": "city", "level": "city", "allowed": "province"}, field="parent",
                                   file="data/regions/yunfu/region.yml"),
    "region_parent_cycle": Message("上级地区形成循环：{path}", example={"path": "guangdong → yunfu → guangdong"}, field="parent",
                                   file="data/regions/yunfu/region.yml"),
    "region_prefix_taken": Message("前缀“{prefix}”已经是地区“{other}”的前缀；每个地区的前缀不同，措施编号才不会重复",
                                   example={"prefix": "GD", "other": "guangdong"}, field="id_prefix", file="data/regions/yunfu/region.yml"),
    "region_wrong_prefix": Message("“{id}”没有以本地区本行业的前缀“{prefix}”开头；地区增加的措施编号写作 {prefix}001",
                                   example={"id": "SCH-101", "prefix": "GD-SCH-"}, field="measures[0].id",
                                   file="data/regions/guangdong/checklists/schools.yml"),
    "region_rewrites_national": Message("“{id}”是全国版的措施：地区版不能改写全国措施；本地的补充规定请写在 notes 里（对这项措施的说明）",
                                        example={"id": "SCH-001"}, field="measures[0].id", file="data/regions/guangdong/checklists/schools.yml"),
    "region_removes": Message("地区版不能删除全国措施“{id}”；本地不适用或另有规定时，请在 notes 里写明并注明依据",
                              example={"id": "SCH-001"}, field="remove[0]", file="data/regions/guangdong/checklists/schools.yml"),
    "region_basis_missing": Message("{region}增加的措施“{id}”没有依据：地区增加的每项措施都要写明本地或全国的现行依据（basis）",
                                    example={"region": "广东省", "id": "GD-SCH-001"}, field="measures[0].basis",
                                    file="data/regions/guangdong/checklists/schools.yml"),
    "unknown_reference": Message("未知的{kind}“{key}”{hint}", example={"kind": "依据文件", "key": "nowhere", "hint": "；已有：law-2025"},
                                 field="measures[0].basis[0].source"),
    "unit_mismatch": Message("“{unit}”与指标“{indicator}”的单位不符；应为“{expected}”",
                             example={"unit": "块", "indicator": "banners", "expected": "条"}, field="statistics[0].unit",
                             file="data/reports/RPT-001.md"),
    "no_sections": Message("正文没有分节；每一节写在“## ”标题下", example={}, field="body", file="data/reports/RPT-001.md"),
    "guide_missing": Message("行业“{code}”缺少指引页", example={"code": "schools"}, file="docs/guide/schools.md"),
    "disease_page_missing": Message("疾病“{code}”缺少介绍页", example={"code": "norovirus"}, file="docs/diseases/norovirus.md"),
    "cache_tracked": Message("构建缓存不能提交到仓库：缓存只在生成它的机器上有效，提交的缓存一律不用；请执行 git rm -r --cached .cache",
                             example={}, file=".cache/kb-data.json"),
    # Provenance and currency
    "source_address_denied": Message("{url} 在禁用网站 {domain} 上：文库、标准转卖和带垃圾内容的网站不能作为核对依据；请到发布机关网站、"
                                     "政府或疾控网站、国家法律法规数据库或权威媒体核对（网站分类见 data/evidence.yml）",
                                     example={"url": "https://www.doc88.com/p-1.html", "domain": "doc88.com"},
                                     field="checked.read_at[0]", file="data/sources/school-hygiene-rule.yml"),
    "source_reprint_only": Message("只在转载网站上核对过：请到发布机关网站、政府或疾控网站、国家法律法规数据库或权威媒体找到原文再核对；"
                                   "找不到时在 editors 中写明", severity="warning", example={}, field="checked.read_at",
                                   file="data/sources/school-hygiene-rule.yml"),
    "period_reversed": Message("适用期间的截止 {end} 早于起始 {start}", example={"start": "2026-04", "end": "2025-10"},
                               field="period.to", file="data/sources/school-hygiene-rule.yml"),
    "basis_period_ended": Message("这项现行措施的依据都已过了适用期间：{sources}；请改用新的文件或长期有效的规定", severity="warning",
                                  example={"sources": "秋冬季通知（2025—2026 年秋冬季）"}, field="measures[0].basis"),
    "basis_unpinned": Message("依据 {source} 没有写明亲眼见到的条款号（{note}）：找到条款后写入 section 并删去 unverified",
                              severity="warning", example={"source": "school-hygiene-rule", "note": "关于晨检的规定"},
                              field="measures[0].basis[0].section"),
    "editors_phrase": Message("公开文本里写了编辑的核对情况（“{phrase}”）：读者看到的只写核实过的内容，核对情况写在 editors 字段"
                              "（依据条款写在 unverified）", example={"phrase": "未核实"}, field="measures[0].detail"),
    "basis_missing": Message("{status}措施必须写明依据（basis）：现行有效的文件及条款", example={"status": "常态化"},
                             field="measures[0].basis"),
    "basis_not_in_force": Message("依据“{source}”{state}，不能作为现行措施的依据{replaced}",
                                  example={"source": "school-reporting-2006", "state": "已被替代", "replaced": "；现行文件：reporting-2026"},
                                  field="measures[0].basis[0].source"),
    "trigger_missing": Message("应急处置措施必须写明触发情形（trigger）：{expected}", example={"expected": "case, cluster, declared"},
                               field="measures[0].trigger"),
    "trigger_not_allowed": Message("只有应急处置措施才写触发情形（trigger）；本措施的状态是{status}", example={"status": "常态化"},
                                   field="measures[0].trigger"),
    "historical_without_report": Message("历史做法必须由示例汇报记录：至少一份汇报的 actions 引用 {id}", example={"id": "SCH-001"},
                                         field="measures[0].status"),
    "emergency_wording": Message("常态化措施里出现应急管控用语“{word}”；改为应急处置或历史做法，或者改写",
                                 example={"word": "封闭管理"}, field="measures[0].detail"),
    "replaced_by_missing": Message("状态为{status}的文件须写明 replaced_by（由哪个文件替代），或在 note 中说明", example={"status": "已被替代"},
                                   field="replaced_by", file="data/sources/old-plan.yml"),
    "replaced_by_in_force": Message("replaced_by 只用于已被替代或废止的文件", example={}, field="replaced_by", file="data/sources/old-plan.yml"),
    "source_uncited": Message("这个现行文件没有被任何措施、响应情形或疾病引用", severity="warning", example={}, field="id",
                              file="data/sources/unused-plan.yml"),
    "total_mixed_units": Message("合计指标“{total}”（{expected}）不能加上单位不同的“{part}”（{unit}）",
                                 example={"total": "personnel-total", "expected": "人", "part": "banners", "unit": "条"},
                                 field="indicators[5].sum_of[1]", file="data/indicators.yml"),
    "total_not_summable": Message("指标“{part}”标明不可相加（summable: false），不能计入合计“{total}”",
                                  example={"part": "meetings", "total": "personnel-total"}, field="indicators[5].sum_of[0]",
                                  file="data/indicators.yml"),
    "total_mismatch": Message("合计“{total}”写的是 {reported}，各组成项相加是 {computed}", severity="warning",
                              example={"total": "personnel-total", "reported": 220, "computed": 210}, field="statistics[6].value",
                              file="data/reports/RPT-002.md"),
    "points_mismatch": Message("正文说有{announced}，但接下来只列出了 {listed} 项", severity="warning",
                               example={"announced": "五个方面", "listed": 4}, field="body", file="data/reports/RPT-009.md"),
    # Safety of data text
    "unsafe_markup": Message("数据文本中不允许 {what}；请写成纯文字", example={"what": "HTML 标签 <script>"}, field="sections",
                             file="data/reports/RPT-001.md"),
    # Pages
    "marker_unknown": Message("未知的标记“kb:{name}”；可用：{expected}", example={"name": "nope", "expected": "changelog, glossary"},
                              field="marker", file="docs/guide/schools.md"),
    "marker_misplaced": Message("标记“kb:{name}”：{reason}", example={"name": "guide-reports", "reason": "只能放在行业指引页 guide/<代码>.md 上"},
                                field="marker", file="docs/about.md"),
}

# Summaries printed at the end of a run.
SUMMARY: dict[str, str] = {
    "build_aborted": "知识数据中有 {count} 个问题，未生成任何内容。",
    "markers_aborted": "页面标记有 {count} 个问题，未生成任何内容。",
    "check_failed": "kb check：发现 {errors} 个错误、{warnings} 个警告。",
    "check_warnings": "kb check：没有错误，有 {warnings} 个警告。",
    "check_passed": "kb check：数据和页面检查通过。",
    "evidence_coverage": "核对进度：现行措施的依据 {pinned}/{bases} 条写明了见到的条款（{bases_share}）；现行依据文件 {checked}/{sources} 份"
                         "对照官方文本或权威媒体核对过（{sources_share}）。",
}

# How each kind of content finding is named (kb check and kb import); the keys are the kinds.
FINDING_LABELS: dict[str, str] = {
    "placeholder": "模板占位符",
    "boilerplate": "网站转载残留",
    "personal_name": "疑似个人姓名",
    "duplicate": "内容相近",
    "unreadable": "读取不全",
    "debris": "转换残留（已删去）",
    "no_year": "原文未写明年份",
}

# Lines of kb check beyond the data problems: content findings, the name allow-list, the warning label.
CHECK: dict[str, str] = {
    "finding": "{file}:{line}: {label}：“{text}”{other}",
    "see_also": "（另见 {other}）",
    "warning_label": "警告：",
    "allowlist_not_a_name": "{file}:{line}: 姓名例外表的每一行应是 2 到 12 个汉字（地名或单位名），不是 {entry!r}",
    "allowlist_duplicate": "{file}:{line}: 姓名例外表中 {entry!r} 重复",
}

# kb import: why a file cannot be read, the parts of a Word file that are skipped, and warnings.
IMPORT: dict[str, str] = {
    "not_a_file": "文件不存在或不是普通文件",
    "unsupported_type": "不支持的文件类型 {suffix}；可导入 .txt、.md、.docx",
    "no_suffix": "（无扩展名）",
    "text_too_large": "文件 {size}，超过文本文件 {limit} 的上限",
    "not_utf8": "第 {line} 行不是 UTF-8 编码；请另存为 UTF-8 后再导入",
    "too_many_characters": "文件有 {count} 字，超过每个文件 {limit} 字的上限",
    "paragraph_too_long": "第 {number} 段有 {count} 字，超过每段 {limit} 字的上限；请分段后再导入",
    "line_too_long": "第 {number} 行有 {count} 字，超过每行 {limit} 字的上限；请分段后再导入",
    "empty": "文件是空的",
    "no_text": "文件中没有可读取的文字（只有图片、文本框等）",
    "word_password_or_doc": "这是设了打开密码的 Word 文件或旧版 .doc 文件；请去掉密码或另存为 .docx 后再导入",
    "word_too_large": "Word 文件 {size}，超过 {limit} 的上限",
    "word_encrypted": "Word 文件已加密；请去掉密码后再导入",
    "word_zip_bomb": "Word 文件解压后有 {size}，超过 {limit} 的上限（可能是压缩炸弹）",
    "word_doctype": "Word 文件的 {part} 含有 XML 实体声明（DOCTYPE），不予读取",
    "word_damaged": "无法读取 Word 文件（{error}），文件可能已损坏",
    "word_malformed": "无法读取 Word 文件（{error}），文件内容不合格式",
    "skipped_nested_table": "表{table}中嵌套的表格",
    "skipped_text_box": "第 {line} 行附近的文本框",
    "skipped_object": "第 {line} 行附近的图片或嵌入对象",
    "skipped_content_control": "第 {line} 行附近的内容控件",
    "skipped_header": "页眉",
    "unreadable": "未能读取：{part}",
    "duplicate_of_given": "与另一份导入的文件几乎相同",
    "duplicate_of_existing": "与知识库中已有的汇报相近",
    "no_year": "正文和日期行都没有写明年份，草稿不填 year",
}

# kb import: notes on each draft written to data/reports/.
DRAFT: dict[str, str] = {
    "rewrite": "正文是原文，发布前请用本库自己的话改写。",
    "names_replaced": "已把 {count} 个个人姓名换成职务或“某某”，请核对。",
    "figures_unmatched": "{count} 个数字没有对应的统计指标，已列在文件开头的注释里；需要时先在 data/indicators.yml 登记指标。",
    "no_measures": "没有找到把握较大的对应措施，actions 暂列本行业最接近的一项（{measure}），请核对、改写或换成别的措施。",
    "no_year": "原文没有写明年份，year 未填（导入不猜年份）；知道年份时请补上。",
    "no_title": "原文没有可用的标题（第一行是网页栏目、日期或正文），title 暂用“{title}”，请按原文改写。",
    "no_measure_at_all": "知识库中没有任何措施可以对应，actions 无法填写，草稿不能通过校验。",
    "invalid_draft": "草稿校验不通过（{problems} 个问题，见上）",
    "not_written": "未写出草稿：{reason}",
    "validation": "校验：{problem}",
}

# What the kb command prints.
CLI: dict[str, str] = {
    "root_not_found": "kb: 找不到知识库根目录（含 mkdocs.yml 和 data/ 的文件夹）；请在仓库内运行，或用 --root 指定。",
    "interrupted": "kb：已中断。正在写入的文件保持原样，未做任何修改。",
    "import_data_problems": "kb import: data/ 中有 {count} 个问题，在 {files}（运行 kb check 查看全部），例如：\n  {example}\n"
                            "kb import: 请先修正或删除这些文件；本次只列出结果，不写草稿，也不做措施建议和查重。",
    "import_more_files": "{files}等",
    "import_interrupted": "kb import: 已中断；已写好的草稿完整保留，没有写了一半的文件。",
    "import_file_failed": "kb import: {path}: {reason}",
    "import_cannot_read": "kb import: {path}: 无法读取（{error}），已跳过",
    "import_progress": "[{number}/{total}] {path}：{figures} 个数字，{warnings} 条警告",
    "import_warning": "{file}:{line}: {label}：{text}{other}",
    "import_cannot_write": "kb import: 无法写入 {where}（{reason}）；没有写入任何草稿。请检查文件夹权限和磁盘空间。",
    "import_draft_written": "{file} → {target}（草稿，请审核改写）",
    "import_draft_not_written": "kb import: {file}: 未写出草稿。",
    "import_drafts_set_aside": "kb import: data/reports/ 中有 {count} 份汇报校验不通过，本次导入把它们当作不存在，照常写出新草稿："
                               "{files}（运行 kb check 查看问题，修正或删除它们）。",
    "import_some_failed": "kb import: {failed} 个文件未能导入，其余 {done} 个已处理。",
    "new_data_problems": "kb new：data/ 有问题，请先运行 kb check 修正。未做任何修改。",
    "new_invalid": "kb new：新条目不合格，未做任何修改。",
    "new_interrupted": "kb new：已中断，未做任何修改。",
    "new_cannot_write": "kb new：无法写入文件（{reason}），未做任何修改。",
    "new_done": "已新建 {made}：{where}",
    "diff_failed": "kb diff：{error}",
    "edition_config_written": "已写出 {path}",
    "diff_not_loaded": "kb diff：{labels} 的数据无法加载，见上面列出的问题。",
    "not_a_site": "kb {command}：{site} 不是构建好的网站（没有 index.html）；请先构建。",
    "search_index_warning": "kb search-index：{warning}",
    "search_index_done": "已生成 {site} 的搜索索引（{site}/search/）。",
    "bundle_done": "离线版已写到 {target}",
}

# kb new: why a new entry is refused before anything is written.
NEW: dict[str, str] = {
    "basis_format": "--basis “{value}” 应写成 依据文件编号:条款，如 law-infectious-disease-2025:第三条",
    "unknown_sector": "未知的行业“{sector}”；已有：{known}",
    "unknown_status": "--status “{status}” 不是可用的取值；可用：{expected}",
    "bad_sector_code": "行业代码“{code}”不合格：只能用小写英文字母、数字和连字符，以字母开头，2 到 31 个字符",
    "bad_prefix": "措施编号前缀“{prefix}”不合格：应为三个大写英文字母，如 ELD",
    "exists": "{path} 已经存在，不会覆盖",
}

# kb diff: revisions that git cannot give.
DIFF: dict[str, str] = {
    "git_missing": "无法运行 git：{error}",
    "git_failed": "git {command} 失败：{detail}",
    "no_main": "找不到 main 分支（也没有 origin/main），请写明要比较的起点，如 kb diff v1.0",
    "cannot_read_data": "无法读取数据：{error}",
    "not_a_repository": "{root} 不是 git 仓库，或无法运行 git，读不到版本“{rev}”",
    "unknown_revision": "找不到 git 版本“{rev}”（分支、标签或提交）",
    "cannot_export": "无法导出 {rev}：{detail}",
    "merge_base_label": "main 的合并基点（{commit}）",
}

# Page markers in the wrong place (the reason in the marker_misplaced problem).
MARKERS: dict[str, str] = {
    "guide_only": "只能放在已有行业的指引页 guide/<代码>.md 上",
    "disease_only": "只能放在已登记疾病的页面 diseases/<代码>.md 上（疾病登记在 data/diseases.yml）",
    "history_not_attached": "更新记录尚未生成：构建时要先调用 kb.review.changelog.attach(kb, 仓库根目录, 版次列表)",
}

# Building the site (python -m kb.infra.build, kb bundle and the MkDocs hooks).
BUILD: dict[str, str] = {
    "unknown_engine": "未知的构建引擎“{engine}”；可用：{expected}",
    "engine_failed": "构建失败（{engine} 退出码 {code}）；{site}/ 保持上一次构建的内容。",
    "failed": "kb.infra.build：{error}",
    "interrupted": "kb.infra.build：已中断；{site}/ 保持上一次构建的内容。",
    "waiting": "另一个构建或打包正在进行（{lock}），等它结束后再开始……",
    "bundle_written": "离线包已写入 {target}",
    "pagefind_changed": "Pagefind 的 pagefind.js 里找不到要改写的代码（{pattern}）；Pagefind 是 1.5 版吗？请对照新版本重新核对这处改写。",
}

# Every section of plain texts, by the name the code uses.
SECTIONS: dict[str, dict[str, str]] = {
    "SUMMARY": SUMMARY, "FINDING_LABELS": FINDING_LABELS, "CHECK": CHECK, "IMPORT": IMPORT, "DRAFT": DRAFT,
    "CLI": CLI, "NEW": NEW, "DIFF": DIFF, "MARKERS": MARKERS, "BUILD": BUILD,
}


def text(message_key: str, /, **values: object) -> str:
    """The message for a key with its placeholders filled."""
    return CATALOGUE[message_key].format(**values)


def severity(key: str) -> str:
    """Whether the catalogue message stops the build ("error") or not ("warning")."""
    return CATALOGUE[key].severity
