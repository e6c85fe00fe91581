"""Repository hygiene: contribution files parse and say what CI and editors rely on."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT


def test_workflows_and_forms_are_valid_yaml() -> None:
    for path in [*ROOT.joinpath(".github").rglob("*.yml"), ROOT / ".pre-commit-config.yaml"]:
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path


def test_ci_runs_the_two_commands() -> None:
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "make test" in (ROOT / ".github/workflows/test.yml").read_text(encoding="utf-8")
    release = (ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8")
    assert "make site" in release and "dist/*-offline.zip" in release


def test_pre_commit_runs_ruff_yaml_check_and_kb_check() -> None:
    ids = {hook["id"] for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
           for hook in repo["hooks"]}
    assert {"ruff", "check-yaml", "kb-check"} <= ids


def test_issue_forms_and_pull_request_checklist() -> None:
    forms = {p.stem for p in ROOT.joinpath(".github/ISSUE_TEMPLATE").glob("*.yml")}
    assert {"content-error", "new-guidance"} <= forms
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert template.count("- [ ]") >= 5


def test_readme_quick_start_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## 快速开始 / Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make site" in quick and "make test" in quick


def _workflows() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in ROOT.joinpath(".github/workflows").glob("*.yml")}


def test_workflows_build_in_the_debian_container_readme_documents() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 持续集成", 1)[1].split("\n## ", 1)[0]
    flows = _workflows()
    images = {job["container"] for flow in flows.values() for job in flow["jobs"].values() if "container" in job}
    assert images == {"python:3.11-bookworm"}
    assert "python:3.11-bookworm" in section
    test_steps = [s.get("run", "") for s in flows["test.yml"]["jobs"]["test"]["steps"]]
    for command in ("make deps", "make test", "make site", "kb diff --markdown", "kb check"):
        assert any(command in step for step in test_steps), command
        assert command in section, command
    assert flows["release.yml"]["jobs"]["build"]["container"] == "python:3.11-bookworm"


def test_actions_are_pinned_by_commit_and_permissions_are_per_job() -> None:
    pin = re.compile(r"^\s*-?\s*uses: [\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
    for path in ROOT.joinpath(".github/workflows").glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert pin.match(line), f"{path.name}: {line.strip()}"
    for name, flow in _workflows().items():
        assert flow["permissions"] == {}, name
        for job_name, job in flow["jobs"].items():
            assert "permissions" in job, f"{name}: {job_name}"
            assert "write" not in job["permissions"].values() or name == "release.yml", f"{name}: {job_name}"


def test_workflow_schema_and_zizmor_audit_pass() -> None:
    bin_dir = Path(sys.executable).parent
    workflows = sorted(str(p) for p in ROOT.joinpath(".github/workflows").glob("*.yml"))
    schema = subprocess.run([bin_dir / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows],
                            capture_output=True, text=True, check=False)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    audit = subprocess.run([bin_dir / "zizmor", "--offline", "--no-progress", "--config", ROOT / "zizmor.yml",
                            ROOT / ".github/workflows"], capture_output=True, text=True, check=False)
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_every_zizmor_suppression_gives_a_reason() -> None:
    lines = (ROOT / "zizmor.yml").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith("- ") and ".yml" in line:
            assert lines[i - 1].strip().startswith("#"), f"zizmor.yml:{i + 1}: suppression without a reason above it"


def test_codeowners_routes_each_sector_to_its_reviewers() -> None:
    owners = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "示例" in owners
    rules = dict(line.split(None, 1) for line in owners.splitlines() if line.strip() and not line.startswith("#"))
    sectors = [path.split("/")[-1][:-4] for path in rules if path.startswith("/data/checklists/")]
    assert len(sectors) >= 9
    for sector in sectors:
        team = rules[f"/data/checklists/{sector}.yml"]
        assert team == f"@org/{sector}-reviewers" and rules[f"/docs/guide/{sector}.md"] == team, sector
