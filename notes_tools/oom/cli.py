"""`notes-tools oom`: read out-of-memory reports and memory snapshots.

The only module of the tool that touches files, stdin, stdout and exit codes.
Exit codes: 0 read fine; 1 no report found, a broken report, or an unreadable, binary or
refused input; 2 usage errors (argparse).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

PROG = "notes-tools oom"
_SNIFF_BYTES = 65536

_EPILOG = """\
Reads PyTorch (CUDA, HIP, XPU, MPS, CPU), Linux OOM-killer, TensorFlow, JAX,
Kubernetes and Java out-of-memory reports. Without --all, the last report in
the input is shown. `notes-tools oom snapshot FILE` summarises a memory
snapshot written by torch.cuda.memory._dump_snapshot() without running any
code from it.

example:
  dmesg | notes-tools oom - --all
  notes-tools oom train.log --json
  notes-tools oom snapshot my_snapshot.pickle
"""

_SNAPSHOT_EPILOG = """\
The pickle is checked opcode by opcode before it is read; any global
(the way a pickle runs code) is refused.

example:
  notes-tools oom snapshot my_snapshot.pickle --json
"""


class _InputError(Exception):
    """An input problem reported as one stderr line."""


def _error(where: str, message: str) -> None:
    sys.stderr.write(f"{PROG}: {where}: {message}\n")


def _stdin() -> IO[Any]:
    return getattr(sys.stdin, "buffer", sys.stdin)


def _open(path: str) -> IO[Any]:
    if path == "-":
        return _stdin()
    try:
        return open(path, "rb")
    except OSError as exc:
        raise _InputError(exc.strerror or str(exc)) from None


def _sniffed(stream: IO[Any]) -> Iterator[Any]:
    """The stream's bytes in chunks, refusing binary data (NUL bytes) in its first block."""
    head = stream.read(_SNIFF_BYTES)
    if (b"\0" if isinstance(head, bytes) else "\0") in head:
        raise _InputError("binary input (NUL bytes): not a text log")
    yield head
    while True:
        chunk = stream.read(4 << 20)
        if not chunk:
            return
        yield chunk


def _run_reports(args: argparse.Namespace) -> int:
    from notes_tools.oom.engine import scan
    from notes_tools.oom.report import format_report, to_dict

    name = "<stdin>" if args.file == "-" else args.file
    stream = _open(args.file)
    path_is_file = args.file != "-"
    out = sys.stdout
    broken = 0
    count = 0
    last: Any = None
    try:
        events = scan(_sniffed(stream))
        if args.json and args.all:
            out.write("[")
        for event in events:
            count += 1
            if args.all:
                if args.json:
                    out.write(("\n" if count == 1 else ",\n") + json.dumps(to_dict(event)))
                else:
                    out.write(("\n" if count > 1 else "") + format_report(event) + "\n")
                for problem in event.problems:
                    broken += 1
                    _error(f"{name}:{event.line}", problem)
            else:
                last = event
    finally:
        if path_is_file:
            stream.close()
    if args.json and args.all:
        out.write("\n]\n")
    if count == 0:
        _error(name, "no out-of-memory report found")
        return 1
    if not args.all:
        if args.json:
            out.write(json.dumps(to_dict(last), indent=2) + "\n")
        else:
            out.write(format_report(last) + "\n")
            if count > 1:
                out.write(f"({count} reports in the input; --all shows every one)\n")
        for problem in last.problems:
            broken += 1
            _error(f"{name}:{last.line}", problem)
    return 1 if broken else 0


def _run_snapshot(args: argparse.Namespace) -> int:
    from notes_tools.oom.advice import human_size
    from notes_tools.oom.model import Quantity
    from notes_tools.oom.snapshot import MAX_SNAPSHOT_BYTES, load_snapshot, summarize_snapshot

    name = "<stdin>" if args.file == "-" else args.file
    stream = _open(args.file)
    path_is_file = args.file != "-"
    try:
        if path_is_file:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_SNAPSHOT_BYTES:
                raise _InputError(f"{size} bytes is over the {MAX_SNAPSHOT_BYTES}-byte cap")
        data = stream.read(MAX_SNAPSHOT_BYTES + 1)
    finally:
        if path_is_file:
            stream.close()
    summary = summarize_snapshot(load_snapshot(data))
    if args.json:
        from dataclasses import asdict

        sys.stdout.write(json.dumps(asdict(summary), indent=2) + "\n")
        return 0

    def sized(n: int) -> str:
        return f"{human_size(Quantity.exact(n))} ({n} bytes)"

    lines = [
        f"snapshot: {name}",
        f"  devices              {', '.join(map(str, summary.devices)) or '-'}",
        f"  segments             {summary.segment_count}",
        f"  reserved             {sized(summary.reserved_bytes)}",
        f"  allocated            {sized(summary.allocated_bytes)}",
        f"  free in segments     {sized(summary.free_bytes)}",
        f"  largest free block   {sized(summary.largest_free_block_bytes)}",
        f"  fragmentation        {summary.fragmentation * 100:.1f}%",
        f"  history events       {summary.trace_entries} ({summary.oom_trace_entries} oom)",
    ]
    if summary.top_sites:
        lines.append("  top allocation sites:")
        for site in summary.top_sites:
            lines.append(
                f"    {human_size(Quantity.exact(site.bytes)):>12}  {site.count:>6} blocks  "
                f"{site.site}"
            )
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _parsers() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    reports = argparse.ArgumentParser(
        prog=PROG,
        description="Read out-of-memory reports: every figure in exact bytes, with advice.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reports.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="log or message; - for stdin (default)"
    )
    reports.add_argument("--json", action="store_true", help="print JSON for machines")
    reports.add_argument("--all", action="store_true", help="every report, not only the last")
    snapshot = argparse.ArgumentParser(
        prog=f"{PROG} snapshot",
        description="Summarise a PyTorch memory snapshot pickle, safely.",
        epilog=_SNAPSHOT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    snapshot.add_argument("file", metavar="FILE", help="snapshot pickle; - for stdin")
    snapshot.add_argument("--json", action="store_true", help="print JSON for machines")
    return reports, snapshot


def main(argv: list[str] | None = None) -> int:
    """Run `notes-tools oom` with `argv` (default: `sys.argv[1:]`); return the exit code."""
    from notes_tools.oom.model import OomParseError

    args_list = sys.argv[1:] if argv is None else list(argv)
    reports, snapshot = _parsers()
    is_snapshot = bool(args_list) and args_list[0] == "snapshot"
    try:
        if is_snapshot:
            args = snapshot.parse_args(args_list[1:])
            return _run_snapshot(args)
        args = reports.parse_args(args_list)
        return _run_reports(args)
    except SystemExit as exc:  # argparse: usage errors and --help
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    except _InputError as exc:
        _error("<stdin>" if args.file == "-" else args.file, str(exc))
        return 1
    except OomParseError as exc:
        _error("<stdin>" if args.file == "-" else args.file, str(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return 1
    except OSError as exc:
        _error("<stdin>" if args.file == "-" else args.file, exc.strerror or str(exc))
        return 1
    except MemoryError:
        sys.stderr.write(f"{PROG}: out of memory reading the input\n")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
