"""Every fixture read exactly: printed figures in bytes, derived facts, advice."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest

from notes_tools.oom import Event, OomParseError, Quantity, parse, scan
from notes_tools.oom import patterns as P

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oom"
KiB, MiB, GiB = 1024, 1024**2, 1024**3


def printed(number: str, scale: int) -> int:
    """Bytes of a printed figure, computed independently of the parser (ties to even)."""
    return round(Decimal(number) * scale)


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# fixture -> (kind, format, {figure: exact bytes}) for the first event in the file.
EXPECTED: dict[str, tuple[str, str, dict[str, int]]] = {
    "pytorch-1.2-cuda.txt": (
        "pytorch-cuda",
        "pytorch 1.0-1.3",
        {
            "requested": 20 * MiB,
            "total_capacity": printed("7.93", GiB),
            "allocated": printed("7.23", GiB),
            "free": printed("3.94", MiB),
            "cached": printed("46.57", MiB),
        },
    ),
    "pytorch-1.8-cuda-fraction.txt": (
        "pytorch-cuda",
        "pytorch 1.4-2.0",
        {"requested": 512 * MiB, "allowed": printed("5.12", GiB), "reserved": printed("4.86", GiB)},
    ),
    "pytorch-1.13-cuda.txt": (
        "pytorch-cuda",
        "pytorch 1.10-2.0",
        {"requested": 2 * GiB, "reserved": printed("21.97", GiB), "free": printed("1.21", GiB)},
    ),
    "pytorch-2.1-cuda.txt": (
        "pytorch-cuda",
        "pytorch 2.1",
        {
            "requested": printed("1.50", GiB),
            "total_capacity": printed("23.65", GiB),
            "process_in_use": printed("16.31", GiB),
            "reserved_unallocated": printed("812.40", MiB),
        },
    ),
    "pytorch-2.3-cuda-torchrun.txt": (
        "pytorch-cuda",
        "pytorch 2.2+",
        {
            "requested": 304 * MiB,
            "free": printed("218.81", MiB),
            "private_pools": 118 * MiB,
            "reserved_unallocated": printed("1.71", GiB),
        },
    ),
    "pytorch-2.4-hip.txt": (
        "pytorch-hip",
        "pytorch 2.2+",
        {"requested": 2 * GiB, "allocated": printed("60.12", GiB)},
    ),
    "ipex-2.1-xpu.txt": (
        "pytorch-xpu",
        "intel extension for pytorch (xpu)",
        {"requested": 2 * GiB, "reserved": printed("13.28", GiB)},
    ),
    "pytorch-2.5-xpu.txt": (
        "pytorch-xpu",
        "pytorch 2.5+ (xpu)",
        {"requested": 1024 * GiB, "allocated": 0, "reserved_unallocated": 0},
    ),
    "pytorch-2.7-xpu.txt": (
        "pytorch-xpu",
        "pytorch 2.5+ (xpu)",
        {"requested": 20 * MiB, "free": printed("5.62", MiB)},
    ),
    "pytorch-1.13-mps.txt": (
        "pytorch-mps",
        "pytorch 1.12+ mps",
        {
            "mps_allocated": printed("18.04", GiB),  # "GB" in old MPS builds is 1024-based
            "other_allocations": printed("5.14", MiB),
            "max_allowed": printed("18.13", GiB),
            "requested": 256,
        },
    ),
    "pytorch-2.3-mps.txt": (
        "pytorch-mps",
        "pytorch 1.12+ mps",
        {"requested": printed("2.67", GiB), "max_allowed": printed("20.13", GiB)},
    ),
    "pytorch-1.4-cpu.txt": ("pytorch-cpu", "pytorch-cpu (PyTorch 1.0+)", {"requested": 8 * GiB}),
    "pytorch-2.1-cpu.txt": ("pytorch-cpu", "pytorch-cpu (PyTorch 1.0+)", {"requested": 256 * GiB}),
    "pytorch-2.1-cuda-runtime.txt": (
        "cuda-runtime",
        "cuda-runtime (PyTorch 1.0+ (CUDA runtime))",
        {},
    ),
    "tensorflow-2.11.txt": ("tensorflow", "tensorflow-bfc (TensorFlow 2.x)", {"requested": GiB}),
    "jax-0.4.txt": ("jax", "jax (jaxlib 0.3+ (XLA))", {"requested": 17179869184}),
    "kubernetes-1.29-describe.txt": ("kubernetes", "kubernetes (Kubernetes 1.x)", {}),
    "java-17.txt": ("java", "java (Java 8+)", {}),
    "linux-4.19-oom-killer.txt": (
        "linux-oom-kill",
        "linux < 5.1 (Kill process ... or sacrifice child)",
        {"total_vm": 3216932 * KiB, "anon_rss": 11593584 * KiB, "file_rss": 32060 * KiB},
    ),
    "linux-4.14-cgroup-v1.txt": (
        "linux-oom-kill",
        "linux < 5.1 (Kill process ... or sacrifice child)",
        {
            "cgroup_usage": 8388608 * KiB,
            "cgroup_limit": 8 * GiB,
            # beyond float precision: 9007199254740988 KiB = 9223372036854771712 B
            "memsw_limit": 9223372036854771712,
            "cgroup_stat_rss": 8361628 * KiB,
        },
    ),
    "linux-5.15-dmesg-T.txt": (
        "linux-oom-kill",
        "linux >= 5.1",
        {"anon_rss": 7592908 * KiB, "pgtables": 14884 * KiB},
    ),
    "linux-6.8-cgroup-v2.txt": (
        "linux-oom-kill",
        "linux >= 5.1",
        {"cgroup_limit": 32 * GiB, "cgroup_stat_anon": 34154450944, "anon_rss": 33290860 * KiB},
    ),
    "pytorch-2.x-cuda-seed-000.txt": (
        "pytorch-cuda",
        "pytorch 2.2+",
        {"requested": 58 * MiB},
    ),
}


def test_every_fixture_has_expectations() -> None:
    names = {p.name for p in FIXTURES.glob("*.txt")}
    assert names == set(EXPECTED), names ^ set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_read_exactly(name: str) -> None:
    kind, fmt, figures = EXPECTED[name]
    event = parse(fixture_text(name))
    assert (event.kind, event.format) == (kind, fmt)
    for key, value in figures.items():
        assert event.figures[key].value_bytes == value, key
    assert not event.problems


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_fixture_fully_understood(name: str) -> None:
    """Law: a fixture's events have no problems, each figure matches its printed text."""
    with open(FIXTURES / name, "rb") as stream:
        events = list(scan(stream))
    assert events
    for event in events:
        assert not event.problems
        for q in event.figures.values():
            assert q.min_bytes <= q.value_bytes <= q.max_bytes
            if q.error_bytes == 0:
                assert q.min_bytes == q.max_bytes == q.value_bytes


