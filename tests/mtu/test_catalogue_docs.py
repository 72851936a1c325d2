"""The catalogue is well-formed, and the generated note tables say what it says."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from notes_tools.mtu import LAYERS, analyse, mss, parse_stack
from notes_tools.mtu.docs import COMMON_STACKS, layer_table, mss_table, overhead_table

CATALOGUE = Path(__file__).resolve().parents[2] / "notes_tools" / "mtu" / "catalogue.py"


def _rows(markdown: str) -> list[list[str]]:
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_every_row_has_a_source_link_and_unique_names() -> None:
    names: set[str] = set()
    for layer in LAYERS:
        assert layer.source_url.startswith("https://"), layer.name
        assert layer.source_title, layer.name
        for spelling in (layer.name, *layer.aliases):
            assert spelling == spelling.lower() and "/" not in spelling and "+" not in spelling
            assert spelling not in names
            names.add(spelling)


def test_every_row_has_an_example_comment_above_it() -> None:
    source = CATALOGUE.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Layer"
    ]
    assert len(calls) == len(LAYERS)
    for call in calls:
        above = lines[call.lineno - 2].strip()
        assert above.startswith("#"), f"catalogue.py:{call.lineno}: no example comment above"


def test_implied_layers_exist() -> None:
    for layer in LAYERS:
        for name in (*layer.implies_outer, *layer.implies_inner):
            parse_stack(name)


def test_issue_layers_are_present() -> None:
    required = {
        "ethernet",
        "dot1q",
        "qinq",
        "mpls",
        "pppoe",
        "ipv4",
        "ipv6",
        "udp",
        "tcp",
        "gre",
        "ipip",
        "6in4",
        "4in6",
        "vxlan",
        "geneve",
        "wireguard",
        "esp-gcm",
        "esp-cbc",
        "l2tpv3-ip",
        "l2tpv3-udp",
        "gtpu",
        "lisp",
        "macsec",
    }
    assert required <= {layer.name for layer in LAYERS}


def test_layer_table_has_one_row_per_layer_with_its_numbers() -> None:
    rows = _rows(layer_table())
    assert len(rows) == len(LAYERS)
    for row, layer in zip(rows, LAYERS, strict=True):
        assert row[0] == layer.title
        assert int(row[2]) == layer.header_bytes
        assert row[3].startswith(str(layer.trailer_bytes))
        assert layer.source_url in row[6]


def test_overhead_table_matches_the_engine() -> None:
    rows = _rows(overhead_table())
    assert len(rows) == len(COMMON_STACKS)
    for row, (description, text) in zip(rows, COMMON_STACKS, strict=True):
        report = analyse(text)
        assert row[0] == description
        assert row[1] == f"`{report.stack}`"
        assert int(row[3]) == report.inner_mtu_bytes
        assert int(row[2]) == 1500 - int(row[3])
        if row[4] != "-":
            assert int(row[4]) == mss(int(row[3]), 4).mss_bytes


def test_overhead_table_carries_the_headline_numbers() -> None:
    table = {row[0]: row for row in _rows(overhead_table())}
    assert table["VXLAN over IPv4"][2] == "50"
    assert table["WireGuard over IPv4"][2] == "60"
    assert table["WireGuard over IPv6"][2] == "80"
    assert table["PPPoE (DSL, FTTH)"][4] == "1452"
    # an IPv4-only tunnel shows no IPv6 MSS
    assert table["IP-in-IP"][5] == "-"


def test_overhead_table_follows_the_link_mtu() -> None:
    rows = _rows(overhead_table(9000))
    assert "inner MTU on 9000" in overhead_table(9000)
    assert int(rows[0][3]) == 9000 - 8


@pytest.mark.parametrize("mtu", [1280, 1500, 9000])
def test_mss_table_rows(mtu: int) -> None:
    rows = {int(row[0]): row for row in _rows(mss_table())}
    assert int(rows[mtu][1]) == mtu - 40
    assert int(rows[mtu][2]) == mtu - 52
    assert int(rows[mtu][3]) == mtu - 60


def test_generated_tables_are_valid_markdown_tables() -> None:
    for table in (layer_table(), overhead_table(), mss_table()):
        lines = table.strip().splitlines()
        widths = {line.count("|") - line.count("\\|") for line in lines}
        assert len(widths) == 1, table
        assert re.fullmatch(r"\|( -+:? \|)+", lines[1].replace("---:", "---"))
