"""Advice keyed on derived facts: one table of rules, each linking to a note section.

Links are site-relative (`gpu-memory/pytorch-gpu-memory/#empty-cache`); from a note in
`docs/<section>/` the same target is `../gpu-memory/pytorch-gpu-memory.md#empty-cache`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from notes_tools.oom.model import Advice, Event, Quantity

__all__ = ["LINKS", "RULES", "Rule", "advise", "human_size"]

_GPU = "gpu-memory/pytorch-gpu-memory/"
_LINUX = "gpu-memory/linux-oom-killer/"

LINKS: dict[str, str] = {
    "fragmentation": _GPU + "#fragmentation-and-expandable-segments",
    "empty-cache": _GPU + "#empty-cache",
    "other-processes": _GPU + "#other-processes",
    "reading": _GPU + "#reading-the-oom-message",
    "snapshots": _GPU + "#memory-snapshots",
    "cgroup-limits": _LINUX + "#cgroup-limits",
    "victim": _LINUX + "#how-the-victim-is-chosen",
    "reading-kernel": _LINUX + "#reading-the-report",
}
"""Note sections the advice links to, by topic (site-relative paths)."""

_PYTORCH_GPU = ("pytorch-cuda", "pytorch-hip", "pytorch-xpu")


def human_size(q: Quantity | None) -> str:
    """A quantity as PyTorch would print it (`58.00 MiB`); printed figures keep their text.

    Example:
        >>> human_size(Quantity.exact(60817408))
        '58.00 MiB'
    """
    if q is None:
        return "?"
    value = q.value_bytes
    sign = "-" if value < 0 else ""
    value = abs(value)
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if value >= scale:
            return f"{sign}{value / scale:.2f} {unit}"
    return f"{sign}{value} bytes"


@dataclass(frozen=True)
class Rule:
    """One piece of advice: when it applies, what it says, where it is explained."""

    code: str
    """Stable identifier, also `Advice.code`."""
    applies: Callable[[Event], bool]
    """Predicate on the event (its derived facts, mostly)."""
    message: Callable[[Event], str]
    """The advice text, with the figures that triggered it."""
    link: str
    """Site-relative link to the explaining section."""


def _hint(e: Event) -> str:
    return str(e.fields.get("hint", ""))


def _fragmented(e: Event) -> bool:
    d = e.derived
    share = d.fragmentation_share or 0.0
    return e.kind in _PYTORCH_GPU and (d.cache_could_hold_request is True or share >= 0.2)


def _fragmentation_message(e: Event) -> str:
    d = e.derived
    cache = human_size(d.reserved_unallocated)
    if e.format in ("pytorch 2.1", "pytorch 2.2+") and _hint(e) != "max_split_size_mb":
        fix = "set PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True (PyTorch 2.1 and later)"
    elif _hint(e) == "expandable_segments":
        fix = "set PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True"
    else:
        fix = (
            "set PYTORCH_CUDA_ALLOC_CONF=max_split_size_mb:<MB> (PyTorch 1.10+), or upgrade "
            "and use expandable_segments:True"
        )
    return (
        f"{cache} is reserved by PyTorch but unallocated "
        f"({(d.fragmentation_share or 0) * 100:.0f}% of reserved); the cache held enough "
        f"bytes but no free block was large enough: fragmentation. Try: {fix}."
    )


def _other_processes(e: Event) -> bool:
    d, f = e.derived, e.figures
    others = d.other_processes
    if e.kind not in _PYTORCH_GPU or others is None or "total_capacity" not in f:
        return False
    floor = max(f["total_capacity"].exact_bytes / 20, f.get("requested", others).exact_bytes)
    return others.min_bytes > 0 and others.exact_bytes >= floor


def _live_tensors(e: Event) -> bool:
    d = e.derived
    return e.kind in _PYTORCH_GPU and d.cache_could_hold_request is False and not _fragmented(e)


RULES: tuple[Rule, ...] = (
    Rule(
        "request-exceeds-device",
        lambda e: (
            e.kind in (*_PYTORCH_GPU, "pytorch-mps") and e.derived.request_exceeds_limit is True
        ),
        lambda e: (
            f"The single request ({human_size(e.figures.get('requested'))}) is larger than "
            f"{'the limit set' if e.derived.limit else 'the whole device'} "
            f"({human_size(e.derived.limit or e.figures.get('total_capacity'))}): no cache "
            "setting helps; shrink the tensor (batch, sequence length, precision) or shard it."
        ),
        LINKS["reading"],
    ),
    Rule(
        "memory-fraction",
        lambda e: e.kind in _PYTORCH_GPU and "allowed" in e.figures,
        lambda e: (
            f"A memory fraction limits this process to {e.figures['allowed'].text} "
            "(torch.cuda.set_per_process_memory_fraction); the device may have memory left."
        ),
        LINKS["reading"],
    ),
    Rule("expandable-segments", _fragmented, _fragmentation_message, LINKS["fragmentation"]),
    Rule(
        "other-processes",
        _other_processes,
        lambda e: (
            f"Other processes hold about {human_size(e.derived.other_processes)} of this GPU; "
            "find them with nvidia-smi and stop or move them."
        ),
        LINKS["other-processes"],
    ),
    Rule(
        "empty-cache",
        _live_tensors,
        lambda e: (
            "Live tensors fill the memory: torch.cuda.empty_cache() frees no live tensor (it "
            "only returns unused cached blocks to the driver). Reduce what is alive at the "
            "peak: smaller batch, activation checkpointing, mixed precision, freeing references."
        ),
        LINKS["empty-cache"],
    ),
    Rule(
        "memory-snapshot",
        lambda e: e.kind in _PYTORCH_GPU and "requested" in e.figures,
        lambda e: (
            "To see which allocations hold the memory, record a memory snapshot "
            "(torch.cuda.memory._record_memory_history, then _dump_snapshot) and read it "
            "with `notes-tools oom snapshot`."
        ),
        LINKS["snapshots"],
    ),
    Rule(
        "mps-watermark",
        lambda e: e.kind == "pytorch-mps",
        lambda e: (
            f"MPS caps allocations at {human_size(e.figures.get('max_allowed'))}; "
            "PYTORCH_MPS_HIGH_WATERMARK_RATIO=0.0 lifts the cap but can make the whole "
            "system run out of memory. Prefer smaller batches."
        ),
        LINKS["reading"],
    ),
    Rule(
        "cgroup-limit",
        lambda e: e.kind in ("linux-oom-kill", "kubernetes") and e.derived.cgroup_limited is True,
        lambda e: (
            "A memory cgroup limit ran out, not the host's memory"
            + (f" (limit {human_size(e.derived.limit)}" if e.derived.limit else "")
            + (
                f", host has {human_size(e.derived.host_memory)})"
                if e.derived.limit and e.derived.host_memory
                else (")" if e.derived.limit else "")
            )
            + ": raise the container or service memory limit, or use less memory."
        ),
        LINKS["cgroup-limits"],
    ),
    Rule(
        "exit-137",
        lambda e: e.kind == "kubernetes",
        lambda e: (
            "OOMKilled is the kernel's memory-cgroup kill; an exit code 137 alone only says "
            "SIGKILL and is not proof of an out-of-memory kill."
        ),
        LINKS["cgroup-limits"],
    ),
    Rule(
        "victim-choice",
        lambda e: (
            e.kind == "linux-oom-kill"
            and (
                e.derived.chosen_differs_from_killed is True
                or e.fields.get("oom_score_adj", 0) not in (0, "0")
            )
        ),
        lambda e: (
            "The victim is picked by oom_score (mostly RSS + swap + page tables, shifted by "
            f"oom_score_adj={e.fields.get('oom_score_adj', 0)})"
            + (
                "; this old kernel killed a child of the chosen task"
                if e.derived.chosen_differs_from_killed
                else ""
            )
            + "."
        ),
        LINKS["victim"],
    ),
    Rule(
        "read-kernel-report",
        lambda e: e.kind == "linux-oom-kill",
        lambda e: (
            f"Killed {e.fields.get('comm', '?')} (pid {e.fields.get('pid', '?')}) holding "
            f"{human_size(e.derived.victim_rss)} RSS; the task table shows who else held memory."
        ),
        LINKS["reading-kernel"],
    ),
)
"""The advice rules, in the order their advice is listed."""


def advise(event: Event) -> tuple[Advice, ...]:
    """The advice that applies to an event whose `derived` facts are filled in."""
    return tuple(
        Advice(rule.code, rule.message(event), rule.link) for rule in RULES if rule.applies(event)
    )