def test_seed_message_says_what_it_says() -> None:
    """The seed's analysis quotes 20.00 MiB / 3.68 / 3.61 GiB / 5.27 MiB: the message does not."""
    e = parse(fixture_text("pytorch-2.x-cuda-seed-000.txt"))
    f = e.figures
    assert f["requested"].text == "58.00 MiB" and f["requested"].value_bytes == 60817408
    assert f["process_in_use"].text == "3.64 GiB"  # this process, including non-PyTorch memory
    assert f["process_in_use"].value_bytes == printed("3.64", GiB) == 3908420239
    assert f["allocated"].text == "3.51 GiB"
    assert f["allocated"].value_bytes == printed("3.51", GiB)
    assert f["reserved_unallocated"].text == "74.06 MiB"
    assert f["reserved_unallocated"].value_bytes == printed("74.06", MiB)
    assert f["free"].text == "57.00 MiB" and f["free"].value_bytes == 57 * MiB
    assert f["total_capacity"].text == "3.71 GiB"
    assert "3.68 GiB" not in {q.text for q in f.values()}
    d = e.derived
    assert d.request_exceeds_free is True  # 58 MiB asked, 57 MiB free
    assert d.cache_could_hold_request is True  # 74.06 MiB cached >= 58 MiB: fragmentation
    assert d.reserved is not None
    assert d.reserved.value_bytes == printed("3.51", GiB) + printed("74.06", MiB)
    assert e.advice[0].code == "expandable-segments"
    assert (
        e.advice[0].link == "gpu-memory/pytorch-gpu-memory/#fragmentation-and-expandable-segments"
    )


def test_seed_fixture_is_the_seed_line(shared: Path) -> None:
    seeds = sorted((shared / "seeds").glob("000_*.txt"))
    if not seeds:
        pytest.skip("seed 000 not present")
    text = seeds[0].read_text(encoding="utf-8")
    assert fixture_text("pytorch-2.x-cuda-seed-000.txt").strip() in text


