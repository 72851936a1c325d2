"""The one table of out-of-memory report patterns.

Each row has, in the comment above it, a real example of what it reads and the version
that prints it. The engine (`notes_tools.oom.engine`) only reads these tables; a new
format is a new row, not new code.

Three kinds of rows:

- `CLAUSES`: clauses of a PyTorch allocator message. A message (possibly wrapped over
  several lines) is matched against every clause of its family, so all generations share
  one table: the 1.x parenthesised form and the 2.1+ sentence form are different clauses.
- `KERNEL_LINES`: lines of a Linux OOM-killer report, which spans many log lines.
- `SINGLE_LINES`: one-line reports from other frameworks.

Named groups carry meaning by name: a group whose name is in `SIZE_GROUPS` is a printed
size (`58.00 MiB`, `123456kB`) read into a `Quantity`; `INT_GROUPS` become integers; any
other group is kept as printed text in `Event.fields`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "CLAUSES",
    "DTYPE_BYTES",
    "ENVELOPE",
    "FORMATS",
    "INT_GROUPS",
    "KERNEL_LINES",
    "QUICK_TRIGGERS",
    "SINGLE_LINES",
    "SIZE",
    "SIZE_GROUPS",
    "TRIGGERS",
    "UNITS",
    "Row",
]

# Units as printed. PyTorch's `format_size` prints bytes/KiB/MiB/GiB; older MPS builds
# printed KB/MB/GB meaning the same 1024-based units; the kernel prints `kB` (and cgroup v1
# stats `KB`) for KiB.
UNITS: dict[str, Decimal] = {
    "bytes": Decimal(1),
    "B": Decimal(1),
    "KiB": Decimal(1024),
    "KB": Decimal(1024),
    "kB": Decimal(1024),
    "MiB": Decimal(1024**2),
    "MB": Decimal(1024**2),
    "GiB": Decimal(1024**3),
    "GB": Decimal(1024**3),
    "TiB": Decimal(1024**4),
    "TB": Decimal(1024**4),
}

# A printed size: digits, optional fraction, optional space, unit.
SIZE = r"\d+(?:\.\d+)?\s?(?:bytes|[KMGT]i?B|kB|B)(?![A-Za-z])"
SIZE_RE = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s?(?P<unit>bytes|[KMGT]i?B|kB|B)")

# Groups read as sizes and as integers; every other named group is kept as text.
SIZE_GROUPS = frozenset(
    {
        "requested", "total_capacity", "allocated", "free", "cached", "reserved",
        "allowed", "process_in_use", "other_process", "private_pools",
        "reserved_unallocated", "mps_allocated", "other_allocations", "max_allowed",
        "total_vm", "anon_rss", "file_rss", "shmem_rss", "pgtables",
        "cgroup_usage", "cgroup_limit", "swap_usage", "swap_limit",
        "memsw_usage", "memsw_limit", "kmem_usage", "kmem_limit",
        "free_swap", "total_swap",
    }
)  # fmt: skip
INT_GROUPS = frozenset(
    {
        "device", "pid", "order", "oom_score_adj", "oom_adj", "score", "uid", "cpu",
        "ram_pages", "failcnt", "swap_failcnt", "memsw_failcnt", "kmem_failcnt",
        "rank", "exit_code", "invoker_pid", "rounded", "invoker_oom_score_adj",
        "chosen_pid",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One pattern: what it matches, what it means, and who prints it."""

    name: str
    """Row identifier; also the `fields['format']` hint when the row marks a generation."""
    family: str
    """`pytorch`, `mps`, `kernel` or the single-line family (`tensorflow`, `jax`...)."""
    regex: re.Pattern[str]
    """Compiled pattern; named groups carry the figures."""
    version: str
    """The version that prints it."""
    example: str
    """A real example of the text it reads."""


def _row(name: str, family: str, pattern: str, version: str, example: str) -> Row:
    return Row(name, family, re.compile(pattern), version, example)


