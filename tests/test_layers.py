"""The package layout keeps its layers: read every module's imports and check them against kb.LAYERS."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kb

PACKAGE = Path(kb.__file__).parent
RENDERING = {"jinja2", "markdown", "pymdownx", "docx"}
ENGINES = {"mkdocs", "properdocs", "material", "hooks"}
FILES_AND_PAGES = {"os", "pathlib", "io", "shutil"} | RENDERING


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, package: Path = PACKAGE) -> set[str]:
    """Every module `path` imports, as absolute dotted names (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path, package).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "kb" and parts[1] in kb.LAYERS else None


def test_every_module_is_in_a_layer_or_is_the_command():
    loose = [module_name(p) for p in modules() if layer(module_name(p)) is None
             and module_name(p) not in {"kb", "kb.cli", "kb.entry"}]
    assert loose == []


@pytest.mark.parametrize("path", modules(), ids=lambda p: module_name(p))
def test_imports_only_lower_layers(path: Path):
    own = layer(module_name(path))
    if own is None:
        return  # kb.cli and kb.entry sit on top and may use every layer
    rank = kb.LAYERS.index(own)
    upward = sorted(name for name in imports(path)
                    if layer(name) is not None and kb.LAYERS.index(layer(name)) > rank)
    assert upward == [], f"{module_name(path)} ({own}) imports a higher layer"
    assert not {"kb.cli", "kb.entry"} & imports(path)


@pytest.mark.parametrize("path", modules(), ids=lambda p: module_name(p))
def test_no_module_reaches_the_engine_or_the_hooks(path: Path):
    assert {name.split(".")[0] for name in imports(path)} & ENGINES == set()


def test_the_model_knows_no_files_and_no_pages():
    used = {name.split(".")[0] for name in imports(PACKAGE / "core" / "model.py")}
    assert used & FILES_AND_PAGES == set()
    assert [name for name in imports(PACKAGE / "core" / "model.py") if name.startswith("kb.")] == []


def test_loading_never_renders():
    for path in (PACKAGE / "load").rglob("*.py"):
        used = imports(path)
        assert {name.split(".")[0] for name in used} & RENDERING == set(), path
        assert not any(layer(name) == "publish" for name in used), path


def test_the_check_finds_upward_imports_absolute_and_relative(tmp_path: Path):
    """The rule can fail: a core module importing publish, written either way, is caught."""
    sample = tmp_path / "kb" / "core" / "sample.py"
    sample.parent.mkdir(parents=True)
    sample.write_text("from kb.publish.render import x\nfrom ..publish import site\n", encoding="utf-8")
    found = imports(sample, tmp_path / "kb")
    assert {"kb.publish.render", "kb.publish.site"} <= found
    assert {layer(name) for name in found} >= {"publish"}
