"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def shared() -> Path:
    """The reference material beside the repository; skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


def build_site(out: Path, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the project (or of `config`) into `out`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
    if config is not None:
        cmd += ["--config-file", str(config)]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site, built once per test session with `mkdocs build --strict`."""
    out = tmp_path_factory.mktemp("site")
    proc = build_site(out)
    if proc.returncode:
        problems = [ln for ln in proc.stderr.splitlines() if "WARNING" in ln or "ERROR" in ln]
        pytest.fail(
            "strict build failed:\n" + "\n".join(problems or proc.stderr.splitlines()[-20:])
        )
    return out


def build_tiny_site(
    tmp_path: Path, pages: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Build `pages` (name -> text) with the project's configuration and hooks, in `tmp_path`."""
    docs = tmp_path / "docs"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - notes_tools/hooks.py", f"  - {REPO / 'notes_tools' / 'hooks.py'}")
    config += f"\ndocs_dir: {docs}\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    return build_site(site, tmp_path / "mkdocs.yml"), site


@pytest.fixture
def tiny_site(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build a tiny site from {name: text} with the project's configuration and hooks."""
    return lambda pages: build_tiny_site(tmp_path, pages)
