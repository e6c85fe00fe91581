"""Emergency plan (应急预案) templates, built from the knowledge base as a page and as a Word file.

The law requires schools, childcare institutions, eldercare institutions and other units to assess
their risk, draw up an emergency plan and drill it (data/plans.yml names the basis). A template is
assembled from data, never typed twice: duties per role come from the sector's current measures,
monitoring from its routine measures, the response from its response measures by trigger, the
reporting rules and contacts from the reporting card. The unit fills in the form fields and adapts it.

The .docx is byte-identical for the same data and SOURCE_DATE_EPOCH: its document properties carry
that date, and the package is rewritten with fixed entry times and order (kb.infra.bundle).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from kb.core.model import HISTORICAL, RESPONSE, ROUTINE, KnowledgeBase, Measure
from kb.infra.bundle import fixed_timestamp


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    table: list[tuple[str, str]] = field(default_factory=list)  # (label, value); an empty value is a field to fill in
    former: str = ""  # the heading before a rename: its anchor is kept, so older links still land here


@dataclass
class Plan:
    sector: str
    title: str
    sections: list[Section]


FORM_FIELDS = ("单位名称", "单位地址", "预案编制日期", "预案批准人", "最近一次演练日期")
DUTY_FIELDS = ("值班负责人", "值班电话", "夜间和节假日联系电话")
REPORTING_CATEGORIES = ("screening", "reporting")


def _measure_line(kb: KnowledgeBase, m: Measure) -> str:
    return f"{m.title}：{m.detail}（{m.role}，{m.frequency}）"


def build_plan(kb: KnowledgeBase, sector: str, spec: dict) -> Plan:
    """The template of one sector from its checklist, the reporting card and the plan's spec in data."""
    name = kb.sector_by_code[sector].name
    measures = [m for m in kb.measures_for(sector) if m.status != HISTORICAL]
    routine = [m for m in measures if m.status == ROUTINE]
    response = [m for m in measures if m.status == RESPONSE]
    card = kb.reporting.for_sector(sector) if kb.reporting else {}
    basis = [kb.document_by_id[b["source"]] for b in spec["basis"]]

    sections = [
        Section("基本信息", paragraphs=["本表由单位填写，预案修订时更新。"], table=[(f, "") for f in FORM_FIELDS]),
        Section("总则", paragraphs=[
            spec["purpose"],
            "编制依据：" + "；".join(
                f"《{d.title}》{'（' + d.number + '）' if d.number else ''}{b['section'] and ' ' + b['section']}"
                for d, b in zip(basis, spec["basis"], strict=True)) + "。",
            f"适用范围：{kb.sector_by_code[sector].summary}",
            "工作原则：预防为主，常态化防控和应急处置相结合；依法报告，不隐瞒、不缓报、不谎报；保护师生员工和服务对象的个人信息。",
        ]),
    ]
    duties: dict[str, list[str]] = {}
    for m in measures:
        duties.setdefault(m.role, []).append(m.title)
    # The sections of edition 2.1 keep their order and numbers (links point at their anchors); the parts
    # added since (isolation, duty, supplies, review) follow them. The table lists the members to fill in
    # first, then each post's duties.
    sections.append(Section("组织机构和职责", paragraphs=[
        ("本单位成立传染病疫情应急处置领导小组，主要负责人是传染病防控第一责任人。下表先列领导小组的组成（姓名、职务和"
         f"联系电话由本单位填写，人员变动时及时调整），再按{name}检查清单列出各岗位的职责，单位可按实际岗位调整。"
         "领导小组下设以下工作组：")],
        items=[f"{group['name']}：{group['duties']}" for group in spec["groups"]],
        table=[(f"{entry['role']}（{entry['who']}）", "") for entry in spec["leadership"]]
        + [(role, "；".join(titles)) for role, titles in duties.items()]))
    sections.append(Section("风险评估", paragraphs=[spec["risk"]]))
    monitoring = [m for m in routine if m.category in REPORTING_CATEGORIES] or routine[:6]
    sections.append(Section("日常监测和报告", paragraphs=["日常做好以下工作，留存相应记录："],
                            items=[_measure_line(kb, m) for m in monitoring]
                            + [f"{e.text}：{e.deadline}（{e.who}）" for e in card.get("deadlines", [])]
                            + [e.text for e in card.get("thresholds", [])]))
    for trigger in kb.vocabulary.triggers:
        mine = [m for m in response if m.trigger == trigger.code]
        if mine:
            sections.append(Section(f"应急处置：{trigger.label}时", paragraphs=[
                f"启动：{trigger.description}由领导小组组长（不在时由副组长）决定启动，并记录时间。",
                f"结束：{spec['levels'][trigger.code]}"],
                items=[_measure_line(kb, m) for m in mine], former=f"应急响应：{trigger.label}时"))
    sections.append(Section("第一个小时的处置", items=[e.text for e in card.get("first_hour", [])]))
    sections.append(Section("保障和演练", paragraphs=[spec["drill"]],
                            items=[_measure_line(kb, m) for m in routine if m.category == "organisation"][:6]))
    sections.append(Section("临时隔离和留观", paragraphs=[spec["isolation"]],
                            items=[_measure_line(kb, m) for m in measures if m.category == "isolation"]))
    sections.append(Section("值班值守", paragraphs=[spec["duty"]], table=[(label, "") for label in DUTY_FIELDS]))
    sections.append(Section("物资保障", paragraphs=["常备以下物资。储备数量按本单位人数确定，写明存放地点和责任人，定期检查有效期并及时补充。"],
                            items=[_measure_line(kb, m) for m in routine if m.category == "supplies"],
                            table=[(item, "") for item in spec["supplies"]]))
    sections.append(Section("总结评估", paragraphs=[spec["review"]]))
    sections.append(Section("附件：联系电话", paragraphs=["空栏由本单位填写，张贴在值班室。"],
                            table=[(e.text, e.number) for e in card.get("contacts", [])]))
    sections = [s for s in sections if s.paragraphs or s.items or s.table]
    numbered = [s for s in sections if s.heading not in ("基本信息",) and not s.heading.startswith("附件")]
    import cn2an  # here, not at the top: it compiles its patterns on import (a build may reuse its plans)

    for number, section in enumerate(numbered, 1):
        section.heading = f"{cn2an.an2cn(number)}、{section.heading}"
        if section.former:
            section.former = f"{cn2an.an2cn(number)}、{section.former}"
    return Plan(sector, spec["title"], sections)