# --- precision -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "unit", "value", "error"),
    [
        ("58.00", "MiB", 60817408, Decimal("5242.88")),
        ("3.64", "GiB", 3908420239, Decimal("5368709.12")),
        ("1.5", "GiB", 1610612736, Decimal("53687091.2")),
        ("256", "bytes", 256, Decimal(0)),
        ("9007199254740988", "kB", 9223372036854771712, Decimal(0)),
        ("5.14", "MB", 5389681, Decimal("5242.88")),
    ],
)
def test_precision_is_half_a_unit_of_the_last_digit(
    number: str, unit: str, value: int, error: Decimal
) -> None:
    q = Quantity.from_printed(number, unit)
    assert q.value_bytes == value
    assert q.error_bytes == error
    assert q.min_bytes == math.ceil(Decimal(number) * P.UNITS[unit] - error)
    assert q.max_bytes == math.floor(Decimal(number) * P.UNITS[unit] + error)


def test_exact_arithmetic_beyond_float_precision() -> None:
    # 2**53 + 1 bytes: a float cannot hold it, Decimal arithmetic does.
    q = Quantity.from_printed(str(2**53 + 1), "bytes")
    assert q.value_bytes == 2**53 + 1
    assert int(float(2**53 + 1)) != 2**53 + 1
    big = Quantity.from_printed("8589934591.99", "GiB")  # 2**33 GiB less a hair
    assert big.value_bytes == round(Decimal("8589934591.99") * 2**30)


def test_derived_errors_add_up() -> None:
    a = Quantity.from_printed("3.51", "GiB")
    b = Quantity.from_printed("74.06", "MiB")
    s = a + b
    assert s.error_bytes == a.error_bytes + b.error_bytes
    assert (s - b).exact_bytes == a.exact_bytes


# --- laws across generations -------------------------------------------------------------


def _first(name: str) -> Event:
    return parse(fixture_text(name))


def test_reserved_means_the_same_in_every_generation() -> None:
    """1.0-1.3 printed cached (= reserved - allocated); 1.4-2.0 reserved; 2.1+ unallocated."""
    old = _first("pytorch-1.2-cuda.txt")
    assert old.derived.reserved is not None and old.derived.reserved_unallocated is not None
    assert old.derived.reserved.exact_bytes == (
        old.figures["allocated"].exact_bytes + old.figures["cached"].exact_bytes
    )
    assert old.derived.reserved_unallocated.exact_bytes == old.figures["cached"].exact_bytes
    mid = _first("pytorch-1.13-cuda.txt")
    assert mid.derived.reserved_unallocated is not None
    assert mid.derived.reserved_unallocated.exact_bytes == (
        mid.figures["reserved"].exact_bytes - mid.figures["allocated"].exact_bytes
    )
    new = _first("pytorch-2.1-cuda.txt")
    assert new.derived.reserved is not None
    assert new.derived.reserved.exact_bytes == (
        new.figures["allocated"].exact_bytes + new.figures["reserved_unallocated"].exact_bytes
    )


def test_fragmentation_advice_names_the_knob_of_the_version() -> None:
    mid = _first("pytorch-1.13-cuda.txt")  # 3.63 GiB cached, 2 GiB asked
    assert mid.derived.cache_could_hold_request is True
    frag = [a for a in mid.advice if a.code == "expandable-segments"]
    assert frag and "max_split_size_mb" in frag[0].message
    new = _first("pytorch-2.3-cuda-torchrun.txt")
    frag = [a for a in new.advice if a.code == "expandable-segments"]
    assert frag and "expandable_segments:True" in frag[0].message


def test_other_processes_and_live_tensors() -> None:
    e = _first("pytorch-2.1-cuda.txt")
    assert [p.pid for p in e.processes] == [31337, None]
    assert e.derived.other_processes is not None
    assert e.derived.other_processes.value_bytes == printed("6.20", GiB)
    codes = [a.code for a in e.advice]
    assert "other-processes" in codes and "empty-cache" in codes
    assert "expandable-segments" not in codes
    assert e.derived.non_pytorch is not None
    exact = Decimal("16.31") * GiB - Decimal("15.02") * GiB - Decimal("812.40") * MiB
    assert e.derived.non_pytorch.value_bytes == round(exact)


def test_memory_fraction_and_request_larger_than_device() -> None:
    frac = _first("pytorch-1.8-cuda-fraction.txt")
    assert frac.derived.limit is not None and frac.derived.limit.text == "5.12 GiB"
    assert "memory-fraction" in [a.code for a in frac.advice]
    huge = _first("pytorch-2.5-xpu.txt")
    assert huge.derived.request_exceeds_limit is True
    assert huge.advice[0].code == "request-exceeds-device"