# --------------------------------------------------------------------------------------
# Log envelope: what a logging system puts in front of the message. Every line is read
# through this first; `host`, `tag` and `rank` say which stream an interleaved line
# belongs to.
#   <4>[ 1234.567890] python3 invoked oom-killer: ...         dmesg -r / /dev/kmsg
#   [Mon Nov 23 18:02:11 2026] Out of memory: Killed process   dmesg -T
#   2026-11-23T18:02:11.123456+00:00 gpu7 kernel: [ 1234.5] ... rsyslog RFC 3339
#   Nov 23 18:02:11 gpu7 kernel: Memory cgroup out of memory:  syslog, journalctl
#   [rank3]: torch.OutOfMemoryError: CUDA out of memory. ...   torchrun (PyTorch 2.2+)
ENVELOPE = re.compile(
    r"(?:<(?P<prio>\d{1,3})>)?"
    r"(?:(?P<ts>\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?"
    r"|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d)"
    r"(?: (?P<host>[\w.\-]+) (?P<tag>[\w.\-/@]+)(?:\[\d+\])?:)? ?)?"
    r"(?:<(?P<prio2>\d)>)?"
    r"(?:\[\s*(?P<mono>\d+\.\d+)\](?:\[\s*[TC]\d+\])? ?"
    r"|\[(?P<ctime>[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4})\] ?)?"
    r"(?:\[rank(?P<rank>\d+)\]: ?)?"
)

# Substrings that a report's first line contains. Every row that can start a report
# must contain one of them (a test checks each row's example). An `oom_reaper` line only
# completes a kill report (it is read while that report is open), so it is no trigger; nor
# is a bare "Killed process" line: old kernels print it right after their "Out of memory:
# Kill process ..." line, which opens the report.
TRIGGERS: tuple[str, ...] = (
    "of memory",  # CUDA/HIP/XPU/MPS/JAX/kernel "out of memory"
    "OutOfMemory",  # torch.OutOfMemoryError, java.lang.OutOfMemoryError
    "oom-kill",  # invoked oom-killer, oom-kill:constraint=
    "OOMKilled",  # Kubernetes
    "OOM when",  # TensorFlow "OOM when allocating"
    "enough memory",  # DefaultCPUAllocator: not enough memory
    "allocate memory",  # DefaultCPUAllocator: can't allocate memory
)
# Fewer, shorter substrings that together cover every trigger: the scanner searches big
# chunks for these (one `find` pass each) and checks the full TRIGGERS only on the line of
# a hit. Fewer passes over the data matter more than the rare false hit.
QUICK_TRIGGERS: tuple[str, ...] = (
    "emory",  # of memory, enough memory, allocate memory, OutOfMemory
    "oom-kill",
    "OOM",  # OOMKilled, OOM when
)

# --------------------------------------------------------------------------------------
# PyTorch allocator messages (c10 caching allocators). A message starts at `START` and
# is complete when `END` matches; clauses are then matched anywhere in it.

# torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 58.00 MiB. GPU 0 ...
# RuntimeError: HIP out of memory. Tried to allocate 20.00 MiB (GPU 0; ...)
PYTORCH_START = re.compile(r"(?P<device_type>CUDA|HIP|XPU) out of memory\.")
# The exception name printed just before the message (looked for in the 200 characters
# before it, never across a whole long line).
EXCEPTION_BEFORE = re.compile(
    r"(?P<exception>(?:\w+\.){0,4}(?:OutOfMemoryError|RuntimeError))"
    r"(?::\s*|\s+)(?:\((?:\w+\.){0,4}OutOfMemoryError\)\s*)?$"
)
# The message is whole once its last sentence or closing parenthesis has been read.
PYTORCH_END = re.compile(
    r"(?:total capacity;[^)]*\)"
    r"|reserved by PyTorch but unallocated\."
    r"|allocated in private pools \(e\.g\., CUDA Graphs\)\."
    r"|is allocated by PyTorch\."
    r"|has a total capacity of " + SIZE + r"\. Of the allocated memory [^.]*\.)"
)

