"""scan(): streaming, chunk boundaries, interleaving, bounds, robustness."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_tools.oom import MAX_TASKS, Event, OomParseError, parse, scan, to_dict

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oom"
ALL_TEXT = "\n".join(
    p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))
)  # every fixture, one log


def _summary(events: list[Event]) -> list[dict[str, object]]:
    return [to_dict(e) for e in events]


def test_whole_log_finds_every_report_in_line_order() -> None:
    events = list(scan(io.StringIO(ALL_TEXT)))
    lines = [e.line for e in events]
    assert lines == sorted(lines)
    kinds = {e.kind for e in events}
    assert kinds >= {
        "pytorch-cuda", "pytorch-hip", "pytorch-xpu", "pytorch-mps", "pytorch-cpu",
        "cuda-runtime", "linux-oom-kill", "tensorflow", "jax", "kubernetes", "java",
    }  # fmt: skip
    assert not [e for e in events if e.problems]
    # line numbers point at the report's first line
    all_lines = ALL_TEXT.split("\n")
    for e in events:
        assert e.text[0] in all_lines[e.line - 1], (e.line, e.kind)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=len(ALL_TEXT) - 1), max_size=40))
def test_chunk_boundaries_do_not_matter(cuts: list[int]) -> None:
    """Law: the same text cut into any pieces gives the same events."""
    cuts = sorted(set(cuts))
    pieces = [ALL_TEXT[a:b] for a, b in zip([0, *cuts], [*cuts, len(ALL_TEXT)], strict=True)]
    assert _summary(list(scan(pieces))) == _summary(list(scan([ALL_TEXT])))


def test_binary_and_text_streams_agree() -> None:
    as_text = _summary(list(scan(io.StringIO(ALL_TEXT))))
    as_bytes = _summary(list(scan(io.BytesIO(ALL_TEXT.encode()))))
    assert as_text == as_bytes


def test_utf8_split_across_chunks() -> None:
    text = "é" * 10 + "\nRuntimeError: CUDA error: out of memory\n"
    data = text.encode()
    pieces = [data[i : i + 1] for i in range(len(data))]  # one byte at a time
    [event] = scan(pieces)
    assert event.line == 2 and event.kind == "cuda-runtime"


def test_interleaved_kernel_reports_from_two_hosts() -> None:
    a = (FIXTURES / "linux-6.8-cgroup-v2.txt").read_text().splitlines()
    b = [line.replace("gpu7 kernel", "gpu8 kernel").replace("88412", "99001") for line in a]
    mixed = [line for pair in zip(a, b, strict=True) for line in pair]
    events = list(scan(mixed_line + "\n" for mixed_line in mixed))
    assert [(e.source, e.fields["pid"]) for e in events] == [
        ("gpu7 kernel", 88412),
        ("gpu8 kernel", 99001),
    ]
    assert events[0].line == 1 and events[1].line == 2
    assert all(not e.problems for e in events)
    assert events[0].figures == events[1].figures


def test_interleaved_torchrun_ranks() -> None:
    events = list(scan(io.StringIO((FIXTURES / "pytorch-2.3-cuda-torchrun.txt").read_text())))
    assert [(e.source, e.fields["device"], e.line, e.end_line) for e in events] == [
        ("rank0", 0, 8, 15),
        ("rank1", 1, 9, 9),
    ]


def test_priority_prefix_and_reaper_attach() -> None:
    log = (
        "<6>[  100.000001] systemd[1]: Started Session 4.\n"
        "<4>[  100.100000] Out of memory: Killed process 77 (my app (v2)) total-vm:8192kB,"
        " anon-rss:4096kB, file-rss:4kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0\n"
        "<6>[  100.100100] unrelated\n"
        "<6>[  100.200000] oom_reaper: reaped process 77 (my app (v2)), now anon-rss:0kB,"
        " file-rss:0kB, shmem-rss:0kB\n"
    )
    [e] = scan([log])
    assert (e.line, e.end_line) == (2, 4)
    assert e.fields["comm"] == "my app (v2)"  # spaces and parentheses in the name
    assert e.fields["reaped_pid"] == 77
    assert e.timestamp == "100.100000"


def test_task_table_is_bounded() -> None:
    rows = "".join(
        f"[{i:7d}]     0 {i:5d}     1000     {i:4d}    40960        0             0 worker {i}\n"
        for i in range(1, 5001)
    )
    log = (
        "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
        "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n"
        + rows
        + "Out of memory: Killed process 5000 (worker 5000) total-vm:4000kB, anon-rss:20000kB,"
        " file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0\n"
    )
    [e] = scan([log])
    assert e.task_count == 5000
    assert len(e.tasks) == MAX_TASKS
    assert [t.pid for t in e.tasks] == list(range(5000, 5000 - MAX_TASKS, -1))
    assert e.tasks[0].name == "worker 5000"


def test_huge_line_without_newline_is_bounded() -> None:
    junk = "x" * (3 * 1024 * 1024)
    events = list(scan([junk, junk, "\nRuntimeError: CUDA error: out of memory\n"]))
    assert [(e.kind, e.line) for e in events] == [("cuda-runtime", 2)]


def test_open_kernel_report_closes_when_the_log_moves_on() -> None:
    head = "[ 1.0] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
    events = list(scan([head + "filler\n" * 5000 + "RuntimeError: CUDA error: out of memory\n"]))
    assert [e.kind for e in events] == ["linux-oom-kill", "cuda-runtime"]
    assert events[0].problems  # no kill line: recognisably incomplete


def test_rss_and_figure_names_are_stable_in_json() -> None:
    e = parse((FIXTURES / "linux-5.15-dmesg-T.txt").read_text())
    d = to_dict(e)
    assert d["figures"]["anon_rss"] == {
        "bytes": 7592908 * 1024,
        "min_bytes": 7592908 * 1024,
        "max_bytes": 7592908 * 1024,
        "text": "7592908kB",
    }
    assert d["timestamp"] == "Mon Nov 23 18:10:40 2026"


# --- robustness: the contract as properties ------------------------------------------------

_ATOMS = st.sampled_from(
    [
        "CUDA out of memory. ", "Tried to allocate ", "1.5 GiB", "(GPU 0; ", "\n", " ",
        "reserved by PyTorch but unallocated.", "invoked oom-killer: ", "Killed process ",
        "(", ")", "total-vm:12kB, anon-rss:1kB, file-rss:0kB", "[rank0]: ", "oom-kill:",
        "constraint=", "[  pid  ]   uid  tgid total_vm      rss name\n", "[ 12] 1 2 x y z\n",
        "MPS backend out of memory", "OOMKilled", "java.lang.OutOfMemoryError",
        "Memory cgroup stats for /a:\n", "anon 12\n", "\x00", "\r\n", "é", "GPU 0 has a total",
    ]
)  # fmt: skip
_TEXT = st.one_of(st.text(max_size=300), st.lists(_ATOMS, max_size=40).map("".join))


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_scan_never_raises(text: str) -> None:
    for event in scan([text]):
        assert event.line >= 1 and event.end_line >= event.line
        to_dict(event)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_parse_raises_only_its_own_error(text: str) -> None:
    try:
        parse(text)
    except OomParseError as exc:
        assert exc.line is None or exc.line >= 1


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_scan_never_raises_on_bytes(data: bytes) -> None:
    list(scan(io.BytesIO(data)))


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_every_prefix_of_a_fixture_is_safe(name: str) -> None:
    """Cutting a report anywhere never crashes: parse returns or raises OomParseError."""
    text = (FIXTURES / name).read_text()
    for cut in range(0, len(text), max(1, len(text) // 60)):
        with contextlib.suppress(OomParseError):
            parse(text[:cut])
