"""The engine: reads the pattern tables and turns text into `Event`s.

`scan` streams: it reads big chunks, looks for the few trigger substrings with `str.find`,
and only splits and matches lines near a hit or inside an open multi-line report. Memory
is bounded by the chunk size, the longest line kept (`MAX_LINE_CHARS`) and the caps on
what an event keeps (`MAX_TASKS`, `MAX_TEXT_LINES`).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from notes_tools.oom import patterns as P
from notes_tools.oom.advice import advise
from notes_tools.oom.derive import derive
from notes_tools.oom.model import Event, OomParseError, ProcessMemory, Quantity, Task

__all__ = ["MAX_LINE_CHARS", "MAX_TASKS", "MAX_TEXT_LINES", "parse", "scan"]

MAX_TASKS = 10
"""Kernel task-table rows kept per event (the largest by RSS)."""
MAX_TEXT_LINES = 64
"""Report lines kept per event in `Event.text`."""
MAX_LINE_CHARS = 65536
"""Longer lines are cut to this length before matching."""
_CHUNK_CHARS = 4 << 20
_MAX_MESSAGE_LINES = 12  # a wrapped PyTorch message spans at most this many lines
_MESSAGE_IDLE = 50  # lines of other streams a wrapped message waits for its next line
_HINT_LOOKAHEAD = 3  # lines after a complete message that may carry its hint
_KERNEL_IDLE = 4000  # lines an open kernel report waits for its next part
_REAPER_WINDOW = 200  # lines an ended kernel report waits for its oom_reaper line
_STOP_CONTINUATION = ("Traceback", "File ", "During handling", "The above exception")
_HINT_START = re.compile(
    r"(?:If reserved|See documentation|setting|try setting|PYTORCH_CUDA_ALLOC_CONF|"
    r"to avoid fragmentation|\(https?://|Use PYTORCH_MPS|limit for memory)"
)


def _quantity(text: str) -> Quantity:
    m = P.SIZE_RE.fullmatch(text.strip())
    if m is None:  # pragma: no cover - the patterns only capture SIZE
        raise OomParseError(f"not a size: {text!r}")
    return Quantity.from_printed(m["number"], m["unit"], text=text.strip())


@dataclass
class _Builder:
    """Mutable accumulation of one event; `build()` freezes it."""

    kind: str
    line: int
    source: str
    timestamp: str | None
    end_line: int = 0
    format: str = ""
    figures: dict[str, Quantity] = field(default_factory=dict)
    fields: dict[str, str | int] = field(default_factory=dict)
    processes: list[ProcessMemory] = field(default_factory=list)
    tasks: list[tuple[int, int, Task]] = field(default_factory=list)  # min-heap by rss
    task_count: int = 0
    problems: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    rows: set[str] = field(default_factory=set)
    # kernel state
    columns: tuple[str, ...] = ()
    stats_v2: bool = False
    ended: bool = False
    last_progress: int = 0
    # message state
    message: list[str] = field(default_factory=list)
    complete: bool = False
    after_complete: int = 0

    def add_text(self, lineno: int, body: str) -> None:
        self.end_line = lineno
        if len(self.text) < MAX_TEXT_LINES:
            self.text.append(body)

    def take(self, match: re.Match[str], *, prefix: str = "") -> None:
        """Store a match's named groups as figures or fields (first value wins)."""
        for name, value in match.groupdict().items():
            if value is None:
                continue
            key = prefix + name
            if name in P.SIZE_GROUPS:
                self.figures.setdefault(key, _quantity(value))
            elif name in P.INT_GROUPS:
                self.fields.setdefault(key, int(value))
            else:
                self.fields.setdefault(key, value.strip())

    def add_task(self, task: Task) -> None:
        self.task_count += 1
        item = (task.rss_pages, -self.task_count, task)
        if len(self.tasks) < MAX_TASKS:
            heapq.heappush(self.tasks, item)
        elif item > self.tasks[0]:
            heapq.heapreplace(self.tasks, item)

    def build(self) -> Event:
        tasks = tuple(t for _, _, t in sorted(self.tasks, reverse=True))
        event = Event(
            line=self.line,
            end_line=max(self.end_line, self.line),
            kind=self.kind,
            format=self.format,
            figures=dict(self.figures),
            fields=dict(self.fields),
            processes=tuple(self.processes),
            tasks=tasks,
            task_count=self.task_count,
            problems=tuple(self.problems),
            timestamp=self.timestamp,
            source=self.source,
            text=tuple(self.text),
        )
        derived = derive(event)
        event = _replace(event, derived=derived)
        return _replace(event, advice=advise(event))


