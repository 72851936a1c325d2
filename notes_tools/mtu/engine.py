"""Pure functions over the catalogue: stacks, overheads, MSS, fragments, efficiency.

A stack is written outer layer first, separated by `/`:
`ethernet/pppoe/ipv4/wireguard/ipv4/tcp`. A layer may take options
(`gre+key+seq`, `tcp+ts`, `ipv4+opts=8`, `geneve+opts=8`) and a repeat count
(`mpls*2`). Shortcuts fill in what a layer always needs: `wireguard` brings its
UDP header, `vxlan` its UDP header and inner Ethernet header.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

from notes_tools.mtu.catalogue import BY_NAME, Layer

ETHERNET_MTU_BYTES = 1500
"""The classic Ethernet payload size, the default link MTU."""
IPV4_MIN_MTU_BYTES = 68
"""RFC 791: every IPv4 link carries 68-byte datagrams whole."""
IPV6_MIN_MTU_BYTES = 1280
"""RFC 8200 section 5: every IPv6 link carries 1280-byte packets whole."""
IPV4_MAX_TOTAL_LENGTH_BYTES = 65535
"""Largest IPv4 datagram (16-bit total length)."""
TCP_TIMESTAMPS_BYTES = 12
"""TCP timestamps option as sent: 10 bytes plus two NOPs (RFC 7323)."""
MAX_REPEAT = 16
"""Largest `*N` repeat count in a stack."""


class MtuError(ValueError):
    """An impossible request; the message says what to change."""


@dataclass(frozen=True)
class LayerUse:
    """One layer in a parsed stack, with the options it was given."""

    layer: Layer
    """The catalogue row."""
    option_bytes: tuple[tuple[str, int], ...] = ()
    """Options switched on, as (name, bytes) pairs."""
    implied: bool = False
    """True when a shortcut inserted this layer."""

    @property
    def header_bytes(self) -> int:
        """Fixed header plus options."""
        return self.layer.header_bytes + sum(n for _, n in self.option_bytes)

    @property
    def spelling(self) -> str:
        """The layer written back in stack notation."""
        parts = [self.layer.name]
        for option in self.layer.options:
            for name, size in self.option_bytes:
                if name != option.name:
                    continue
                if option.kind == "flag":
                    parts.append(name)
                else:
                    parts.append(f"{name}={size}")
        return "+".join(parts)


@dataclass(frozen=True)
class Stack:
    """A parsed stack, outer layer first."""

    layers: tuple[LayerUse, ...]
    """The layers, shortcuts expanded."""

    @property
    def text(self) -> str:
        """The stack in canonical notation (shortcuts written out)."""
        return "/".join(use.spelling for use in self.layers)

    @property
    def frame_count(self) -> int:
        """How many leading layers frame the link (outside the link MTU)."""
        count = 0
        for use in self.layers:
            if use.layer.role not in ("link", "tag"):
                break
            count += 1
        return count

    @property
    def has_physical_link(self) -> bool:
        """True when the stack starts with a layer that knows its wire framing."""
        return bool(self.layers) and self.layers[0].layer.preamble_bytes > 0


@dataclass(frozen=True)
class LayerBytes:
    """What one layer of a stack adds, for a given payload."""

    name: str
    """Layer in stack notation."""
    header_bytes: int
    """Header bytes, options included."""
    trailer_bytes: int
    """Trailer bytes (ICV, tag, FCS on the physical link)."""
    padding_bytes: int
    """Padding added for this payload."""
    packet_bytes: int
    """This layer's packet: its header, everything inside, padding and trailer."""
    in_mtu: bool
    """False for link framing, which sits outside the link MTU."""


