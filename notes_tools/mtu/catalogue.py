"""The catalogue of encapsulation layers: the one table the MTU engine reads.

Each row of [`LAYERS`][notes_tools.mtu.catalogue.LAYERS] describes one layer:
its fixed header and trailer, the optional parts a stack may switch on, any
padding rule, the minimum MTU it demands and the document that defines it.
Above each row, a comment shows the layer in a real configuration or capture.

Byte counts are what the layer adds to the packet it carries. Link framing
(Ethernet header, VLAN tags, FCS, preamble and inter-frame gap) sits outside
the link MTU; everything after the first non-framing layer counts against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["link", "tag", "shim", "network", "transport", "tunnel"]
"""Where a layer sits: `link` and `tag` layers at the front of a stack frame
the link MTU; all other roles count against it."""

OptionKind = Literal["flag", "bytes"]
"""How a layer option is written: `+key` (a flag of fixed size) or `+opts=12`
(a byte length that must be a multiple of the unit). Repeated layers such as
MPLS labels use `*N` instead: `mpls*2`."""


@dataclass(frozen=True)
class LayerOption:
    """An optional part of a layer header, switched on in a stack with `+name`."""

    name: str
    """Spelling in a stack, as in `gre+key`."""
    unit_bytes: int
    """Bytes of a flag option, or the unit a byte length must be a multiple of."""
    max_units: int
    """Largest byte length allowed, in units of `unit_bytes` (1 for a flag)."""
    kind: OptionKind
    """`flag` (`+key`) or `bytes` (`+opts=12`)."""
    description: str
    """What the option is, in a few words."""


@dataclass(frozen=True)
class Padding:
    """A rule that pads a layer's payload up to a block boundary."""

    block_bytes: int
    """The padded region is a multiple of this many bytes."""
    covered_bytes: int
    """Fixed bytes padded together with the payload (ESP's pad length and next header)."""
    capped_at_mtu: bool
    """Padding never grows the packet beyond the tunnel MTU (WireGuard)."""


@dataclass(frozen=True)
class Layer:
    """One row of the catalogue."""

    name: str
    """Canonical name used in stacks, as in `ethernet/ipv4/udp`."""
    title: str
    """Human name."""
    aliases: tuple[str, ...]
    """Other accepted spellings."""
    role: Role
    """Where the layer sits; see [`Role`][notes_tools.mtu.catalogue.Role]."""
    header_bytes: int
    """Fixed header bytes, options excluded."""
    trailer_bytes: int
    """Fixed trailer bytes counted wherever the layer appears (ICV, tag)."""
    source_title: str
    """The defining document and section."""
    source_url: str
    """Link to that document."""
    options: tuple[LayerOption, ...] = ()
    """Optional header parts."""
    padding: Padding | None = None
    """Padding rule, if the layer pads its payload."""
    min_mtu_bytes: int | None = None
    """Smallest packet the layer must be able to carry whole (IPv4 68, IPv6 1280)."""
    implies_outer: tuple[str, ...] = ()
    """Layers inserted just before this one when the stack omits them."""
    implies_inner: tuple[str, ...] = ()
    """Layers inserted just after this one when the stack omits them."""
    link_trailer_bytes: int = 0
    """Trailer counted only when the layer is the physical link (Ethernet FCS)."""
    preamble_bytes: int = 0
    """Preamble and start delimiter on the wire, physical link only."""
    gap_bytes: int = 0
    """Minimum idle time between frames, in byte times, physical link only."""
    min_frame_bytes: int = 0
    """Shortest frame (header to trailer) before padding, physical link only."""
    note: str = ""
    """A remark that matters when reading the numbers."""


_IPV4_OPTS = LayerOption("opts", 4, 10, "bytes", "IPv4 options, up to 40 bytes")
_IPV6_EXT = LayerOption("ext", 8, 256, "bytes", "extension headers, in 8-byte units")
_IPV6_FRAG = LayerOption("frag", 8, 1, "flag", "Fragment header")

