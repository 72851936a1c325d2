"""The site build is a test: strict, offline, and failing on each kind of bad note."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

Tiny = Callable[[dict[str, str]], tuple[object, Path]]


GOOD = """\
---
title: Tiny
summary: A page with math, a diagram and a link.
date: 2026-11-23
tags: [networking]
---

# Tiny

Inline $a^2 + b^2 = c^2$ and a [link](other.md#a-heading) about the MTU.

```mermaid
graph LR
  A --> B
```
"""
OTHER = """\
---
title: Other
summary: The link target.
date: 2026-11-23
tags: [mtu]
---

# Other

## A heading
"""


def test_tiny_site_builds_and_serves_its_own_assets(tiny_site: Tiny) -> None:
    proc, site = tiny_site({"index.md": GOOD, "other.md": OTHER})
    assert proc.returncode == 0, proc.stderr
    html = (site / "index.html").read_text()
    assert 'class="arithmatex"' in html
    assert '<abbr title="Maximum Transmission Unit' in html  # the glossary is appended to each page
    assert (site / "assets" / "vendor" / "katex" / "katex.min.js").is_file()
    assert (site / "assets" / "vendor" / "mermaid" / "mermaid.min.js").is_file()
    assert 'content="A page with math, a diagram and a link."' in html  # summary -> description


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("tags: [networking]", "tags: [networkin]"),
            r"index\.md:5: front matter: 'tags' unknown tag 'networkin'",
        ),
        (
            ("(other.md#a-heading)", "(missing.md)"),
            r"contains a link 'missing\.md', but the target",
        ),
        (("(other.md#a-heading)", "(other.md#no-such-anchor)"), r"no-such-anchor"),
        (
            ("# Tiny\n", "# Tiny\n\n<script>alert(1)</script>\n"),
            r"index\.md:10: disallowed HTML <script>",
        ),
        (
            ("# Tiny\n", "# Tiny\n\n<!-- gen: notes_tools.nothing.here -->\n"),
            r"gen: cannot import notes_tools\.nothing\.here",
        ),
    ],
)
def test_bad_note_fails_the_strict_build(
    tiny_site: Tiny, change: tuple[str, str], expected: str
) -> None:
    proc, _ = tiny_site({"index.md": GOOD.replace(*change), "other.md": OTHER})
    assert proc.returncode != 0
    assert re.search(expected, proc.stderr), proc.stderr[-2000:]


def _notebook(title: str, code: str) -> str:
    """A one-code-cell notebook with valid notes metadata and no stored outputs."""
    cells = [
        {"cell_type": "markdown", "id": "c0", "metadata": {}, "source": [f"# {title}"]},
        {
            "cell_type": "code",
            "id": "c1",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": [code],
        },
    ]
    notes = {
        "title": title,
        "summary": "A test notebook.",
        "date": "2026-11-23",
        "tags": ["notebook"],
    }
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    metadata = {"notes": notes, "kernelspec": kernel}
    return json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5})


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("1 / 0", "ZeroDivisionError"),
        (
            "from IPython.display import HTML\nHTML('<img src=x onerror=alert(1)>')",
            "notebook output has onerror=",
        ),
    ],
    ids=["failing", "hostile-output"],
)
def test_bad_notebook_fails_the_build(tiny_site: Tiny, code: str, expected: str) -> None:
    proc, _ = tiny_site({"index.md": OTHER, "nb.ipynb": _notebook("Bad", code)})
    assert proc.returncode != 0
    assert expected in proc.stderr


def test_project_site_builds_strictly_and_loads_nothing_remote(built_site: Path) -> None:
    script = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL)
    remote = re.compile(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}/[^\"'\s)]*\.(?:m?js|css|woff2?|ttf)\b")
    link = re.compile(r"<link\b[^>]*>")
    loads = re.compile(r'rel="(?:stylesheet|preload|modulepreload|icon|manifest|prefetch)"')
    remote_href = re.compile(r'href="((?:https?:)?//[^"]+)"')
    offenders = []
    for page in built_site.rglob("*.html"):
        html = page.read_text()
        for attrs, body in script.findall(html):
            offenders += [
                f"{page.relative_to(built_site)}: script {m}" for m in remote.findall(attrs + body)
            ]
        for tag in link.findall(html):
            if loads.search(tag) and remote_href.search(tag):
                offenders.append(f"{page.relative_to(built_site)}: {tag}")
    assert offenders == []
    assert (built_site / "search" / "search_index.json").is_file()
    assert (built_site / "assets" / "vendor" / "katex" / "fonts").is_dir()
