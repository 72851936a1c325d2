"""Notes are original writing: no run of 8 words shared with the source material.

Fenced code blocks are left out on both sides: protocol samples and log lines
may be quoted as data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notes_tools import check, codeblocks

REPO = Path(__file__).resolve().parents[2]
RUN = 8
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def shingles(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def prose(text: str) -> str:
    """Markdown or notebook text without fenced code, inline code or front matter."""
    if text.lstrip().startswith("{"):
        import json

        nb = json.loads(text)
        return "\n".join(
            "".join(c.get("source", []))
            for c in nb.get("cells", [])
            if c["cell_type"] == "markdown"
        )
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = "\n".join(codeblocks.code_free_lines(text))
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " ", text, flags=re.DOTALL)  # math is notation
    return re.sub(r"https?://\S+", " ", text)  # a URL is a reference, not prose


def test_shingles_law() -> None:
    a = "one two three four five six seven eight nine"
    assert len(shingles(a)) == 2
    assert shingles(a) & shingles("zero " + a)
    assert not shingles("one two three four five six seven")


def test_no_note_copies_the_seeds(shared: Path) -> None:
    seeds = shared / "seeds"
    seed_shingles: set[tuple[str, ...]] = set()
    for seed in sorted(seeds.glob("*.txt")):
        seed_shingles |= shingles(prose(seed.read_text(encoding="utf-8")))
    if not seed_shingles:
        pytest.skip("no seed files")
    copied = []
    for note in check.note_files([REPO / "docs"]):
        common = shingles(prose(note.read_text(encoding="utf-8"))) & seed_shingles
        if common:
            copied.append(
                f"{note.relative_to(REPO)}: shares {len(common)} run(s) of {RUN} words, e.g. {' '.join(min(common))!r}"
            )
    assert copied == [], "\n".join(copied)
