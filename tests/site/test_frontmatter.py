"""Front matter: the schema table, the vocabulary, and `path:line` for every problem."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from notes_tools import frontmatter

VOCAB = ["networking", "mtu", "gpu"]
GOOD = """\
---
title: A note
summary: It says one thing.
date: 2026-11-23
tags: [networking, mtu]
sources:
  - title: RFC 791
    url: https://www.rfc-editor.org/rfc/rfc791
---

# A note
"""


def problems(text: str) -> list[str]:
    fm, found = frontmatter.split_markdown("n.md", text)
    if fm is not None:
        found += frontmatter.validate("n.md", fm, VOCAB)
    return [str(p) for p in found]


def test_good_front_matter_passes() -> None:
    assert problems(GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("tags: [networking, mtu]", "tags: [networking, mtus]"),
            "n.md:5: front matter: 'tags' unknown tag 'mtus' (did you mean 'mtu'?)",
        ),
        (
            ("summary: It says one thing.", "summary: It says. Then more."),
            "n.md:3: front matter: 'summary' must be one sentence, not several",
        ),
        (
            ("summary: It says one thing.", "summary: no full stop"),
            "n.md:3: front matter: 'summary' must be one sentence ending",
        ),
        (
            ("date: 2026-11-23", "date: 23/11/2026"),
            "n.md:4: front matter: 'date' must be a date written YYYY-MM-DD",
        ),
        (("title: A note\n", ""), "n.md:1: front matter: missing 'title'"),
        (
            ("date: 2026-11-23", "date: 2026-11-23\ntitel: x"),
            "n.md:5: front matter: unknown key 'titel' (did you mean 'title'?)",
        ),
        (
            ("date: 2026-11-23", "date: 2026-11-23\nupdated: 2026-01-01"),
            "n.md:5: front matter: 'updated' is before 'date'",
        ),
        (
            ("url: https://www.rfc-editor.org/rfc/rfc791", "url: rfc791"),
            "n.md:6: front matter: 'sources' entry 1 needs an http(s) 'url'",
        ),
        (
            ("tags: [networking, mtu]", "tags: [networking, mtu"),
            "n.md:6: front matter is not valid YAML",
        ),
    ],
)
def test_each_problem_names_its_line(change: tuple[str, str], expected: str) -> None:
    text = GOOD.replace(*change)
    found = problems(text)
    assert any(p.startswith(expected) for p in found), found


def test_missing_and_unclosed_front_matter() -> None:
    assert problems("# just a title\n") == [
        "n.md:1: front matter missing: the note must start with '---'"
    ]
    assert problems("---\ntitle: x\n") == ["n.md:1: front matter is not closed by a '---' line"]


def test_notebook_front_matter_lives_in_metadata() -> None:
    nb = {
        "cells": [],
        "metadata": {
            "notes": {"title": "T", "summary": "S.", "date": "2026-11-23", "tags": ["gpux"]}
        },
    }
    text = json.dumps(nb, indent=1)
    fm, found = frontmatter.split_notebook("nb.ipynb", text)
    assert fm is not None and not found
    out = frontmatter.validate("nb.ipynb", fm, VOCAB)
    assert [p.message for p in out] == [
        "front matter: 'tags' unknown tag 'gpux' (did you mean 'gpu'?); the vocabulary is tags_allowed in mkdocs.yml"
    ]
    assert out[0].line == next(n for n, ln in enumerate(text.splitlines(), 1) if '"tags"' in ln)


def test_vocabulary_is_read_from_mkdocs_yml(repo: Path) -> None:
    vocab = frontmatter.vocabulary(repo / "mkdocs.yml")
    assert {"webrtc", "mtu", "gpu", "rust"} <= set(vocab)
    assert len(vocab) == len(set(vocab)), "a tag is listed twice"


def test_schema_rows_are_unique_and_documented() -> None:
    names = [f.name for f in frontmatter.FIELDS]
    assert len(names) == len(set(names))
    assert all(f.doc for f in frontmatter.FIELDS)
    assert {f.name for f in frontmatter.FIELDS if f.required} == {
        "title",
        "summary",
        "date",
        "tags",
    }
    assert frontmatter._date(dt.date(2026, 1, 1), frozenset()) is None
