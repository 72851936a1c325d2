"""Facts computed from printed figures, kept apart from them (`Derived`)."""

from __future__ import annotations

from decimal import Decimal

from notes_tools.oom.model import Derived, Event, Quantity
from notes_tools.oom.patterns import DTYPE_BYTES

__all__ = ["PAGE_BYTES", "derive"]

PAGE_BYTES = 4096
"""Page size assumed to turn the kernel's page counts into bytes (x86-64, most arm64)."""
_UNLIMITED = Decimal(2**60)  # cgroup "limit 9007199254740988kB" (PAGE_COUNTER_MAX) means no limit


def _at_least(a: Quantity, b: Quantity) -> bool | None:
    """a >= b whatever the rounding: True/False, or None when the figures cannot tell."""
    if a.min_bytes >= b.max_bytes:
        return True
    if a.max_bytes < b.min_bytes:
        return False
    return None


def _share(part: Quantity, whole: Quantity) -> float | None:
    if whole.exact_bytes <= 0:
        return None
    return float(part.exact_bytes / whole.exact_bytes)


def _sum(quantities: list[Quantity]) -> Quantity | None:
    if not quantities:
        return None
    total = quantities[0]
    for q in quantities[1:]:
        total = total + q
    return total


def _pytorch(e: Event) -> Derived:
    f = e.figures
    requested, total, free = f.get("requested"), f.get("total_capacity"), f.get("free")
    allocated = f.get("allocated")
    reserved: Quantity | None = None
    unallocated: Quantity | None = None
    if allocated is not None and "cached" in f:  # 1.0-1.3: cached = reserved - allocated
        unallocated = f["cached"]
        reserved = allocated + unallocated
    elif allocated is not None and "reserved" in f:  # 1.4-2.0
        reserved = f["reserved"]
        unallocated = reserved - allocated
    elif allocated is not None and "reserved_unallocated" in f:  # 2.1+
        unallocated = f["reserved_unallocated"]
        reserved = allocated + unallocated
    non_pytorch = None
    if "process_in_use" in f and reserved is not None:
        non_pytorch = f["process_in_use"] - reserved
    others = _sum([p.in_use for p in e.processes if p.pid is not None])
    if others is None and total is not None and free is not None and "process_in_use" in f:
        others = total - free - f["process_in_use"]
    limit = f.get("allowed") or total
    return Derived(
        reserved=reserved,
        reserved_unallocated=unallocated,
        fragmentation_share=_share(unallocated, reserved) if unallocated and reserved else None,
        cache_could_hold_request=(
            _at_least(unallocated, requested) if unallocated and requested else None
        ),
        non_pytorch=non_pytorch,
        other_processes=others,
        used=total - free if total is not None and free is not None else None,
        headroom=free - requested if free is not None and requested is not None else None,
        request_exceeds_free=(
            requested.definitely_greater(free) if requested and free is not None else None
        ),
        request_exceeds_limit=(
            requested.definitely_greater(limit) if requested and limit is not None else None
        ),
        limit=f.get("allowed"),
    )


def _mps(e: Event) -> Derived:
    f = e.figures
    used = None
    if "mps_allocated" in f:
        used = f["mps_allocated"] + f["other_allocations"] if "other_allocations" in f else None
    limit, requested = f.get("max_allowed"), f.get("requested")
    headroom = limit - used if limit is not None and used is not None else None
    exceeds = None
    if headroom is not None and requested is not None:
        exceeds = requested.definitely_greater(headroom)
    return Derived(
        used=used,
        limit=limit,
        headroom=headroom - requested if headroom is not None and requested else None,
        request_exceeds_free=exceeds,
        request_exceeds_limit=(
            requested.definitely_greater(limit) if requested and limit is not None else None
        ),
    )


def _kernel(e: Event) -> Derived:
    f, fields = e.figures, e.fields
    parts = [f[k] for k in ("anon_rss", "file_rss", "shmem_rss") if k in f]
    victim = _sum(parts)
    cgroup = bool(
        fields.get("constraint") == "CONSTRAINT_MEMCG"
        or "memcg_killed" in fields
        or "memcg_prefix" in fields
        or "oom_memcg" in fields
    )
    known = "constraint" in fields or "pid" in fields or "chosen_pid" in fields
    limit = f.get("cgroup_limit")
    if limit is not None and limit.exact_bytes >= _UNLIMITED:
        limit = None
    ram = fields.get("ram_pages")
    host = (
        Quantity.exact(ram * PAGE_BYTES, f"{ram} pages x 4 KiB") if isinstance(ram, int) else None
    )
    chosen, killed = fields.get("chosen_pid"), fields.get("pid")
    return Derived(
        victim_rss=victim,
        cgroup_limited=cgroup if known else None,
        limit=limit if cgroup else None,
        host_memory=host,
        chosen_differs_from_killed=(
            str(chosen) != str(killed) if chosen is not None and killed is not None else None
        ),
    )


def _tensorflow(e: Event) -> Derived:
    shape = str(e.fields.get("shape", ""))
    dtype = str(e.fields.get("dtype", ""))
    dims = [d.strip() for d in shape.split(",") if d.strip()]
    if dtype not in DTYPE_BYTES or not all(d.isdigit() for d in dims):
        return Derived()
    count = 1
    for d in dims:
        count *= int(d)
    size = count * DTYPE_BYTES[dtype]
    return Derived(tensor=Quantity.exact(size, f"[{shape}] x {dtype} ({DTYPE_BYTES[dtype]} B)"))


def derive(event: Event) -> Derived:
    """Compute the derived facts of an event from its printed figures.

    Args:
        event: An event whose `figures`, `fields` and `processes` are filled in.

    Returns:
        The `Derived` facts; fields the report cannot support stay None.
    """
    if event.kind in ("pytorch-cuda", "pytorch-hip", "pytorch-xpu"):
        return _pytorch(event)
    if event.kind == "pytorch-mps":
        return _mps(event)
    if event.kind == "linux-oom-kill":
        return _kernel(event)
    if event.kind == "tensorflow":
        return _tensorflow(event)
    if event.kind == "kubernetes":
        return Derived(cgroup_limited=True)
    return Derived()
