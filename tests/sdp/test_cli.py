"""`notes-tools sdp`: exit codes, stdout and stderr, through main() and once as a process."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from notes_tools.sdp.cli import main


def run(capsys, args, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_prints_the_model(capsys, fixtures_dir):
    code, out, err = run(capsys, ["parse", str(fixtures_dir / "sip-pbx-offer.sdp")])
    assert code == 0 and err == ""
    assert "   1  session  Version" in out
    assert "Crypto" in out and "tag=2" in out


def test_parse_json_is_the_full_model(capsys, fixtures_dir):
    code, out, _ = run(capsys, ["parse", "--json", str(fixtures_dir / "sip-pbx-offer.sdp")])
    data = json.loads(out)
    assert code == 0
    assert data["session"][1]["session_id"] == "1697364410"
    assert data["media"][0]["media"]["formats"] == ["0", "8", "9", "101", "13"]


def test_lint_clean_file_exits_0(capsys, fixtures_dir):
    code, out, err = run(capsys, ["lint", str(fixtures_dir / "simulcast-rid-offer.sdp")])
    assert (code, err) == (0, "")
    assert out.endswith("0 error(s), 0 warning(s), 0 note(s), 0 repair(s)\n")


def test_lint_findings_exit_1_with_compiler_style_lines(capsys, fixtures_dir):
    path = fixtures_dir / "broken-bad-rtpmap.strict-line-6.sdp"
    code, out, _ = run(capsys, ["lint", str(path)])
    assert code == 1
    assert f"{path}:6: warning: a=rtpmap value" in out


def test_lint_json(capsys, fixtures_dir):
    path = fixtures_dir / "mangled-web-copy-plan-b.sdp"
    code, out, err = run(capsys, ["lint", "--json", str(path)])
    data = json.loads(out)
    assert code == 1
    assert data["repairs"][0] == {"line": 1, "message": "byte order mark removed"}
    assert f"{path}:1: warning: byte order mark removed" in err


def test_strict_parse_error_is_one_line_on_stderr(capsys, fixtures_dir):
    path = fixtures_dir / "broken-m-line-three-fields.strict-line-7.sdp"
    code, out, err = run(capsys, ["parse", "--strict", str(path)])
    assert (code, out) == (1, "")
    assert err == f"notes-tools sdp: {path}:7: m= line needs 4 fields, got 3\n"


def test_summary_text_and_json(capsys, fixtures_dir):
    path = str(fixtures_dir / "chrome-unified-plan-offer.sdp")
    code, out, _ = run(capsys, ["summary", path])
    assert code == 0
    assert out.startswith("m0 audio mid=0 sendrecv port 53741 UDP/TLS/RTP/SAVPF\n")
    assert "  codec 111 opus/48000/2 [minptime=10;useinbandfec=1] fb: transport-cc" in out
    code, out, _ = run(capsys, ["summary", "--json", path])
    assert json.loads(out)[2]["kind"] == "application"


def test_diff(capsys, fixtures_dir):
    offer = str(fixtures_dir / "chrome-unified-plan-offer.sdp")
    answer = str(fixtures_dir / "firefox-unified-plan-answer.sdp")
    code, out, _ = run(capsys, ["diff", offer, answer])
    assert code == 0
    assert "m1 video mid=1: offer sendrecv, answer sendrecv -> offerer sendrecv" in out
    code, out, _ = run(capsys, ["diff", "--json", answer, offer])
    assert code == 1  # the "answer" lists codecs the "offer" did not
    assert json.loads(out)[0]["problems"]


def test_stdin_dash(capsys, monkeypatch, fixtures_dir):
    data = (fixtures_dir / "datachannel-only-offer.sdp").read_bytes()
    code, out, _ = run(capsys, ["summary", "-"], data, monkeypatch)
    assert code == 0 and out.startswith("m0 application mid=0")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "<stdin>:1: empty input: no SDP lines"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "<stdin>: binary input (NUL byte at offset 8)"),
        (b"v=0\n\xff\xfe", "<stdin>: not UTF-8 text (byte 0xff at offset 4)"),
        (b"GET / HTTP/1.1\r\n", "<stdin>:1: not an SDP line"),
        (b"v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=audio 9", "<stdin>:5: m= line needs 4"),
        (b"v=0\n" + b"a=x\n" * (1024 * 1024 + 1), "<stdin>: input larger than 4 MiB"),
    ],
    ids=["empty", "binary", "not-utf8", "garbage", "truncated", "huge"],
)
def test_bad_input_is_one_line_on_stderr(capsys, monkeypatch, data, message):
    code, out, err = run(capsys, ["lint", "-"], data, monkeypatch)
    assert (code, out) == (1, "")
    assert err.startswith(f"notes-tools sdp: {message}")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_missing_file_and_usage_errors_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, ["parse", str(tmp_path / "nope.sdp")])
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, ["parse", str(tmp_path)])
    assert code == 2 and "is a directory" in err
    for args in ([], ["frobnicate", "x"], ["parse"], ["parse", "a", "b"], ["lint", "--bogus", "x"]):
        code, _, err = run(capsys, args)
        assert code == 2 and "Traceback" not in err


def test_help_ends_with_an_example(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1].strip().startswith("notes-tools sdp ")


def test_python_dash_m_entry_point(fixtures_dir):
    done = subprocess.run(
        [sys.executable, "-m", "notes_tools", "sdp", "lint", "--strict",
         str(fixtures_dir / "broken-unknown-line-type.strict-line-7.sdp")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().endswith(":7: unknown line type f=")
