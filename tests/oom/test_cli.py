"""`notes-tools oom` through main([...]), and once through the installed entry point."""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from notes_tools.oom.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oom"
REPO = Path(__file__).resolve().parents[2]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_human_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(FIXTURES / "pytorch-2.x-cuda-seed-000.txt")], capsys)
    assert (code, err) == (0, "")
    assert "asked for                      58.00 MiB" in out
    assert "gpu-memory/pytorch-gpu-memory/#fragmentation-and-expandable-segments" in out


def test_json_of_the_last_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(FIXTURES / "pytorch-2.3-cuda-torchrun.txt"), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["line"] == 9 and data["source"] == "rank1"  # the last report starts last
    assert data["figures"]["requested"]["bytes"] == 304 * 1024**2


def test_all_json_is_a_list(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log = tmp_path / "mixed.log"
    log.write_text(
        "\n".join(p.read_text() for p in sorted(FIXTURES.glob("*.txt"))), encoding="utf-8"
    )
    code, out, err = run([str(log), "--all", "--json"], capsys)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert len(data) >= 24
    assert [d["line"] for d in data] == sorted(d["line"] for d in data)


def test_stdin_dash(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = (FIXTURES / "jax-0.4.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    code, out, _ = run(["-", "--json"], capsys)
    assert code == 0 and json.loads(out)["figures"]["requested"]["bytes"] == 17179869184


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no out-of-memory report found"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)), "binary input"),
        (
            b"torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 58.00 MiB. GPU 0 has",
            ":1: message ends before",
        ),
        (b"just a log\nnothing here\n", "no out-of-memory report found"),
    ],
    ids=["empty", "binary", "truncated", "no-report"],
)
def test_bad_input_one_stderr_line(
    content: bytes, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "input.log"
    path.write_bytes(content)
    code, _, err = run([str(path)], capsys)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("notes-tools oom: ")
    assert message in err
    assert "Traceback" not in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run([str(tmp_path / "nope.log")], capsys)
    assert code == 1 and err.count("\n") == 1 and "No such file" in err


def test_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run([str(tmp_path)], capsys)
    assert code == 1 and err.count("\n") == 1


def test_help_ends_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert out.rstrip().splitlines()[-1].strip().startswith("notes-tools oom")
    code, out, _ = run(["snapshot", "--help"], capsys)
    assert code == 0 and "example:" in out


def test_snapshot_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    snap = {
        "segments": [
            {"device": 0, "total_size": 4 * 1024**2, "blocks": [
                {"size": 3 * 1024**2, "state": "active_allocated",
                 "frames": [{"filename": "model.py", "line": 7, "name": "build"}]},
                {"size": 1024**2, "state": "inactive"},
            ]},
        ],
        "device_traces": [],
    }  # fmt: skip
    path = tmp_path / "snap.pickle"
    path.write_bytes(pickle.dumps(snap))
    code, out, _ = run(["snapshot", str(path)], capsys)
    assert code == 0
    assert "model.py:7 in build" in out and "largest free block   1.00 MiB" in out
    code, out, _ = run(["snapshot", str(path), "--json"], capsys)
    assert json.loads(out)["reserved_bytes"] == 4 * 1024**2


def test_snapshot_refuses_code(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "evil.pickle"
    path.write_bytes(b"cos\nsystem\n(S'touch " + str(tmp_path / "x").encode() + b"'\ntR.")
    code, _, err = run(["snapshot", str(path)], capsys)
    assert code == 1 and "refused" in err and err.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--bogus"], capsys)
    assert code == 2 and "usage:" in err


def test_installed_entry_point(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "notes_tools", "oom", str(FIXTURES / "linux-6.8-cgroup-v2.txt")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "cgroup-limits" in proc.stdout
