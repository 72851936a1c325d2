"""Shared helpers for the SDP tests.

`pytest_generate_tests` parametrizes any test that takes `good_sdp` (the
project's well-formed fixtures), `broken_sdp` (fixtures whose name says the
error line) or `corpus_sdp` (the shared corpus, skipped when absent).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "sdp"
CORPUS = ROOT / ".." / "shared" / "corpus" / "sdp"
_EXPECTED = re.compile(r"\.(strict-)?line-(\d+)\.sdp$")


def _files() -> dict[str, list[Path]]:
    every = sorted(FIXTURES.glob("*.sdp"))
    corpus = sorted(CORPUS.glob("*.sdp")) if CORPUS.is_dir() else []
    return {
        "good_sdp": [p for p in every if not p.name.startswith(("broken-", "mangled-"))],
        "broken_sdp": [p for p in every if p.name.startswith("broken-")],
        "corpus_sdp": corpus,
    }


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name, paths in _files().items():
        if name in metafunc.fixturenames:
            if paths:
                metafunc.parametrize(name, paths, ids=[p.name for p in paths])
            else:
                skip = pytest.mark.skip(reason=f"no files for {name} (../shared absent?)")
                metafunc.parametrize(name, [pytest.param(None, marks=skip)])


@pytest.fixture
def read() -> Callable[[Path], str]:
    """Read a file's text exactly as stored (line endings kept)."""
    return lambda path: path.read_bytes().decode("utf-8")


@pytest.fixture
def normalise() -> Callable[[str], str]:
    """CRLF/CR to LF plus a final newline: what `write` equality is 'up to'."""

    def run(text: str) -> str:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text if text.endswith("\n") else text + "\n"

    return run


@pytest.fixture
def expected_error() -> Callable[[Path], tuple[bool, int]]:
    """`(strict only?, line)` from a broken fixture's name, e.g. `x.strict-line-7.sdp`."""

    def run(path: Path) -> tuple[bool, int]:
        found = _EXPECTED.search(path.name)
        assert found, f"broken fixture {path.name} must say its error line"
        return bool(found.group(1)), int(found.group(2))

    return run


@pytest.fixture
def fixtures_dir() -> Path:
    """The project's own SDP fixtures."""
    return FIXTURES


@pytest.fixture
def corpus_dir() -> Path:
    """The shared corpus; skips the test when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/sdp is not present")
    return CORPUS