def _replace(event: Event, **changes: Any) -> Event:
    from dataclasses import replace

    return replace(event, **changes)


# --------------------------------------------------------------------------------------
# Messages (PyTorch allocators, MPS): possibly wrapped over several lines.


def _finish_message(b: _Builder) -> Event:
    text = " ".join(b.message)
    family = "mps" if b.kind == "pytorch-mps" else "pytorch"
    for row in P.CLAUSES:
        if row.family != family:
            continue
        if row.name == "sentence-process":
            for found in row.regex.finditer(text):
                b.rows.add(row.name)
                b.processes.append(
                    ProcessMemory(int(found["pid"]), _quantity(found["other_process"]))
                )
            continue
        m = row.regex.search(text)
        if m is not None:
            b.rows.add(row.name)
            b.take(m)
    if "process_in_use" in b.figures:
        b.processes.append(ProcessMemory(None, b.figures["process_in_use"]))
    for name, required, forbidden in P.FORMATS:
        if required <= b.rows and not (forbidden & b.rows):
            b.format = name
            break
    if b.kind == "pytorch-xpu" and b.format.startswith("pytorch 1."):
        b.format = "intel extension for pytorch (xpu)"
    if not b.format:
        b.format = "pytorch (unrecognised generation)"
    if "requested" not in b.figures:
        b.problems.append("no 'Tried to allocate' figure: message truncated or garbled")
    elif not b.complete:
        last = "its closing clause"
        if family == "pytorch":
            last = "')'" if "(GPU" in text else "'Of the allocated memory' clause"
        b.problems.append(f"message ends before {last} (truncated?)")
    return b.build()


def _message_start(lineno: int, body: str, source: str, ts: str | None) -> _Builder | None:
    m = P.PYTORCH_START.search(body)
    if m is not None:
        b = _Builder(f"pytorch-{m['device_type'].lower()}", lineno, source, ts)
        end = P.PYTORCH_END
    else:
        m = P.MPS_START.search(body)
        if m is None:
            return None
        b = _Builder("pytorch-mps", lineno, source, ts)
        end = P.MPS_END
    start = m.start()
    before = P.EXCEPTION_BEFORE.search(body[max(0, start - 200) : start])
    if before is not None:
        b.fields["exception"] = before["exception"]
        start -= len(before[0])
    part = body[start:]
    b.message.append(part)
    b.add_text(lineno, part)
    b.complete = end.search(part) is not None
    return b


def _continues(b: _Builder, body: str) -> bool:
    stripped = body.strip()
    if not stripped:
        return False
    if b.complete:
        return b.after_complete < _HINT_LOOKAHEAD and _HINT_START.match(stripped) is not None
    if len(b.message) >= _MAX_MESSAGE_LINES or stripped.startswith(_STOP_CONTINUATION):
        return False
    return not any(t in stripped for t in P.TRIGGERS)


def _extend_message(b: _Builder, lineno: int, body: str) -> None:
    stripped = body.strip()
    if b.complete:
        b.after_complete += 1
    b.message.append(stripped)
    b.add_text(lineno, stripped)
    if not b.complete:
        end = P.MPS_END if b.kind == "pytorch-mps" else P.PYTORCH_END
        b.complete = end.search(" ".join(b.message)) is not None


# --------------------------------------------------------------------------------------
# Linux kernel reports: many lines, keyed by stream.


def _kernel_summary(b: _Builder, summary: str) -> None:
    for part in re.split(r",(?=[a-z_]+=|global_oom|$)", summary):
        key, sep, value = part.partition("=")
        if not sep:
            if key:
                b.fields.setdefault("oom_scope", key)  # a flag such as global_oom
            continue
        if key in ("pid", "uid"):
            b.fields.setdefault(f"summary_{key}", int(value) if value.isdigit() else value)
        else:
            b.fields.setdefault(key, value)


def _kernel_task(b: _Builder, pid: str, values: str) -> None:
    columns = b.columns or ("uid", "tgid", "total_vm", "rss", "nr_ptes", "swapents",
                            "oom_score_adj", "name")  # fmt: skip
    parts = values.split(None, len(columns) - 1)
    if len(parts) < len(columns):
        return
    numbers: dict[str, int] = {}
    for name, value in zip(columns[:-1], parts[:-1], strict=True):
        try:
            numbers[name] = int(value)
        except ValueError:
            return
    b.add_task(
        Task(
            pid=int(pid),
            name=parts[-1],
            rss_pages=numbers.get("rss", 0),
            total_vm_pages=numbers.get("total_vm", 0),
            oom_score_adj=numbers.get("oom_score_adj", 0),
            columns=numbers,
        )
    )


