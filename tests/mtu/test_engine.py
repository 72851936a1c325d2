"""Laws and worked examples of the MTU engine."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_tools.mtu import (
    LAYERS,
    MtuError,
    analyse,
    fixed_overhead_bytes,
    fragment_ipv4,
    fragment_ipv6,
    frames_needed,
    inner_mtu_bytes,
    layer_bytes,
    max_payload_bytes,
    mss,
    overhead_bytes,
    parse_stack,
    recommend_mss_clamp,
    serialization_delay_s,
    wire_efficiency,
)
from notes_tools.mtu.catalogue import BY_NAME

UNPADDED = [layer.name for layer in LAYERS if layer.padding is None and layer.role != "link"]
PADDED = [layer.name for layer in LAYERS if layer.padding is not None]

# ----------------------------------------------------------------------------- worked examples


def test_ipv4_4000_over_1500_fragments_as_in_rfc791_arithmetic() -> None:
    plan = fragment_ipv4(4000, 1500)
    assert [f.data_bytes for f in plan.fragments] == [1480, 1480, 1020]
    assert [f.offset_units for f in plan.fragments] == [0, 185, 370]
    assert [f.more_fragments for f in plan.fragments] == [True, True, False]
    assert [f.total_bytes for f in plan.fragments] == [1500, 1500, 1040]
    assert plan.icmp is None


def test_pppoe_1492_gives_mss_1452() -> None:
    assert mss(1492).mss_bytes == 1452
    assert max_payload_bytes("ethernet/pppoe/ipv4/tcp") == 1452
    assert inner_mtu_bytes("ethernet/pppoe/ipv4/tcp") == 1492


@pytest.mark.parametrize(
    ("stack", "expected"),
    [
        ("ipv4/vxlan", 50),
        ("ipv6/vxlan", 70),
        ("ipv4/wireguard", 60),
        ("ipv6/wireguard", 80),
        ("ipv4/gre", 24),
        ("ipv4/gre+key+seq+csum", 36),
        ("ipv4/geneve+opts=8", 58),
        ("pppoe", 8),
        ("macsec", 24),
        ("macsec+sci", 32),
        ("mpls*3", 12),
        ("ipv4/l2tpv3-udp+cookie=8", 44),
    ],
)
def test_known_tunnel_overheads(stack: str, expected: int) -> None:
    assert fixed_overhead_bytes(stack) == expected
    assert analyse(f"ethernet/{stack}").inner_mtu_bytes == 1500 - expected


def test_ip_in_ip_tunnels_count_their_outer_header_only() -> None:
    assert inner_mtu_bytes("ethernet/6in4") == 1480  # the inner IPv6 packet
    assert inner_mtu_bytes("ethernet/4in6") == 1460
    assert inner_mtu_bytes("ethernet/ipip") == 1480
    assert fixed_overhead_bytes("6in4") == 20 + 40  # outer IPv4 + the implied inner IPv6


def test_wireguard_default_mtu_1420_is_the_ipv6_figure() -> None:
    assert inner_mtu_bytes("ethernet/ipv6/wireguard") == 1420
    assert inner_mtu_bytes("ethernet/ipv4/wireguard") == 1440


def test_mss_with_and_without_timestamps() -> None:
    assert (mss(1500).mss_bytes, mss(1500, timestamps=True).payload_bytes) == (1460, 1448)
    assert (mss(1500, 6).mss_bytes, mss(1500, 6, timestamps=True).payload_bytes) == (1440, 1428)
    assert max_payload_bytes("ethernet/ipv4/tcp+ts") == 1448


def test_mss_clamp_for_wireguard_over_pppoe() -> None:
    clamp = recommend_mss_clamp("ethernet/pppoe/ipv4/wireguard")
    assert (clamp.inner_mtu_bytes, clamp.ipv4_mss_bytes, clamp.ipv6_mss_bytes) == (1432, 1392, 1372)
    same = recommend_mss_clamp("ethernet/pppoe/ipv4/wireguard/ipv6/tcp")
    assert same.inner_mtu_bytes == 1432


def test_mss_clamp_has_no_ipv6_when_tunnel_is_too_small() -> None:
    clamp = recommend_mss_clamp("ethernet/ipv4/wireguard", link_mtu_bytes=1300)
    assert clamp.ipv6_mss_bytes == 0 and clamp.ipv4_mss_bytes == 1300 - 60 - 40


def test_ethernet_frame_and_wire_bytes() -> None:
    report = analyse("ethernet/ipv4/tcp")
    assert report.frame_bytes == 18 and report.layers[0].packet_bytes == 1518
    eff = wire_efficiency("ethernet/ipv4/tcp", 1460)
    assert eff.wire_bytes == 1538 and eff.largest_frame_bytes == 1518
    # a 1-byte payload still costs a 64-byte minimum frame + 20 bytes of preamble and gap
    assert wire_efficiency("ethernet/ipv4/udp", 1).wire_bytes == 84


def test_vlan_tags_grow_the_frame_not_the_mtu() -> None:
    report = analyse("ethernet/dot1q/ipv4/tcp")
    assert report.max_payload_bytes == 1460 and report.layers[0].packet_bytes == 1522
    assert analyse("ethernet/qinq/ipv4").layers[0].packet_bytes == 1526


def test_inner_ethernet_has_no_fcs() -> None:
    sizes = layer_bytes("ethernet/ipv4/vxlan/ipv4", 100)
    inner_ethernet = sizes[4]
    assert inner_ethernet.name == "ethernet" and inner_ethernet.trailer_bytes == 0


def test_serialization_delay_worked_number() -> None:
    # 1538 bytes on the wire at 10 Mbit/s: 12304 bits -> 1.2304 ms
    assert serialization_delay_s(1538, 10e6) == pytest.approx(1.2304e-3)


def test_frames_needed_for_a_megabyte() -> None:
    assert frames_needed("ethernet/ipv4/tcp", 1_000_000) == 685  # ceil(1e6 / 1460)
    assert frames_needed("ethernet/ipv4/tcp", 0) == 1


def test_wireguard_padding_is_exact_and_capped() -> None:
    # 1-byte payload padded to 16: 60 fixed + 15 padding
    assert overhead_bytes("ipv4/wireguard", 1) == 75
    assert overhead_bytes("ipv4/wireguard", 16) == 60
    # padding never pushes the packet past the link MTU
    assert overhead_bytes("ipv4/wireguard", 1440, link_mtu_bytes=1500) == 60


def test_esp_cbc_pads_to_the_aes_block() -> None:
    # payload + 2 trailer bytes padded to 16; 24 header + 14 trailer fixed
    for payload in range(0, 64):
        pad = -(payload + 2) % 16
        assert overhead_bytes("esp-cbc", payload) == 24 + 14 + pad


def test_ipv4_df_gives_fragmentation_needed_with_next_hop_mtu() -> None:
    plan = fragment_ipv4(1500, 1400, dont_fragment=True)
    assert plan.fragments == ()
    assert plan.icmp is not None
    assert (plan.icmp.icmp_type, plan.icmp.icmp_code, plan.icmp.mtu_bytes) == (3, 4, 1400)


def test_ipv6_router_answers_packet_too_big() -> None:
    plan = fragment_ipv6(1500, 1280, at_router=True)
    assert plan.icmp is not None and (plan.icmp.icmp_type, plan.icmp.mtu_bytes) == (2, 1280)


def test_ipv6_source_fragments_carry_fragment_header() -> None:
    plan = fragment_ipv6(3000, 1280)
    assert [f.total_bytes for f in plan.fragments] == [1280, 1280, 544]
    assert all(f.total_bytes - f.data_bytes == 48 for f in plan.fragments)


def test_fitting_packet_is_sent_whole() -> None:
    plan = fragment_ipv4(1500, 1500, dont_fragment=True)
    assert len(plan.fragments) == 1 and not plan.fragments[0].more_fragments


# ----------------------------------------------------------------------------- parsing


def test_shortcuts_expand_and_do_not_duplicate() -> None:
    assert parse_stack("ipv4/wireguard").text == "ipv4/udp/wireguard"
    assert parse_stack("ipv4/udp/wireguard").text == "ipv4/udp/wireguard"
    assert parse_stack("ipv4/vxlan/ethernet").text == "ipv4/udp/vxlan/ethernet"
    assert parse_stack("6in4/tcp").text == "6in4/ipv6/tcp"
    assert parse_stack("IP/UDP").text == "ipv4/udp"


def test_options_and_repeats_round_trip() -> None:
    text = "ethernet/mpls/mpls/ipv4+opts=8/gre+csum+key/ipv4/tcp+ts"
    assert parse_stack("eth/mpls*2/ip+opts=8/gre+key+csum/ip/tcp+ts").text == text
    assert parse_stack(text).text == text
    assert fixed_overhead_bytes(text) == 8 + 28 + 12 + 20 + 32


def test_unknown_layer_names_the_nearest() -> None:
    with pytest.raises(MtuError, match=r"unknown layer 'wirguard'.*wireguard"):
        parse_stack("ethernet/ipv4/wirguard")


@pytest.mark.parametrize(
    ("stack", "needle"),
    [
        ("", "empty stack"),
        ("ipv4/gre+bogus", "no option 'bogus'"),
        ("ipv4+opts=3", "multiple of 4"),
        ("ipv4+opts", "needs a number"),
        ("gre+key=1", "takes no value"),
        ("gre+key+key", "given twice"),
        ("mpls*99", "repeat count"),
        ("+key", "empty layer name"),
    ],
)
def test_parse_errors_say_what_to_change(stack: str, needle: str) -> None:
    with pytest.raises(MtuError, match=needle):
        parse_stack(stack)


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: fragment_ipv4(1000, 67), "at least that"),
        (lambda: fragment_ipv6(2000, 1279), "at least 1280"),
        (lambda: max_payload_bytes("ethernet/ipv4/tcp", 30), "raise the link MTU to at least 41"),
        (lambda: analyse("ethernet/ipv4/wireguard/ipv6", 1300), "at least 1340"),
        (lambda: mss(1000, 6), "at least 1280"),
        (lambda: wire_efficiency("ipv4/tcp", 10), "start the stack with ethernet"),
        (lambda: fragment_ipv4(70000, 1500), "65535"),
    ],
)
def test_impossible_requests_raise_mtu_error(call: object, needle: str) -> None:
    assert callable(call)
    with pytest.raises(MtuError, match=needle):
        call()


def test_mtu_error_is_a_value_error() -> None:
    assert issubclass(MtuError, ValueError)


# ----------------------------------------------------------------------------- laws


stacks = st.lists(st.sampled_from(UNPADDED), min_size=1, max_size=6).map("/".join)


@settings(max_examples=200, deadline=None)
@given(stack=stacks, payload=st.integers(0, 9000))
def test_overhead_is_the_sum_of_layers_without_padding(stack: str, payload: int) -> None:
    parsed = parse_stack(stack)
    frame = parsed.frame_count
    expected = sum(use.header_bytes + use.layer.trailer_bytes for use in parsed.layers[frame:])
    assert overhead_bytes(parsed, payload) == expected == fixed_overhead_bytes(parsed)


@settings(max_examples=200, deadline=None)
@given(
    layer=st.sampled_from(PADDED),
    payload=st.integers(0, 4000),
)
def test_padding_is_less_than_one_block_and_aligns(layer: str, payload: int) -> None:
    rule = BY_NAME[layer].padding
    assert rule is not None
    total = overhead_bytes(layer, payload)
    padding = total - fixed_overhead_bytes(layer)
    assert 0 <= padding < rule.block_bytes
    assert (payload + rule.covered_bytes + padding) % rule.block_bytes == 0


@settings(max_examples=200, deadline=None)
@given(
    stack=st.sampled_from(
        [
            "ethernet/ipv4/tcp",
            "ethernet/ipv4/wireguard/ipv4",
            "ethernet/ipv6/esp-cbc/ipv6/udp",
            "ethernet/pppoe/ipv4/esp-gcm+natt/ipv4/tcp+ts",
            "ethernet/ipv4/vxlan/ipv4/udp",
        ]
    ),
    link_mtu=st.integers(1400, 9216),
)
def test_max_payload_is_the_largest_that_fits(stack: str, link_mtu: int) -> None:
    best = max_payload_bytes(stack, link_mtu)
    inside = [e for e in layer_bytes(stack, best, link_mtu) if e.in_mtu]
    assert inside[0].packet_bytes <= link_mtu
    above = [e for e in layer_bytes(stack, best + 1, link_mtu) if e.in_mtu]
    assert above[0].packet_bytes > link_mtu


@settings(max_examples=200, deadline=None)
@given(
    data=st.integers(0, 65515),
    mtu=st.integers(68, 9000),
    options=st.integers(0, 10),
)
def test_ipv4_fragments_reassemble_and_fit(data: int, mtu: int, options: int) -> None:
    header = 20 + 4 * options
    if data + header > 65535 or mtu - header < 8:
        return
    plan = fragment_ipv4(data + header, mtu, header_bytes=header)
    parts = plan.fragments
    assert sum(f.data_bytes for f in parts) == data
    assert all(f.total_bytes <= mtu for f in parts)
    assert all(f.data_bytes % 8 == 0 and f.more_fragments for f in parts[:-1])
    assert not parts[-1].more_fragments
    offset = 0
    for f in parts:
        assert f.offset_units * 8 == f.offset_bytes == offset
        offset += f.data_bytes


@settings(max_examples=200, deadline=None)
@given(payload=st.integers(0, 65535), mtu=st.integers(1280, 9000), ext=st.integers(0, 4))
def test_ipv6_fragments_reassemble_and_fit(payload: int, mtu: int, ext: int) -> None:
    unfragmentable = 40 + 8 * ext
    plan = fragment_ipv6(unfragmentable + payload, mtu, unfragmentable_bytes=unfragmentable)
    parts = plan.fragments
    assert sum(f.data_bytes for f in parts) == payload
    assert all(f.total_bytes <= mtu for f in parts)
    assert all(f.data_bytes % 8 == 0 for f in parts[:-1])
    if len(parts) > 1:
        assert all(f.total_bytes == unfragmentable + 8 + f.data_bytes for f in parts)


@settings(max_examples=200, deadline=None)
@given(payload=st.integers(0, 200_000), rate=st.floats(1e3, 1e12))
def test_efficiency_is_a_fraction_and_goodput_below_rate(payload: int, rate: float) -> None:
    eff = wire_efficiency("ethernet/ipv4/tcp", payload, rate)
    assert 0 <= eff.efficiency < 1
    assert eff.goodput_bps < rate
    assert eff.frames == frames_needed("ethernet/ipv4/tcp", payload)
    assert eff.wire_bytes >= payload + eff.frames * (8 + 18 + 12 + 40)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="abcdeilnpqstuvwxyz0123456789+=*/-_ ", max_size=40))
def test_parse_stack_returns_or_raises_mtu_error(text: str) -> None:
    try:
        stack = parse_stack(text)
    except MtuError:
        return
    assert stack.layers
