"""A safe reader for PyTorch memory snapshots, and their summary.

`torch.cuda.memory._dump_snapshot("snap.pickle")` writes a pickle of plain dicts and lists.
Loading it with `pickle.load` (as torch's own viewer script does) runs whatever code the
file names, so a snapshot from someone else is a program. This reader never executes
anything: it caps the size, checks every opcode against an allow-list of plain-data
opcodes with `pickletools.genops` *before* unpickling, and unpickles with a `find_class`
that refuses every global.
"""

from __future__ import annotations

import io
import pickle
import pickletools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from notes_tools.oom.model import OomParseError

__all__ = [
    "ALLOWED_OPCODES",
    "MAX_SNAPSHOT_BYTES",
    "AllocationSite",
    "SnapshotSummary",
    "load_snapshot",
    "summarize_snapshot",
]

MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024
"""Largest snapshot `load_snapshot` accepts by default (512 MiB)."""

ALLOWED_OPCODES = frozenset(
    {
        # framing and the end
        "PROTO", "FRAME", "STOP",
        # containers
        "EMPTY_DICT", "EMPTY_LIST", "EMPTY_TUPLE", "EMPTY_SET", "MARK", "DICT", "LIST",
        "TUPLE", "TUPLE1", "TUPLE2", "TUPLE3", "APPEND", "APPENDS", "SETITEM", "SETITEMS",
        "ADDITEMS", "FROZENSET", "POP", "POP_MARK", "DUP",
        # scalars
        "NONE", "NEWTRUE", "NEWFALSE", "INT", "BININT", "BININT1", "BININT2", "LONG",
        "LONG1", "LONG4", "FLOAT", "BINFLOAT",
        # strings and bytes
        "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8", "STRING", "BINSTRING",
        "SHORT_BINSTRING", "BINBYTES", "SHORT_BINBYTES", "BINBYTES8",
        # memo
        "PUT", "BINPUT", "LONG_BINPUT", "MEMOIZE", "GET", "BINGET", "LONG_BINGET",
    }
)  # fmt: skip
"""Pickle opcodes that build plain data only. Everything else (GLOBAL, STACK_GLOBAL,
REDUCE, BUILD, INST, OBJ, NEWOBJ, EXT*, PERSID, buffers) is refused."""


