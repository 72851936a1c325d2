"""Turn events into a JSON-ready dict and a short human report (no I/O)."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any

from notes_tools.oom.advice import human_size
from notes_tools.oom.model import Derived, Event, Quantity

__all__ = ["format_report", "quantity_dict", "to_dict"]


def quantity_dict(q: Quantity) -> dict[str, Any]:
    """A quantity as JSON: `bytes` (nearest), `min_bytes`/`max_bytes` (printed precision),
    `text` (as printed, or the formula of a derived figure).

    Example:
        >>> quantity_dict(Quantity.from_printed("58.00", "MiB"))
        {'bytes': 60817408, 'min_bytes': 60812166, 'max_bytes': 60822650, 'text': '58.00 MiB'}
    """
    return {
        "bytes": q.value_bytes,
        "min_bytes": q.min_bytes,
        "max_bytes": q.max_bytes,
        "text": q.text,
    }


def _derived_dict(d: Derived) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclass_fields(d):
        value = getattr(d, f.name)
        if value is None:
            continue
        out[f.name] = quantity_dict(value) if isinstance(value, Quantity) else value
    return out


def to_dict(event: Event) -> dict[str, Any]:
    """An event as plain JSON-ready data (what `notes-tools oom --json` prints).

    Printed figures and derived facts stay in separate keys (`figures`, `derived`).
    """
    return {
        "line": event.line,
        "end_line": event.end_line,
        "kind": event.kind,
        "format": event.format,
        "timestamp": event.timestamp,
        "source": event.source,
        "figures": {k: quantity_dict(v) for k, v in event.figures.items()},
        "fields": dict(event.fields),
        "processes": [{"pid": p.pid, "in_use": quantity_dict(p.in_use)} for p in event.processes],
        "tasks": [
            {
                "pid": t.pid,
                "name": t.name,
                "rss_pages": t.rss_pages,
                "total_vm_pages": t.total_vm_pages,
                "oom_score_adj": t.oom_score_adj,
                "columns": dict(t.columns),
            }
            for t in event.tasks
        ],
        "task_count": event.task_count,
        "derived": _derived_dict(event.derived),
        "advice": [{"code": a.code, "message": a.message, "link": a.link} for a in event.advice],
        "problems": list(event.problems),
    }


_WHAT_RAN_OUT = {
    "pytorch-cuda": "CUDA GPU memory (PyTorch caching allocator)",
    "pytorch-hip": "ROCm GPU memory (PyTorch caching allocator)",
    "pytorch-xpu": "Intel GPU memory (PyTorch XPU allocator)",
    "pytorch-mps": "Apple GPU memory (PyTorch MPS allocator)",
    "pytorch-cpu": "host memory (PyTorch CPU allocator)",
    "cuda-runtime": "GPU memory, at the CUDA runtime (not the caching allocator)",
    "linux-oom-kill": "host memory: the Linux OOM killer ended a process",
    "tensorflow": "device memory (TensorFlow allocator)",
    "jax": "device memory (XLA allocator)",
    "kubernetes": "a container's memory limit (Kubernetes OOMKilled)",
    "java": "Java heap or native memory",
    "other": "memory (unrecognised report)",
}

_ROWS = (
    ("requested", "asked for"),
    ("total_capacity", "device total"),
    ("free", "free on device"),
    ("allowed", "allowed (fraction)"),
    ("process_in_use", "this process"),
    ("allocated", "allocated by PyTorch"),
    ("private_pools", "in private pools"),
    ("reserved", "reserved by PyTorch"),
    ("cached", "cached (reserved - allocated)"),
    ("reserved_unallocated", "reserved, unallocated"),
    ("mps_allocated", "MPS allocated"),
    ("other_allocations", "other allocations"),
    ("max_allowed", "max allowed"),
    ("total_vm", "victim total-vm"),
    ("anon_rss", "victim anon-rss"),
    ("file_rss", "victim file-rss"),
    ("shmem_rss", "victim shmem-rss"),
    ("cgroup_usage", "cgroup usage"),
    ("cgroup_limit", "cgroup limit"),
)

_DERIVED_ROWS = (
    ("reserved", "reserved"),
    ("reserved_unallocated", "reserved, unallocated"),
    ("non_pytorch", "non-PyTorch (this process)"),
    ("other_processes", "other processes"),
    ("headroom", "free minus request"),
    ("tensor", "tensor size"),
    ("victim_rss", "victim RSS"),
    ("limit", "limit in force"),
    ("host_memory", "host RAM"),
)


def format_report(event: Event) -> str:
    """A short human report: what ran out, how much was asked, where memory went, what to try.

    Printed figures are shown as printed; derived ones are marked with `~` and computed
    from them.
    """
    lines = [f"line {event.line}: {event.kind} ({event.format})"]
    what = _WHAT_RAN_OUT.get(event.kind, event.kind)
    if event.kind == "linux-oom-kill" and event.derived.cgroup_limited:
        what = "a memory cgroup's limit: the Linux OOM killer ended a process"
    lines.append(f"  ran out: {what}")
    who = [
        f"{k}={event.fields[k]}"
        for k in ("device", "pid", "comm", "constraint")
        if k in event.fields
    ]
    if who:
        lines.append("  " + ", ".join(who))
    for key, label in _ROWS:
        if key in event.figures:
            lines.append(f"  {label:<30} {event.figures[key].text}")
    for p in event.processes:
        if p.pid is not None:
            lines.append(f"  {'process ' + str(p.pid):<30} {p.in_use.text}")
    d = event.derived
    for key, label in _DERIVED_ROWS:
        value = getattr(d, key)
        if isinstance(value, Quantity) and key not in event.figures:
            lines.append(f"  {label:<30} ~{human_size(value)}")
    if d.fragmentation_share is not None:
        lines.append(f"  {'fragmentation share':<30} ~{d.fragmentation_share * 100:.1f}%")
    if d.request_exceeds_free is not None:
        lines.append(f"  {'request > free':<30} {'yes' if d.request_exceeds_free else 'no'}")
    if event.tasks:
        top = ", ".join(f"{t.name} ({t.rss_pages} pages)" for t in event.tasks[:3])
        lines.append(f"  {'largest tasks':<30} {top}")
    for problem in event.problems:
        lines.append(f"  problem: {problem}")
    for a in event.advice:
        lines.append(f"  try: {a.message}")
        lines.append(f"       see {a.link}")
    return "\n".join(lines)