# fmt: off
CLAUSES: tuple[Row, ...] = (
    # All generations: "CUDA out of memory. Tried to allocate 20.00 MiB"
    _row(
        "requested", "pytorch", r"Tried to allocate (?P<requested>" + SIZE + r")",
        "PyTorch 1.0+", "CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; ...",
    ),
    # 1.0-2.0: "(GPU 0; 7.93 GiB total capacity; 7.23 GiB already allocated; 3.94 MiB free;"
    _row(
        "paren-capacity", "pytorch",
        r"\(GPU (?P<device>\d+); (?P<total_capacity>" + SIZE + r") total capacity",
        "PyTorch 1.0-2.0",
        "(GPU 0; 7.93 GiB total capacity; 7.23 GiB already allocated; 3.94 MiB free;",
    ),
    _row(
        "paren-allocated", "pytorch", r"; (?P<allocated>" + SIZE + r") already allocated",
        "PyTorch 1.0-2.0", "; 7.23 GiB already allocated;",
    ),
    _row(
        "paren-free", "pytorch", r"; (?P<free>" + SIZE + r") free[;)]",
        "PyTorch 1.0-2.0", "; 3.94 MiB free;",
    ),
    # With torch.cuda.set_per_process_memory_fraction(): 1.8-2.0 "3.94 MiB free; 4.77 GiB
    # allowed; 4.74 GiB reserved in total by PyTorch)", 2.1+ "... is free. 4.77 GiB allowed;
    # Of the allocated memory ..."
    _row(
        "allowed", "pytorch", r"(?P<allowed>" + SIZE + r") allowed;",
        "PyTorch 1.8+", "3.94 MiB free; 4.77 GiB allowed; 4.74 GiB reserved in total",
    ),
    # 1.0-1.3: "; 46.57 MiB cached)" (cached = reserved minus allocated)
    _row(
        "paren-cached", "pytorch", r"; (?P<cached>" + SIZE + r") cached\)",
        "PyTorch 1.0-1.3", "3.94 MiB free; 46.57 MiB cached)",
    ),
    # 1.4-2.0: "; 7.28 GiB reserved in total by PyTorch)"
    _row(
        "paren-reserved", "pytorch",
        r"(?P<reserved>" + SIZE + r") reserved in total by PyTorch\)",
        "PyTorch 1.4-2.0", "3.94 MiB free; 7.28 GiB reserved in total by PyTorch)",
    ),
    # 2.1+: "GPU 0 has a total capacity of 3.71 GiB of which 57.00 MiB is free."
    # (2.1 printed "capacty"; XPU 2.5 printed no "of which" part)
    _row(
        "sentence-capacity", "pytorch",
        r"GPU (?P<device>\d+) has a total (?:capacity|capacty) of "
        r"(?P<total_capacity>" + SIZE + r")(?: of which (?P<free>" + SIZE + r") is free)?",
        "PyTorch 2.1+",
        "GPU 0 has a total capacty of 79.15 GiB of which 38.09 GiB is free.",
    ),
    # 2.1 only (fixed in 2.2): "GPU 0 has a total capacty of 79.15 GiB"
    _row(
        "typo-capacty", "pytorch", r"has a total capacty of",
        "PyTorch 2.1", "GPU 0 has a total capacty of 79.15 GiB of which 38.09 GiB is free.",
    ),
    # 2.1+ other processes: "Process 860120 has 22.29 GiB memory in use."
    _row(
        "sentence-process", "pytorch",
        r"Process (?P<pid>\d+) has (?P<other_process>" + SIZE + r") memory in use",
        "PyTorch 2.1+", "Process 860120 has 22.29 GiB memory in use.",
    ),
    # 2.1+: "Including non-PyTorch memory, this process has 3.64 GiB memory in use."
    _row(
        "sentence-this-process", "pytorch",
        r"this process has (?P<process_in_use>" + SIZE + r") memory in use",
        "PyTorch 2.1+",
        "Including non-PyTorch memory, this process has 3.64 GiB memory in use.",
    ),
    # 2.1+: "Of the allocated memory 3.51 GiB is allocated by PyTorch,"
    _row(
        "sentence-allocated", "pytorch",
        r"Of the allocated memory (?P<allocated>" + SIZE + r") is allocated by PyTorch",
        "PyTorch 2.1+", "Of the allocated memory 3.51 GiB is allocated by PyTorch,",
    ),
    # 2.2+: "with 22.00 MiB allocated in private pools (e.g., CUDA Graphs),"
    _row(
        "sentence-private-pools", "pytorch",
        r"with (?P<private_pools>" + SIZE + r") allocated in private pools",
        "PyTorch 2.2+", "with 22.00 MiB allocated in private pools (e.g., CUDA Graphs),",
    ),
    # 2.1+: "and 74.06 MiB is reserved by PyTorch but unallocated."
    _row(
        "sentence-unallocated", "pytorch",
        r"(?P<reserved_unallocated>" + SIZE + r") is reserved by PyTorch but unallocated",
        "PyTorch 2.1+", "and 74.06 MiB is reserved by PyTorch but unallocated.",
    ),
    # 1.10-2.1: "If reserved memory is >> allocated memory try setting max_split_size_mb"
    _row(
        "hint-max-split", "pytorch", r"(?P<hint>max_split_size_mb)",
        "PyTorch 1.10-2.1", "try setting max_split_size_mb to avoid fragmentation.",
    ),
    # 2.2+: "try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True"
    _row(
        "hint-expandable", "pytorch", r"(?P<hint>expandable_segments)",
        "PyTorch 2.2+", "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid",
    ),
    # XPU 2.5+: "Please use `empty_cache` to release all unoccupied cached memory."
    _row(
        "hint-empty-cache", "pytorch", r"(?P<hint>use `empty_cache`)",
        "PyTorch 2.5+ (XPU)", "Please use `empty_cache` to release all unoccupied",
    ),
    # MPS, 1.12+ (GB/MB) and 2.x (GiB/MiB):
    # MPS backend out of memory (MPS allocated: 14.29 GiB, other allocations: 3.65 GiB,
    # max allowed: 20.13 GiB). Tried to allocate 2.67 GiB on shared pool.
    _row(
        "mps-allocated", "mps", r"MPS allocated: (?P<mps_allocated>" + SIZE + r")",
        "PyTorch 1.12+ (MPS)", "MPS backend out of memory (MPS allocated: 14.29 GiB,",
    ),
    _row(
        "mps-other", "mps", r"other allocations: (?P<other_allocations>" + SIZE + r")",
        "PyTorch 1.13+ (MPS)", "other allocations: 3.65 GiB,",
    ),
    _row(
        "mps-max", "mps", r"max allowed: (?P<max_allowed>" + SIZE + r")",
        "PyTorch 1.12+ (MPS)", "max allowed: 20.13 GiB).",
    ),
    _row(
        "mps-requested", "mps",
        r"Tried to allocate (?P<requested>" + SIZE + r")(?: on (?P<pool>\w+) pool)?",
        "PyTorch 1.12+ (MPS)", "Tried to allocate 2.67 GiB on shared pool.",
    ),
)
# fmt: on

