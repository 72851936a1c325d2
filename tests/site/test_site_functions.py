"""Site logic as plain functions: git dates, generated Markdown, glossary, assets."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from notes_tools import site


def _git(cwd: Path, *args: str, date: str = "2026-01-02T03:04:05") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def test_git_dates_take_each_files_last_commit(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "a@b.invalid")
    _git(tmp_path, "config", "user.name", "a")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("one\n")
    (tmp_path / "docs" / "b.md").write_text("one\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "first", date="2026-01-02T03:04:05")
    (tmp_path / "docs" / "b.md").write_text("two\n")
    _git(tmp_path, "commit", "-qam", "second", date="2026-03-04T05:06:07")
    assert site.git_dates(tmp_path) == {"docs/a.md": "2026-01-02", "docs/b.md": "2026-03-04"}


def test_git_dates_outside_a_repository_is_empty(tmp_path: Path) -> None:
    assert site.git_dates(tmp_path / "nowhere") == {}


def test_expand_generated_calls_the_named_function() -> None:
    text = "before\n<!-- gen: notes_tools.site.glossary_markdown -->\nafter\n"
    out = site.expand_generated(text)
    assert out.startswith("before\n## ") and out.endswith("\nafter\n")
    with pytest.raises(site.GenError, match=r"line 2: gen: cannot import notes_tools\.site\.nope"):
        site.expand_generated("x\n<!-- gen: notes_tools.site.nope -->\n")


def test_glossary_is_sorted_unique_and_large_enough(tmp_path: Path) -> None:
    abbr = tmp_path / "abbr.md"
    abbr.write_text("*[b]: second\n*[A]: first\n*[A]: duplicate ignored\nnot an entry\n")
    assert site.glossary_entries(abbr) == [("A", "first"), ("b", "second")]
    entries = site.glossary_entries()
    assert len(entries) >= 80, (
        f"the glossary has {len(entries)} terms; the notes promise at least 80"
    )


def test_index_title_reads_front_matter(tmp_path: Path) -> None:
    page = tmp_path / "index.md"
    page.write_text('---\ntitle: "AI and LLMs"\nsummary: x.\n---\n# body\n')
    assert site.index_title(page) == "AI and LLMs"
    assert site.index_title(tmp_path / "missing.md") is None


def test_vendor_assets_reports_what_is_missing(tmp_path: Path) -> None:
    missing = site.vendor_assets(tmp_path / "site", tmp_path / "node_modules")
    assert any("katex.min.js" in m for m in missing) and any("mermaid.min.js" in m for m in missing)


def test_strip_cdn_scripts_keeps_local_ones() -> None:
    html = (
        '<script src=""> </script>'
        '<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js"></script>'
        '<script type="module">await import("https://cdn.example/mermaid.esm.min.mjs")</script>'
        '<script src="clipboard.js"></script><script>var a = 1;</script>'
    )
    assert (
        site.strip_cdn_scripts(html)
        == '<script src="clipboard.js"></script><script>var a = 1;</script>'
    )