_KERNEL_QUICK = ("oom", "Killed process", "Kill process")


class _Scanner:
    """Line-level state machine; the chunk loop in `scan` feeds it."""

    def __init__(self) -> None:
        self.messages: dict[str, _Builder] = {}
        self.kernel: dict[str, _Builder] = {}
        self.out: list[tuple[int, Event]] = []

    @property
    def active(self) -> bool:
        return bool(self.messages or self.kernel)

    def emit(self, event: Event) -> None:
        self.out.append((event.line, event))

    # -- kernel --------------------------------------------------------------------
    def _kernel_emit(self, key: str) -> None:
        b = self.kernel.pop(key)
        if not b.ended:
            b.problems.append("report ends before its 'Killed process' line (truncated?)")
        self.emit(b.build())

    def _kernel_line(self, lineno: int, body: str, key: str, ts: str | None) -> bool:
        b = self.kernel.get(key)
        if b is not None and b.stats_v2:
            m = P.KERNEL_V2_STAT.match(body)
            if m is not None:
                if m["key"] in P.KERNEL_V2_KEEP:
                    b.figures.setdefault(f"cgroup_stat_{m['key']}", Quantity.exact(int(m["value"])))
                b.last_progress = lineno
                return True
            b.stats_v2 = False
        if b is None and not any(q in body for q in _KERNEL_QUICK):
            return False
        for role, row in P.KERNEL_LINES:
            if b is None and role == "part" and row.name not in ("kernel-summary", "kernel-chosen"):
                continue
            m = row.regex.match(body)
            if m is None:
                continue
            if role == "after":
                self._reaper(lineno, body, key, ts, m)
                return True
            if role == "start" or b is None or (b.ended and role != "end"):
                if b is not None:
                    self._kernel_emit(key)
                b = _Builder("linux-oom-kill", lineno, key, ts)
                b.format = "linux"
                self.kernel[key] = b
            elif b.ended:  # a second kill line: a new report
                self._kernel_emit(key)
                b = _Builder("linux-oom-kill", lineno, key, ts)
                b.format = "linux"
                self.kernel[key] = b
            b.last_progress = lineno
            b.rows.add(row.name)
            if row.name == "kernel-task-row":
                _kernel_task(b, m["task_pid"], m["task_values"])
                b.end_line = lineno
                return True
            b.add_text(lineno, body)
            if row.name == "kernel-task-header":
                b.columns = tuple(m["task_columns"].split())
            elif row.name == "kernel-summary":
                _kernel_summary(b, m["summary"])
            elif row.name == "kernel-memcg-stats":
                inline = m["stats_inline"]
                b.fields.setdefault("stats_memcg", m["stats_memcg"])
                for s in P.KERNEL_V1_STAT.finditer(inline):
                    b.figures.setdefault(
                        f"cgroup_stat_{s['key']}", Quantity.exact(int(s["value"]) * 1024)
                    )
                b.stats_v2 = not inline.strip()
            else:
                b.take(m)
            if role == "end":
                b.ended = True
                b.format = _kernel_format(b)
            return True
        return False

    def _reaper(self, lineno: int, body: str, key: str, ts: str | None, m: re.Match[str]) -> None:
        b = self.kernel.get(key)
        if b is None or not b.ended or b.fields.get("pid") != int(m["reaped_pid"]):
            if b is not None and b.ended:
                self._kernel_emit(key)
            b = _Builder("linux-oom-kill", lineno, key, ts)
            b.format = "linux (oom_reaper line only)"
            b.ended = True
            self.kernel[key] = b
        b.add_text(lineno, body)
        b.fields["reaped_pid"] = int(m["reaped_pid"])
        b.fields["reaped_comm"] = m["reaped_comm"]
        for part in ("anon", "file", "shmem"):
            b.figures[f"reaped_{part}_rss"] = _quantity(m[f"reaped_{part}_rss"] + "kB")
        self._kernel_emit(key)

    # -- one line ------------------------------------------------------------------
    def feed(self, lineno: int, raw: str) -> None:
        if len(raw) > MAX_LINE_CHARS:
            raw = raw[:MAX_LINE_CHARS]
        env = P.ENVELOPE.match(raw)
        assert env is not None  # every part of ENVELOPE is optional: it always matches
        body = raw[env.end() :].rstrip("\r\n ")
        if env["host"]:
            key = f"{env['host']} {env['tag']}"
        elif env["rank"]:
            key = f"rank{env['rank']}"
        else:
            key = ""
        ts = env["ts"] or env["mono"] or env["ctime"]

        self._expire(lineno)
        b = self.messages.get(key)
        if b is not None:
            if _continues(b, body):
                _extend_message(b, lineno, body)
                return
            del self.messages[key]
            self.emit(_finish_message(b))

        if self._kernel_line(lineno, body, key, ts):
            return
        started = _message_start(lineno, body, key, ts)
        if started is not None:
            self.messages[key] = started
            return
        for row in P.SINGLE_LINES:
            m = row.regex.search(body)
            if m is not None:
                e = _Builder(row.family, lineno, key, ts)
                e.format = f"{row.name} ({row.version})"
                e.rows.add(row.name)
                e.take(m)
                e.add_text(lineno, body.strip())
                self.emit(e.build())
                return
        if P.OTHER.search(body):
            e = _Builder("other", lineno, key, ts)
            e.format = "unrecognised"
            e.add_text(lineno, body.strip())
            self.emit(e.build())

    def _expire(self, lineno: int) -> None:
        for key in [k for k, b in self.messages.items() if lineno - b.end_line > _MESSAGE_IDLE]:
            self.emit(_finish_message(self.messages.pop(key)))
        for key, b in list(self.kernel.items()):
            idle = lineno - b.last_progress
            if idle > (_REAPER_WINDOW if b.ended else _KERNEL_IDLE):
                self._kernel_emit(key)

    def finish(self) -> None:
        for key in list(self.messages):
            self.emit(_finish_message(self.messages.pop(key)))
        for key in list(self.kernel):
            self._kernel_emit(key)

    def drain(self) -> list[Event]:
        """Events that no open report can precede, in order of their first line."""
        opened = [b.line for b in self.messages.values()] + [b.line for b in self.kernel.values()]
        first_open = min(opened) if opened else None
        self.out.sort(key=lambda item: item[0])
        ready = [e for line, e in self.out if first_open is None or line < first_open]
        del self.out[: len(ready)]
        return ready


