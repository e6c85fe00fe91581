"""`kb new` and `kb check` on the fixture knowledge base: next ids, validation before writing,
a new sector end to end, two editors at once, and interruptions that must lose nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from kb.cli import main
from kb.load import load
from kb.publish.site import extend_nav

KB = [str(Path(sys.executable).parent / "kb")]


def new_measure(root: Path, title: str, *extra: str) -> list[str]:
    return ["--root", str(root), "new", "measure", "--sector", "schools", "--title", title,
            "--detail", "每周检查各楼层洗手池和洗手液是否齐备，缺的当天补齐。", "--category", "environment",
            "--role", "总务主任", "--frequency", "每周一次", "--record", "洗手设施检查表",
            "--basis", "school-hygiene-rule:第一条", *extra]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()
            and p.name != ".kb.lock"}


def test_new_measure_gets_the_next_free_id_and_stays_valid(project: Path, capsys) -> None:
    assert main(new_measure(project, "每周检查洗手设施", "--disease", "influenza")) == 0
    measure = load(project / "data").measure_by_id["SCH-004"]
    assert (measure.status, measure.diseases) == ("routine", ("influenza",))
    assert [(b.source, b.section) for b in measure.basis] == [("school-hygiene-rule", "第一条")]
    assert "已新建 SCH-004" in capsys.readouterr().out


def test_choices_come_from_the_vocabulary(project: Path, capsys) -> None:
    before = snapshot(project)
    assert main(new_measure(project, "每周检查洗手设施", "--status", "常规")) == 1
    assert "--status “常规” 不是可用的取值；可用：routine, response, historical" in capsys.readouterr().err
    assert snapshot(project) == before


def test_new_entry_that_would_be_invalid_changes_nothing(project: Path, capsys) -> None:
    before = snapshot(project)
    assert main(["--root", str(project), "new", "term", "--id", "grid-worker", "--term", "网格长",
                 "--definition", "网格的负责人，统筹网格员。"]) == 1
    assert "术语编号“grid-worker”重复" in capsys.readouterr().err
    assert main(new_measure(project, "每周检查洗手设施", "--status", "response")) == 1  # a response measure needs a trigger
    assert "应急处置措施必须写明触发情形" in capsys.readouterr().err
    assert snapshot(project) == before


def test_new_report_and_term(project: Path) -> None:
    assert main(["--root", str(project), "new", "report", "--sector", "schools", "--unit", "某中学", "--title",
                 "某中学传染病防控工作情况", "--summary", "学校落实晨午检。", "--measure", "SCH-001", "--year", "2026"]) == 0
    assert main(["--root", str(project), "new", "term", "--id", "hand-hygiene", "--term", "手卫生",
                 "--definition", "用流动水和肥皂洗手，或用速干手消毒剂揉搓双手。", "--see-also", "grid"]) == 0
    kb = load(project / "data")
    assert kb.report_by_id["RPT-002"].measures == ("SCH-001",)
    assert kb.term_by_id["hand-hygiene"].see_also == ("grid",)


def test_new_sector_works_end_to_end(project: Path) -> None:
    assert main(["--root", str(project), "new", "sector", "--code", "eldercare", "--name", "养老机构",
                 "--summary", "养老院、敬老院和医养结合机构。", "--prefix", "ELD", "--icon", "material/home-heart"]) == 0
    assert main(new_measure(project, "每日巡查老年人健康状况").__iter__().__class__ and
                [*new_measure(project, "每日巡查老年人健康状况")[:5], "eldercare", *new_measure(project, "每日巡查老年人健康状况")[6:]]) == 0
    kb = load(project / "data")
    assert kb.sector_by_code["eldercare"].id_prefix == "ELD"
    assert [m.id for m in kb.measures_for("eldercare")] == ["ELD-001"]
    assert "<!-- kb:guide-reports -->" in (project / "docs/guide/eldercare.md").read_text(encoding="utf-8")
    nav = extend_nav([{"检查清单": ["checklists/index.md"]}, {"行业指引": ["guide/index.md"]}], kb)
    assert "checklists/eldercare.md" in nav[0]["检查清单"] and "guide/eldercare.md" in nav[1]["行业指引"]


def test_new_sector_refuses_to_overwrite_or_escape(project: Path, capsys) -> None:
    before = snapshot(project)
    guide = project / "docs/guide/schools.md"
    guide_text = guide.read_bytes()
    assert main(["--root", str(project), "new", "sector", "--code", "schools", "--name", "学校", "--summary", "重复。",
                 "--prefix", "XYZ"]) == 1
    assert "data/sectors/schools.yml 已经存在，不会覆盖" in capsys.readouterr().err
    (project / "docs/guide/towns.md").write_text("# 手写的指引\n", encoding="utf-8")
    assert main(["--root", str(project), "new", "sector", "--code", "towns", "--name", "乡镇", "--summary", "乡镇。",
                 "--prefix", "TWN"]) == 1
    assert "docs/guide/towns.md 已经存在，不会覆盖" in capsys.readouterr().err
    assert (project / "docs/guide/towns.md").read_text(encoding="utf-8") == "# 手写的指引\n"
    assert main(["--root", str(project), "new", "sector", "--code", "../../../x", "--name", "越界", "--summary", "越界。",
                 "--prefix", "XXX"]) == 1
    assert "行业代码“../../../x”不合格" in capsys.readouterr().err
    assert not (project.parent.parent / "x.yml").exists()
    assert snapshot(project) == before and guide.read_bytes() == guide_text


@pytest.mark.parametrize("name", ["&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;", "<img src=x onerror=alert(1)>",
                                  "市场[点此](java&#x61;script:alert(1))"])
def test_new_sector_refuses_markup_in_its_name(project: Path, capsys, name: str) -> None:
    before = snapshot(project)
    assert main(["--root", str(project), "new", "sector", "--code", "markets", "--name", name, "--summary", "农贸市场。",
                 "--prefix", "MKT"]) == 1
    assert "不允许" in capsys.readouterr().err
    assert snapshot(project) == before and not (project / "docs/guide/markets.md").exists()


def test_new_sector_writes_its_texts_into_the_guide_as_text(project: Path) -> None:
    assert main(["--root", str(project), "new", "sector", "--code", "markets", "--name", "农贸*市场*",
                 "--summary", "所列市场 {#x}", "--prefix", "MKT"]) == 1  # an attribute list
    assert main(["--root", str(project), "new", "sector", "--code", "markets", "--name", "农贸*市场*",
                 "--summary", "[见通知](https://example.invalid/)所列的市场。", "--prefix", "MKT"]) == 0
    guide = (project / "docs/guide/markets.md").read_text(encoding="utf-8")
    assert "# 农贸\\*市场\\*工作指引" in guide and "\\[见通知\\]\\(https" in guide


def test_check_reports_file_and_line_in_chinese(project: Path, capsys) -> None:
    guide = project / "docs/guide/schools.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n共张贴标语__条。\n", encoding="utf-8")
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr()
    line = len(guide.read_text(encoding="utf-8").splitlines())
    assert f"docs/guide/schools.md:{line}: 模板占位符：“__”" in out.out
    assert "kb check：发现 1 个错误、0 个警告。" in out.err


def test_check_asks_for_the_pages_the_data_calls_for(project: Path, capsys) -> None:
    (project / "docs/guide/schools.md").unlink()
    (project / "docs/diseases/influenza.md").unlink()
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert "docs/guide/schools.md: 行业“schools”缺少指引页" in out
    assert "docs/diseases/influenza.md: 疾病“influenza”缺少介绍页" in out


def test_eight_editors_at_once_get_distinct_ids_and_lose_nothing(project: Path) -> None:
    commands = [KB + new_measure(project, f"每周检查第{i}号楼洗手设施") for i in range(8)]
    running = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    outputs = [p.communicate(timeout=120) for p in running]
    assert [p.returncode for p in running] == [0] * 8, outputs
    made = sorted(out.split("已新建 ")[1].split("：")[0] for out, _ in outputs)
    assert made == [f"SCH-{n:03d}" for n in range(4, 12)]
    kb = load(project / "data")
    assert {m.title for m in kb.measures_for("schools")} >= {f"每周检查第{i}号楼洗手设施" for i in range(8)}


def big_checklist(project: Path) -> None:
    """A large checklist, so that writing it takes long enough to be interrupted."""
    path = project / "data/checklists/schools.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    template = raw["measures"][0]
    raw["measures"] += [{**template, "id": f"SCH-{n:03d}", "title": f"每日开展晨午检第{n}项"} for n in range(4, 900)]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM], ids=["SIGKILL", "SIGINT", "SIGTERM"])
def test_an_interrupted_command_leaves_files_whole(project: Path, sig: int) -> None:
    big_checklist(project)
    path = project / "data/checklists/schools.yml"
    original = path.read_bytes()
    outcomes = set()
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 2.0):
        before = path.read_bytes()
        process = subprocess.Popen(KB + new_measure(project, f"中断测试{int(delay * 10)}"), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        process.send_signal(sig)
        _, err = process.communicate(timeout=60)
        after = path.read_bytes()
        assert after == before or load(project / "data").measure_by_id, "the checklist must be the old or a valid new file"
        assert "Traceback" not in err
        if process.returncode in (130, -signal.SIGINT, -signal.SIGTERM):
            assert after == before  # stopped before the commit point: nothing changed
            if process.returncode == 130:
                assert "未做任何修改" in err
        elif process.returncode == 0:
            assert after != before  # the signal came after the commit point, and the command finished
        else:
            assert process.returncode == -signal.SIGKILL  # killed: old file or new, never a mix (checked below)
        outcomes.add(after == before)
        if sig != signal.SIGKILL:  # a killed process cannot clean up; the next writer does (kb.infra.atomic.locked)
            assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")], "a temporary file was left behind"
    assert original.startswith(b"sector: schools")
    load(project / "data")  # whatever happened, the knowledge base is valid
    assert main(new_measure(project, "中断之后再新建一项")) == 0
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")], "stale temporary files are cleaned up"
    assert os.path.getsize(path) >= len(original)


def test_check_refuses_a_cache_committed_to_the_repository(project: Path, capsys) -> None:
    git = ["git", "-C", str(project), "-c", "user.name=测试", "-c", "user.email=test@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    assert main(["--root", str(project), "check"]) == 0  # the cache it writes is ignored by no one yet, but not tracked
    cache = project / ".cache" / "kb-data.json"
    assert cache.is_file()
    subprocess.run([*git, "add", "-f", ".cache/kb-data.json"], check=True)
    capsys.readouterr()
    assert main(["--root", str(project), "check"]) == 1
    assert ".cache/kb-data.json: 构建缓存不能提交到仓库" in capsys.readouterr().out
    cache.unlink()  # deleted from the work tree but still tracked: still refused
    assert main(["--root", str(project), "check"]) == 1


def test_check_reports_each_warning_once_whatever_the_editions(project: Path, capsys) -> None:
    """Every regional edition repeats the national data's warnings; kb check lists each only once."""
    report = project / "data/reports/RPT-001.md"
    report.write_text(report.read_text(encoding="utf-8").replace("网格员协助学校做好晨午检。", "工作集中在三个方面：晨午检，因病缺勤追踪。"),
                      encoding="utf-8")
    assert (project / "data/regions").is_dir()  # the fixture has editions
    assert main(["--root", str(project), "check"]) == 0
    out = capsys.readouterr()
    lines = [line for line in out.out.splitlines() if line]
    assert lines and len(lines) == len(set(lines))
    assert f"有 {len(lines)} 个警告" in out.err
