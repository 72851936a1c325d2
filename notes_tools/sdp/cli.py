"""`notes-tools sdp`: parse, lint, summarise and diff SDP files.

The only module of the tool that reads files or stdin, writes to stdout and
stderr, or returns exit codes: 0 clean, 1 findings or a parse error, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, NoReturn

PROG = "notes-tools sdp"
MAX_BYTES = 4 * 1024 * 1024
"""Largest input read; real session descriptions are a few kilobytes."""

EPILOG = """\
exit status: 0 clean, 1 findings or parse error, 2 usage error.

examples:
  notes-tools sdp lint offer.sdp
  notes-tools sdp summary --json answer.sdp
  pbpaste | notes-tools sdp parse --strict -
  notes-tools sdp diff offer.sdp answer.sdp
"""


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(message)


class _Failed(Exception):
    """One line for stderr, then exit 1."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Parse, lint, summarise and diff SDP (RFC 8866) offers and answers.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    helps = {
        "parse": "show the typed model, line by line",
        "lint": "semantic checks (BUNDLE, payload types, ICE, DTLS, simulcast, ...)",
        "summary": "per media section: codecs, direction, transport, simulcast",
    }
    for name, text in helps.items():
        cmd = sub.add_parser(name, help=text, description=text, epilog=EPILOG,
                             formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
        cmd.add_argument("file", metavar="FILE", help="SDP file, or - for stdin")
        _common(cmd)
    cmd = sub.add_parser(
        "diff",
        help="RFC 3264 outcome of an offer and its answer, per m= line",
        description="RFC 3264 outcome of an offer and its answer, per m= line",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument("offer", metavar="OFFER", help="offer SDP file, or - for stdin")
    cmd.add_argument("answer", metavar="ANSWER", help="answer SDP file")
    _common(cmd)
    return parser


def _common(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    cmd.add_argument("--strict", action="store_true", help="reject anything RFC 8866 forbids")


def _read(name: str) -> str:
    label = "<stdin>" if name == "-" else name
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(name, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _Failed(f"{label}: no such file", 2) from None
    except IsADirectoryError:
        raise _Failed(f"{label}: is a directory", 2) from None
    except OSError as error:
        raise _Failed(f"{label}: {error.strerror or error}", 2) from None
    if len(data) > MAX_BYTES:
        raise _Failed(f"{label}: input larger than {MAX_BYTES // (1024 * 1024)} MiB, not SDP")
    nul = data.find(b"\0")
    if nul >= 0:
        raise _Failed(f"{label}: binary input (NUL byte at offset {nul}), not SDP")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Failed(
            f"{label}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None


def _load(name: str, strict: bool) -> Any:
    from notes_tools.sdp import SdpError, parse

    text = _read(name)
    label = "<stdin>" if name == "-" else name
    try:
        sd = parse(text, strict=strict)
    except SdpError as error:
        raise _Failed(f"{label}:{error.line}: {error.reason}") from None
    for warning in sd.warnings:
        _err(f"{label}:{warning.line}: warning: {warning.message}")
    return sd


def _err(message: str) -> None:
    sys.stderr.write(f"{PROG}: {message}\n")


def _fields(obj: Any) -> str:
    import dataclasses

    parts = []
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        parts.append(f"{f.name}={value!r}")
    return " ".join(parts)


def _cmd_parse(args: argparse.Namespace) -> tuple[str, int]:
    from notes_tools.sdp import to_dict

    sd = _load(args.file, args.strict)
    if args.json:
        return json.dumps(to_dict(sd), indent=2), 0
    rows = []
    for number, section, line in sd.numbered():
        where = "session" if section < 0 else f"m{section}"
        rows.append(f"{number:>4}  {where:<8} {type(line).__name__:<15} {_fields(line)}")
    return "\n".join(rows), 0


def _cmd_lint(args: argparse.Namespace) -> tuple[str, int]:
    from notes_tools.sdp import lint

    sd = _load(args.file, args.strict)
    findings = lint(sd)
    failing = len(sd.warnings) + sum(1 for f in findings if f.severity != "info")
    status = 1 if failing else 0
    label = "<stdin>" if args.file == "-" else args.file
    if args.json:
        out = {
            "repairs": [{"line": w.line, "message": w.message} for w in sd.warnings],
            "findings": [
                {"line": f.line, "severity": f.severity, "code": f.code, "message": f.message}
                for f in findings
            ],
        }
        return json.dumps(out, indent=2), status
    lines = [f"{label}:{f.line}: {f.severity}: {f.message} [{f.code}]" for f in findings]
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    infos = len(findings) - errors - warnings
    lines.append(
        f"{label}: {errors} error(s), {warnings} warning(s), {infos} note(s), "
        f"{len(sd.warnings)} repair(s)"
    )
    return "\n".join(lines), status


def _cmd_summary(args: argparse.Namespace) -> tuple[str, int]:
    import dataclasses

    from notes_tools.sdp import summary

    sd = _load(args.file, args.strict)
    items = summary(sd)
    if args.json:
        return json.dumps([dataclasses.asdict(s) for s in items], indent=2), 0
    out = []
    for s in items:
        mid = f" mid={s.mid}" if s.mid is not None else ""
        out.append(f"m{s.index} {s.kind}{mid} {s.direction} port {s.port} {s.protocol}")
        for codec in s.codecs:
            extra = f" [{codec.fmtp}]" if codec.fmtp else ""
            fb = f" fb: {', '.join(codec.feedback)}" if codec.feedback else ""
            out.append(f"  codec {codec}{extra}{fb}")
        t = s.transport
        if t.ice_ufrag or t.candidates:
            cands = ", ".join(f"{kind} x{n}" for kind, n in t.candidates) or "none"
            lite = " (ice-lite)" if t.ice_lite else ""
            out.append(f"  ice ufrag={t.ice_ufrag} pwd={t.ice_pwd}{lite}; candidates: {cands}")
        if t.dtls_role or t.fingerprints:
            out.append(f"  dtls setup={t.dtls_role} {'; '.join(t.fingerprints)}")
        if s.simulcast:
            out.append(f"  simulcast {'; '.join(s.simulcast)}")
        if s.ssrcs:
            out.append(f"  ssrcs {' '.join(map(str, s.ssrcs))}")
    return "\n".join(out), 0


def _cmd_diff(args: argparse.Namespace) -> tuple[str, int]:
    import dataclasses

    from notes_tools.sdp import diff

    offer = _load(args.offer, args.strict)
    answer = _load(args.answer, args.strict)
    outcomes = diff(offer, answer)
    status = 1 if any(o.problems for o in outcomes) else 0
    if args.json:
        return json.dumps([dataclasses.asdict(o) for o in outcomes], indent=2), status
    out = []
    for o in outcomes:
        mid = f" mid={o.mid}" if o.mid is not None else ""
        if o.rejected:
            out.append(f"m{o.index} {o.kind}{mid}: rejected")
        else:
            codecs = ", ".join(o.codecs) or "none"
            out.append(
                f"m{o.index} {o.kind}{mid}: offer {o.offer_direction}, answer "
                f"{o.answer_direction} -> offerer {o.direction}; codecs {codecs}"
            )
        out.extend(f"  problem: {p}" for p in o.problems)
    return "\n".join(out), status


COMMANDS = {
    "parse": _cmd_parse,
    "lint": _cmd_lint,
    "summary": _cmd_summary,
    "diff": _cmd_diff,
}


def main(argv: list[str] | None = None) -> int:
    """Run `notes-tools sdp` with `argv` (default: `sys.argv[1:]`); return the exit code."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        text, status = COMMANDS[args.command](args)
        if text:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
        return status
    except _Usage as error:
        sys.stderr.write(parser.format_usage())
        _err(str(error))
        return 2
    except _Failed as error:
        _err(str(error))
        return error.status
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, without a flush error at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
