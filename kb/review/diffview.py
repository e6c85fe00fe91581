"""The `kb diff` summary as terminal text, as Markdown for a pull-request comment, and as short lines
for the changelog. Everything here works on the JSON-shaped result of ``kb.review.diff.diff``."""

from __future__ import annotations

import html
import json

from kb.review.diff import KIND_NAMES, LABELS, NOT_IN_FORCE

VERBS = {"reworded": "改写", "status": "状态改变", "moved": "换了行业", "basis": "依据改变", "figures": "数字改变",
         "evidence": "引用改变", "other": "其他修改"}
MAX_PROBLEMS = 20


def _value(value: object) -> str:
    if value is None or value == "" or value == []:
        return "（无）"
    if isinstance(value, str):
        text = value
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        text = "、".join(value)
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 80 else text[:79] + "…"


class _Style:
    markdown = False
    labels: dict = LABELS

    def label(self, code: object) -> str:
        return str(self.labels.get(str(code), code))

    def code(self, text: str) -> str:
        return text

    def words(self, parts: list[list[str]]) -> str:
        return "".join(t if op == "=" else f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in parts)

    def esc(self, text: str) -> str:
        return text

    def strong(self, text: str) -> str:
        return text


class _Markdown(_Style):
    markdown = True

    def code(self, text: str) -> str:
        return f"`{text}`"

    def words(self, parts: list[list[str]]) -> str:
        out = []
        for op, text in parts:
            text = self.esc(text)
            out.append(text if op == "=" else f"<del>{text}</del>" if op == "-" else f"<ins>{text}</ins>")
        return "".join(out)

    def esc(self, text: str) -> str:
        text = html.escape(str(text), quote=False).replace("\n", " ")
        for ch in "\\`*_[]|":
            text = text.replace(ch, "\\" + ch)
        return text

    def strong(self, text: str) -> str:
        return f"**{text}**"


def _field_line(change: dict, st: _Style, sources: dict) -> str:
    label, style = change["label"], change["style"]
    if "words" in change:
        return f"{label}：{st.words(change['words'])}"
    if style in ("status", "label", "sector"):
        return f"{label}：{st.esc(_value(change.get('old_label')))} → {st.esc(_value(change.get('new_label')))}"
    if style == "source_status":
        line = f"{label}：{st.esc(_value(change.get('old_label')))} → {st.esc(_value(change.get('new_label')))}"
        if change.get("new") in NOT_IN_FORCE:
            line += " " + st.strong("⚠ 该文件不再有效")
        return line
    if style == "set":
        bits = []
        if change.get("added"):
            bits.append("增加 " + "、".join(st.esc(x) for x in change["added"]))
        if change.get("removed"):
            bits.append("去掉 " + "、".join(st.esc(x) for x in change["removed"]))
        return f"{label}：{'；'.join(bits) or '顺序调整'}"
    if style == "basis":
        bits = []
        for b in change.get("added", []):
            flag = ""
            if sources.get(b["source"], {}).get("status") in NOT_IN_FORCE:
                flag = " " + st.strong(f"⚠ {st.label(sources[b['source']]['status'])}")
            bits.append(f"增加 {st.code(b['source'])}{'（' + st.esc(b['section']) + '）' if b['section'] else ''}{flag}")
        for b in change.get("removed", []):
            bits.append(f"去掉 {st.code(b['source'])}")
        for b in change.get("changed", []):
            bits.append(f"{st.code(b['source'])} 条款 {st.esc(b['old'] or '（无）')} → {st.esc(b['new'] or '（无）')}")
        return f"{label}：{'；'.join(bits) or '顺序调整'}"
    if style == "figures":
        bits = [f"{st.code(f['indicator'])} {st.esc(f['old'])} → {st.esc(f['new'])}" for f in change.get("figures", [])]
        return f"{label}：{'；'.join(bits) or '顺序调整'}"
    if style == "sections":
        bits = []
        for key, verb in (("added", "新增小节"), ("removed", "删去小节"), ("changed", "改写小节")):
            if change.get(key):
                bits.append(f"{verb} " + "、".join(st.esc(h) for h in change[key]))
        return f"{label}：{'；'.join(bits) or '小节顺序调整'}"
    return f"{label}：{st.esc(_value(change.get('old')))} → {st.esc(_value(change.get('new')))}"


def _name(entity: dict, st: _Style, sector_names: dict) -> str:
    """`SCH-003` 每周检查洗手设施（学校 · 常态化）"""
    title = entity.get("title") or entity.get("term") or entity.get("name") or ""
    extra = []
    if entity.get("sector"):
        extra.append(sector_names.get(entity["sector"]) or entity["sector"])
    for key in ("status", "phase"):
        if entity.get(key):
            extra.append(st.label(entity[key]))
    if entity.get("trigger"):
        extra.append(f"触发：{st.label(entity['trigger'])}")
    text = st.code(entity["id"])
    if title:
        text += f" {st.esc(title)}"
    if extra:
        text += f"（{' · '.join(st.esc(x) for x in extra)}）"
    return text


def _collection_lines(kind: str, changes: dict, st: _Style, sources: dict, sector_names: dict) -> list[str]:
    lines = []
    bullet = "- " if st.markdown else "  "
    sub = "  - " if st.markdown else "      "
    for entity in changes["added"]:
        lines.append(f"{bullet}{st.strong('新增')} {_name(entity, st, sector_names)}")
    for entity in changes["removed"]:
        lines.append(f"{bullet}{st.strong('删除')} {_name(entity, st, sector_names)}")
    for entity in changes["changed"]:
        verbs = "、".join(VERBS[t] for t in entity["tags"])
        lines.append(f"{bullet}{st.strong(verbs)} {_name(entity, st, sector_names)}")
        for change in entity["fields"]:
            lines.append(f"{sub}{_field_line(change, st, sources)}")
    return lines