# RuntimeError: MPS backend out of memory (MPS allocated: 18.04 GB, other allocations: ...
MPS_START = re.compile(r"MPS backend out of memory")
MPS_END = re.compile(r"Tried to allocate [^.]*(?:\.\d+[^.]*)?\.|\bpool\b")

# Generations, first match wins: (format name, clause names that must all have matched,
# clause names that must not have matched).
FORMATS: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    ("pytorch 1.0-1.3", frozenset({"paren-cached"}), frozenset()),
    ("pytorch 1.10-2.0", frozenset({"paren-reserved", "hint-max-split"}), frozenset()),
    ("pytorch 1.4-2.0", frozenset({"paren-reserved"}), frozenset()),
    ("pytorch 2.1", frozenset({"sentence-capacity", "typo-capacty"}), frozenset()),
    ("pytorch 2.1", frozenset({"sentence-capacity", "hint-max-split"}), frozenset()),
    ("pytorch 2.5+ (xpu)", frozenset({"sentence-capacity", "hint-empty-cache"}), frozenset()),
    ("pytorch 2.2+", frozenset({"sentence-capacity"}), frozenset()),
    ("pytorch 1.12+ mps", frozenset({"mps-allocated"}), frozenset()),
)

# --------------------------------------------------------------------------------------
# Linux OOM killer (mm/oom_kill.c, mm/memcontrol.c, mm/page_alloc.c). Matched on the
# message body after the envelope. `role`: start opens a report, part adds to an open
# one, end closes it, after attaches to the report it follows (oom_reaper).
# fmt: off
KERNEL_LINES: tuple[tuple[str, Row], ...] = (
    # 4.19:  python3 invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE),
    #        nodemask=(null), order=0, oom_score_adj=0
    # 6.8:   Web Content invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|
    #        __GFP_COMP), order=0, oom_score_adj=0
    # 2.6.x: java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0
    (
        "start",
        _row(
            "kernel-header", "kernel",
            r"^(?P<invoker>.*?) invoked oom-killer: gfp_mask=(?P<gfp_mask>0x[0-9a-f]+)"
            r"(?:\((?P<gfp_flags>[^)]*)\))?,(?: nodemask=(?P<nodemask>[^,]*),)?"
            r" order=(?P<order>-?\d+),(?: oom_adj=(?P<oom_adj>-?\d+),)?"
            r" oom_score_adj=(?P<invoker_oom_score_adj>-?\d+)",
            "Linux 2.6.36+",
            "python3 invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0,"
            " oom_score_adj=0",
        ),
    ),
    # CPU: 5 PID: 48121 Comm: python3 Not tainted 6.8.0-45-generic #45-Ubuntu
    (
        "part",
        _row(
            "kernel-cpu", "kernel",
            r"^CPU: (?P<cpu>\d+) (?:UID: \d+ )?PID: (?P<invoker_pid>\d+)"
            r" Comm: (?P<invoker_comm>.*?)"
            r" (?:Not tainted|Tainted: \S+) (?P<kernel_release>\S+)",
            "Linux 2.6+", "CPU: 5 PID: 48121 Comm: python3 Not tainted 6.8.0-45-generic #45",
        ),
    ),
    # 4.19 cgroup v1: Task in /docker/1f2e killed as a result of limit of /docker/1f2e
    (
        "part",
        _row(
            "kernel-memcg-task", "kernel",
            r"^Task in (?P<task_memcg>\S+) killed as a result of limit of (?P<oom_memcg>\S+)",
            "Linux 3.x-4.x (memcg)",
            "Task in /docker/1f2e killed as a result of limit of /docker/1f2e",
        ),
    ),
    # memory: usage 2097152kB, limit 2097152kB, failcnt 87
    (
        "part",
        _row(
            "kernel-memcg-memory", "kernel",
            r"^memory: usage (?P<cgroup_usage>\d+kB), limit (?P<cgroup_limit>\d+kB),"
            r" failcnt (?P<failcnt>\d+)",
            "Linux 3.x+ (memcg)", "memory: usage 2097152kB, limit 2097152kB, failcnt 87",
        ),
    ),
    # cgroup v1: memory+swap: usage 524288kB, limit 9007199254740988kB, failcnt 0
    (
        "part",
        _row(
            "kernel-memcg-memsw", "kernel",
            r"^memory\+swap: usage (?P<memsw_usage>\d+kB), limit (?P<memsw_limit>\d+kB),"
            r" failcnt (?P<memsw_failcnt>\d+)",
            "Linux 3.x+ (memcg v1)",
            "memory+swap: usage 524288kB, limit 9007199254740988kB, failcnt 0",
        ),
    ),
    # cgroup v2: swap: usage 0kB, limit 9007199254740988kB, failcnt 0
    (
        "part",
        _row(
            "kernel-memcg-swap", "kernel",
            r"^swap: usage (?P<swap_usage>\d+kB), limit (?P<swap_limit>\d+kB),"
            r" failcnt (?P<swap_failcnt>\d+)",
            "Linux 4.5+ (memcg v2)", "swap: usage 0kB, limit 9007199254740988kB, failcnt 0",
        ),
    ),
    # kmem: usage 4096kB, limit 9007199254740988kB, failcnt 0
    (
        "part",
        _row(
            "kernel-memcg-kmem", "kernel",
            r"^kmem: usage (?P<kmem_usage>\d+kB), limit (?P<kmem_limit>\d+kB),"
            r" failcnt (?P<kmem_failcnt>\d+)",
            "Linux 3.x+ (memcg v1)", "kmem: usage 4096kB, limit 9007199254740988kB, failcnt 0",
        ),
    ),
    # v1: Memory cgroup stats for /docker/1f2e: cache:0KB rss:520000KB rss_huge:0KB ...
    # v2: Memory cgroup stats for /kubepods.slice/pod1.slice:   (then "anon 2123456512" ...)
    (
        "part",
        _row(
            "kernel-memcg-stats", "kernel",
            r"^Memory cgroup stats for (?P<stats_memcg>[^:]*):(?P<stats_inline>.*)$",
            "Linux 3.x+ (memcg)", "Memory cgroup stats for /docker/1f2e: cache:0KB rss:520000KB",
        ),
    ),
    # 2621311 pages RAM
    (
        "part",
        _row(
            "kernel-pages-ram", "kernel", r"^(?P<ram_pages>\d+) pages RAM$",
            "Linux 2.6+", "2621311 pages RAM",
        ),
    ),
    # Free swap  = 0kB / Total swap = 2097148kB
    (
        "part",
        _row(
            "kernel-free-swap", "kernel", r"^Free swap\s*=\s*(?P<free_swap>\d+kB)",
            "Linux 2.6+", "Free swap  = 0kB",
        ),
    ),
    (
        "part",
        _row(
            "kernel-total-swap", "kernel", r"^Total swap\s*=\s*(?P<total_swap>\d+kB)",
            "Linux 2.6+", "Total swap = 2097148kB",
        ),
    ),
    # 4.19: [ pid ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name
    # 6.8:  [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem
    #       pgtables_bytes swapents oom_score_adj name
    (
        "part",
        _row(
            "kernel-task-header", "kernel",
            r"^\[\s*pid\s*\]\s+(?P<task_columns>uid\s+tgid\s+total_vm\s+rss\b.*\bname)\s*$",
            "Linux 2.6.37+",
            "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes"
            " swapents oom_score_adj name",
        ),
    ),
    # [  48121]  1000 48121 11262145  9301934  9297701     4233        0 75427840  0  0 python3
    (
        "part",
        _row(
            "kernel-task-row", "kernel", r"^\[\s*(?P<task_pid>\d+)\]\s+(?P<task_values>-?\d.*)$",
            "Linux 2.6.37+", "[  48121]  1000 48121 11262145  9301934 75427840  0  0 python3",
        ),
    ),
    # 4.19+: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,
    #        oom_memcg=/kubepods/pod1,task_memcg=/kubepods/pod1/c1,task=python3,pid=4321,uid=0
    (
        "part",
        _row(
            "kernel-summary", "kernel", r"^oom-kill:(?P<summary>constraint=.*)$",
            "Linux 4.19+",
            "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
            "global_oom,task_memcg=/user.slice,task=python3,pid=48121,uid=1000",
        ),
    ),
    # before 5.1: Out of memory: Kill process 4321 (python3) score 912 or sacrifice child
    #             Memory cgroup out of memory: Kill process 4321 (python3) score 1990 or ...
    (
        "part",
        _row(
            "kernel-chosen", "kernel",
            r"^(?P<memcg_prefix>Memory cgroup )?[Oo]ut of memory: Kill process"
            r" (?P<chosen_pid>\d+) \((?P<chosen_comm>.*)\) score (?P<score>\d+)"
            r" or sacrifice child",
            "Linux 2.6.x-5.0",
            "Out of memory: Kill process 4321 (python3) score 912 or sacrifice child",
        ),
    ),
    # 5.1+:   Out of memory: Killed process 48121 (python3) total-vm:45048580kB,
    #         anon-rss:37190804kB, file-rss:16932kB, shmem-rss:0kB, UID:1000
    #         pgtables:73660kB oom_score_adj:0
    # <5.1:   Killed process 4321 (python3) total-vm:12345678kB, anon-rss:9876543kB,
    #         file-rss:1234kB, shmem-rss:0kB
    (
        "end",
        _row(
            "kernel-killed", "kernel",
            r"^(?:(?P<memcg_killed>Memory cgroup )?[Oo]ut of memory"
            r"(?: \(oom_kill_allocating_task\))?: )?Killed process (?P<pid>\d+)"
            r" \((?P<comm>.*)\) total-vm:(?P<total_vm>\d+kB), anon-rss:(?P<anon_rss>\d+kB),"
            r" file-rss:(?P<file_rss>\d+kB)(?:, shmem-rss:(?P<shmem_rss>\d+kB))?"
            r"(?:, UID:(?P<uid>\d+))?(?: pgtables:(?P<pgtables>\d+kB))?"
            r"(?: oom_score_adj:(?P<oom_score_adj>-?\d+))?",
            "Linux 2.6.x+ (fields grew over time)",
            "Out of memory: Killed process 48121 (python3) total-vm:45048580kB,"
            " anon-rss:37190804kB, file-rss:16932kB, shmem-rss:0kB, UID:1000"
            " pgtables:73660kB oom_score_adj:0",
        ),
    ),
    # oom_reaper: reaped process 48121 (python3), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
    (
        "after",
        _row(
            "kernel-reaper", "kernel",
            r"^oom_reaper: reaped process (?P<reaped_pid>\d+) \((?P<reaped_comm>.*)\),"
            r" now anon-rss:(?P<reaped_anon_rss>\d+)kB, file-rss:(?P<reaped_file_rss>\d+)kB,"
            r" shmem-rss:(?P<reaped_shmem_rss>\d+)kB",
            "Linux 4.6+",
            "oom_reaper: reaped process 48121 (python3), now anon-rss:0kB, file-rss:0kB,"
            " shmem-rss:0kB",
        ),
    ),
)
# fmt: on

