"""scapy as an independent oracle for header sizes, ESP padding and IPv4 fragmentation.

scapy is a test-only dependency: the calculator itself is pure standard library.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_tools.mtu import fixed_overhead_bytes, fragment_ipv4, overhead_bytes, parse_stack
from notes_tools.mtu.catalogue import BY_NAME

scapy_all = pytest.importorskip("scapy.all")
warnings.filterwarnings("ignore", module="scapy")


def _oracles() -> list[tuple[str, Callable[[], Any]]]:
    from scapy.contrib.geneve import GENEVE
    from scapy.contrib.gtp import GTP_U_Header
    from scapy.contrib.mpls import MPLS
    from scapy.contrib.wireguard import Wireguard, WireguardTransport
    from scapy.layers.inet6 import IPv6ExtHdrFragment
    from scapy.layers.vxlan import VXLAN

    s = scapy_all
    return [
        # (stack whose header + trailer bytes must equal len(packet), packet builder)
        ("ipv4/udp", lambda: s.IP() / s.UDP()),
        ("ipv4/tcp", lambda: s.IP() / s.TCP()),
        ("ipv6/udp", lambda: s.IPv6() / s.UDP()),
        ("ipv6/tcp", lambda: s.IPv6() / s.TCP()),
        ("ipv6+frag", lambda: s.IPv6() / IPv6ExtHdrFragment()),
        ("ipv4+opts=4", lambda: s.IP(options=[s.IPOption_Router_Alert()])),
        ("tcp+ts", lambda: s.TCP(options=[("NOP", None), ("NOP", None), ("Timestamp", (1, 0))])),
        ("pppoe", lambda: s.PPPoE() / s.PPP()),
        ("dot1q", lambda: s.Dot1Q()),
        ("mpls*2", lambda: MPLS(s=0) / MPLS()),
        ("gre", lambda: s.GRE()),
        ("gre+csum+key+seq", lambda: s.GRE(chksum_present=1, key_present=1, seqnum_present=1)),
        ("ipv4/udp/vxlan/ethernet", lambda: s.IP() / s.UDP() / VXLAN() / s.Ether()),
        ("ipv6/udp/geneve/ethernet", lambda: s.IPv6() / s.UDP() / GENEVE() / s.Ether()),
        ("ipv4/udp/gtpu", lambda: s.IP() / s.UDP() / GTP_U_Header()),
        ("ipip", lambda: s.IP() / s.IP()),
        ("6in4", lambda: s.IP() / s.IPv6()),
        ("4in6", lambda: s.IPv6() / s.IP()),
        # WireGuard: scapy models the 16-byte header; the 16-byte Poly1305 tag is data
        ("ipv4/udp/wireguard", lambda: s.IP() / s.UDP() / Wireguard() / WireguardTransport()),
    ]


ORACLES = _oracles()


@pytest.mark.parametrize(("stack", "build"), ORACLES, ids=[name for name, _ in ORACLES])
def test_header_bytes_match_scapy(stack: str, build: Callable[[], Any]) -> None:
    expected = len(build())
    if stack.endswith("wireguard"):
        expected += BY_NAME["wireguard"].trailer_bytes
    parsed = parse_stack(stack)
    assert sum(use.header_bytes + use.layer.trailer_bytes for use in parsed.layers) == expected
    if parsed.frame_count == 0:
        assert fixed_overhead_bytes(parsed) == expected


def test_ethernet_header_matches_scapy() -> None:
    frame = scapy_all.Ether() / scapy_all.IP()
    assert len(frame) - 20 == BY_NAME["ethernet"].header_bytes


@settings(max_examples=60, deadline=None)
@given(payload=st.integers(0, 1400))
def test_esp_padding_matches_scapy(payload: int) -> None:
    """scapy's NULL cipher pads to ESP's 4-byte minimum alignment, as AES-GCM does.

    Our esp-gcm row adds an 8-byte IV and a 16-byte ICV that NULL/NULL lacks.
    """
    from scapy.layers.ipsec import ESP, SecurityAssociation

    sa = SecurityAssociation(ESP, spi=1, crypt_algo="NULL", auth_algo="NULL")
    inner = scapy_all.IP() / scapy_all.UDP() / scapy_all.Raw(b"x" * payload)
    esp = sa.encrypt(inner)
    scapy_overhead = len(esp) - len(inner)
    ours = overhead_bytes("esp-gcm", len(inner) - 20) - 8 - 16
    assert ours == scapy_overhead


@settings(max_examples=60, deadline=None)
@given(data=st.integers(1, 12000), mtu=st.integers(68, 9000))
def test_ipv4_fragmentation_matches_scapy(data: int, mtu: int) -> None:
    packet = scapy_all.IP(dst="192.0.2.1", proto=17) / scapy_all.Raw(b"x" * data)
    chunk = (mtu - 20) // 8 * 8
    theirs = scapy_all.fragment(packet, fragsize=chunk)
    plan = fragment_ipv4(data + 20, mtu)
    if data + 20 <= mtu:
        assert len(plan.fragments) == 1
        return
    assert [len(f) for f in theirs] == [f.total_bytes for f in plan.fragments]
    assert [f.frag for f in theirs] == [f.offset_units for f in plan.fragments]
    assert [bool(f.flags.MF) for f in theirs] == [f.more_fragments for f in plan.fragments]
