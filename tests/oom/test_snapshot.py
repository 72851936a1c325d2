"""The snapshot reader: summarises torch-shaped pickles, refuses code without running it."""

from __future__ import annotations

import contextlib
import os
import pickle
import pickletools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_tools.oom import OomParseError, load_snapshot, summarize_snapshot
from notes_tools.oom.snapshot import ALLOWED_OPCODES

MiB = 1024**2


def _frames(file: str, line: int, name: str) -> list[dict[str, Any]]:
    return [
        {"filename": "/usr/lib/python3/site-packages/torch/nn/modules/linear.py", "line": 125,
         "name": "forward"},
        {"filename": file, "line": line, "name": name},
    ]  # fmt: skip


def make_snapshot() -> dict[str, Any]:
    """A snapshot shaped like torch.cuda.memory._snapshot(): plain dicts and lists."""
    seg0_blocks = [
        {"address": 0x7F0000000000, "size": 8 * MiB, "requested_size": 8 * MiB,
         "state": "active_allocated", "frames": _frames("train.py", 88, "forward")},
        {"address": 0x7F0000800000, "size": 6 * MiB, "requested_size": 0, "state": "inactive",
         "frames": []},
        {"address": 0x7F0000E00000, "size": 4 * MiB, "requested_size": 4 * MiB,
         "state": "active_allocated", "frames": _frames("train.py", 88, "forward")},
        {"address": 0x7F0001200000, "size": 2 * MiB, "requested_size": 0, "state": "inactive",
         "frames": []},
    ]  # fmt: skip
    seg1_blocks = [
        {"address": 0x7F1000000000, "size": 1 * MiB, "requested_size": 1 * MiB,
         "state": "active_allocated", "frames": _frames("data.py", 12, "collate")},
        {"address": 0x7F1000100000, "size": 1 * MiB, "requested_size": 1 * MiB,
         "state": "active_pending_free", "frames": []},
    ]  # fmt: skip
    return {
        "segments": [
            {"device": 0, "address": 0x7F0000000000, "total_size": 20 * MiB, "stream": 0,
             "segment_type": "large", "allocated_size": 12 * MiB, "active_size": 12 * MiB,
             "requested_size": 12 * MiB, "blocks": seg0_blocks},
            {"device": 0, "address": 0x7F1000000000, "total_size": 2 * MiB, "stream": 0,
             "segment_type": "small", "allocated_size": 1 * MiB, "active_size": 2 * MiB,
             "requested_size": 2 * MiB, "blocks": seg1_blocks},
        ],
        "device_traces": [[
            {"action": "alloc", "addr": 0x7F0000000000, "size": 8 * MiB, "stream": 0,
             "time_us": 1, "frames": _frames("train.py", 88, "forward")},
            {"action": "oom", "addr": 0, "size": 64 * MiB, "stream": 0, "time_us": 2,
             "frames": []},
        ]],
        "allocator_settings": {"expandable_segments": False},
    }  # fmt: skip


def test_generated_snapshot_summary() -> None:
    s = summarize_snapshot(load_snapshot(pickle.dumps(make_snapshot())))
    assert s.devices == (0,)
    assert s.segment_count == 2
    assert s.reserved_bytes == 22 * MiB
    assert s.allocated_bytes == 13 * MiB
    assert s.active_bytes == 14 * MiB
    assert s.free_bytes == 8 * MiB
    assert s.largest_free_block_bytes == 6 * MiB
    assert s.fragmentation == pytest.approx(1 - 6 / 8)
    assert [(t.site, t.bytes, t.count) for t in s.top_sites] == [
        ("train.py:88 in forward", 12 * MiB, 2),
        ("data.py:12 in collate", 1 * MiB, 1),
    ]
    assert (s.trace_entries, s.oom_trace_entries) == (2, 1)


def test_law_reserved_is_the_sum_of_block_states() -> None:
    snap = make_snapshot()
    s = summarize_snapshot(snap)
    pending = 1 * MiB
    assert s.reserved_bytes == s.allocated_bytes + pending + s.free_bytes


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_every_protocol_loads(protocol: int) -> None:
    data = pickle.dumps(make_snapshot(), protocol=protocol)
    assert load_snapshot(data) == make_snapshot()


class _Evil:
    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.target}",))


def test_malicious_pickle_is_refused_without_running(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    payload = pickle.dumps({"segments": [], "device_traces": [_Evil(sentinel)]})
    with pytest.raises(OomParseError, match="refused"):
        load_snapshot(payload)
    assert not sentinel.exists()
    # control: the payload is real, plain pickle would have run it
    assert any(op.name in ("STACK_GLOBAL", "GLOBAL") for op, _, _ in pickletools.genops(payload))


def test_find_class_refuses_even_if_the_prescan_were_bypassed(tmp_path: Path) -> None:
    from notes_tools.oom.snapshot import _NoGlobals

    sentinel = tmp_path / "pwned2"
    payload = pickle.dumps(_Evil(sentinel), protocol=0)  # GLOBAL opcode
    import io

    with pytest.raises(OomParseError, match="global"):
        _NoGlobals(io.BytesIO(payload)).load()
    assert not sentinel.exists()


def test_size_cap_and_garbage() -> None:
    with pytest.raises(OomParseError, match="cap"):
        load_snapshot(b"\x80\x04N." + b" " * 100, max_bytes=50)
    with pytest.raises(OomParseError):
        load_snapshot(b"")
    with pytest.raises(OomParseError):
        load_snapshot(b"not a pickle at all")
    with pytest.raises(OomParseError, match="segments"):
        summarize_snapshot(load_snapshot(pickle.dumps({"hello": 1})))
    with pytest.raises(OomParseError, match="integer"):
        summarize_snapshot({"segments": [{"total_size": "big"}]})


def test_allow_list_has_no_code_opcodes() -> None:
    dangerous = {"GLOBAL", "STACK_GLOBAL", "REDUCE", "BUILD", "INST", "OBJ", "NEWOBJ",
                 "NEWOBJ_EX", "EXT1", "EXT2", "EXT4", "PERSID", "BINPERSID"}  # fmt: skip
    assert not dangerous & ALLOWED_OPCODES
    known = {op.name for op in pickletools.opcodes}
    assert known >= ALLOWED_OPCODES


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_loader_raises_only_its_own_error(data: bytes) -> None:
    with contextlib.suppress(OomParseError):
        summarize_snapshot(load_snapshot(data))
