"""Docs are tests: every code block of every note runs, and every notebook executes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notes_tools import check, codeblocks, htmlpolicy

REPO = Path(__file__).resolve().parents[2]
MARKDOWN = [p for p in check.note_files([REPO / "docs"]) if p.suffix == ".md"] + [
    REPO / "CONTRIBUTING.md",
    REPO / "README.md",
]
NOTEBOOKS = [p for p in check.note_files([REPO / "docs"]) if p.suffix == ".ipynb"]


def _id(path: Path) -> str:
    return str(path.relative_to(REPO))


@pytest.mark.parametrize("path", MARKDOWN, ids=_id)
def test_code_blocks_run(path: Path) -> None:
    problems = codeblocks.run_page(_id(path), path.read_text(encoding="utf-8"), REPO)
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_executes_offline_with_safe_outputs(path: Path, tmp_path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        allow_errors=False,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    problems = [
        f"{_id(path)}: cell {i}: {msg}"
        for i, cell in enumerate(nb.cells)
        for output in cell.get("outputs", [])
        for msg in htmlpolicy.output_problems(json.loads(json.dumps(output)))
    ]
    assert problems == []


def test_failing_notebook_fails(tmp_path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        NotebookClient(nb, timeout=60, allow_errors=False, kernel_name="python3").execute()


def test_there_is_something_to_test() -> None:
    assert len(MARKDOWN) > 10 and NOTEBOOKS
