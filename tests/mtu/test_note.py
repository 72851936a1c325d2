"""The MTU note: generated tables are wired in, and the numbers it states by hand
are the ones the calculator computes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notes_tools.mtu import (
    analyse,
    fragment_ipv4,
    fragment_ipv6,
    frames_needed,
    serialization_delay_s,
    wire_efficiency,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "networking"
NOTE = DOCS / "mtu.md"


@pytest.fixture(scope="module")
def note() -> str:
    if not NOTE.exists():
        pytest.skip("docs/networking/mtu.md is not there")
    return NOTE.read_text(encoding="utf-8")


@pytest.mark.parametrize("function", ["layer_table", "overhead_table", "mss_table"])
def test_generated_tables_are_wired_in(note: str, function: str) -> None:
    assert f"<!-- gen: notes_tools.mtu.docs.{function} -->" in note.splitlines()


def test_frame_sizes_table(note: str) -> None:
    assert "| L2 frame | destination MAC to FCS" in note and "| 1518 |" in note
    assert analyse("ethernet/ipv4").layers[0].packet_bytes == 1518
    assert analyse("ethernet/dot1q/ipv4").layers[0].packet_bytes == 1522
    assert wire_efficiency("ethernet/ipv4/tcp", 1460).wire_bytes == 1538


@pytest.mark.parametrize(
    ("rate_bps", "shown"),
    [
        (64e3, "190.75 ms"),
        (1e6, "12.21 ms"),
        (10e6, "1.22 ms"),
        (1e9, "12.21 µs"),
        (10e9, "1.22 µs"),
    ],
)
def test_serialization_table(note: str, rate_bps: float, shown: str) -> None:
    seconds = serialization_delay_s(1526, rate_bps)
    number, unit = shown.split()
    scale = {"ms": 1e3, "µs": 1e6}[unit]
    assert round(seconds * scale, 2) == pytest.approx(float(number), abs=0.005)
    assert f"| {shown} |" in note
    assert "12 208 bits" in note and 1526 * 8 == 12208


def test_fragment_examples(note: str) -> None:
    rows = [
        (f.data_bytes, f.offset_units, f.total_bytes) for f in fragment_ipv4(4000, 1500).fragments
    ]
    for data, units, total in rows:
        assert f"| {data} | {units} |" in note and f"| {total} |" in note
    sizes = [f.total_bytes for f in fragment_ipv6(3000, 1280).fragments]
    assert sizes == [1280, 1280, 544] and "1280, 1280 and 544 bytes" in note


def test_jumbo_table(note: str) -> None:
    for mtu, data, frames, percent in [(1500, 1460, 685, "94.9 %"), (9000, 8960, 112, "99.1 %")]:
        assert analyse("ethernet/ipv4/tcp", mtu).max_payload_bytes == data
        assert frames_needed("ethernet/ipv4/tcp", 1_000_000, mtu) == frames
        eff = wire_efficiency("ethernet/ipv4/tcp", data, link_mtu_bytes=mtu).efficiency
        assert f"{100 * eff:.1f} %" == percent
        assert f"| {mtu} | {data} | {frames} | {percent} |" in note


def test_wireguard_over_pppoe_and_ipv6_figure(note: str) -> None:
    assert analyse("ethernet/pppoe/ipv6/wireguard").inner_mtu_bytes == 1412
    assert "1412" in note


def test_notebook_is_committed_clean() -> None:
    path = DOCS / "mtu-efficiency.ipynb"
    if not path.exists():
        pytest.skip("notebook not there")
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["notes"]["title"] == "Wire efficiency against payload size"
    assert nb["cells"][0]["cell_type"] == "markdown"
    assert "".join(nb["cells"][0]["source"]).startswith("# Wire efficiency")
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
