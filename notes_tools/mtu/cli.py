"""`notes-tools mtu`: the command-line edge of the MTU calculator.

The only module of the tool that writes to stdout/stderr or returns exit codes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from notes_tools.mtu import engine
from notes_tools.mtu.catalogue import LAYERS

PROG = "notes-tools mtu"

EPILOG = """\
stacks are written outer layer first, separated by '/'; options with '+',
repeats with '*': ethernet/dot1q/ipv4/gre+key/ipv4/tcp+ts, ethernet/mpls*2/ipv4.
Shortcuts: wireguard brings its udp, vxlan and geneve their udp and inner ethernet.

examples:
  notes-tools mtu overhead ethernet/pppoe/ipv4/wireguard/ipv4/tcp
  notes-tools mtu mss 1492
  notes-tools mtu mss --stack ethernet/ipv6/wireguard --json
  notes-tools mtu fragment 4000 --mtu 1500
  notes-tools mtu efficiency ethernet/ipv4/tcp --payload 1460 --rate 10M --rate 1G
  notes-tools mtu layers
"""

_RATE_SUFFIXES = {"": 1.0, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12}


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def parse_rate(text: str) -> float:
    """Parse a link rate such as `10M`, `2.5G`, `64k` or `1000000` into bit/s.

    Raises:
        ValueError: Not a positive number with an optional k/M/G/T suffix.

    Examples:
        >>> parse_rate("2.5G")
        2500000000.0
    """
    raw = text.strip().lower()
    for unit in ("bit/s", "bps", "b"):
        if raw.endswith(unit):
            raw = raw[: -len(unit)]
            break
    suffix = raw[-1:] if raw[-1:] in _RATE_SUFFIXES and raw[-1:] else ""
    number = raw[: len(raw) - len(suffix)]
    try:
        value = float(number) * _RATE_SUFFIXES[suffix]
    except ValueError:
        raise ValueError(f"rate {text!r}: write e.g. 10M, 2.5G or 64k (bit/s)") from None
    if not value > 0 or value == float("inf"):
        raise ValueError(f"rate {text!r}: use a positive rate")
    return value


def _rate(text: str) -> float:
    try:
        return parse_rate(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _format_rate(bps: float) -> str:
    for unit, scale in (("Tbit/s", 1e12), ("Gbit/s", 1e9), ("Mbit/s", 1e6), ("kbit/s", 1e3)):
        if bps >= scale:
            return f"{bps / scale:.4g} {unit}"
    return f"{bps:g} bit/s"


def _format_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.3f} us"
    return f"{seconds * 1e9:.1f} ns"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str = "") -> str:
    """A plain-text table; `align` has one `l` or `r` per column (default: l then r)."""
    align = align or "l" + "r" * (len(header) - 1)
    cells = [list(header)] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(
                c.ljust(w) if a == "l" else c.rjust(w)
                for c, w, a in zip(row, widths, align, strict=True)
            ).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _json(value: Any) -> str:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    return json.dumps(value, indent=2)


# ----------------------------------------------------------------------------- verbs


def _cmd_layers(args: argparse.Namespace) -> str:
    if args.json:
        return _json(
            [
                {
                    "name": layer.name,
                    "aliases": list(layer.aliases),
                    "title": layer.title,
                    "role": layer.role,
                    "header_bytes": layer.header_bytes,
                    "trailer_bytes": layer.trailer_bytes,
                    "link_trailer_bytes": layer.link_trailer_bytes,
                    "options": [dataclasses.asdict(o) for o in layer.options],
                    "padding": dataclasses.asdict(layer.padding) if layer.padding else None,
                    "min_mtu_bytes": layer.min_mtu_bytes,
                    "implies_outer": list(layer.implies_outer),
                    "implies_inner": list(layer.implies_inner),
                    "source": {"title": layer.source_title, "url": layer.source_url},
                }
                for layer in LAYERS
            ]
        )
    rows = []
    for layer in LAYERS:
        options = " ".join(f"+{o.name}" + ("" if o.kind == "flag" else "=N") for o in layer.options)
        rows.append(
            (layer.name, layer.header_bytes, layer.trailer_bytes, options or "-", layer.title)
        )
    return _table(("layer", "header", "trailer", "options", "what"), rows, "lrrll")


def _cmd_overhead(args: argparse.Namespace) -> str:
    stack = engine.parse_stack(args.stack)
    report = engine.analyse(stack, args.link_mtu)
    layers = report.layers
    payload = report.max_payload_bytes
    if args.payload is not None:
        payload = args.payload
        layers = engine.layer_bytes(stack, payload, args.link_mtu)
    inner = report.inner_mtu_bytes
    fits_tcp = inner is not None and inner >= engine.IPV4_MIN_MTU_BYTES
    clamp = engine.recommend_mss_clamp(stack, args.link_mtu) if fits_tcp else None
    if args.json:
        data = dataclasses.asdict(report)
        data["layers"] = [dataclasses.asdict(entry) for entry in layers]
        data["payload_bytes"] = payload
        data["mss_clamp"] = dataclasses.asdict(clamp) if clamp else None
        return _json(data)
    rows = [
        (
            entry.name + ("" if entry.in_mtu else " (frame)"),
            entry.header_bytes,
            entry.trailer_bytes,
            entry.padding_bytes,
            entry.packet_bytes,
        )
        for entry in layers
    ]
    out = [
        f"stack: {report.stack}",
        f"link MTU: {report.link_mtu_bytes} bytes",
        "",
        _table(("layer", "header", "trailer", "padding", "packet"), rows),
        "",
        f"framing outside the MTU: {report.frame_bytes} bytes",
        f"overhead inside the MTU: {report.overhead_bytes} bytes"
        + (
            f" ({report.fixed_overhead_bytes} fixed + padding)"
            if report.overhead_bytes != report.fixed_overhead_bytes
            else ""
        ),
        f"largest innermost payload: {report.max_payload_bytes} bytes",
    ]
    if report.inner_mtu_bytes is not None:
        out.append(f"inner MTU: {report.inner_mtu_bytes} bytes")
    if clamp is not None:
        six = f", IPv6 {clamp.ipv6_mss_bytes}" if clamp.ipv6_mss_bytes else ""
        out.append(f"MSS clamp: IPv4 {clamp.ipv4_mss_bytes}{six}")
    return "\n".join(out)


def _cmd_mss(args: argparse.Namespace) -> str:
    if (args.mtu is None) == (args.stack is None):
        raise _UsageError("mss: give an MTU or --stack STACK (one of them)")
    if args.stack is not None:
        clamp = engine.recommend_mss_clamp(args.stack, args.link_mtu)
        if args.json:
            return _json(clamp)
        lines = [
            f"stack: {clamp.stack}",
            f"inner MTU on a {clamp.link_mtu_bytes}-byte link: {clamp.inner_mtu_bytes} bytes",
            f"clamp TCP over IPv4 to MSS {clamp.ipv4_mss_bytes}",
        ]
        if clamp.ipv6_mss_bytes:
            lines.append(f"clamp TCP over IPv6 to MSS {clamp.ipv6_mss_bytes}")
        else:
            lines.append("IPv6 cannot run inside: the inner MTU is below 1280")
        return "\n".join(lines)
    results = [
        engine.mss(args.mtu, version, timestamps=True)
        for version in (4, 6)
        if version == 4 or args.mtu >= engine.IPV6_MIN_MTU_BYTES
    ]
    if args.json:
        return _json([dataclasses.asdict(r) for r in results])
    rows = [(f"IPv{r.ip_version}", r.mss_bytes, r.payload_bytes) for r in results]
    return f"IP MTU: {args.mtu} bytes\n\n" + _table(
        ("family", "MSS", "data/segment with timestamps"), rows
    )


def _cmd_fragment(args: argparse.Namespace) -> str:
    if args.ipv6:
        plan = engine.fragment_ipv6(
            args.size,
            args.mtu,
            40 if args.header_bytes is None else args.header_bytes,
            at_router=args.router,
        )
    else:
        if args.router:
            raise _UsageError("fragment: --router applies to --ipv6 (IPv4 routers fragment)")
        header = 20 if args.header_bytes is None else args.header_bytes
        plan = engine.fragment_ipv4(args.size, args.mtu, header, args.df)
    if args.json:
        return _json(plan)
    head = f"IPv{plan.ip_version} packet of {plan.packet_bytes} bytes, MTU {plan.mtu_bytes}"
    if plan.icmp is not None:
        return (
            f"{head}\nnot sent: ICMP{'v6' if plan.ip_version == 6 else ''} "
            f"{plan.icmp.message} (type {plan.icmp.icmp_type}, code {plan.icmp.icmp_code}), "
            f"MTU {plan.icmp.mtu_bytes}"
        )
    if len(plan.fragments) == 1:
        return f"{head}\nfits: sent whole"
    rows = [
        (
            f.index,
            f.data_bytes,
            f.offset_units,
            f.offset_bytes,
            "1" if f.more_fragments else "0",
            f.total_bytes,
        )
        for f in plan.fragments
    ]
    return (
        f"{head}\n\n"
        + _table(("#", "data", "offset (x8)", "offset bytes", "MF", "total"), rows)
        + f"\n\n{len(plan.fragments)} fragments, {sum(f.total_bytes for f in plan.fragments)} "
        "bytes in all"
    )


def _cmd_efficiency(args: argparse.Namespace) -> str:
    rates = args.rate or [1e9]
    results = [
        engine.wire_efficiency(args.stack, args.payload, rate, args.link_mtu) for rate in rates
    ]
    if args.json:
        return _json([dataclasses.asdict(r) for r in results])
    first = results[0]
    rows = [
        (
            _format_rate(r.rate_bps),
            f"{r.efficiency * 100:.2f}%",
            _format_rate(r.goodput_bps),
            _format_time(r.serialization_delay_s),
            _format_time(r.wire_time_s),
        )
        for r in results
    ]
    return (
        f"stack: {first.stack}\n"
        f"payload: {first.payload_bytes} bytes in {first.frames} frame(s), "
        f"{first.wire_bytes} bytes on the wire (largest frame {first.largest_frame_bytes})\n\n"
        + _table(("rate", "efficiency", "goodput", "frame delay", "total wire time"), rows)
    )


def _build_parser() -> _Parser:
    parser = _Parser(
        prog=PROG,
        description="Encapsulation overhead, inner MTU, TCP MSS, fragmentation and wire "
        "efficiency, from a sourced catalogue of layers.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)

    def verb(name: str, help_text: str, example: str) -> _Parser:
        sub = verbs.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example:\n  {PROG} {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("--json", action="store_true", help="print JSON for machines")
        return sub

    layers = verb("layers", "list the catalogue of layers", "layers --json")
    layers.set_defaults(run=_cmd_layers)

    overhead = verb(
        "overhead",
        "per-layer bytes, overhead, inner MTU and MSS clamp of a stack on a link",
        "overhead ethernet/pppoe/ipv4/wireguard/ipv4/tcp --link-mtu 1500",
    )
    overhead.add_argument("stack", help="layers outer first, e.g. ethernet/ipv4/vxlan")
    overhead.add_argument("--link-mtu", type=int, default=1500, help="link MTU (default 1500)")
    overhead.add_argument(
        "--payload", type=int, help="show the bytes for this innermost payload instead"
    )
    overhead.set_defaults(run=_cmd_overhead)

    mss = verb(
        "mss",
        "TCP MSS for an IP MTU, or the MSS clamp for a tunnel stack",
        "mss --stack ethernet/ipv4/vxlan",
    )
    mss.add_argument("mtu", nargs="?", type=int, help="IP MTU in bytes")
    mss.add_argument("--stack", help="tunnel stack, e.g. ethernet/ipv6/wireguard")
    mss.add_argument("--link-mtu", type=int, default=1500, help="link MTU for --stack")
    mss.set_defaults(run=_cmd_mss)

    fragment = verb(
        "fragment",
        "fragmentation plan of an IPv4 datagram or IPv6 packet",
        "fragment 4000 --mtu 1500",
    )
    fragment.add_argument("size", type=int, help="total packet size in bytes, header included")
    fragment.add_argument("--mtu", type=int, required=True, help="MTU of the next link")
    fragment.add_argument("--ipv6", action="store_true", help="IPv6 (source fragmentation)")
    fragment.add_argument("--df", action="store_true", help="IPv4 Don't Fragment set")
    fragment.add_argument(
        "--router", action="store_true", help="IPv6: what a router does (Packet Too Big)"
    )
    fragment.add_argument(
        "--header-bytes",
        type=int,
        help="IPv4 header with options (default 20); IPv6 unfragmentable part (default 40)",
    )
    fragment.set_defaults(run=_cmd_fragment)

    efficiency = verb(
        "efficiency",
        "wire efficiency, goodput and serialization delay of a payload on a link",
        "efficiency ethernet/ipv4/tcp --payload 1000000 --rate 100M",
    )
    efficiency.add_argument("stack", help="stack starting with ethernet")
    efficiency.add_argument("--payload", type=int, required=True, help="application bytes")
    efficiency.add_argument(
        "--rate",
        type=_rate,
        action="append",
        help="link rate such as 10M, 1G, 2.5G (repeatable; default 1G)",
    )
    efficiency.add_argument("--link-mtu", type=int, default=1500, help="link MTU (default 1500)")
    efficiency.set_defaults(run=_cmd_efficiency)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run `notes-tools mtu` with `argv`; return the exit code.

    Args:
        argv: Arguments after `mtu` (default: `sys.argv[1:]`).

    Returns:
        0 on success, 1 for an impossible request, 2 for a usage error.
    """
    parser = _build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
        text = args.run(args)
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
    except _UsageError as err:
        print(f"{PROG}: {err}", file=sys.stderr)
        return 2
    except engine.MtuError as err:
        print(f"{PROG}: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        return 0
    return 0