# cgroup v2 stats lines after "Memory cgroup stats for ...:" ("anon 34154450944", bytes);
# every such line continues the block, the sizes in KERNEL_V2_KEEP are kept as figures.
KERNEL_V2_STAT = re.compile(r"^(?P<key>[a-z_]+) (?P<value>\d+)$")
KERNEL_V2_KEEP = frozenset(
    {"anon", "file", "kernel", "kernel_stack", "pagetables", "shmem", "sock", "slab",
     "file_mapped", "file_dirty", "file_writeback", "anon_thp", "swapcached"}
)  # fmt: skip
# cgroup v1 inline stats "cache:0KB rss:520000KB ..." (KB = KiB).
KERNEL_V1_STAT = re.compile(r"\b(?P<key>cache|rss|shmem|mapped_file|swap):(?P<value>\d+)KB\b")

# --------------------------------------------------------------------------------------
# One-line reports. The first row that matches a line wins.
# fmt: off
SINGLE_LINES: tuple[Row, ...] = (
    # PyTorch 1.x-2.x CPU allocator (c10/core/impl/alloc_cpu.cpp):
    # RuntimeError: [enforce fail at alloc_cpu.cpp:114] data. DefaultCPUAllocator: not enough
    # memory: you tried to allocate 1099511627776 bytes.
    _row(
        "pytorch-cpu", "pytorch-cpu",
        r"DefaultCPUAllocator: (?:not enough memory|can't allocate memory): you tried to"
        r" allocate (?P<requested>\d+ bytes)",
        "PyTorch 1.0+",
        "RuntimeError: [enforce fail at alloc_cpu.cpp:114] data. DefaultCPUAllocator: not"
        " enough memory: you tried to allocate 1099511627776 bytes.",
    ),
    # The CUDA runtime itself (context creation, cuBLAS workspace), not the allocator:
    # RuntimeError: CUDA error: out of memory
    _row(
        "cuda-runtime", "cuda-runtime", r"(?P<runtime>CUDA|HIP) error: out of memory",
        "PyTorch 1.0+ (CUDA runtime)", "RuntimeError: CUDA error: out of memory",
    ),
    # TensorFlow 1.x/2.x:
    # ResourceExhaustedError: OOM when allocating tensor with shape[64,256,128,128] and type
    # float on /job:localhost/replica:0/task:0/device:GPU:0 by allocator GPU_0_bfc
    _row(
        "tensorflow", "tensorflow",
        r"OOM when allocating tensor with shape\s*\[(?P<shape>[\d, ]*)\] and type"
        r" (?P<dtype>\w+)(?: on (?P<tf_device>\S+?))?(?: by allocator (?P<allocator>\w+))?"
        r"(?=[\s\[]|$)",
        "TensorFlow 1.x-2.x",
        "tensorflow.python.framework.errors_impl.ResourceExhaustedError: OOM when allocating"
        " tensor with shape[64,256,128,128] and type float on"
        " /job:localhost/replica:0/task:0/device:GPU:0 by allocator GPU_0_bfc",
    ),
    # TensorFlow's BFC allocator warning (TF 2.x):
    # W tensorflow/tsl/framework/bfc_allocator.cc:479] Allocator (GPU_0_bfc) ran out of
    # memory trying to allocate 1.00GiB (rounded to 1073741824)requested by op Conv2D
    _row(
        "tensorflow-bfc", "tensorflow",
        r"Allocator \((?P<allocator>\w+)\) ran out of memory trying to allocate"
        r" (?P<requested>" + SIZE + r")(?: \(rounded to (?P<rounded>\d+)\))?",
        "TensorFlow 2.x",
        "Allocator (GPU_0_bfc) ran out of memory trying to allocate 1.00GiB (rounded to"
        " 1073741824)requested by op Conv2D",
    ),
    # JAX / XLA (jaxlib 0.4):
    # jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying to
    # allocate 17179869184 bytes.
    _row(
        "jax", "jax",
        r"(?i:RESOURCE_EXHAUSTED|Resource exhausted): Out of memory (?:while trying to"
        r" allocate|allocating) (?P<requested>\d+ bytes)",
        "jaxlib 0.3+ (XLA)",
        "jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying"
        " to allocate 17179869184 bytes.",
    ),
    # Kubernetes (kubectl describe pod / get pods / events). Exit code 137 alone only says
    # SIGKILL; the reason OOMKilled is what says the cgroup limit killed it.
    #     Reason:       OOMKilled
    # trainer-7d9f   0/1     OOMKilled   3 (40s ago)   5m
    _row(
        "kubernetes", "kubernetes", r"(?P<reason>\bOOMKilled\b)",
        "Kubernetes 1.x", "      Reason:       OOMKilled",
    ),
    # Java (HotSpot): java.lang.OutOfMemoryError: Java heap space
    # (also GC overhead limit exceeded, Metaspace, Direct buffer memory,
    # unable to create native thread, Requested array size exceeds VM limit)
    _row(
        "java", "java",
        r"java\.lang\.OutOfMemoryError(?::\s*(?P<java_kind>[^\r\n]+?))?\s*$",
        "Java 8+", 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
    ),
)
# fmt: on

# A line that says it ran out of memory but matches no row is kept as kind `other`.
OTHER = re.compile(r"(?i:out of memory)|OutOfMemoryError")

# TensorFlow dtype names (as printed) to element size in bytes.
DTYPE_BYTES: dict[str, int] = {
    "float": 4, "float32": 4, "half": 2, "float16": 2, "bfloat16": 2, "double": 8,
    "float64": 8, "int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "int32": 4,
    "uint32": 4, "int64": 8, "uint64": 8, "bool": 1, "complex64": 8, "complex128": 16,
    "qint8": 1, "quint8": 1, "qint32": 4,
}  # fmt: skip