@dataclass(frozen=True)
class StackReport:
    """Overheads and sizes of a stack on a link, at the largest payload that fits."""

    stack: str
    """The stack in canonical notation."""
    link_mtu_bytes: int
    """Payload size of the link (1500 for classic Ethernet)."""
    layers: tuple[LayerBytes, ...]
    """Per-layer bytes at the largest payload."""
    frame_bytes: int
    """Link framing outside the MTU (Ethernet header, tags, FCS)."""
    fixed_overhead_bytes: int
    """Bytes inside the MTU that do not depend on the payload."""
    overhead_bytes: int
    """Bytes inside the MTU at the largest payload, padding included."""
    max_payload_bytes: int
    """Largest payload of the innermost layer that fits the link MTU."""
    inner_mtu_bytes: int | None
    """The tunnel MTU: the payload when the stack ends in a tunnel layer, else the
    innermost IP layer's packet; None for a stack without IP."""


@dataclass(frozen=True)
class Mss:
    """TCP maximum segment size for an MTU."""

    mtu_bytes: int
    """IP MTU the segment must fit."""
    ip_version: int
    """4 or 6."""
    mss_bytes: int
    """The MSS to advertise: MTU minus fixed IP and TCP headers (RFC 9293 3.7.1)."""
    payload_bytes: int
    """Data per full segment once the timestamps option (if used) is sent."""
    timestamps: bool
    """Whether every segment carries the 12-byte timestamps option."""


@dataclass(frozen=True)
class MssClamp:
    """A recommended MSS clamp for traffic entering a tunnel."""

    stack: str
    """The tunnel stack."""
    link_mtu_bytes: int
    """Underlay link MTU."""
    inner_mtu_bytes: int
    """Largest inner IP packet that fits."""
    ipv4_mss_bytes: int
    """Clamp for TCP over IPv4 inside the tunnel."""
    ipv6_mss_bytes: int
    """Clamp for TCP over IPv6 inside the tunnel (0 if IPv6 cannot run inside)."""


@dataclass(frozen=True)
class Fragment:
    """One fragment of a fragmentation plan."""

    index: int
    """Position, from 0."""
    offset_units: int
    """Fragment offset field, in 8-byte units."""
    offset_bytes: int
    """Offset of this fragment's data in the original payload."""
    data_bytes: int
    """Payload bytes this fragment carries."""
    total_bytes: int
    """The fragment's whole packet: headers plus data."""
    more_fragments: bool
    """The MF flag (IPv4) or M flag (IPv6 Fragment header)."""


@dataclass(frozen=True)
class IcmpError:
    """The ICMP message a node sends instead of fragmenting."""

    message: str
    """Human name, as in `fragmentation needed`."""
    icmp_type: int
    """ICMP (v4 or v6) type."""
    icmp_code: int
    """ICMP code."""
    mtu_bytes: int
    """Next-hop MTU (IPv4) or MTU (IPv6 Packet Too Big) the sender should use."""


@dataclass(frozen=True)
class FragmentPlan:
    """How a packet crosses a link: whole, in fragments, or refused with ICMP."""

    ip_version: int
    """4 or 6."""
    packet_bytes: int
    """The original packet (IPv4 total length, or IPv6 header plus payload)."""
    mtu_bytes: int
    """MTU of the link ahead."""
    header_bytes: int
    """Header bytes repeated in every fragment (IPv6: plus the 8-byte Fragment header)."""
    fragments: tuple[Fragment, ...]
    """The fragments; a single unfragmented entry if the packet fits; empty if refused."""
    icmp: IcmpError | None
    """The ICMP error sent instead of fragmenting, if any."""


@dataclass(frozen=True)
class Efficiency:
    """Wire efficiency of sending a payload through a stack on a physical link."""

    stack: str
    """The stack in canonical notation."""
    payload_bytes: int
    """Application bytes sent."""
    rate_bps: float
    """Link rate in bits per second."""
    frames: int
    """Frames (and packets) needed."""
    wire_bytes: int
    """Bytes on the wire: preamble, frames, FCS, inter-frame gaps."""
    efficiency: float
    """payload_bytes / wire_bytes."""
    goodput_bps: float
    """Payload rate at full line rate."""
    largest_frame_bytes: int
    """Largest frame, destination address to FCS."""
    serialization_delay_s: float
    """Time to clock the largest frame (with preamble) onto the link."""
    wire_time_s: float
    """Time the whole payload occupies the link, gaps included."""


# ----------------------------------------------------------------------------- parsing