# --8<-- [start:layers]
LAYERS: tuple[Layer, ...] = (
    # 08:00:27:aa:bb:cc > 52:54:00:12:34:56, ethertype IPv4 (0x0800), length 1514
    # (tcpdump: 1514 = 14 header + 1500 payload; the 4-byte FCS is stripped by the NIC)
    Layer(
        "ethernet",
        "Ethernet II (DIX) frame",
        ("eth", "ether", "ethernet2"),
        "link",
        header_bytes=14,
        trailer_bytes=0,
        link_trailer_bytes=4,
        preamble_bytes=8,
        gap_bytes=12,
        min_frame_bytes=64,
        source_title="IEEE 802.3-2022 clause 3.1.1 (frame format); RFC 894",
        source_url="https://www.rfc-editor.org/rfc/rfc894",
        note="FCS, preamble/SFD (7+1) and 12-byte gap count only on the physical link",
    ),
    # ip link add link eth0 name eth0.100 type vlan id 100   (frame max 1522 bytes)
    Layer(
        "dot1q",
        "IEEE 802.1Q VLAN tag",
        ("vlan", "802.1q"),
        "tag",
        header_bytes=4,
        trailer_bytes=0,
        source_title="IEEE 802.1Q-2022 clause 9.6 (VLAN tag)",
        source_url="https://standards.ieee.org/ieee/802.1Q/10323/",
        note="the frame grows to 1522 bytes; the IP MTU stays 1500",
    ),
    # ip link add link eth0 name eth0.10 type vlan proto 802.1ad id 10   (S-tag + C-tag)
    Layer(
        "qinq",
        "IEEE 802.1ad QinQ (S-tag + C-tag)",
        ("802.1ad", "dot1ad"),
        "tag",
        header_bytes=8,
        trailer_bytes=0,
        source_title="IEEE 802.1Q-2022 clause 9.6 (S-VLAN and C-VLAN tags)",
        source_url="https://standards.ieee.org/ieee/802.1Q/10323/",
        note="two 4-byte tags; the frame grows to 1526 bytes",
    ),
    # MPLS (label 16004, exp 0, [S], ttl 64) -- each label stack entry is 4 bytes
    Layer(
        "mpls",
        "MPLS label stack entry",
        ("label",),
        "shim",
        header_bytes=4,
        trailer_bytes=0,
        source_title="RFC 3032 section 2.1 (label stack encoding)",
        source_url="https://www.rfc-editor.org/rfc/rfc3032#section-2.1",
        note="one label; write mpls*2 for a two-label stack",
    ),
    # PPPoE [ses 0x1a2b] IP ...   (pppd: MTU 1492 on ppp0)
    Layer(
        "pppoe",
        "PPPoE session header + PPP protocol field",
        ("ppp",),
        "shim",
        header_bytes=8,
        trailer_bytes=0,
        source_title="RFC 2516 section 7 (6-byte header, MRU 1492); RFC 1661 section 2",
        source_url="https://www.rfc-editor.org/rfc/rfc2516#section-7",
        note="RFC 4638 lets a 1508-byte Ethernet payload restore a 1500 MTU",
    ),
    # ip link add link eth0 macsec0 type macsec encrypt on   (Linux: MTU 1500 - 32)
    Layer(
        "macsec",
        "MACsec SecTAG + ICV (GCM-AES)",
        ("802.1ae",),
        "shim",
        header_bytes=8,
        trailer_bytes=16,
        options=(LayerOption("sci", 8, 1, "flag", "explicit 8-byte Secure Channel Identifier"),),
        source_title="IEEE 802.1AE-2018 clause 9 (SecTAG, ICV); Linux drivers/net/macsec.c",
        source_url="https://github.com/torvalds/linux/blob/master/drivers/net/macsec.c",
        note="Linux lowers the device MTU by 32 (SecTAG with SCI + ICV); switches grow frames",
    ),
    # IP (tos 0x0, ttl 64, id 54321, offset 0, flags [DF], proto TCP (6), length 1500)
    Layer(
        "ipv4",
        "IPv4 header",
        ("ip", "ip4", "inet"),
        "network",
        header_bytes=20,
        trailer_bytes=0,
        options=(_IPV4_OPTS,),
        min_mtu_bytes=68,
        source_title="RFC 791 section 3.1 (header format, 68-byte minimum)",
        source_url="https://www.rfc-editor.org/rfc/rfc791#section-3.1",
    ),
    # IP6 (hlim 64, next-header TCP (6) payload length: 1460)
    Layer(
        "ipv6",
        "IPv6 header",
        ("ip6", "inet6"),
        "network",
        header_bytes=40,
        trailer_bytes=0,
        options=(_IPV6_FRAG, _IPV6_EXT),
        min_mtu_bytes=1280,
        source_title="RFC 8200 sections 3, 4.5 and 5 (header, Fragment header, 1280 minimum)",
        source_url="https://www.rfc-editor.org/rfc/rfc8200#section-5",
    ),
    # ip tunnel add ipip0 mode ipip remote 198.51.100.1   (MTU 1480)
    Layer(
        "ipip",
        "IP-in-IP outer IPv4 header (protocol 4)",
        ("ip-in-ip", "4in4"),
        "network",
        header_bytes=20,
        trailer_bytes=0,
        min_mtu_bytes=68,
        implies_inner=("ipv4",),
        source_title="RFC 2003 section 3 (IP encapsulation within IP)",
        source_url="https://www.rfc-editor.org/rfc/rfc2003#section-3",
    ),
    # ip tunnel add he-ipv6 mode sit remote 216.66.80.26 ttl 255   (MTU 1480)
    Layer(
        "6in4",
        "6in4 / SIT outer IPv4 header (protocol 41)",
        ("sit",),
        "network",
        header_bytes=20,
        trailer_bytes=0,
        min_mtu_bytes=68,
        implies_inner=("ipv6",),
        source_title="RFC 4213 section 3 (configured tunnelling of IPv6 over IPv4)",
        source_url="https://www.rfc-editor.org/rfc/rfc4213#section-3",
    ),
    # ip -6 tunnel add ip4tun mode ipip6 remote 2001:db8::1   (MTU 1452 with encaplimit)
    Layer(
        "4in6",
        "4in6 outer IPv6 header (next header 4)",
        ("ipip6",),
        "network",
        header_bytes=40,
        trailer_bytes=0,
        min_mtu_bytes=1280,
        implies_inner=("ipv4",),
        source_title="RFC 2473 section 3 (generic packet tunnelling in IPv6)",
        source_url="https://www.rfc-editor.org/rfc/rfc2473#section-3",
        note="Linux ip6tnl adds an 8-byte encapsulation-limit option by default",
    ),
    # UDP, src port 51820 > 51820, length 1428
    Layer(
        "udp",
        "UDP header",
        (),
        "transport",
        header_bytes=8,
        trailer_bytes=0,
        source_title="RFC 768 (user datagram header format)",
        source_url="https://www.rfc-editor.org/rfc/rfc768",
    ),
    # Flags [S], seq 1, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]
    Layer(
        "tcp",
        "TCP header",
        (),
        "transport",
        header_bytes=20,
        trailer_bytes=0,
        options=(
            LayerOption("ts", 12, 1, "flag", "timestamps (10 bytes + 2 NOP), RFC 7323"),
            LayerOption("opts", 4, 10, "bytes", "other options, up to 40 bytes"),
        ),
        source_title="RFC 9293 section 3.1 (header format); RFC 7323 section 3 (timestamps)",
        source_url="https://www.rfc-editor.org/rfc/rfc9293#section-3.1",
    ),
    # ip link add gre1 type gre remote 198.51.100.1 local 192.0.2.1 key 42   (MTU 1472)
    Layer(
        "gre",
        "GRE header",
        (),
        "tunnel",
        header_bytes=4,
        trailer_bytes=0,
        options=(
            LayerOption("csum", 4, 1, "flag", "checksum + reserved1"),
            LayerOption("key", 4, 1, "flag", "key field"),
            LayerOption("seq", 4, 1, "flag", "sequence number"),
        ),
        source_title="RFC 2784 section 2.1; RFC 2890 section 2 (key and sequence)",
        source_url="https://www.rfc-editor.org/rfc/rfc2890#section-2",
        note="gre/ethernet is GRETAP (transparent Ethernet bridging)",
    ),
    # ip link add vxlan100 type vxlan id 100 dstport 4789 dev eth0   (MTU 1450)
    Layer(
        "vxlan",
        "VXLAN header",
        (),
        "tunnel",
        header_bytes=8,
        trailer_bytes=0,
        implies_outer=("udp",),
        implies_inner=("ethernet",),
        source_title="RFC 7348 section 5 (VXLAN frame format)",
        source_url="https://www.rfc-editor.org/rfc/rfc7348#section-5",
        note="carries an inner Ethernet header (14 bytes, no FCS) over UDP 4789",
    ),
    # ip link add gnv0 type geneve id 10 remote 198.51.100.1   (MTU 1450 without options)
    Layer(
        "geneve",
        "Geneve header",
        (),
        "tunnel",
        header_bytes=8,
        trailer_bytes=0,
        options=(LayerOption("opts", 4, 63, "bytes", "TLV options, 4-byte units, max 252"),),
        implies_outer=("udp",),
        implies_inner=("ethernet",),
        source_title="RFC 8926 section 3.4 (Geneve header, option length)",
        source_url="https://www.rfc-editor.org/rfc/rfc8926#section-3.4",
        note="options vary per packet; OVN adds 8 bytes, so budget for them",
    ),
    # ip link add wg0 type wireguard   (default MTU 1420 = 1500 - 80, safe over IPv6)
    Layer(
        "wireguard",
        "WireGuard transport data message",
        ("wg",),
        "tunnel",
        header_bytes=16,
        trailer_bytes=16,
        padding=Padding(block_bytes=16, covered_bytes=0, capped_at_mtu=True),
        implies_outer=("udp",),
        source_title="WireGuard whitepaper section 5.4.6; Linux wireguard send.c padding",
        source_url="https://www.wireguard.com/papers/wireguard.pdf",
        note="type/reserved/receiver/counter 16 + Poly1305 tag 16; plaintext padded "
        "to 16 bytes but never past the interface MTU",
    ),
    # ESP(spi=0xc0ffee01,seq=0x1)   (AES-GCM-128: 8-byte IV, 16-byte ICV, 4-byte alignment)
    Layer(
        "esp-gcm",
        "IPsec ESP with AES-GCM (8-byte IV, 16-byte ICV)",
        ("esp", "esp-aes-gcm"),
        "tunnel",
        header_bytes=16,
        trailer_bytes=18,
        padding=Padding(block_bytes=4, covered_bytes=2, capped_at_mtu=False),
        options=(LayerOption("natt", 8, 1, "flag", "UDP encapsulation for NAT traversal"),),
        source_title="RFC 4303 section 2 (ESP format); RFC 4106 section 3 (GCM IV, ICV); "
        "RFC 3948 section 2.1 (NAT-T)",
        source_url="https://www.rfc-editor.org/rfc/rfc4106#section-3",
        note="tunnel mode: ipv4/esp-gcm/ipv4; transport mode: ipv4/esp-gcm/tcp",
    ),
    # ESP(spi=0x0badf00d,seq=0x7)   (AES-CBC: 16-byte IV; HMAC-SHA1-96: 12-byte ICV)
    Layer(
        "esp-cbc",
        "IPsec ESP with AES-CBC + HMAC-SHA1-96",
        ("esp-cbc-sha1",),
        "tunnel",
        header_bytes=24,
        trailer_bytes=14,
        padding=Padding(block_bytes=16, covered_bytes=2, capped_at_mtu=False),
        options=(LayerOption("natt", 8, 1, "flag", "UDP encapsulation for NAT traversal"),),
        source_title="RFC 4303 section 2; RFC 3602 section 3 (AES-CBC IV); RFC 2404 (96-bit ICV)",
        source_url="https://www.rfc-editor.org/rfc/rfc3602#section-3",
        note="payload, pad length and next header padded to the 16-byte AES block",
    ),
    # ESP(spi=0x0badf00e,seq=0x9)   (AES-CBC: 16-byte IV; HMAC-SHA-256-128: 16-byte ICV)
    Layer(
        "esp-cbc-sha256",
        "IPsec ESP with AES-CBC + HMAC-SHA-256-128",
        (),
        "tunnel",
        header_bytes=24,
        trailer_bytes=18,
        padding=Padding(block_bytes=16, covered_bytes=2, capped_at_mtu=False),
        options=(LayerOption("natt", 8, 1, "flag", "UDP encapsulation for NAT traversal"),),
        source_title="RFC 4303 section 2; RFC 3602 section 3; RFC 4868 section 2.3 (128-bit ICV)",
        source_url="https://www.rfc-editor.org/rfc/rfc4868#section-2.3",
    ),
    # ip l2tp add session ... encap ip   (L2TPv3 over IP protocol 115)
    Layer(
        "l2tpv3-ip",
        "L2TPv3 session header over IP",
        ("l2tp-ip",),
        "tunnel",
        header_bytes=4,
        trailer_bytes=0,
        options=(
            LayerOption("cookie", 4, 2, "bytes", "cookie of 4 or 8 bytes"),
            LayerOption("l2spec", 4, 1, "flag", "default L2-Specific Sublayer"),
        ),
        source_title="RFC 3931 section 4.1.1.2 (session header over IP); section 4.6",
        source_url="https://www.rfc-editor.org/rfc/rfc3931#section-4.1.1.2",
    ),
    # ip l2tp add tunnel ... encap udp udp_sport 1701 udp_dport 1701
    Layer(
        "l2tpv3-udp",
        "L2TPv3 session header over UDP",
        ("l2tp-udp", "l2tpv3"),
        "tunnel",
        header_bytes=8,
        trailer_bytes=0,
        options=(
            LayerOption("cookie", 4, 2, "bytes", "cookie of 4 or 8 bytes"),
            LayerOption("l2spec", 4, 1, "flag", "default L2-Specific Sublayer"),
        ),
        implies_outer=("udp",),
        source_title="RFC 3931 section 4.1.2.1 (session header over UDP)",
        source_url="https://www.rfc-editor.org/rfc/rfc3931#section-4.1.2.1",
    ),
    # GTPv1-U T-PDU, TEID 0x00000001 (UDP 2152); 5G adds a PDU Session Container
    Layer(
        "gtpu",
        "GTP-U header (GTPv1-U)",
        ("gtp", "gtp-u"),
        "tunnel",
        header_bytes=8,
        trailer_bytes=0,
        options=(
            LayerOption("opt", 4, 1, "flag", "sequence, N-PDU and next-extension fields"),
            LayerOption("ext", 4, 64, "bytes", "extension headers, 4-byte units"),
        ),
        implies_outer=("udp",),
        source_title="3GPP TS 29.281 section 5.1 (GTP-U header)",
        source_url="https://www.3gpp.org/DynaReport/29281.htm",
    ),
    # LISP data packet, UDP dport 4341, nonce/map-version + instance ID
    Layer(
        "lisp",
        "LISP data-plane header",
        (),
        "tunnel",
        header_bytes=8,
        trailer_bytes=0,
        implies_outer=("udp",),
        source_title="RFC 9300 section 5.1 (LISP encapsulation packet format)",
        source_url="https://www.rfc-editor.org/rfc/rfc9300#section-5.1",
    ),
)
# --8<-- [end:layers]
"""Every layer the calculator knows, one row each, in the order the notes list them."""


def _index() -> dict[str, Layer]:
    table: dict[str, Layer] = {}
    for layer in LAYERS:
        for spelling in (layer.name, *layer.aliases):
            if spelling in table:
                raise RuntimeError(f"catalogue: {spelling!r} names two layers")
            table[spelling] = layer
    return table


BY_NAME: dict[str, Layer] = _index()
"""Every name and alias, mapped to its layer."""