def counts(changes: dict) -> str:
    bits = [f"{verb} {len(changes[key])}" for key, verb in (("added", "新增"), ("removed", "删除"), ("changed", "修改"))
            if changes[key]]
    return "，".join(bits)


def _broken(side: dict, st: _Style) -> list[str]:
    problems = side["problems"]
    lines = [f"{st.strong('⚠ ' + side['label'] + ' 的数据无法加载')}（{len(problems)} 个问题），不能比较知识内容："]
    bullet = "- " if st.markdown else "  "
    for problem in problems[:MAX_PROBLEMS]:
        lines.append(f"{bullet}{st.code(problem) if st.markdown else problem}")
    if len(problems) > MAX_PROBLEMS:
        lines.append(f"{bullet}……另有 {len(problems) - MAX_PROBLEMS} 个问题，运行 kb check 查看")
    return lines


def render(result: dict, markdown: bool = False) -> str:
    """The review summary as terminal text or as Markdown (for a pull-request comment)."""
    st: _Style = _Markdown() if markdown else _Style()
    head = f"{result['base']['label']} → {result['head']['label']}"
    lines = [f"### 知识变更：{st.esc(head)}" if markdown else f"知识变更：{head}", ""]
    for side in ("base", "head"):
        if side == "head" and result["head"]["label"] == result["base"]["label"]:
            continue  # the same revision twice: its problems once
        if not result[side]["ok"]:
            lines += [*_broken(result[side], st), ""]
    known = result.get("knowledge")
    if known is not None:
        sources = _source_statuses(known)
        st.labels = known.get("labels") or LABELS
        if not known["collections"] and not known.get("edition"):
            lines += ["知识内容没有变化。", ""]
        if known.get("edition"):
            lines.append(f"#### {KIND_NAMES['edition']}" if markdown else KIND_NAMES["edition"])
            if markdown:
                lines.append("")
            bullet = "- " if markdown else "  "
            lines += [f"{bullet}{_field_line(c, st, sources)}" for c in known["edition"]["fields"]]
            lines.append("")
        for kind, changes in known["collections"].items():
            title = f"{KIND_NAMES.get(kind, kind)}（{counts(changes)}）"
            lines += [f"#### {title}", ""] if markdown else [title]
            lines += _collection_lines(kind, changes, st, sources, known.get("sector_names", {}))
            lines.append("")
        if known["warnings"]:
            title = "⚠ 依据不再有效的措施"
            lines += [f"#### {title}", ""] if markdown else [title]
            bullet = "- " if markdown else "  "
            for w in known["warnings"]:
                replaced = f"，已由 {st.code(w['replaced_by'])} 替代" if w.get("replaced_by") else ""
                lines.append(f"{bullet}{st.code(w['measure'])} 依据的 {st.code(w['source'])} "
                             f"{st.label(w['status'])}{replaced}；请改依据现行文件，或把措施移入历史做法")
            lines.append("")
        if known.get("review"):
            title = "待核对"
            lines += [f"#### {title}", ""] if markdown else [title]
            bullet = "- " if markdown else "  "
            for r in known["review"]:
                if r.get("reprint_only"):
                    lines.append(f"{bullet}{st.code(r['source'])} 只在转载网站上核对过，尚未对照官方文本")
                else:
                    lines.append(f"{bullet}{st.code(r['measure'])} 依据的 {st.code(r['source'])} 没有写明见到的条款号（{r['section']}）")
            lines.append("")
    if result["pages"]:
        title = f"页面（{len(result['pages'])} 个）"
        lines += [f"#### {title}", ""] if markdown else [title]
        bullet = "- " if markdown else "  "
        verbs = {"added": "新增", "removed": "删除", "changed": "修改"}
        for p in result["pages"]:
            lines.append(f"{bullet}{verbs[p['change']]} {st.code(p['path'])}（+{p['added_lines']} −{p['removed_lines']} 行）")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _source_statuses(known: dict) -> dict:
    """Status of each source named in the diff (for flags next to added basis)."""
    out = {}
    for group in ("added", "changed"):
        for e in known["collections"].get("sources", {}).get(group, []):
            out[e["id"]] = e
    for w in known.get("warnings", []):
        out.setdefault(w["source"], {"status": w["status"]})
    return out


def _ids(ids: list[str], limit: int = 10) -> str:
    return "、".join(ids[:limit]) + (f" 等 {len(ids)} 项" if len(ids) > limit else "")


def summary_lines(known: dict | None, first: bool = False) -> list[str]:
    """One line per kind of entity, with ids, for the changelog: 措施：新增 SCH-003；改写 SCH-001.

    ``first``: the comparison is with nothing (a first edition), so only count what there is."""
    if not known:
        return []
    lines = []
    for kind, changes in known["collections"].items():
        if first:
            lines.append(f"{KIND_NAMES.get(kind, kind)}：{len(changes['added'])} 项")
            continue
        bits = []
        if changes["added"]:
            bits.append("新增 " + _ids([e["id"] for e in changes["added"]]))
        if changes["removed"]:
            bits.append("删除 " + _ids([e["id"] for e in changes["removed"]]))
        by_verb: dict[str, list[str]] = {}
        for e in changes["changed"]:
            for tag in e["tags"]:
                by_verb.setdefault(VERBS[tag], []).append(e["id"])
        bits += [f"{verb} {_ids(ids)}" for verb, ids in by_verb.items()]
        lines.append(f"{KIND_NAMES.get(kind, kind)}：{'；'.join(bits)}")
    return lines
