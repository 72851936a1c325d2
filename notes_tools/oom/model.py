"""Typed values returned by the OOM parser: printed figures, derived facts, advice, events.

Everything here is a frozen dataclass. Sizes are integer bytes (1 KiB = 1024 B) computed
with exact decimal arithmetic; the printed text and its precision are kept beside the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

__all__ = [
    "Advice",
    "Derived",
    "Event",
    "OomParseError",
    "ProcessMemory",
    "Quantity",
    "Task",
]


class OomParseError(ValueError):
    """A report that is recognisably an out-of-memory report but broken (truncated, garbled).

    Like `json.JSONDecodeError` it carries where the problem is.

    Args:
        msg: What is wrong, without the position.
        line: 1-based line number where the broken report starts, or None when the
            problem has no line (a snapshot file).

    Example:
        >>> str(OomParseError("message ends before 'Of the allocated memory'", line=3))
        "line 3: message ends before 'Of the allocated memory'"
    """

    def __init__(self, msg: str, line: int | None = None) -> None:
        self.msg = msg
        """What is wrong, without the position."""
        self.line = line
        """1-based line where the broken report starts (None when not applicable)."""
        super().__init__(f"line {line}: {msg}" if line is not None else msg)

    def __reduce__(self) -> tuple[type[OomParseError], tuple[str, int | None]]:
        return (OomParseError, (self.msg, self.line))


def _round_half_even(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_EVEN))


@dataclass(frozen=True)
class Quantity:
    """An amount of memory: exact bytes, the text it was read from, and how precise it is.

    A printed `3.64 GiB` is known only to half a unit of its last digit: the true size lies
    in 3.635 GiB .. 3.645 GiB, so `error_bytes` is 0.005 GiB = 5368709.12 B.
    Arithmetic on quantities adds the errors, so derived figures say how sure they are.

    Example:
        >>> q = Quantity.from_printed("3.64", "GiB")
        >>> q.value_bytes, q.error_bytes, q.min_bytes, q.max_bytes
        (3908420239, Decimal('5368709.120'), 3903051531, 3913788948)
        >>> Quantity.from_printed("256", "bytes").error_bytes
        Decimal('0')
    """

    exact_bytes: Decimal
    """The printed number times its unit, exactly (may have a fraction of a byte)."""
    error_bytes: Decimal
    """Half a unit of the last printed digit, in bytes (0 for integers printed in bytes/kB)."""
    text: str
    """The figure as printed (`58.00 MiB`), or a formula for a derived figure."""

    @property
    def value_bytes(self) -> int:
        """The exact value rounded to the nearest byte (ties to even)."""
        return _round_half_even(self.exact_bytes)

    @property
    def min_bytes(self) -> int:
        """Smallest whole number of bytes the printed text is consistent with."""
        return int((self.exact_bytes - self.error_bytes).to_integral_value(rounding=ROUND_CEILING))

    @property
    def max_bytes(self) -> int:
        """Largest whole number of bytes the printed text is consistent with."""
        return int((self.exact_bytes + self.error_bytes).to_integral_value(rounding=ROUND_FLOOR))

    @classmethod
    def from_printed(cls, number: str, unit: str, *, text: str | None = None) -> Quantity:
        """Build a quantity from a printed number and unit.

        Args:
            number: Decimal digits as printed (`58.00`, `9007199254740988`).
            unit: One of the units in `patterns.UNITS` (`bytes`, `KiB`, `kB`, `MiB`, `GB`...).
            text: The text to keep; defaults to `"{number} {unit}"`.

        Raises:
            KeyError: When the unit is unknown (the patterns only capture known units).
            ValueError: When `number` is not a finite decimal number.
        """
        from notes_tools.oom.patterns import UNITS

        scale = UNITS[unit]
        digits = Decimal(number)
        exponent = digits.as_tuple().exponent
        if not isinstance(exponent, int):
            raise ValueError(f"not a finite number: {number!r}")
        half_unit = Decimal(5).scaleb(exponent - 1) if exponent < 0 else Decimal(0)
        return cls(
            exact_bytes=digits * scale,
            error_bytes=half_unit * scale,
            text=text if text is not None else f"{number} {unit}",
        )

    @classmethod
    def exact(cls, value_bytes: int | Decimal, text: str = "") -> Quantity:
        """A quantity known exactly (a count of bytes, pages times page size)."""
        value = Decimal(value_bytes)
        return cls(exact_bytes=value, error_bytes=Decimal(0), text=text or f"{value} B")

    def __add__(self, other: Quantity) -> Quantity:
        return Quantity(
            self.exact_bytes + other.exact_bytes,
            self.error_bytes + other.error_bytes,
            f"({self.text} + {other.text})",
        )

    def __sub__(self, other: Quantity) -> Quantity:
        return Quantity(
            self.exact_bytes - other.exact_bytes,
            self.error_bytes + other.error_bytes,
            f"({self.text} - {other.text})",
        )

    def definitely_greater(self, other: Quantity) -> bool | None:
        """True/False when the comparison holds whatever the rounding; None when unsure."""
        if self.min_bytes > other.max_bytes:
            return True
        if self.max_bytes <= other.min_bytes:
            return False
        return None


@dataclass(frozen=True)
class Advice:
    """One thing to try, with the note section that explains why.

    `link` is a site-relative path such as
    `gpu-memory/pytorch-gpu-memory/#fragmentation-and-expandable-segments`: join it to the
    site's base URL, or, from a note in `docs/<section>/`, write it as
    `../gpu-memory/pytorch-gpu-memory.md#fragmentation-and-expandable-segments`.
    """

    code: str
    """Stable identifier of the advice (`expandable-segments`, `cgroup-limit`...)."""
    message: str
    """One or two sentences, with the figures that triggered it."""
    link: str
    """Site-relative link to the note section that explains it."""


@dataclass(frozen=True)
class ProcessMemory:
    """A `Process 12345 has 1.23 GiB memory in use` clause of a PyTorch 2.1+ message."""

    pid: int | None
    """Process id, or None for the `this process` clause."""
    in_use: Quantity
    """GPU memory the process holds, as printed."""


@dataclass(frozen=True)
class Task:
    """One row of the kernel's task table (memory values in pages, as printed)."""

    pid: int
    """Process id."""
    name: str
    """Command name (may contain spaces)."""
    rss_pages: int
    """Resident set size in pages."""
    total_vm_pages: int
    """Virtual size in pages."""
    oom_score_adj: int
    """The task's oom_score_adj (-1000 .. 1000)."""
    columns: Mapping[str, int]
    """Every numeric column by its header name (`uid`, `rss_anon`, `pgtables_bytes`...)."""