def test_mps_headroom() -> None:
    e = _first("pytorch-2.3-mps.txt")
    assert e.derived.used is not None
    assert e.derived.used.value_bytes == printed("14.29", GiB) + printed("3.65", GiB)
    assert e.derived.request_exceeds_free is True  # 17.94 + 2.67 > 20.13 GiB


def test_tensorflow_tensor_size_is_derived_from_shape_and_dtype() -> None:
    events = list(scan([fixture_text("tensorflow-2.11.txt")]))
    tf = events[1]
    assert tf.fields["shape"] == "64,256,128,128" and tf.fields["dtype"] == "float"
    assert tf.derived.tensor is not None
    assert tf.derived.tensor.value_bytes == 64 * 256 * 128 * 128 * 4
    assert "tensor" not in tf.figures  # derived, not printed


def test_kernel_old_form_chosen_and_killed_differ() -> None:
    e = _first("linux-4.19-oom-killer.txt")
    assert e.fields["chosen_pid"] == 2101 and e.fields["pid"] == 2215
    assert e.fields["comm"] == "Web Content"  # names with spaces
    assert e.derived.chosen_differs_from_killed is True
    assert e.derived.cgroup_limited is False
    assert e.derived.victim_rss is not None
    assert e.derived.victim_rss.value_bytes == (11593584 + 32060) * KiB
    assert e.derived.host_memory is not None
    assert e.derived.host_memory.value_bytes == 4118395 * 4096
    assert e.fields["reaped_pid"] == 2215
    assert e.task_count == 6 and e.tasks[0].name == "Web Content"
    assert e.tasks[0].rss_pages * 4 == (11593584 + 32060)  # table and kill line agree


def test_kernel_cgroup_v1_and_v2() -> None:
    v1 = _first("linux-4.14-cgroup-v1.txt")
    assert v1.derived.cgroup_limited is True
    assert v1.derived.limit is not None and v1.derived.limit.value_bytes == 8 * GiB
    assert v1.source == "gpu7 kernel" and v1.timestamp == "Nov 23 17:58:02"
    assert [t.pid for t in v1.tasks] == [40211, 40290, 40188]
    assert v1.tasks[0].columns["nr_pmds"] == 24
    v2 = _first("linux-6.8-cgroup-v2.txt")
    assert v2.fields["constraint"] == "CONSTRAINT_MEMCG"
    assert v2.fields["oom_score_adj"] == 985 and v2.fields["uid"] == 1000
    assert v2.tasks[0].columns["rss_anon"] == 8322715
    assert v2.figures["swap_limit"].value_bytes == 0
    assert "cgroup-limit" in [a.code for a in v2.advice]
    # memory.stat: anon + file + kernel fill the limit exactly
    parts = ("cgroup_stat_anon", "cgroup_stat_file", "cgroup_stat_kernel")
    assert sum(v2.figures[p].value_bytes for p in parts) == 32 * GiB


def test_kernel_unlimited_cgroup_is_no_limit() -> None:
    text = fixture_text("linux-4.14-cgroup-v1.txt").replace(
        "limit 8388608kB", "limit 9007199254740988kB"
    )
    assert parse(text).derived.limit is None


def test_advice_links_point_at_agreed_sections() -> None:
    agreed = {
        "gpu-memory/pytorch-gpu-memory/#fragmentation-and-expandable-segments",
        "gpu-memory/pytorch-gpu-memory/#empty-cache",
        "gpu-memory/pytorch-gpu-memory/#other-processes",
        "gpu-memory/pytorch-gpu-memory/#reading-the-oom-message",
        "gpu-memory/pytorch-gpu-memory/#memory-snapshots",
        "gpu-memory/linux-oom-killer/#cgroup-limits",
        "gpu-memory/linux-oom-killer/#how-the-victim-is-chosen",
        "gpu-memory/linux-oom-killer/#reading-the-report",
    }
    from notes_tools.oom.advice import LINKS, RULES

    assert set(LINKS.values()) == agreed
    assert {r.link for r in RULES} <= agreed


# --- broken reports ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 7.93 GiB total",
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 58.00 MiB. GPU 0 has a",
        "torch.OutOfMemoryError: CUDA out of memory. Tried to",
        "[ 1.0] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
        "RuntimeError: MPS backend out of memory (MPS allocated: 1.00 GiB, other",
    ],
)
def test_truncated_reports_raise_with_line(text: str) -> None:
    with pytest.raises(OomParseError) as info:
        parse("some log line\n" + text)
    assert info.value.line == 2
    assert str(info.value).startswith("line 2: ")


def test_no_report_raises() -> None:
    with pytest.raises(OomParseError, match="no out-of-memory report"):
        parse("all good\nnothing to see\n")
