"""The raw-HTML policy: hostile input is rejected with its line; ordinary notes pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from notes_tools import htmlpolicy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"


def test_hostile_note_is_rejected_line_by_line() -> None:
    text = (FIXTURES / "hostile-note.md").read_text()
    problems = htmlpolicy.markdown_problems("hostile-note.md", text)
    lines = {p.line for p in problems}
    expected = {
        n
        for n, line in enumerate(text.splitlines(), 1)
        if any(s in line for s in ("<script>alert", "onerror", "javascript:", "<iframe", "style="))
    }
    assert lines == expected, problems
    assert all(str(p).startswith(f"hostile-note.md:{p.line}: ") for p in problems)


def test_code_spans_and_fences_are_data_not_html() -> None:
    text = "Use `<script>` tags.\n\n```html\n<script>x</script>\n```\n"
    assert htmlpolicy.markdown_problems("ok.md", text) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "<kbd>Ctrl</kbd>+<kbd>C</kbd>",
        "H<sub>2</sub>O and x<sup>2</sup>",
        "<details><summary>More</summary>text</details>",
        '<img src="figure.png" alt="a figure" width="300">',
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">',
        "<https://example.org/autolink>",
        "math $a<b$ stays math",
        '<div class="grid" markdown>text</div>',
    ],
)
def test_allowed_html_passes(snippet: str) -> None:
    assert htmlpolicy.markdown_problems("ok.md", snippet + "\n") == []


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x></SCRIPT>",
        '<img src="x" onload="alert(1)">',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        "<svg><circle/></svg>",
        "<style>body{display:none}</style>",
        '<object data="x.swf"></object>',
        "<form action=/steal><input></form>",
        '<img src="data:text/html;base64,PHNjcmlwdD4=">',
        "[x](vbscript:msgbox)",
    ],
)
def test_disallowed_html_fails(snippet: str) -> None:
    assert htmlpolicy.markdown_problems("bad.md", "text\n" + snippet + "\n"), snippet


def test_hostile_notebook_is_rejected() -> None:
    text = (FIXTURES / "hostile-notebook.ipynb").read_text()
    messages = [p.message for p in htmlpolicy.notebook_problems("nb.ipynb", text)]
    assert any("stored outputs" in m for m in messages)
    assert any("<script>" in m for m in messages)


def test_executed_output_policy() -> None:
    bad_html = {"data": {"text/html": ["<img src=x onerror=alert(1)>"]}}
    bad_js = {"data": {"application/javascript": "alert(1)"}}
    bad_svg = {"data": {"image/svg+xml": "<svg onload=alert(1)></svg>"}}
    good = {"data": {"text/plain": "42", "image/png": "iVBORw0KGgo="}}
    assert htmlpolicy.output_problems(bad_html)
    assert htmlpolicy.output_problems(bad_js)
    assert htmlpolicy.output_problems(bad_svg)
    assert htmlpolicy.output_problems(good) == []


def test_rendered_notebook_outputs_are_scanned() -> None:
    page = (
        '<script src="theme.js"></script>'
        '<div class="jp-OutputArea-output"><img src="data:image/png;base64,AA=="><br>'
        "<pre>fine</pre></div>"
        '<div class="jp-OutputArea-output"><script>alert(1)</script></div>'
        "<script>outside outputs is the page's own</script>"
    )
    assert htmlpolicy.rendered_notebook_problems(page) == ["notebook output contains <script>"]
