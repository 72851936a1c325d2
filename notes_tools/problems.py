"""Problems found in notes, reported compiler-style: `path:line: message`.

Contributor checks collect problems instead of raising, so one run shows all
of them. Under GitHub Actions each problem is also printed as an `::error`
workflow command, which GitHub shows as an annotation on the pull request.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file."""

    path: str
    """Path of the file, as given (relative to the repository root when possible)."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    message: str
    """What is wrong and, where it helps, how to fix it."""

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.message}"
            if self.line
            else f"{self.path}: {self.message}"
        )

    def annotation(self) -> str:
        """The GitHub Actions `::error` workflow command for this problem."""
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        where = f"file={self.path},line={self.line}" if self.line else f"file={self.path}"
        return f"::error {where}::{msg}"


def in_github_actions() -> bool:
    """True when running as a GitHub Actions step."""
    return os.environ.get("GITHUB_ACTIONS") == "true"