def plans(kb: KnowledgeBase, specs: list[dict]) -> list[Plan]:
    return [build_plan(kb, spec["sector"], spec) for spec in specs if spec["sector"] in kb.sector_by_code]


def to_docx(plan: Plan) -> bytes:
    """The plan as a Word document, byte-identical for the same plan and SOURCE_DATE_EPOCH."""
    import docx  # python-docx, only needed here

    document = docx.Document()
    stamp = datetime.datetime(*fixed_timestamp())
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = plan.title, "疫情防控工作指引知识库", "疫情防控工作指引知识库"
    properties.created = properties.modified = properties.last_printed = stamp
    properties.revision = 1
    # Style ids resolved once: python-docx resolves a style name on every paragraph by scanning all
    # styles twice (to spot the default style), which made most of a plan's time.
    style_ids = {name: document.styles[name].style_id for name in ("Title", "Heading 1")}

    def add(text: str, style: str | None = None) -> None:
        paragraph = document.add_paragraph(text)
        if style:
            paragraph._p.style = style_ids[style]

    add(plan.title, "Title")
    for section in plan.sections:
        add(section.heading, "Heading 1")
        for paragraph in section.paragraphs:
            add(paragraph)
        # Numbered by hand: Word's List Number style would run on from one section into the next.
        for number, item in enumerate(section.items, 1):
            add(f"{number}. {item}")
        if section.table:
            table = document.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in section.table:
                row = table.add_row().cells
                row[0].text, row[1].text = label, value
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every entry's time set to SOURCE_DATE_EPOCH, in name order."""
    stamp = fixed_timestamp()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        # [Content_Types].xml stays first, as Word expects; the rest keep python-docx's order.
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(name))
    return out.getvalue()
