"""Repository hygiene: contribution files parse and say what CI and editors rely on."""

from __future__ import annotations

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
