"""`kb diff` and the changelog built from it, on a temporary git repository made from the fixture."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from kb.cli import main
from kb.core.safety import md_escape
from kb.load import load
from kb.publish.markers import PageContext, expand
from kb.publish.urls import Linker
from kb.review.changelog import attach, edition_history, render_history
from kb.review.diff import diff_revisions, word_diff

from .conftest import edit

GIT_ENV = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "测试",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV})
    return done.stdout


def commit(repo: Path, message: str, tag: str | None = None) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    if tag:
        git(repo, "tag", tag)


def read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def measure(data: dict, mid: str) -> dict:
    return next(m for m in data["measures"] if m["id"] == mid)


@pytest.fixture
def repo(kb_root: Path) -> Path:
    return make_repo(kb_root)


def make_repo(kb_root: Path) -> Path:
    """Two commits, tagged v1.0 and v2.0: a measure added, one reworded, one moved to historical, one removed,
    a source superseded by a new one that measures now rest on, a report figure changed, a page edited."""
    checklist = kb_root / "data/checklists/schools.yml"
    (kb_root / "docs/guide").mkdir(parents=True)
    (kb_root / "docs/guide/schools.md").write_text("# 学校\n\n日常防控。\n", encoding="utf-8")
    data = read_yaml(checklist)
    extra = dict(measure(data, "SCH-001"), id="SCH-005", title="每周检查洗手设施", detail="每周检查洗手池和洗手液。")
    data["measures"].append(extra)
    write_yaml(checklist, data)
    git(kb_root, "init", "-q", "-b", "main")
    commit(kb_root, "第一版", tag="v1.0")

    data = read_yaml(checklist)
    first = measure(data, "SCH-001")
    first["title"] = "每日进行晨午检"
    first["detail"] = "班主任在到校后和午间检查学生体温和健康状况。"
    first["basis"] = [{"source": "school-hygiene-rule-2026", "section": "第一条"}]
    second = measure(data, "SCH-002")
    second["status"] = "historical"
    second.pop("trigger", None)
    second["basis"] = [{"source": "school-hygiene-rule-2026", "section": "第二条"}]
    data["measures"] = [m for m in data["measures"] if m["id"] != "SCH-005"]
    data["measures"].append(dict(first, id="SCH-006", title="每月开展健康教育", detail="每月上一次健康教育课。"))
    write_yaml(checklist, data)
    # The school rule is superseded by its 2026 revision; current measures now rest on the new one.
    sources = kb_root / "data/sources"
    old = read_yaml(sources / "school-hygiene-rule.yml")
    write_yaml(sources / "school-hygiene-rule-2026.yml",
               dict(old, id="school-hygiene-rule-2026", title="测试用学校卫生规定（2026 年修订）", number="测试〔2026〕9号",
                    issued="2026-02-15", in_force="2026-03-01"))
    write_yaml(sources / "school-hygiene-rule.yml", dict(old, status="superseded", replaced_by="school-hygiene-rule-2026"))
    # A historical measure must be recorded by an example report.
    edit(kb_root / "data/reports/RPT-001.md", "measures: [SCH-001]", "measures: [SCH-001, SCH-002]")
    edit(kb_root / "data/reports/RPT-001.md", "value: 60,", "value: 80,")
    edit(kb_root / "docs/guide/schools.md", "日常防控。", "日常防控和应急处置。")
    edit(kb_root / "data/glossary.yml", "definition: 负责一个网格的工作人员。", "definition: 负责一个网格日常巡查和联络的工作人员。")
    commit(kb_root, "第二版", tag="v2.0")
    return kb_root


def test_word_diff_marks_the_changed_words() -> None:
    assert word_diff("每日开展晨午检", "每日进行晨午检") == [["=", "每日"], ["-", "开展"], ["+", "进行"], ["=", "晨午检"]]


def test_every_change_appears_in_text_markdown_and_json(repo: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--root", str(repo), "diff", "v1.0", "v2.0"]) == 0
    text = capsys.readouterr().out
    assert main(["--root", str(repo), "diff", "v1.0", "v2.0", "--markdown"]) == 0
    markdown = capsys.readouterr().out
    assert main(["--root", str(repo), "diff", "v1.0", "v2.0", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)

    assert "新增 SCH-006 每月开展健康教育" in text
    assert "删除 SCH-005 每周检查洗手设施" in text
    assert "改写、依据改变 SCH-001" in text and "标题：每日[-开展-]{+进行+}晨午检" in text
    assert "RPT-001" in text and "60+ 条 → 80+ 条" in text
    assert "docs/guide/schools.md" in text
    assert "改写 grid-worker 网格员" in text and "释义：负责一个网格{+日常巡查和联络+}的工作人员。" in text

    assert "**新增** `SCH-006`" in markdown and "**删除** `SCH-005`" in markdown
    assert "每日<del>开展</del><ins>进行</ins>晨午检" in markdown
    assert "`RPT-001`" in markdown and "`docs/guide/schools.md`" in markdown and "`grid-worker`" in markdown
    assert [t["id"] for t in result["knowledge"]["collections"]["glossary"]["changed"]] == ["grid-worker"]

    measures = result["knowledge"]["collections"]["measures"]
    assert [m["id"] for m in measures["added"]] == ["SCH-006"]
    assert [m["id"] for m in measures["removed"]] == ["SCH-005"]
    changed = {m["id"]: m for m in measures["changed"]}
    assert changed["SCH-001"]["tags"] == ["reworded", "basis"]
    assert "status" in changed["SCH-002"]["tags"]
    report = result["knowledge"]["collections"]["reports"]["changed"][0]
    assert report["id"] == "RPT-001" and "figures" in report["tags"]
    [figures] = [f for f in report["fields"] if f["field"] == "statistics"]
    assert figures["figures"] == [{"indicator": "banners（校门口）", "old": "60+ 条", "new": "80+ 条"}]
    assert result["pages"] == [{"path": "docs/guide/schools.md", "change": "changed", "added_lines": 1, "removed_lines": 1}]

    assert "状态：应急处置 → 历史做法" in text and "状态：应急处置 → 历史做法" in markdown
    assert "依据改变" in text and "依据：增加 school-hygiene-rule-2026（第一条）；去掉 school-hygiene-rule" in text
    assert "basis" in changed["SCH-001"]["tags"]
    sources = result["knowledge"]["collections"]["sources"]
    assert [s["id"] for s in sources["added"]] == ["school-hygiene-rule-2026"]
    assert [s["id"] for s in sources["changed"]] == ["school-hygiene-rule"] and sources["changed"][0]["tags"] == ["status"]
    assert "状态：现行有效 → 已被替代" in text and "⚠ 该文件不再有效" in text
    assert "**新增** `school-hygiene-rule-2026`" in markdown and "**⚠ 该文件不再有效**" in markdown


def test_default_compares_the_merge_base_with_main_and_the_working_tree(repo: Path) -> None:
    git(repo, "switch", "-q", "-c", "补充措施")
    edit(repo / "data/checklists/schools.yml", "每月开展健康教育", "每月开展一次健康教育")
    result = diff_revisions(repo, None, None)
    assert result["base"]["label"].startswith("main 的合并基点")
    assert result["head"]["label"] == "工作区"
    [changed] = result["knowledge"]["collections"]["measures"]["changed"]
    assert changed["id"] == "SCH-006"


def test_no_changes_says_so(repo: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--root", str(repo), "diff", "v2.0", "v2.0"]) == 0
    assert "知识内容没有变化" in capsys.readouterr().out


def test_a_broken_revision_is_reported_with_its_problems(repo: Path, capsys: pytest.CaptureFixture) -> None:
    edit(repo / "data/checklists/schools.yml", "status: routine", "status: nowhere")
    commit(repo, "坏的数据")
    assert main(["--root", str(repo), "diff", "v2.0", "HEAD"]) == 1
    captured = capsys.readouterr()
    assert "HEAD" in captured.out and "的数据无法加载" in captured.out
    assert "data/checklists/schools.yml:" in captured.out and "nowhere" in captured.out
    assert "无法加载" in captured.err
    assert main(["--root", str(repo), "diff", "v2.0", "HEAD", "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["head"]["ok"] is False and result["knowledge"] is None
    assert any("nowhere" in p for p in result["head"]["problems"])


def test_an_unknown_revision_is_a_message_not_a_crash(repo: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--root", str(repo), "diff", "v9.9"]) == 2
    assert "找不到 git 版本“v9.9”" in capsys.readouterr().err


EDITIONS = [
    {"edition": "2.0", "date": "2026-03-01", "tag": "v2.0", "note": "第二版：补充健康教育，调整通风措施。"},
    {"edition": "1.0", "date": "2026-01-01", "tag": "v1.0", "note": "首次发布。"},
]


def test_changelog_entries_come_from_the_diff_between_tagged_editions(repo: Path) -> None:
    second, first = edition_history(repo, EDITIONS)
    assert second.since == "v1.0" and second.unavailable is None
    assert "措施：新增 SCH-006；删除 SCH-005；改写 SCH-001" in second.lines[0]
    assert "SCH-002" in second.lines[0]
    assert any(line.startswith("示例汇报：数字改变 RPT-001") for line in second.lines)
    assert "页面：docs/guide/schools.md" in second.lines
    assert first.since is None and "措施：4 项" in first.lines

    kb = load(repo / "data")
    attach(kb, repo, EDITIONS)
    page = PageContext("changelog.md", Linker("changelog.md", True))
    text, problems = expand("# 更新记录\n\n<!-- kb:edition-history -->\n", kb, page, "docs/changelog.md")
    assert problems == []
    assert text.index("## 2.0 版（2026-03-01）") < text.index("## 1.0 版（2026-01-01）")
    assert "第二版：补充健康教育，调整通风措施。" in text and f"与 {md_escape('v1.0')} 相比（标签 `v2.0`）" in text
    assert f"- {md_escape('措施：新增 SCH-006')}" in text  # data text is Markdown-escaped on the page


def test_changelog_without_git_or_tags_keeps_the_notes(repo: Path, tmp_path: Path) -> None:
    editions = [{"edition": "3.0", "date": "2026-05-01", "note": "第三版。"},
                {"edition": "2.1", "date": "2026-04-01", "tag": "v2.1", "note": "未打标签的版本。"}, *EDITIONS]
    third, missing, *_ = edition_history(repo, editions)
    assert third.unavailable == "本版没有 git 标签，详细变更无法生成" and third.note == "第三版。"
    assert "找不到 git 版本“v2.1”" in missing.unavailable
    [alone] = edition_history(tmp_path, EDITIONS[1:])
    assert "不是 git 仓库" in alone.unavailable
    assert "*" + md_escape(alone.unavailable) + "。*" in render_history([alone]) and "首次发布。" in render_history([alone])


def test_marker_without_history_is_a_problem(kb_root: Path) -> None:
    kb = load(kb_root / "data")
    _, problems = expand("<!-- kb:edition-history -->\n", kb, PageContext("changelog.md", Linker("changelog.md", True)),
                         "docs/changelog.md")
    assert "更新记录尚未生成" in str(problems[0])


def test_changelog_takes_the_loaded_editions_too(repo: Path) -> None:
    from kb.core.model import EditionEntry

    editions = [EditionEntry(e["edition"], e["date"], e["tag"], e["note"]) for e in EDITIONS]
    assert edition_history(repo, editions) == edition_history(repo, EDITIONS)


def test_compare_is_generic_over_the_export_old_shape_and_sector_moves() -> None:
    from kb.review.diff import compare
    from kb.review.diffview import render

    def export(sector: str, phase: str, document: str) -> dict:
        measure = {"id": "M-1", "sector": sector, "title": "开窗通风", "phase": phase, "risk": ["中", "高"],
                   "sources": [{"document": document}]}
        return {"sectors": [{"code": "schools", "name": "学校", "measures": [measure] if sector == "schools" else []},
                            {"code": "towns", "name": "乡镇与村", "measures": [measure] if sector == "towns" else []}]}

    result = compare(export("schools", "应急处置", "学校卫生规范"), export("towns", "恢复", "学校卫生规范（修订）"))
    [changed] = result["collections"]["measures"]["changed"]
    assert changed["tags"] == ["moved", "status", "basis"]
    text = render({"base": {"label": "旧", "ok": True, "problems": []}, "head": {"label": "新", "ok": True, "problems": []},
                   "knowledge": result, "pages": []})
    assert "行业：学校 → 乡镇与村" in text and "阶段：应急处置 → 恢复" in text
    assert "出处：增加 学校卫生规范（修订）；去掉 学校卫生规范" in text


def test_json_and_markdown_together_is_a_usage_error_in_chinese(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["diff", "--json", "--markdown"])
    assert stop.value.code == 2
    assert "不能与此参数同时使用" in capsys.readouterr().err


def test_the_review_queue_lists_what_a_change_leaves_unchecked(kb_root: Path, capsys) -> None:
    git(kb_root, "init", "-q")
    commit(kb_root, "base")
    edit(kb_root / "data/checklists/schools.yml", "{source: school-hygiene-rule, section: 第一条}",
         "{source: school-hygiene-rule, section: 关于晨检的规定, unverified: 只见到新闻摘要}")
    edit(kb_root / "data/sources/school-hygiene-rule.yml", "read_at: [https://example.org/school-hygiene-rule]",
         "read_at: [https://mirror.example.edu/school-hygiene-rule]")
    commit(kb_root, "unchecked")
    assert main(["--root", str(kb_root), "diff", "HEAD~1", "HEAD"]) == 0
    out = capsys.readouterr().out
    queue = out.split("待核对", 1)[1]
    assert "SCH-001 依据的 school-hygiene-rule 没有写明见到的条款号（关于晨检的规定）" in queue
    assert "school-hygiene-rule 只在转载网站上核对过" in queue
    assert "只见到新闻摘要" not in out and "mirror.example.edu" not in out  # editors' notes and reprints stay out