class _NoGlobals(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise OomParseError(f"snapshot refused: it names the global {module}.{name}")

    def persistent_load(self, pid: Any) -> Any:
        raise OomParseError("snapshot refused: it uses persistent ids")


def load_snapshot(data: bytes, *, max_bytes: int = MAX_SNAPSHOT_BYTES) -> Any:
    """Unpickle a memory snapshot without ever running code from it.

    Args:
        data: The bytes of a `_dump_snapshot()` pickle.
        max_bytes: Size cap; larger input is refused before it is read.

    Returns:
        The snapshot as plain dicts, lists, strings and numbers.

    Raises:
        OomParseError: Too large, not a pickle, or a pickle that uses any opcode outside
            `ALLOWED_OPCODES` (which is how code execution is smuggled in).

    Example:
        >>> import pickle
        >>> load_snapshot(pickle.dumps({"segments": [], "device_traces": []}))
        {'segments': [], 'device_traces': []}
        >>> try:
        ...     load_snapshot(pickle.dumps(print, protocol=4))
        ... except OomParseError as exc:
        ...     print(exc)
        snapshot refused: opcode STACK_GLOBAL at byte 30 (only plain data is allowed)
    """
    if len(data) > max_bytes:
        raise OomParseError(f"snapshot refused: {len(data)} bytes is over the {max_bytes}-byte cap")
    if not data:
        raise OomParseError("snapshot is empty")
    try:
        for opcode, _arg, pos in pickletools.genops(data):
            if opcode.name not in ALLOWED_OPCODES:
                raise OomParseError(
                    f"snapshot refused: opcode {opcode.name} at byte {pos} "
                    "(only plain data is allowed)"
                )
    except OomParseError:
        raise
    except Exception as exc:  # genops raises ValueError and others on garbage
        raise OomParseError(f"not a pickle: {exc}") from None
    try:
        return _NoGlobals(io.BytesIO(data)).load()
    except OomParseError:
        raise
    except Exception as exc:
        raise OomParseError(f"not a valid pickle: {exc}") from None


@dataclass(frozen=True)
class AllocationSite:
    """Where live allocations were made, and how much they hold."""

    site: str
    """`file:line in function` of the first frame outside torch, or `<no stack recorded>`."""
    bytes: int
    """Bytes held by live blocks allocated here."""
    count: int
    """How many live blocks."""


@dataclass(frozen=True)
class SnapshotSummary:
    """What a memory snapshot says about the caching allocator's state."""

    devices: tuple[int, ...]
    """Devices with at least one segment."""
    segment_count: int
    """Segments (cudaMalloc'd regions) the allocator holds."""
    reserved_bytes: int
    """Sum of segment sizes: what the allocator holds from the driver."""
    allocated_bytes: int
    """Bytes in blocks handed to tensors (`active_allocated`)."""
    active_bytes: int
    """Allocated plus blocks freed but still in use by a stream (`active_pending_free`)."""
    free_bytes: int
    """Bytes in inactive blocks: reserved but unallocated (the cache)."""
    largest_free_block_bytes: int
    """The largest single inactive block: the biggest request the cache can serve."""
    fragmentation: float
    """`1 - largest_free_block / free`: 0 when the cache is one block, near 1 when shattered."""
    top_sites: tuple[AllocationSite, ...]
    """Allocation sites holding the most live bytes, largest first (at most 10)."""
    trace_entries: int
    """Events in `device_traces` (allocation history), 0 when history was not recorded."""
    oom_trace_entries: int
    """`oom` events in the allocation history."""


def _site(frames: Any) -> str:
    if not isinstance(frames, list) or not frames:
        return "<no stack recorded>"
    chosen = None
    for frame in frames:
        if not isinstance(frame, Mapping):
            continue
        filename = str(frame.get("filename", "?"))
        if chosen is None:
            chosen = frame
        if "/torch/" not in filename and not filename.endswith((".cpp", ".h", ".cu")):
            chosen = frame
            break
    if chosen is None:
        return "<no stack recorded>"
    return f"{chosen.get('filename', '?')}:{chosen.get('line', '?')} in {chosen.get('name', '?')}"


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise OomParseError(f"snapshot: {what} is not an integer: {value!r}"[:200])
    return value


def summarize_snapshot(snapshot: Any, *, top: int = 10) -> SnapshotSummary:
    """Summarise a loaded snapshot: segments, allocated vs reserved, largest free block,
    fragmentation, and the allocation sites holding the most memory.

    Args:
        snapshot: What `load_snapshot` returned: a dict with `segments` (and usually
            `device_traces`), or a bare list of segments (`torch.cuda.memory_snapshot()`).
        top: How many allocation sites to keep.

    Raises:
        OomParseError: The data does not have the snapshot's shape.

    Example:
        >>> s = summarize_snapshot({"segments": [{"device": 0, "total_size": 2097152,
        ...     "blocks": [{"size": 1048576, "state": "active_allocated"},
        ...                {"size": 1048576, "state": "inactive"}]}]})
        >>> s.reserved_bytes, s.allocated_bytes, s.largest_free_block_bytes, s.fragmentation
        (2097152, 1048576, 1048576, 0.0)
    """
    if isinstance(snapshot, Mapping):
        segments = snapshot.get("segments")
        traces = snapshot.get("device_traces", [])
    else:
        segments, traces = snapshot, []
    if not isinstance(segments, list):
        raise OomParseError("snapshot: no 'segments' list (not a memory snapshot?)")
    devices: set[int] = set()
    reserved = allocated = active = free = largest = 0
    sites: dict[str, list[int]] = {}
    for i, segment in enumerate(segments):
        if not isinstance(segment, Mapping):
            raise OomParseError(f"snapshot: segment {i} is not a dict")
        devices.add(_int(segment.get("device", 0), f"segment {i} device"))
        reserved += _int(segment.get("total_size", 0), f"segment {i} total_size")
        blocks = segment.get("blocks", [])
        if not isinstance(blocks, list):
            raise OomParseError(f"snapshot: segment {i} blocks is not a list")
        for j, block in enumerate(blocks):
            if not isinstance(block, Mapping):
                raise OomParseError(f"snapshot: segment {i} block {j} is not a dict")
            size = _int(block.get("size", 0), f"segment {i} block {j} size")
            state = block.get("state")
            if state == "active_allocated":
                allocated += size
                active += size
                entry = sites.setdefault(_site(block.get("frames")), [0, 0])
                entry[0] += size
                entry[1] += 1
            elif state == "active_pending_free":
                active += size
            elif state == "inactive":
                free += size
                largest = max(largest, size)
    trace_entries = oom_entries = 0
    if isinstance(traces, list):
        for device_trace in traces:
            if isinstance(device_trace, list):
                trace_entries += len(device_trace)
                oom_entries += sum(
                    1 for t in device_trace if isinstance(t, Mapping) and t.get("action") == "oom"
                )
    ranked = sorted(sites.items(), key=lambda item: (-item[1][0], item[0]))[:top]
    return SnapshotSummary(
        devices=tuple(sorted(devices)),
        segment_count=len(segments),
        reserved_bytes=reserved,
        allocated_bytes=allocated,
        active_bytes=active,
        free_bytes=free,
        largest_free_block_bytes=largest,
        fragmentation=1 - largest / free if free else 0.0,
        top_sites=tuple(AllocationSite(s, b, c) for s, (b, c) in ranked),
        trace_entries=trace_entries,
        oom_trace_entries=oom_entries,
    )
