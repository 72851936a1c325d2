"""Read out-of-memory reports exactly: PyTorch (CUDA, HIP, XPU, MPS, CPU), the Linux
OOM killer, TensorFlow, JAX, Kubernetes and Java.

Pure standard library; text in, typed values out. Every printed size becomes integer
bytes (1 KiB = 1024 B, exact decimal arithmetic) with the printed text and its precision
kept (`Quantity`). What the parser computes (`Derived`) is kept apart from what was
printed, and `Advice` is keyed on those facts, each linking to the note section that
explains it.

Public API:

- `parse(text)`: the one report in `text` (raises `OomParseError`).
- `scan(stream)`: every report in a log, streamed with bounded memory.
- `to_dict(event)` / `format_report(event)`: JSON-ready dict and short human report.
- `load_snapshot(data)` / `summarize_snapshot(snapshot)`: a safe reader for
  `torch.cuda.memory._dump_snapshot()` pickles, and their summary.
- Types: `Event`, `Quantity`, `Derived`, `Advice`, `ProcessMemory`, `Task`,
  `SnapshotSummary`, `AllocationSite`, and the one error type `OomParseError`.

Advice links are site-relative paths such as
`gpu-memory/pytorch-gpu-memory/#fragmentation-and-expandable-segments`
(see `Advice.link`).

Example:
    >>> from notes_tools.oom import parse
    >>> event = parse(
    ...     "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 58.00 MiB. "
    ...     "GPU 0 has a total capacity of 3.71 GiB of which 57.00 MiB is free. "
    ...     "Including non-PyTorch memory, this process has 3.64 GiB memory in use. "
    ...     "Of the allocated memory 3.51 GiB is allocated by PyTorch, and 74.06 MiB "
    ...     "is reserved by PyTorch but unallocated."
    ... )
    >>> event.kind, event.figures["requested"].value_bytes
    ('pytorch-cuda', 60817408)
    >>> event.derived.request_exceeds_free, event.derived.cache_could_hold_request
    (True, True)
    >>> event.advice[0].code, event.advice[0].link
    ('expandable-segments', 'gpu-memory/pytorch-gpu-memory/#fragmentation-and-expandable-segments')
"""

from notes_tools.oom.engine import MAX_TASKS, MAX_TEXT_LINES, parse, scan
from notes_tools.oom.model import (
    Advice,
    Derived,
    Event,
    OomParseError,
    ProcessMemory,
    Quantity,
    Task,
)
from notes_tools.oom.report import format_report, to_dict
from notes_tools.oom.snapshot import (
    MAX_SNAPSHOT_BYTES,
    AllocationSite,
    SnapshotSummary,
    load_snapshot,
    summarize_snapshot,
)

__all__ = [
    "MAX_SNAPSHOT_BYTES",
    "MAX_TASKS",
    "MAX_TEXT_LINES",
    "Advice",
    "AllocationSite",
    "Derived",
    "Event",
    "OomParseError",
    "ProcessMemory",
    "Quantity",
    "SnapshotSummary",
    "Task",
    "format_report",
    "load_snapshot",
    "parse",
    "scan",
    "summarize_snapshot",
    "to_dict",
]
