"""The `notes-tools` dispatcher: help with examples, light start-up, the installed entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from notes_tools import cli

REPO = Path(__file__).resolve().parents[2]


def test_help_lists_every_command_and_ends_with_an_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in cli.SUBCOMMANDS:
        assert f"  {name} " in out
    assert out.rstrip().splitlines()[-2].strip() == "example:"


@pytest.mark.parametrize("name", sorted(cli.SUBCOMMANDS))
def test_each_subcommand_help_ends_with_an_example(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = cli.main([name, "--help"])
    except SystemExit as exc:  # argparse's --help exits
        code = exc.code
    assert code == 0
    lines = capsys.readouterr().out.rstrip().splitlines()
    assert any(line.strip().startswith("example") for line in lines), lines
    assert lines[-1].strip().startswith("notes-tools "), lines[-1]


def test_unknown_command_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sdq"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "notes-tools: unknown command 'sdq' (did you mean 'sdp'?)"
    )


def test_no_arguments_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2


def test_generated_help_in_the_docs_is_current() -> None:
    shown = (REPO / "docs" / "includes" / "cli-help.txt").read_text()
    assert shown == cli._usage(), "run: .venv/bin/notes-tools --help > docs/includes/cli-help.txt"


def test_startup_imports_nothing_heavy() -> None:
    code = "import sys, notes_tools.cli; print(' '.join(sorted(sys.modules)))"
    modules = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    heavy = {
        "yaml",
        "mkdocs",
        "numpy",
        "json",
        "argparse",
        "difflib",
        "notes_tools.sdp",
        "notes_tools.oom",
    }
    assert not modules & heavy, modules & heavy


def test_installed_entry_point_runs() -> None:
    exe = Path(sys.executable).with_name("notes-tools")
    proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("notes-tools ")
    proc = subprocess.run(
        [sys.executable, "-m", "notes_tools", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.startswith("notes-tools ")
