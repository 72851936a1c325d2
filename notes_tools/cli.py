"""The `notes-tools` command: a thin dispatcher over each tool's own `main(argv)`.

Each subcommand lives in its own module and is imported only when it is run,
so `notes-tools --help` starts in milliseconds.
"""

from __future__ import annotations

import importlib
import sys

# name -> (module with `main(argv) -> int`, one-line summary)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "sdp": ("notes_tools.sdp.cli", "parse, lint, summarise and diff SDP offers and answers"),
    "mtu": ("notes_tools.mtu.cli", "encapsulation overhead, inner MTU, MSS and fragmentation"),
    "oom": ("notes_tools.oom.cli", "read PyTorch, Linux and framework out-of-memory reports"),
    "new": ("notes_tools.scaffold", "write a new note skeleton (never overwrites)"),
    "check": ("notes_tools.check", "validate notes: front matter, tags, HTML, code blocks"),
}

USAGE = """\
usage: notes-tools [-h] [--version] COMMAND [ARGS...]

The example tools the notes teach with, and the contributor tooling.

commands:
{commands}

Run `notes-tools COMMAND --help` for a command's options.

example:
  notes-tools mtu overhead ethernet/pppoe/ipv4/udp/wireguard/ipv4/tcp --link-mtu 1500
"""


def _usage() -> str:
    width = max(len(name) for name in SUBCOMMANDS)
    lines = [f"  {name:<{width}}  {summary}" for name, (_, summary) in SUBCOMMANDS.items()]
    return USAGE.format(commands="\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    """Run `notes-tools` with `argv` (default: `sys.argv[1:]`); return the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(_usage())
        return 0 if args else 2
    if args[0] == "--version":
        from notes_tools import __version__

        print(f"notes-tools {__version__}")
        return 0
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        import difflib

        near = difflib.get_close_matches(name, list(SUBCOMMANDS), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        print(f"notes-tools: unknown command {name!r}{hint}", file=sys.stderr)
        return 2
    module = importlib.import_module(SUBCOMMANDS[name][0])
    try:
        return int(module.main(rest))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): not an error worth a traceback
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
