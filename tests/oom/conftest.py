"""Shared fixtures for the OOM parser tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def oom_fixtures() -> Path:
    """The folder of OOM report fixtures, tests/fixtures/oom."""
    return Path(__file__).resolve().parents[1] / "fixtures" / "oom"


@pytest.fixture(scope="session")
def read_fixture(oom_fixtures: Path) -> Callable[[str], str]:
    """Read one OOM fixture by file name."""
    return lambda name: (oom_fixtures / name).read_text(encoding="utf-8")
