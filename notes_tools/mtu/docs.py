"""Markdown tables for the networking notes, generated from the catalogue.

A note line `<!-- gen: notes_tools.mtu.docs.overhead_table -->` is replaced at
build time by what the named function returns, so the numbers in the notes
come from the same table the calculator uses.
"""

from __future__ import annotations

from notes_tools.mtu.catalogue import LAYERS, Layer
from notes_tools.mtu.engine import ETHERNET_MTU_BYTES, analyse, mss

COMMON_STACKS: tuple[tuple[str, str], ...] = (
    ("PPPoE (DSL, FTTH)", "ethernet/pppoe"),
    ("802.1Q VLAN", "ethernet/dot1q"),
    ("MPLS, two labels", "ethernet/mpls*2"),
    ("MACsec with SCI (Linux)", "ethernet/macsec+sci"),
    ("IP-in-IP", "ethernet/ipip"),
    ("6in4 (SIT)", "ethernet/6in4"),
    ("4in6", "ethernet/4in6"),
    ("GRE over IPv4", "ethernet/ipv4/gre"),
    ("GRE with key over IPv4", "ethernet/ipv4/gre+key"),
    ("GRETAP over IPv4", "ethernet/ipv4/gre/ethernet"),
    ("VXLAN over IPv4", "ethernet/ipv4/vxlan"),
    ("VXLAN over IPv6", "ethernet/ipv6/vxlan"),
    ("Geneve over IPv4, no options", "ethernet/ipv4/geneve"),
    ("WireGuard over IPv4", "ethernet/ipv4/wireguard"),
    ("WireGuard over IPv6", "ethernet/ipv6/wireguard"),
    ("WireGuard over PPPoE, IPv4", "ethernet/pppoe/ipv4/wireguard"),
    ("ESP tunnel, AES-GCM, over IPv4", "ethernet/ipv4/esp-gcm"),
    ("ESP tunnel, AES-GCM, NAT-T", "ethernet/ipv4/esp-gcm+natt"),
    ("ESP tunnel, AES-CBC + SHA1-96", "ethernet/ipv4/esp-cbc"),
    ("L2TPv3 over UDP, Ethernet", "ethernet/ipv4/l2tpv3-udp/ethernet"),
    ("L2TPv3 over IP, 4-byte cookie", "ethernet/ipv4/l2tpv3-ip+cookie=4/ethernet"),
    ("GTP-U over IPv4 (5G, PDU session container)", "ethernet/ipv4/gtpu+opt+ext=4"),
    ("LISP over IPv4", "ethernet/ipv4/lisp"),
)
"""(description, stack) pairs shown in the overhead table."""


def _options(layer: Layer) -> str:
    parts = []
    for option in layer.options:
        if option.kind == "flag":
            parts.append(f"`+{option.name}` {option.unit_bytes}")
        else:
            parts.append(f"`+{option.name}=N` (N multiple of {option.unit_bytes})")
    return "; ".join(parts) or "-"


def layer_table() -> str:
    """The catalogue as a Markdown table: one row per layer, with its source.

    Returns:
        Markdown, one row per layer of the catalogue.
    """
    lines = [
        "| layer | name in a stack | header bytes | trailer bytes | options (bytes) "
        "| padding | source |",
        "| --- | --- | ---: | ---: | --- | --- | --- |",
    ]
    for layer in LAYERS:
        names = ", ".join(f"`{n}`" for n in (layer.name, *layer.aliases))
        trailer = str(layer.trailer_bytes)
        if layer.link_trailer_bytes:
            trailer += f" (+{layer.link_trailer_bytes} FCS on the link)"
        if layer.padding is None:
            padding = "-"
        else:
            padding = f"to {layer.padding.block_bytes} bytes"
            if layer.padding.capped_at_mtu:
                padding += ", capped at the MTU"
        lines.append(
            f"| {layer.title} | {names} | {layer.header_bytes} | {trailer} | "
            f"{_options(layer)} | {padding} | [{layer.source_title}]({layer.source_url}) |"
        )
    return "\n".join(lines) + "\n"


def overhead_table(link_mtu_bytes: int = ETHERNET_MTU_BYTES) -> str:
    """Overhead, tunnel MTU and MSS clamps of common stacks on one link MTU.

    Args:
        link_mtu_bytes: The underlay link MTU.

    Returns:
        Markdown, one row per entry of `COMMON_STACKS`.
    """
    lines = [
        f"| encapsulation | stack (expanded) | overhead bytes | inner MTU on {link_mtu_bytes} "
        "| IPv4 MSS | IPv6 MSS |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for description, text in COMMON_STACKS:
        report = analyse(text, link_mtu_bytes)
        inner = report.inner_mtu_bytes if report.inner_mtu_bytes is not None else 0
        carried = report.stack.rsplit("/", 1)[-1]
        v4 = str(mss(inner, 4).mss_bytes) if inner >= 68 and carried != "ipv6" else "-"
        v6 = str(mss(inner, 6).mss_bytes) if inner >= 1280 and carried != "ipv4" else "-"
        lines.append(
            f"| {description} | `{report.stack}` | {link_mtu_bytes - inner} | {inner} "
            f"| {v4} | {v6} |"
        )
    return "\n".join(lines) + "\n"


def mss_table(mtus_bytes: tuple[int, ...] = (1280, 1420, 1492, 1500, 9000)) -> str:
    """TCP MSS for IPv4 and IPv6, with and without timestamps, at a few MTUs.

    Args:
        mtus_bytes: The IP MTUs to list.

    Returns:
        Markdown, one row per MTU.
    """
    lines = [
        "| IP MTU | IPv4 MSS | IPv4 data with timestamps | IPv6 MSS | IPv6 data with timestamps |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for mtu in mtus_bytes:
        v4 = mss(mtu, 4, timestamps=True)
        if mtu >= 1280:
            v6 = mss(mtu, 6, timestamps=True)
            six = f"{v6.mss_bytes} | {v6.payload_bytes}"
        else:
            six = "- | -"
        lines.append(f"| {mtu} | {v4.mss_bytes} | {v4.payload_bytes} | {six} |")
    return "\n".join(lines) + "\n"
