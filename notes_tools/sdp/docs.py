"""Markdown generated from the grammar table, for `<!-- gen: ... -->` lines in the notes."""

from __future__ import annotations

import inspect
import re

from notes_tools.sdp import grammar

__all__ = ["grammar_table"]


def _examples() -> list[str]:
    source = inspect.getsource(grammar)
    return re.findall(r"^    # ([a-z]=\S.*)\n    Row\(", source, re.MULTILINE)


def grammar_table() -> str:
    """The grammar as a Markdown table: wire example, model class, value syntax, RFC.

    Examples:
        >>> grammar_table().splitlines()[2]
        '| `v=0` | `Version` | `<version>` | RFC 8866 §5.1 |'
    """
    rows = [
        "| example | model | value syntax | defined in |",
        "| --- | --- | --- | --- |",
    ]
    for example, row in zip(_examples(), grammar.ROWS, strict=True):
        syntax = (
            grammar.describe(grammar.parse_template(row.template)) if row.template else "(none)"
        )
        shown = example if len(example) <= 60 else example[:57] + "..."
        rows.append(f"| `{shown}` | `{row.cls.__name__}` | `{syntax}` | {row.rfc} |")
    return "\n".join(rows)
