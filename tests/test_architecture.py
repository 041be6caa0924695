"""The house's rules that no linter checks for us: private names stay private, the map names every room."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "soracheck"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(path: Path) -> list[str]:
    """``from soracheck.x import _name`` in ``path``: a private name taken from another module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("soracheck"):
            found += [f"{node.module}.{a.name} (line {node.lineno})" for a in node.names if _private(a.name)]
    return found


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_no_private_name_is_imported_across_modules(path: Path) -> None:
    assert private_imports(path) == []


def test_the_check_finds_a_private_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text(
        "from soracheck import __version__\nfrom soracheck.rules.frames import FrameRule, _at\nfrom os import _exit\n"
    )
    assert private_imports(sample) == ["soracheck.rules.frames._at (line 2)"]


def test_architecture_names_every_module() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [
        name
        for name in map(module_name, MODULES)
        if name != "soracheck" and f"`{name.removeprefix('soracheck.').replace('.', '/')}" not in text
    ]
    assert missing == [], "ARCHITECTURE.md does not say where these modules fit"


def test_the_layers_of_the_map_are_the_contract() -> None:
    import tomllib

    contract = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in contract["contracts"] if c["type"] == "layers"]
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for layer in layers:
        for name in layer.split("|"):
            assert f"`{name.strip().removeprefix('soracheck.')}" in text
