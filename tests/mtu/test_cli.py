"""`notes-tools mtu`: exit codes, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from notes_tools.mtu.cli import main, parse_rate

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_overhead_human_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "overhead", "ethernet/pppoe/ipv4/wireguard/ipv4/tcp")
    assert code == 0 and err == ""
    assert "stack: ethernet/pppoe/ipv4/udp/wireguard/ipv4/tcp" in out
    assert "inner MTU: 1432 bytes" in out
    assert "MSS clamp: IPv4 1392, IPv6 1372" in out
    assert "largest innermost payload: 1392 bytes" in out


def test_overhead_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "overhead", "ethernet/ipv4/vxlan", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["fixed_overhead_bytes"] == 50 and data["inner_mtu_bytes"] == 1450
    assert [layer["name"] for layer in data["layers"]] == [
        "ethernet",
        "ipv4",
        "udp",
        "vxlan",
        "ethernet",
    ]


def test_overhead_with_payload_shows_padding(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "overhead", "ipv4/wireguard", "--payload", "1", "--json")
    data = json.loads(out)
    assert code == 0 and data["payload_bytes"] == 1
    assert data["layers"][-1]["padding_bytes"] == 15


def test_mss_for_an_mtu(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "mss", "1492", "--json")
    data = json.loads(out)
    assert code == 0
    assert [(d["ip_version"], d["mss_bytes"], d["payload_bytes"]) for d in data] == [
        (4, 1452, 1440),
        (6, 1432, 1420),
    ]


def test_mss_clamp_for_a_stack(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "mss", "--stack", "ethernet/ipv6/wireguard")
    assert code == 0
    assert "clamp TCP over IPv4 to MSS 1380" in out and "IPv6 to MSS 1360" in out


def test_mss_needs_exactly_one_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "mss")
    assert code == 2 and out == ""
    assert err.startswith("notes-tools mtu: mss: give an MTU") and err.count("\n") == 1


def test_fragment_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "fragment", "4000", "--mtu", "1500")
    assert code == 0
    rows = [
        line.split() for line in out.splitlines() if line[:1].isdigit() and "fragments" not in line
    ]
    assert [(r[1], r[2], r[4]) for r in rows] == [
        ("1480", "0", "1"),
        ("1480", "185", "1"),
        ("1020", "370", "0"),
    ]


def test_fragment_df_and_router(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "fragment", "1500", "--mtu", "1400", "--df")
    assert code == 0 and "fragmentation needed (type 3, code 4), MTU 1400" in out
    code, out, _ = run(capsys, "fragment", "1500", "--mtu", "1280", "--ipv6", "--router", "--json")
    assert code == 0 and json.loads(out)["icmp"]["icmp_type"] == 2


def test_efficiency_rates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "efficiency",
        "ethernet/ipv4/tcp",
        "--payload",
        "1460",
        "--rate",
        "10M",
        "--rate",
        "1G",
        "--json",
    )
    data = json.loads(out)
    assert code == 0
    assert [d["rate_bps"] for d in data] == [1e7, 1e9]
    assert data[0]["wire_bytes"] == 1538
    assert data[0]["serialization_delay_s"] == pytest.approx(1526 * 8 / 1e7)


def test_layers_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "layers", "--json")
    names = [row["name"] for row in json.loads(out)]
    assert code == 0 and "wireguard" in names and "esp-gcm" in names


@pytest.mark.parametrize(
    ("argv", "code", "needle"),
    [
        (["overhead", "ethernet/wirguard"], 1, "did you mean wireguard"),
        (["overhead", "ethernet/ipv4/tcp", "--link-mtu", "30"], 1, "raise the link MTU"),
        (["fragment", "1000", "--mtu", "50"], 1, "at least that"),
        (["fragment", "1000", "--mtu", "1500", "--router"], 2, "--router applies to --ipv6"),
        (["efficiency", "ipv4/tcp", "--payload", "10"], 1, "start the stack with ethernet"),
        (["efficiency", "eth/ipv4/tcp", "--payload", "10", "--rate", "fast"], 2, "rate 'fast'"),
        (["fragment", "abc", "--mtu", "1500"], 2, "invalid int value"),
        (["nosuchverb"], 2, "invalid choice"),
        ([], 2, "required"),
    ],
)
def test_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, needle: str
) -> None:
    got, out, err = run(capsys, *argv)
    assert got == code and out == ""
    assert err.startswith("notes-tools mtu: ") and needle in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_help_ends_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "notes-tools mtu layers" in out.strip().splitlines()[-1]
    code, out, _ = run(capsys, "fragment", "--help")
    assert code == 0 and out.strip().splitlines()[-1].strip().startswith("notes-tools mtu fragment")


@pytest.mark.parametrize(
    ("text", "bps"),
    [("10M", 1e7), ("2.5G", 2.5e9), ("64k", 64e3), ("100Mbps", 1e8), ("9600", 9600)],
)
def test_parse_rate(text: str, bps: float) -> None:
    assert parse_rate(text) == bps


@pytest.mark.parametrize("text", ["", "G", "-1M", "0", "1X", "inf", "nan"])
def test_parse_rate_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_rate(text)


def test_python_m_notes_tools_mtu() -> None:
    if not (ROOT / "notes_tools" / "__main__.py").exists():
        pytest.skip("the notes_tools dispatcher is not there yet")
    done = subprocess.run(
        [sys.executable, "-m", "notes_tools", "mtu", "overhead", "ethernet/ipv4/vxlan", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["inner_mtu_bytes"] == 1450
