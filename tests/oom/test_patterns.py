"""The pattern table: every row's example matches it, every starting row can be found."""

from __future__ import annotations

import pytest

from notes_tools.oom import patterns as P

ALL_ROWS = [*P.CLAUSES, *(row for _, row in P.KERNEL_LINES), *P.SINGLE_LINES]


@pytest.mark.parametrize("row", ALL_ROWS, ids=lambda r: r.name)
def test_every_row_matches_its_own_example(row: P.Row) -> None:
    assert row.regex.search(row.example), f"{row.name}: example does not match"
    assert row.version, f"{row.name}: no producing version"


@pytest.mark.parametrize(
    "row",
    [row for role, row in P.KERNEL_LINES if role in ("start", "end")] + list(P.SINGLE_LINES),
    ids=lambda r: r.name,
)
def test_rows_that_start_a_report_contain_a_trigger(row: P.Row) -> None:
    # The scanner only looks at lines holding a trigger when no report is open.
    assert any(t in row.example for t in P.TRIGGERS), row.name


def test_size_groups_only_capture_sizes() -> None:
    for row in ALL_ROWS:
        for name in row.regex.groupindex:
            if name in P.SIZE_GROUPS:
                m = row.regex.search(row.example)
                assert m is not None
                if m[name] is not None:
                    assert P.SIZE_RE.fullmatch(m[name].strip()), (row.name, name, m[name])


def test_units_are_binary() -> None:
    assert P.UNITS["kB"] == P.UNITS["KiB"] == 1024
    assert P.UNITS["GB"] == P.UNITS["GiB"] == 1024**3


@pytest.mark.parametrize(
    ("line", "key", "rest"),
    [
        ("<4>[ 1234.567890] python3 invoked", "", "python3 invoked"),
        ("[Mon Nov 23 18:02:11 2026] Out of memory", "", "Out of memory"),
        ("2026-11-23T18:02:11.123456+00:00 gpu7 kernel: [ 12.5] x", "gpu7 kernel", "x"),
        ("Nov  3 18:02:11 gpu7 kernel: Memory cgroup", "gpu7 kernel", "Memory cgroup"),
        ("[rank3]: torch.OutOfMemoryError", "rank3", "torch.OutOfMemoryError"),
        ("[   12.345678][ T1234] oom_reaper: x", "", "oom_reaper: x"),
        ("plain text", "", "plain text"),
    ],
)
def test_envelope_strips_log_prefixes(line: str, key: str, rest: str) -> None:
    m = P.ENVELOPE.match(line)
    assert m is not None
    got_key = f"{m['host']} {m['tag']}" if m["host"] else (f"rank{m['rank']}" if m["rank"] else "")
    assert (got_key, line[m.end() :]) == (key, rest)


def test_quick_triggers_cover_every_trigger() -> None:
    for trigger in P.TRIGGERS:
        assert any(q in trigger for q in P.QUICK_TRIGGERS), trigger
