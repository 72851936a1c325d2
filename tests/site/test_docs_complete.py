"""Nothing public is undocumented: every module has a reference page, every public name a docstring."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import notes_tools

REPO = Path(__file__).resolve().parents[2]
REFERENCE = "\n".join(p.read_text() for p in (REPO / "docs" / "reference").glob("*.md"))
SKIP = {"notes_tools.hooks", "notes_tools.__main__"}  # MkDocs glue and the `-m` entry point
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(notes_tools.__path__, "notes_tools.")
    if m.name not in SKIP and not m.name.rsplit(".", 1)[-1].startswith("_")
)


@pytest.mark.parametrize("name", MODULES)
def test_module_is_on_a_reference_page(name: str) -> None:
    parts = name.split(".")
    covered = any(f"::: {'.'.join(parts[:i])}" in REFERENCE for i in range(2, len(parts) + 1))
    assert covered, f"no reference page renders {name} (add `::: {name}` to docs/reference/)"


@pytest.mark.parametrize("name", MODULES)
def test_public_names_have_docstrings(name: str) -> None:
    module = importlib.import_module(name)
    assert inspect.getdoc(module), f"{name} has no module docstring"
    missing = [
        attr
        for attr, value in vars(module).items()
        if not attr.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == name
        and not inspect.getdoc(value)
    ]
    assert missing == [], f"{name}: undocumented public names {missing}"
