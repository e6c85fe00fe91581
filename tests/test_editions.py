"""Regional editions (issue 26): overlays merged into the national data, their configuration, bundles,
commands, and one edition built from a copy of the project (marked build)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kb.cli import main
from kb.infra.bundle import bundle_name, remove_other_versions
from kb.load import load, region_codes
from kb.publish.editions import config_paths, edition_line, write_configs
from kb.publish.site import extend_nav, generated_files

from .sites import ENGINE, copy_project

FIXTURE_EDITION = Path(__file__).parent / "fixtures" / "edition" / "testsheng"


def test_regions_are_listed_parents_first(kb_root: Path) -> None:
    assert region_codes(kb_root / "data") == ["guangdong", "yunfu"]


def test_a_city_inherits_its_province(kb_root: Path) -> None:
    national = load(kb_root / "data")
    city = load(kb_root / "data", region="yunfu")
    assert national.overlay is None and national.edition_name == "全国版"
    assert [r.code for r in city.overlay.chain] == ["guangdong", "yunfu"]
    ids = [m.id for m in city.measures_for("schools")]
    assert ids == [*(m.id for m in national.measures_for("schools")), "GD-SCH-001", "YF-SCH-001"]
    assert city.local_region("GD-SCH-001").code == "guangdong" and city.local_region("SCH-001") is None
    assert [n.text for n in city.notes_for("SCH-001")] == ["本省晨午检同时询问发热和关节疼痛。"]
    assert "province-school-rule" in city.document_by_id
    # the national measures are the same records: an overlay adds, it never rewrites
    assert all(city.measure_by_id[m.id] == m for m in national.measures_for("schools"))


def test_contacts_and_calendar_entries_are_added(kb_root: Path) -> None:
    national = load(kb_root / "data")
    province = load(kb_root / "data", region="guangdong")
    contacts = province.reporting.contacts
    assert contacts[0].text == "测试省疾病预防控制中心" and contacts[0].number == "020-0000000"
    assert contacts[1:] == national.reporting.contacts
    august = next(m for m in province.calendar if m.month == 8)
    assert any(p.measures == ("GD-SCH-001",) for p in august.prepare)


def test_the_edition_line_and_page_say_what_the_region_adds(kb_root: Path) -> None:
    national = load(kb_root / "data")
    city = load(kb_root / "data", region="yunfu")
    assert edition_line(national) == {"name": "全国版", "adds": "", "page": ""}
    line = edition_line(city)
    assert line["name"] == "测试市版" and "2 项措施" in line["adds"] and "1 条说明" in line["adds"]
    files = dict(generated_files(city, directory_urls=True))
    assert "region.md" not in dict(generated_files(national, directory_urls=True))
    page = files["region.md"]
    for text in ("GD-SCH-001", "YF-SCH-001", "省级学校防蚊规定", "本省晨午检同时询问发热和关节疼痛。", "020-0000000"):
        assert text in page
    assert "测试省增加" in files["checklists/schools.md"] or "测试省增加" in page
    exported = json.loads(files["api/kb.json"])
    assert exported["region"]["code"] == "yunfu" and json.loads(dict(generated_files(national, True))["api/kb.json"])["region"] is None
    nav = extend_nav([{"首页": "index.md"}], city)
    assert {"本版增加": "region.md"} in nav


def test_edition_configs_inherit_the_national_ones(kb_root: Path) -> None:
    shutil.copy(Path(__file__).resolve().parent.parent / "mkdocs.yml", kb_root / "mkdocs.yml")
    paths = write_configs(kb_root, load(kb_root / "data", region="yunfu"))
    assert paths == config_paths(kb_root, "yunfu")
    web, offline = (p.read_text(encoding="utf-8") for p in paths)
    assert "INHERIT: mkdocs.yml\n" in web and "INHERIT: mkdocs-offline.yml\n" in offline
    assert 'site_name: "疫情防控工作指引知识库（测试市版）"' in web
    assert "site_dir: site-yunfu\n" in web and "site_dir: site-yunfu-offline\n" in offline
    assert "kb_region: yunfu" in web and "kb_region: yunfu" in offline


def test_a_bundle_replaces_only_older_zips_of_its_own_edition(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "epi-guide-kb"\nversion = "2.0"\n', encoding="utf-8")
    assert bundle_name(tmp_path) == "epi-guide-kb-2.0-offline"
    assert bundle_name(tmp_path, "guangdong") == "epi-guide-kb-guangdong-2.0-offline"
    dist = tmp_path / "dist"
    dist.mkdir()
    names = ["epi-guide-kb-1.9-offline.zip", "epi-guide-kb-guangdong-1.9-offline.zip", "epi-guide-kb-yunfu-1.9-offline.zip",
             "epi-guide-kb-2.0-offline.zip", "epi-guide-kb-guangdong-2.0-offline.zip"]
    for name in names:
        (dist / name).write_bytes(b"")
    remove_other_versions(dist / "epi-guide-kb-guangdong-2.0-offline.zip", "epi-guide-kb-guangdong-")
    assert sorted(p.name for p in dist.iterdir()) == sorted(set(names) - {"epi-guide-kb-guangdong-1.9-offline.zip"})
    remove_other_versions(dist / "epi-guide-kb-2.0-offline.zip", "epi-guide-kb-")
    assert sorted(p.name for p in dist.iterdir()) == ["epi-guide-kb-2.0-offline.zip", "epi-guide-kb-guangdong-2.0-offline.zip",
                                                      "epi-guide-kb-yunfu-1.9-offline.zip"]


def test_kb_regions_lists_the_matrix(project: Path, capsys) -> None:
    assert main(["--root", str(project), "regions", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == ["national", "guangdong", "yunfu"]


def test_kb_check_checks_every_region(project: Path, capsys) -> None:
    path = project / "data/regions/yunfu/checklists/schools.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: YF-SCH-001", "id: SCH-001"), encoding="utf-8")
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert "data/regions/yunfu/checklists/schools.yml:3: measures[0].id: “SCH-001”是全国版的措施" in out
    assert out.count("“SCH-001”是全国版的措施") == 1


def test_kb_diff_per_edition(project: Path, capsys) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    path = project / "data/regions/yunfu/checklists/schools.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("开学前组织师生清理孳生地", "开学前组织师生清理蚊虫孳生地"), encoding="utf-8")
    assert main(["--root", str(project), "diff", "--json", "HEAD"]) == 0
    assert "YF-SCH-001" not in capsys.readouterr().out  # the national edition has no such measure
    assert main(["--root", str(project), "diff", "--json", "--region", "yunfu", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "YF-SCH-001" in out
    path = project / "data/regions/guangdong/checklists/schools.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("同时询问发热", "同时询问发热、皮疹"), encoding="utf-8")
    assert main(["--root", str(project), "diff", "--json", "--region", "yunfu", "HEAD"]) == 0
    assert json.loads(capsys.readouterr().out)["knowledge"]["collections"]["local_notes"]["changed"][0]["id"] == "guangdong:SCH-001"


@pytest.mark.build
def test_a_regional_edition_builds_its_own_site_and_bundle(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    shutil.copytree(FIXTURE_EDITION, project / "data" / "regions" / "testsheng")
    assert main(["--root", str(project), "edition-config", "testsheng"]) == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    done = subprocess.run([sys.executable, "-m", "kb.infra.build", "--engine", ENGINE, "--config", "mkdocs-edition-testsheng-offline.yml",
                           "--site-dir", "site-testsheng-offline", "--bundle", "--edition", "testsheng"],
                          cwd=project, capture_output=True, text=True, env=env, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    site = project / "site-testsheng-offline"
    zips = [p.name for p in (project / "dist").glob("*.zip")]
    assert zips == [f"{bundle_name(project, 'testsheng')}.zip"]
    for page in ("index.html", "checklists/schools.html", "reporting/schools.html", "sources.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "本页属于<strong>测试省版</strong>" in html, page
        assert "疫情防控工作指引知识库（测试省版）" in html, page
    region = (site / "region.html").read_text(encoding="utf-8")
    assert "TS-SCH-001" in region and "同时询问关节疼痛。" in region and "010-12345678" in region
    checklist = (site / "checklists/schools.html").read_text(encoding="utf-8")
    assert 'id="TS-SCH-001"' in checklist and "测试另有规定" in checklist and "测试增加" in checklist
    assert "010-12345678" in (site / "reporting/schools.html").read_text(encoding="utf-8")
    assert json.loads((site / "api/kb.json").read_text(encoding="utf-8"))["region"]["code"] == "testsheng"
    with zipfile.ZipFile(project / "dist" / zips[0]) as bundle:
        assert f"{bundle_name(project, 'testsheng')}/region.html" in bundle.namelist()


def test_an_overlay_may_not_cite_a_source_not_in_force(kb_root: Path) -> None:
    from kb.core.problems import DataError

    path = kb_root / "data/regions/guangdong/checklists/schools.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{source: province-school-rule, section: 第一条}", "{source: old-school-rule, section: 第一条}")
                    .replace("{source: province-school-rule, section: 第二条}", "{source: old-school-rule, section: 第二条}"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(kb_root / "data", region="yunfu")
    found = [str(p) for p in err.value.problems]
    assert ("data/regions/guangdong/checklists/schools.yml:12: measures[0].basis[0].source: 依据“old-school-rule”已被替代，"
            "不能作为现行措施的依据；现行文件：school-hygiene-rule") in found
    assert ("data/regions/guangdong/checklists/schools.yml:17: notes[0].basis[0].source: 依据“old-school-rule”已被替代，"
            "不能作为现行措施的依据；现行文件：school-hygiene-rule") in found


def test_a_broken_parent_is_reported_once(kb_root: Path) -> None:
    from kb.core.problems import DataError

    path = kb_root / "data/regions/guangdong/region.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: province", "level: state"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(kb_root / "data", region="yunfu")
    found = [str(p) for p in err.value.problems]
    assert len(found) == 1 and found[0].startswith("data/regions/guangdong/region.yml:6: level:"), found