@dataclass(frozen=True)
class Derived:
    """Facts computed from the printed figures; none of these is printed in the report.

    A field is None when the report lacks what it needs. Quantities carry the summed error
    of the figures they come from.
    """

    reserved: Quantity | None = None
    """Memory PyTorch's caching allocator holds from the driver (allocated + cached)."""
    reserved_unallocated: Quantity | None = None
    """Reserved but not handed to tensors: the allocator's cache (fragmentation when large)."""
    fragmentation_share: float | None = None
    """`reserved_unallocated / reserved`, 0..1."""
    cache_could_hold_request: bool | None = None
    """The cache held at least the requested bytes, yet no block fitted: fragmentation."""
    non_pytorch: Quantity | None = None
    """This process's memory outside the allocator (CUDA context, libraries, NCCL)."""
    other_processes: Quantity | None = None
    """Memory held by other processes on the same device."""
    used: Quantity | None = None
    """Total capacity minus free."""
    headroom: Quantity | None = None
    """Free minus requested (negative: the request did not fit in free memory)."""
    request_exceeds_free: bool | None = None
    """True/False when certain despite rounding, None when the figures cannot tell."""
    request_exceeds_limit: bool | None = None
    """The single request is larger than the device, or the limit in force."""
    limit: Quantity | None = None
    """The limit that applied: memory fraction, MPS high watermark, cgroup limit."""
    tensor: Quantity | None = None
    """Size of the tensor named by shape and dtype (TensorFlow)."""
    victim_rss: Quantity | None = None
    """Killed process: anon + file + shmem RSS."""
    cgroup_limited: bool | None = None
    """A memory cgroup limit ran out, not the host's memory."""
    host_memory: Quantity | None = None
    """Host RAM from `N pages RAM`, assuming 4 KiB pages."""
    chosen_differs_from_killed: bool | None = None
    """Old kernels: the chosen task's child was killed instead."""


@dataclass(frozen=True)
class Event:
    """One out-of-memory report found in the text.

    Printed values are in `figures` (sizes) and `fields` (everything else); what the parser
    computed is in `derived`, kept apart; `advice` is keyed on the derived facts.
    """

    line: int
    """1-based line where the report starts."""
    end_line: int
    """1-based line of the report's last line."""
    kind: str
    """What ran out: `pytorch-cuda`, `pytorch-hip`, `pytorch-xpu`, `pytorch-mps`,
    `pytorch-cpu`, `cuda-runtime`, `linux-oom-kill`, `tensorflow`, `jax`, `kubernetes`,
    `java`, or `other` (an out-of-memory line no row describes)."""
    format: str
    """The format generation that printed it (`pytorch 2.1`, `linux >= 5.1`...)."""
    figures: Mapping[str, Quantity] = field(default_factory=dict)
    """Printed sizes by name (`requested`, `total_capacity`, `free`, `allocated`,
    `reserved`, `cached`, `reserved_unallocated`, `private_pools`, `allowed`,
    `process_in_use`, `anon_rss`, `cgroup_usage`, `cgroup_limit`...)."""
    fields: Mapping[str, str | int] = field(default_factory=dict)
    """Printed non-size facts (`device`, `exception`, `pid`, `comm`, `constraint`...)."""
    processes: tuple[ProcessMemory, ...] = ()
    """Per-process GPU use (PyTorch 2.1+), in printed order."""
    tasks: tuple[Task, ...] = ()
    """Kernel task table: the largest rows by RSS (at most `MAX_TASKS`)."""
    task_count: int = 0
    """How many rows the kernel's task table had."""
    derived: Derived = field(default_factory=Derived)
    """Facts computed from the printed figures."""
    advice: tuple[Advice, ...] = ()
    """What to try, each with a link to the note section that explains it."""
    problems: tuple[str, ...] = ()
    """Why the report is broken (truncated, garbled); empty when it was read whole."""
    timestamp: str | None = None
    """The first line's timestamp as printed (dmesg seconds, ISO, syslog), if any."""
    source: str = ""
    """The log stream it came from (syslog host and tag, `rank0`), empty for plain text."""
    text: tuple[str, ...] = ()
    """The report's own lines, without log prefixes (at most `MAX_TEXT_LINES`)."""
