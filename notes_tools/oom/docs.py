"""Markdown generated from the pattern and advice tables, for the reference page.

Used as `<!-- gen: notes_tools.oom.docs.pattern_table -->` so the page cannot drift
from the code.
"""

from __future__ import annotations

from notes_tools.oom import patterns as P
from notes_tools.oom.advice import RULES

__all__ = ["advice_table", "pattern_table"]


def _code(text: str) -> str:
    text = text.replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def pattern_table() -> str:
    """Every pattern row: name, family, producing version and its example, as Markdown.

    Example:
        >>> pattern_table().splitlines()[0]
        '| row | reads | version | example |'
    """
    rows = [*P.CLAUSES, *(row for _, row in P.KERNEL_LINES), *P.SINGLE_LINES]
    lines = ["| row | reads | version | example |", "| --- | --- | --- | --- |"]
    for row in rows:
        lines.append(f"| `{row.name}` | {row.family} | {row.version} | {_code(row.example)} |")
    return "\n".join(lines) + "\n"


def advice_table() -> str:
    """Every advice rule: its code and the note section it links to, as Markdown."""
    lines = ["| advice | explained in |", "| --- | --- |"]
    for rule in RULES:
        path, _, anchor = rule.link.partition("/#")
        lines.append(f"| `{rule.code}` | [{path}#{anchor}](../{path}.md#{anchor}) |")
    return "\n".join(lines) + "\n"