def known_names() -> list[str]:
    """All layer names and aliases accepted in a stack, sorted."""
    return sorted(BY_NAME)


def _lookup(name: str) -> Layer:
    layer = BY_NAME.get(name.lower())
    if layer is None:
        near = difflib.get_close_matches(name.lower(), known_names(), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise MtuError(f"unknown layer {name!r}{hint} (list them with: notes-tools mtu layers)")
    return layer


def _parse_token(token: str) -> list[LayerUse]:
    repeat = 1
    if "*" in token:
        token, _, count = token.partition("*")
        if not count.isdigit() or not 1 <= int(count) <= MAX_REPEAT:
            raise MtuError(f"repeat count in {token}*{count} must be 1 to {MAX_REPEAT}")
        repeat = int(count)
    name, *raw_options = token.split("+")
    if not name:
        raise MtuError(f"empty layer name in {token!r}: write e.g. ipv4/udp")
    layer = _lookup(name)
    chosen: dict[str, int] = {}
    for raw in raw_options:
        key, has_value, value = raw.partition("=")
        option = next((o for o in layer.options if o.name == key.lower()), None)
        if option is None:
            valid = ", ".join(f"+{o.name}" for o in layer.options) or "none"
            raise MtuError(f"layer {layer.name} has no option {key!r} (options: {valid})")
        if key.lower() in chosen:
            raise MtuError(f"option +{option.name} given twice on {layer.name}")
        if option.kind == "flag":
            if has_value:
                raise MtuError(f"+{option.name} on {layer.name} takes no value: write +{key}")
            size = option.unit_bytes
        else:
            if not value.isdigit():
                raise MtuError(f"+{option.name} on {layer.name} needs a number: +{key}=N")
            number = int(value)
            limit = option.max_units * option.unit_bytes
            if number % option.unit_bytes or not 0 <= number <= limit:
                raise MtuError(
                    f"+{option.name}={number} on {layer.name}: use a multiple of "
                    f"{option.unit_bytes} from 0 to {limit}"
                )
            size = number
        chosen[option.name] = size
    ordered = tuple((o.name, chosen[o.name]) for o in layer.options if o.name in chosen)
    return [LayerUse(layer, ordered) for _ in range(repeat)]


def parse_stack(text: str) -> Stack:
    """Parse a stack written outer layer first, such as `ethernet/ipv4/udp`.

    Shortcuts are expanded: a layer's `implies_outer` layers are inserted before
    it and its `implies_inner` layers after it, unless the stack already has
    them there.

    Args:
        text: Layers separated by `/` (`,` and spaces also work).

    Returns:
        The parsed stack.

    Raises:
        MtuError: An unknown layer (with the nearest names) or a bad option.

    Examples:
        >>> parse_stack("eth/ipv4/vxlan/ipv4/tcp").text
        'ethernet/ipv4/udp/vxlan/ethernet/ipv4/tcp'
    """
    tokens = [t for t in text.replace(",", "/").replace(" ", "/").split("/") if t]
    if not tokens:
        raise MtuError("empty stack: write layers outer first, e.g. ethernet/ipv4/tcp")
    written: list[LayerUse] = []
    for token in tokens:
        written.extend(_parse_token(token))
    expanded: list[LayerUse] = []
    for i, use in enumerate(written):
        for name in reversed(use.layer.implies_outer):
            if not expanded or expanded[-1].layer.name != name:
                expanded.append(LayerUse(BY_NAME[name], implied=True))
        expanded.append(use)
        following = written[i + 1] if i + 1 < len(written) else None
        for name in use.layer.implies_inner:
            if following is None or following.layer.name != name:
                expanded.append(LayerUse(BY_NAME[name], implied=True))
    return Stack(tuple(expanded))


def _as_stack(stack: Stack | str) -> Stack:
    return parse_stack(stack) if isinstance(stack, str) else stack


# ----------------------------------------------------------------------------- sizes


def _align(size: int, block: int) -> int:
    return -(-size // block) * block


def _trailer(stack: Stack, i: int) -> int:
    use = stack.layers[i]
    link = use.layer.link_trailer_bytes if i == 0 and stack.has_physical_link else 0
    return use.layer.trailer_bytes + link


def _caps(stack: Stack, link_mtu_bytes: int | None) -> list[int | None]:
    """For each layer, the largest payload it may carry, ignoring padding outside it."""
    caps: list[int | None] = []
    budget = link_mtu_bytes
    for i, use in enumerate(stack.layers):
        if budget is not None and i >= stack.frame_count:
            budget -= use.header_bytes + _trailer(stack, i)
        caps.append(budget if i >= stack.frame_count else link_mtu_bytes)
    return caps


def layer_bytes(
    stack: Stack | str, payload_bytes: int, link_mtu_bytes: int | None = None
) -> tuple[LayerBytes, ...]:
    """Per-layer bytes for a given innermost payload, padding computed exactly.

    Args:
        stack: A stack or its notation.
        payload_bytes: Bytes carried by the innermost layer.
        link_mtu_bytes: Link MTU; WireGuard-style padding never grows a packet
            beyond it. Without it, padding is never capped.

    Returns:
        One entry per layer, outer first.

    Raises:
        MtuError: A negative payload.
    """
    stack = _as_stack(stack)
    if payload_bytes < 0:
        raise MtuError(f"payload of {payload_bytes} bytes: use 0 or more")
    caps = _caps(stack, link_mtu_bytes)
    size = payload_bytes
    out: list[LayerBytes] = []
    for i in reversed(range(len(stack.layers))):
        use = stack.layers[i]
        padding = 0
        rule = use.layer.padding
        if rule is not None:
            covered = size + rule.covered_bytes
            padded = _align(covered, rule.block_bytes)
            cap = caps[i]
            if rule.capped_at_mtu and cap is not None:
                padded = min(padded, max(cap, covered))
            padding = padded - covered
        trailer = _trailer(stack, i)
        size += use.header_bytes + padding + trailer
        out.append(
            LayerBytes(
                use.spelling, use.header_bytes, trailer, padding, size, i >= stack.frame_count
            )
        )
    return tuple(reversed(out))


def fixed_overhead_bytes(stack: Stack | str) -> int:
    """Header and trailer bytes inside the link MTU, padding excluded.

    Examples:
        >>> fixed_overhead_bytes("ipv4/vxlan")
        50
    """
    stack = _as_stack(stack)
    return sum(
        use.header_bytes + _trailer(stack, i)
        for i, use in enumerate(stack.layers)
        if i >= stack.frame_count
    )


def overhead_bytes(
    stack: Stack | str, payload_bytes: int, link_mtu_bytes: int | None = None
) -> int:
    """Exact bytes the stack adds inside the link MTU to a payload, padding included.

    Examples:
        >>> overhead_bytes("ipv4/wireguard", 1)  # 60 fixed + 15 bytes of padding
        75
    """
    stack = _as_stack(stack)
    sizes = layer_bytes(stack, payload_bytes, link_mtu_bytes)
    inside = [entry for entry in sizes if entry.in_mtu]
    return (inside[0].packet_bytes - payload_bytes) if inside else 0


def _in_mtu_size(stack: Stack, payload_bytes: int, link_mtu_bytes: int) -> int:
    sizes = layer_bytes(stack, payload_bytes, link_mtu_bytes)
    inside = [entry for entry in sizes if entry.in_mtu]
    return inside[0].packet_bytes if inside else payload_bytes


def _check_link_mtu(link_mtu_bytes: int) -> None:
    if not 1 <= link_mtu_bytes <= 1_000_000:
        raise MtuError(f"link MTU of {link_mtu_bytes} bytes: use 1 to 1000000")


def max_payload_bytes(stack: Stack | str, link_mtu_bytes: int = ETHERNET_MTU_BYTES) -> int:
    """Largest innermost payload that fits the link MTU, padding included.

    For a stack ending in `tcp` this is the data per segment; ending in a
    tunnel layer, the tunnel MTU.

    Raises:
        MtuError: The stack leaves no room, or an IP layer inside would get
            less than its minimum MTU (68 for IPv4, 1280 for IPv6).

    Examples:
        >>> max_payload_bytes("ethernet/pppoe/ipv4/tcp")
        1452
    """
    stack = _as_stack(stack)
    _check_link_mtu(link_mtu_bytes)
    fixed = fixed_overhead_bytes(stack)
    payload = link_mtu_bytes - fixed
    while payload >= 0 and _in_mtu_size(stack, payload, link_mtu_bytes) > link_mtu_bytes:
        payload -= 1
    if payload < 0:
        raise MtuError(
            f"{stack.text} needs {fixed} bytes but the link MTU is {link_mtu_bytes}: "
            f"raise the link MTU to at least {fixed + 1} or remove layers"
        )
    sizes = layer_bytes(stack, payload, link_mtu_bytes)
    for use, entry in zip(stack.layers, sizes, strict=True):
        minimum = use.layer.min_mtu_bytes
        if minimum is not None and entry.in_mtu and entry.packet_bytes < minimum:
            shortfall = minimum - entry.packet_bytes
            raise MtuError(
                f"{use.layer.name} inside {stack.text} gets {entry.packet_bytes} bytes but "
                f"needs {minimum}: raise the link MTU to at least {link_mtu_bytes + shortfall}"
            )
    return payload


def _inner_ip_index(stack: Stack) -> int | None:
    for i in reversed(range(len(stack.layers))):
        if stack.layers[i].layer.role == "network":
            return i
    return None


def analyse(stack: Stack | str, link_mtu_bytes: int = ETHERNET_MTU_BYTES) -> StackReport:
    """Overheads, largest payload and inner MTU of a stack on a link.

    Args:
        stack: A stack or its notation, outer layer first.
        link_mtu_bytes: The link's payload size.

    Returns:
        The report, with per-layer bytes at the largest payload.

    Raises:
        MtuError: The stack leaves no room or breaks an IP minimum MTU.

    Examples:
        >>> report = analyse("ethernet/ipv6/wireguard/ipv4/tcp")
        >>> report.inner_mtu_bytes, report.max_payload_bytes
        (1420, 1380)
    """
    stack = _as_stack(stack)
    payload = max_payload_bytes(stack, link_mtu_bytes)
    sizes = layer_bytes(stack, payload, link_mtu_bytes)
    frame = sum(e.header_bytes + e.trailer_bytes for e in sizes if not e.in_mtu)
    return StackReport(
        stack=stack.text,
        link_mtu_bytes=link_mtu_bytes,
        layers=sizes,
        frame_bytes=frame,
        fixed_overhead_bytes=fixed_overhead_bytes(stack),
        overhead_bytes=overhead_bytes(stack, payload, link_mtu_bytes),
        max_payload_bytes=payload,
        inner_mtu_bytes=_tunnel_mtu(stack, sizes, payload),
    )


def _tunnel_mtu(stack: Stack, sizes: tuple[LayerBytes, ...], payload: int) -> int | None:
    """The packet the tunnel carries: the payload if the stack ends in a carrier
    layer, else the innermost IP layer's packet."""
    if stack.layers[-1].layer.role in ("tunnel", "shim", "link", "tag"):
        return payload
    inner = _inner_ip_index(stack)
    return sizes[inner].packet_bytes if inner is not None else None


def inner_mtu_bytes(stack: Stack | str, link_mtu_bytes: int = ETHERNET_MTU_BYTES) -> int:
    """The tunnel MTU: the largest packet a tunnel stack carries.

    For a stack ending in a tunnel layer (`ethernet/ipv6/wireguard`) this is its
    payload; for one that goes on to IP (`.../wireguard/ipv4/tcp`), the
    innermost IP packet.

    Raises:
        MtuError: The stack has no IP layer and no tunnel payload.

    Examples:
        >>> inner_mtu_bytes("ethernet/ipv6/wireguard")
        1420
        >>> inner_mtu_bytes("ethernet/pppoe/ipv4/tcp")
        1492
    """
    report = analyse(stack, link_mtu_bytes)
    if report.inner_mtu_bytes is None:
        raise MtuError(f"{report.stack} carries no IP packet: end it with a tunnel or IP layer")
    return report.inner_mtu_bytes


# ----------------------------------------------------------------------------- TCP MSS


def mss(mtu_bytes: int, ip_version: int = 4, timestamps: bool = False) -> Mss:
    """TCP MSS for an IP MTU, and the data per segment with timestamps.

    The advertised MSS leaves out IP and TCP options (RFC 9293 section 3.7.1);
    segments that carry the 12-byte timestamps option hold 12 bytes less data.

    Raises:
        MtuError: An IP version other than 4 or 6, or an MTU below its minimum.

    Examples:
        >>> mss(1492).mss_bytes
        1452
        >>> mss(1500, ip_version=6, timestamps=True).payload_bytes
        1428
    """
    if ip_version not in (4, 6):
        raise MtuError(f"IP version {ip_version}: use 4 or 6")
    minimum = IPV4_MIN_MTU_BYTES if ip_version == 4 else IPV6_MIN_MTU_BYTES
    if mtu_bytes < minimum:
        raise MtuError(f"IPv{ip_version} MTU of {mtu_bytes} bytes: use at least {minimum}")
    header = 20 if ip_version == 4 else 40
    value = mtu_bytes - header - 20
    payload = value - (TCP_TIMESTAMPS_BYTES if timestamps else 0)
    return Mss(mtu_bytes, ip_version, value, payload, timestamps)


def recommend_mss_clamp(stack: Stack | str, link_mtu_bytes: int = ETHERNET_MTU_BYTES) -> MssClamp:
    """The MSS to clamp TCP SYNs to when they enter a tunnel.

    The stack describes the tunnel up to its payload (`ethernet/ipv4/wireguard`);
    if it goes on to an inner IP layer, the tunnel MTU is that layer's packet.

    Examples:
        >>> clamp = recommend_mss_clamp("ethernet/pppoe/ipv4/wireguard")
        >>> clamp.inner_mtu_bytes, clamp.ipv4_mss_bytes, clamp.ipv6_mss_bytes
        (1432, 1392, 1372)
    """
    report = analyse(stack, link_mtu_bytes)
    inner = report.inner_mtu_bytes
    if inner is None:
        inner = report.max_payload_bytes
    v4 = mss(inner, 4).mss_bytes
    v6 = mss(inner, 6).mss_bytes if inner >= IPV6_MIN_MTU_BYTES else 0
    return MssClamp(report.stack, link_mtu_bytes, inner, v4, v6)


# ----------------------------------------------------------------------------- fragments


def fragment_ipv4(
    total_length_bytes: int,
    mtu_bytes: int,
    header_bytes: int = 20,
    dont_fragment: bool = False,
) -> FragmentPlan:
    """Plan how a router or host splits an IPv4 datagram for the next hop (RFC 791).

    Every fragment but the last carries a multiple of 8 data bytes; the offset
    field counts 8-byte units. With DF set and the datagram too big, no
    fragment is sent: the answer is ICMP "fragmentation needed" (type 3,
    code 4) carrying the next-hop MTU (RFC 1191). Options are assumed copied
    into every fragment.

    Raises:
        MtuError: MTU below 68, a bad header length, or a datagram too small
            or above 65535 bytes.

    Examples:
        >>> plan = fragment_ipv4(4000, 1500)
        >>> [(f.data_bytes, f.offset_units) for f in plan.fragments]
        [(1480, 0), (1480, 185), (1020, 370)]
    """
    if mtu_bytes < IPV4_MIN_MTU_BYTES:
        raise MtuError(
            f"IPv4 MTU of {mtu_bytes} bytes: every IPv4 link must carry "
            f"{IPV4_MIN_MTU_BYTES}, use at least that"
        )
    if header_bytes % 4 or not 20 <= header_bytes <= 60:
        raise MtuError(f"IPv4 header of {header_bytes} bytes: use a multiple of 4 from 20 to 60")
    if not header_bytes <= total_length_bytes <= IPV4_MAX_TOTAL_LENGTH_BYTES:
        raise MtuError(
            f"IPv4 total length {total_length_bytes}: use {header_bytes} to "
            f"{IPV4_MAX_TOTAL_LENGTH_BYTES}"
        )
    if total_length_bytes <= mtu_bytes:
        whole = Fragment(0, 0, 0, total_length_bytes - header_bytes, total_length_bytes, False)
        return FragmentPlan(4, total_length_bytes, mtu_bytes, header_bytes, (whole,), None)
    if dont_fragment:
        icmp = IcmpError("fragmentation needed", 3, 4, mtu_bytes)
        return FragmentPlan(4, total_length_bytes, mtu_bytes, header_bytes, (), icmp)
    chunk = (mtu_bytes - header_bytes) // 8 * 8
    parts = _split(total_length_bytes - header_bytes, chunk, header_bytes)
    return FragmentPlan(4, total_length_bytes, mtu_bytes, header_bytes, parts, None)


def _split(data_bytes: int, chunk: int, header_bytes: int) -> tuple[Fragment, ...]:
    fragments: list[Fragment] = []
    offset = 0
    while True:
        size = min(chunk, data_bytes - offset)
        last = offset + size >= data_bytes
        fragments.append(
            Fragment(len(fragments), offset // 8, offset, size, header_bytes + size, not last)
        )
        offset += size
        if last:
            return tuple(fragments)


def fragment_ipv6(
    packet_bytes: int,
    path_mtu_bytes: int,
    unfragmentable_bytes: int = 40,
    at_router: bool = False,
) -> FragmentPlan:
    """Plan IPv6 fragmentation, which only the source may do (RFC 8200 section 4.5).

    Each fragment repeats the unfragmentable part (the 40-byte header plus any
    headers that must precede the Fragment header) and adds the 8-byte Fragment
    header. A router never fragments: it drops the packet and answers ICMPv6
    Packet Too Big (type 2, code 0) with its MTU.

    Args:
        packet_bytes: The original packet, IPv6 header included.
        path_mtu_bytes: Path MTU known to the source (at least 1280).
        unfragmentable_bytes: IPv6 header plus extension headers before the
            Fragment header.
        at_router: Plan what a router does instead of the source.

    Raises:
        MtuError: Path MTU below 1280, or sizes that do not fit.

    Examples:
        >>> plan = fragment_ipv6(3000, 1280)
        >>> [f.total_bytes for f in plan.fragments]
        [1280, 1280, 544]
    """
    if path_mtu_bytes < IPV6_MIN_MTU_BYTES:
        raise MtuError(
            f"IPv6 path MTU of {path_mtu_bytes} bytes: IPv6 links carry at least "
            f"{IPV6_MIN_MTU_BYTES}; use that or more (a smaller link needs its own fragmentation)"
        )
    if unfragmentable_bytes < 40 or unfragmentable_bytes % 8:
        raise MtuError(
            f"unfragmentable part of {unfragmentable_bytes} bytes: use 40 plus a multiple of 8"
        )
    if not unfragmentable_bytes <= packet_bytes <= unfragmentable_bytes + 65535:
        raise MtuError(
            f"IPv6 packet of {packet_bytes} bytes: use {unfragmentable_bytes} to "
            f"{unfragmentable_bytes + 65535}"
        )
    if packet_bytes <= path_mtu_bytes:
        whole = Fragment(0, 0, 0, packet_bytes - unfragmentable_bytes, packet_bytes, False)
        return FragmentPlan(6, packet_bytes, path_mtu_bytes, unfragmentable_bytes, (whole,), None)
    header = unfragmentable_bytes + 8
    if at_router:
        icmp = IcmpError("packet too big", 2, 0, path_mtu_bytes)
        return FragmentPlan(6, packet_bytes, path_mtu_bytes, header, (), icmp)
    chunk = (path_mtu_bytes - header) // 8 * 8
    if chunk <= 0:
        raise MtuError(
            f"headers of {header} bytes leave no data room under {path_mtu_bytes}: "
            "shorten the unfragmentable part"
        )
    parts = _split(packet_bytes - unfragmentable_bytes, chunk, header)
    return FragmentPlan(6, packet_bytes, path_mtu_bytes, header, parts, None)


# ----------------------------------------------------------------------------- wire


def frames_needed(
    stack: Stack | str, payload_bytes: int, link_mtu_bytes: int = ETHERNET_MTU_BYTES
) -> int:
    """Frames (or packets) needed to carry a payload, each as full as the MTU allows.

    Examples:
        >>> frames_needed("ethernet/ipv4/tcp", 1_000_000)
        685
    """
    if payload_bytes < 0:
        raise MtuError(f"payload of {payload_bytes} bytes: use 0 or more")
    per_frame = max_payload_bytes(stack, link_mtu_bytes)
    if per_frame == 0:
        raise MtuError("the stack leaves 0 payload bytes per frame: raise the link MTU")
    return max(1, math.ceil(payload_bytes / per_frame))


def serialization_delay_s(frame_bytes: int, rate_bps: float) -> float:
    """Time to clock a frame onto a link: 8 * bytes / rate.

    Examples:
        >>> round(serialization_delay_s(1500, 1e6) * 1000, 1)  # milliseconds
        12.0
    """
    if rate_bps <= 0:
        raise MtuError(f"link rate of {rate_bps} bit/s: use a positive rate")
    if frame_bytes < 0:
        raise MtuError(f"frame of {frame_bytes} bytes: use 0 or more")
    return 8 * frame_bytes / rate_bps


def _wire_bytes(stack: Stack, payload_bytes: int, link_mtu_bytes: int) -> tuple[int, int]:
    """(frame bytes from header to FCS, wire bytes with preamble and gap) for one frame."""
    sizes = layer_bytes(stack, payload_bytes, link_mtu_bytes)
    link = stack.layers[0].layer
    frame = max(sizes[0].packet_bytes, link.min_frame_bytes)
    return frame, frame + link.preamble_bytes + link.gap_bytes


def wire_efficiency(
    stack: Stack | str,
    payload_bytes: int,
    rate_bps: float = 1e9,
    link_mtu_bytes: int = ETHERNET_MTU_BYTES,
) -> Efficiency:
    """Efficiency, goodput and serialization delay of sending a payload.

    The payload is split into frames as full as the MTU allows. Each frame
    costs preamble and start delimiter, the frame itself (padded to the
    minimum frame size), and the inter-frame gap.

    Raises:
        MtuError: The stack does not start with a physical link (`ethernet`),
            or the sizes or rate are impossible.

    Examples:
        >>> e = wire_efficiency("ethernet/ipv4/tcp", 1460)
        >>> e.wire_bytes, round(e.efficiency, 4)
        (1538, 0.9493)
    """
    stack = _as_stack(stack)
    if not stack.has_physical_link:
        raise MtuError(
            f"{stack.text} has no physical framing: start the stack with ethernet "
            "to count preamble, FCS and gaps"
        )
    if rate_bps <= 0:
        raise MtuError(f"link rate of {rate_bps} bit/s: use a positive rate")
    count = frames_needed(stack, payload_bytes, link_mtu_bytes)
    per_frame = max_payload_bytes(stack, link_mtu_bytes)
    full, rest = divmod(payload_bytes, per_frame)
    wire = 0
    largest = 0
    if full:
        frame, on_wire = _wire_bytes(stack, per_frame, link_mtu_bytes)
        wire += full * on_wire
        largest = frame
    if rest or not full:
        frame, on_wire = _wire_bytes(stack, rest, link_mtu_bytes)
        wire += on_wire
        largest = max(largest, frame)
    preamble = stack.layers[0].layer.preamble_bytes
    return Efficiency(
        stack=stack.text,
        payload_bytes=payload_bytes,
        rate_bps=rate_bps,
        frames=count,
        wire_bytes=wire,
        efficiency=payload_bytes / wire,
        goodput_bps=rate_bps * payload_bytes / wire,
        largest_frame_bytes=largest,
        serialization_delay_s=serialization_delay_s(largest + preamble, rate_bps),
        wire_time_s=8 * wire / rate_bps,
    )