def _kernel_format(b: _Builder) -> str:
    if "kernel-chosen" in b.rows:
        return "linux < 5.1 (Kill process ... or sacrifice child)"
    if "oom_score_adj" in b.fields and "pgtables" in b.figures:
        return "linux >= 5.1"
    if "kernel-summary" in b.rows:
        return "linux 4.19-5.0"
    return "linux"


# --------------------------------------------------------------------------------------
# Chunk loop


def _pieces(stream: IO[str] | IO[bytes] | Iterable[str] | Iterable[bytes]) -> Iterator[Any]:
    """The stream's pieces as they come: str or bytes, 4 MiB at a time from a file."""
    read = getattr(stream, "read", None)
    if callable(read):
        while True:
            chunk = read(_CHUNK_CHARS)
            if not chunk:
                return
            yield chunk
    else:
        yield from stream


def _as_text(line: str | bytes) -> str:
    return line.decode("utf-8", "replace") if isinstance(line, bytes) else line


def scan(stream: IO[str] | IO[bytes] | Iterable[str] | Iterable[bytes]) -> Iterator[Event]:
    """Yield every out-of-memory report in a log, in order of their first line.

    Never raises on any input: a broken report is yielded with its `problems` filled in.
    Reports spanning several lines (kernel reports, wrapped PyTorch messages) are
    reassembled even when lines of other log streams (syslog hosts, torchrun ranks) are
    interleaved with them.

    Args:
        stream: A text or binary file object (read in 4 MiB chunks, never whole; bytes
            are decoded as UTF-8 with replacement), or any iterable of str/bytes pieces
            such as a list of lines.

    Yields:
        One `Event` per report.

    Example:
        >>> import io
        >>> log = io.StringIO(
        ...     "[ 812.000000] Out of memory: Killed process 4242 (python3) total-vm:2048kB,"
        ...     " anon-rss:1024kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:64kB"
        ...     " oom_score_adj:0\\n"
        ... )
        >>> for e in scan(log):
        ...     print(e.line, e.kind, e.figures["anon_rss"].value_bytes)
        1 linux-oom-kill 1048576
    """
    scanner = _Scanner()
    pieces = _pieces(stream)
    first: Any = next((p for p in pieces if p), None)
    if first is None:
        return
    binary = isinstance(first, bytes)
    # Work in the stream's own type: binary input is only decoded line by line around a
    # hit, so skipped regions are never decoded.
    nl_char: Any = b"\n" if binary else "\n"
    quick: tuple[Any, ...] = (
        tuple(t.encode() for t in P.QUICK_TRIGGERS) if binary else P.QUICK_TRIGGERS
    )
    full: tuple[Any, ...] = tuple(t.encode() for t in P.TRIGGERS) if binary else P.TRIGGERS
    lineno = 0  # lines fully consumed so far
    skipping = False

    def chunks() -> Iterator[Any]:
        yield first
        for piece in pieces:
            if isinstance(piece, bytes) != binary:
                piece = piece.encode() if binary else piece.decode("utf-8", "replace")
            yield piece

    def spans() -> Iterator[tuple[Any, int, int]]:
        """(buffer, start, end) spans holding whole lines only, copying no big chunk."""
        nonlocal lineno, skipping
        leftover = first[:0]
        for chunk in chunks():
            start = 0
            if skipping:  # dropping the rest of an over-long line
                nl = chunk.find(nl_char)
                if nl < 0:
                    continue
                start, skipping = nl + 1, False
            elif leftover:
                nl = chunk.find(nl_char)
                if nl < 0:
                    leftover += chunk
                    if len(leftover) > MAX_LINE_CHARS:
                        # A huge line without a newline: match its head, drop the rest.
                        lineno += 1
                        scanner.feed(lineno, _as_text(leftover[:MAX_LINE_CHARS]))
                        leftover, skipping = first[:0], True
                    continue
                joined = leftover + chunk[: nl + 1]
                yield joined, 0, len(joined)
                start = nl + 1
            last = chunk.rfind(nl_char, start)
            if last < 0:
                leftover = chunk[start:]
                continue
            yield chunk, start, last + 1
            leftover = chunk[last + 1 :]
            if len(leftover) > MAX_LINE_CHARS:
                lineno += 1
                scanner.feed(lineno, _as_text(leftover[:MAX_LINE_CHARS]))
                leftover, skipping = first[:0], True
        if leftover:
            yield leftover + nl_char, 0, len(leftover) + 1

    for buf, pos, end in spans():
        # Next occurrence of each quick trigger at or after `pos` (-1: none before `end`);
        # refreshed only when passed, so each one is searched once per span.
        upcoming = [buf.find(t, pos, end) for t in quick]
        while pos < end:
            if scanner.active:
                nl = buf.find(nl_char, pos, end)
                lineno += 1
                scanner.feed(lineno, _as_text(buf[pos:nl]))
                pos = nl + 1
            else:
                hit = -1
                for k, i in enumerate(upcoming):
                    if 0 <= i < pos:
                        i = upcoming[k] = buf.find(quick[k], pos, end)
                    if i >= 0 and (hit < 0 or i < hit):
                        hit = i
                if hit < 0:
                    lineno += buf.count(nl_char, pos, end)
                    break
                start = buf.rfind(nl_char, pos, hit) + 1 or pos
                lineno += buf.count(nl_char, pos, start) + 1
                nl = buf.find(nl_char, hit, end)
                line = buf[start:nl]
                if any(t in line for t in full):
                    scanner.feed(lineno, _as_text(line))
                pos = nl + 1
            if scanner.out:
                yield from scanner.drain()
        if scanner.out:
            yield from scanner.drain()
    scanner.finish()
    yield from scanner.drain()


def parse(text: str) -> Event:
    """Read the one out-of-memory report in `text` (the first, if there are several).

    Args:
        text: A report, with or without log prefixes and surrounding lines.

    Returns:
        The report as an `Event`.

    Raises:
        OomParseError: No report found, or the report is recognisably broken (for example
            a message cut off after `Tried to allocate`); `line` says where it starts.

    Example:
        >>> e = parse("RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0;"
        ...           " 7.93 GiB total capacity; 7.23 GiB already allocated; 3.94 MiB free;"
        ...           " 46.57 MiB cached)")
        >>> e.format, e.derived.reserved.text
        ('pytorch 1.0-1.3', '(7.23 GiB + 46.57 MiB)')
    """
    for event in scan([text, "\n"]):
        if event.problems:
            raise OomParseError(event.problems[0], line=event.line)
        return event
    raise OomParseError("no out-of-memory report found", line=1)
