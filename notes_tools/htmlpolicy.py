"""What HTML a contribution may publish: the policy and its checks.

Stock MkDocs passes raw HTML in Markdown through to the page, and
mkdocs-jupyter passes `text/html` and JavaScript outputs through, so a note
could run script in every reader's browser. The policy is to **reject** such
input with `path:line` (in `notes-tools check`, in the strict build, and for
notebook outputs produced at execution time): the allow-list below is what
notes may use.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from notes_tools.codeblocks import code_free_lines
from notes_tools.problems import Problem

# Tags a note may write as raw HTML; everything else is rejected.
ALLOWED_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "br",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ]
)
# Attributes allowed on those tags (event handlers `on*` and `style` never are).
ALLOWED_ATTRS = frozenset(
    [
        "class",
        "id",
        "title",
        "alt",
        "src",
        "href",
        "width",
        "height",
        "markdown",
        "open",
        "align",
        "loading",
        "colspan",
        "rowspan",
    ]
)
# URL schemes allowed in href/src and in Markdown links.
_BAD_URL = re.compile(
    r"^\s*(javascript|vbscript|file|data(?!:image/(?:png|jpeg|gif|webp);base64,)):", re.IGNORECASE
)
_MD_LINK = re.compile(r"\]\(\s*<?\s*(javascript|vbscript|data|file):", re.IGNORECASE)
_AUTOLINK = re.compile(r"<(https?|mailto|ftp):[^>\s]*>", re.IGNORECASE)
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|\\\(.*?\\\)")


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        self.found += [(line, msg) for msg in tag_problems(tag, attrs)]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def tag_problems(tag: str, attrs: list[tuple[str, str | None]]) -> list[str]:
    """What the policy rejects in one start tag."""
    if tag not in ALLOWED_TAGS:
        return [f"disallowed HTML <{tag}>: use Markdown, an admonition or an allowed tag"]
    out = []
    for name, value in attrs:
        if (
            name.startswith("on")
            or name == "style"
            or (name not in ALLOWED_ATTRS and not name.startswith("data-"))
        ):
            out.append(f"disallowed HTML attribute {name}= on <{tag}>")
        elif name in ("href", "src") and value and _BAD_URL.match(value):
            out.append(f"disallowed URL scheme in {name}= on <{tag}>")
    return out


def markdown_problems(path: str, text: str) -> list[Problem]:
    """Raw HTML and script URLs in a Markdown note, outside code and math."""
    problems = []
    lines = code_free_lines(text)
    for number, line in enumerate(lines, 1):
        if _MD_LINK.search(line):
            problems.append(Problem(path, number, "disallowed URL scheme in a Markdown link"))
        lines[number - 1] = _MATH.sub("", _AUTOLINK.sub("", line))
    text = "\n".join(lines)
    if "<" not in text:  # no tag can hide in text without '<'; skip the parser
        return problems
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    problems += [Problem(path, line, msg) for line, msg in scanner.found]
    return problems


def html_fragment_problems(html: str) -> list[str]:
    """Policy violations in an HTML fragment (a notebook `text/html` output)."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return [msg for _, msg in scanner.found]


# Output MIME types a notebook may publish.
SAFE_OUTPUT_TYPES = frozenset(
    {"text/plain", "image/png", "image/jpeg", "image/svg+xml", "text/markdown", "text/latex"}
)


def output_problems(output: dict[str, object]) -> list[str]:
    """Policy violations in one executed notebook output."""
    data = output.get("data")
    if not isinstance(data, dict):
        return []
    problems = []
    for mime, value in data.items():
        if mime == "text/html":
            html = "".join(value) if isinstance(value, list) else str(value)
            problems += html_fragment_problems(html)
        elif mime == "image/svg+xml":
            svg = "".join(value) if isinstance(value, list) else str(value)
            if re.search(r"<script|\son\w+\s*=|javascript:", svg, re.IGNORECASE):
                problems.append("SVG output carries script")
        elif mime not in SAFE_OUTPUT_TYPES:
            problems.append(f"output type {mime} is not published (script or widget)")
    return problems


def notebook_problems(path: str, text: str) -> list[Problem]:
    """A committed notebook: valid JSON, no stored outputs, safe Markdown cells."""
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        return [Problem(path, exc.lineno, f"notebook is not valid JSON: {exc.msg}")]
    problems = []
    lines = text.splitlines()
    cursor = 0
    for index, cell in enumerate(nb.get("cells", [])):
        # find the cell's line: the next '"cell_type"' after the previous one
        while cursor < len(lines) and '"cell_type"' not in lines[cursor]:
            cursor += 1
        line = cursor + 1
        cursor += 1
        if cell.get("cell_type") == "code" and (cell.get("outputs") or cell.get("execution_count")):
            problems.append(
                Problem(
                    path,
                    line,
                    f"cell {index} has stored outputs: commit notebooks without them",
                )
            )
        if cell.get("cell_type") == "markdown":
            source = "".join(cell.get("source", []))
            for p in markdown_problems(path, source):
                problems.append(Problem(path, line, f"cell {index}: {p.message}"))
    if nb.get("metadata", {}).get("widgets"):
        problems.append(Problem(path, 1, "notebook carries widget state: not published"))
    return problems


class _OutputAreaScanner(HTMLParser):
    """Finds policy violations inside notebook output areas of a rendered page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside an output area
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if self.depth:
            self.depth += 1
            if tag in (
                "script",
                "iframe",
                "object",
                "embed",
                "form",
                "style",
                "base",
                "meta",
                "link",
            ):
                self.found.append(f"notebook output contains <{tag}>")
            for name, value in attrs:
                if name.startswith("on") or (
                    name in ("href", "src") and value and _BAD_URL.match(value)
                ):
                    self.found.append(f"notebook output has {name}= on <{tag}>")
        elif "jp-OutputArea-output" in classes:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)


_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


def rendered_notebook_problems(html: str) -> list[str]:
    """Script-bearing HTML inside the output areas of a rendered notebook page."""
    scanner = _OutputAreaScanner()
    # void elements have no end tag: make them self-closing so depth stays right
    scanner.feed(re.sub(rf"<({'|'.join(_VOID)})(\b[^>]*?)/?>", r"<\1\2/>", html))
    scanner.close()
    return scanner.found
