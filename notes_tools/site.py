"""Site logic as plain functions; `notes_tools/hooks.py` is the MkDocs glue over them.

Kept free of MkDocs imports so the same functions can serve another
generator (Zensical reads mkdocs.yml but not every plugin).
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# --- last-updated dates from git: one `git log` for the whole tree ----------


def git_dates(root: Path) -> dict[str, str]:
    """Map each file path (relative to `root`) to the ISO date of its last commit.

    One `git log` pass instead of one per page, so the cost does not grow with
    the number of notes times the history. Empty when `root` is not a git
    checkout; shallow clones give the date of the shallow tip.
    """
    try:
        proc = subprocess.run(
            ["git", "log", "--format=@%cs", "--name-only", "--no-renames", "--", "docs"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in proc.stdout.splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line and line not in dates:
            dates[line] = current
    return dates


# --- generated Markdown: `<!-- gen: package.module.function -->` -----------

GEN = re.compile(r"^[ \t]*<!--\s*gen:\s*([\w.]+)\s*-->[ \t]*$", re.MULTILINE)


class GenError(ValueError):
    """A `gen:` directive names something that cannot be called."""


def expand_generated(markdown: str) -> str:
    """Replace each `<!-- gen: pkg.mod.func -->` line by what `func()` returns."""

    def call(match: re.Match[str]) -> str:
        dotted = match[1]
        module_name, _, func_name = dotted.rpartition(".")
        try:
            func = getattr(importlib.import_module(module_name), func_name)
        except (ImportError, AttributeError, ValueError) as exc:
            line = markdown.count("\n", 0, match.start()) + 1
            raise GenError(f"line {line}: gen: cannot import {dotted}: {exc}") from None
        return str(func()).rstrip("\n")

    return GEN.sub(call, markdown)


# --- the glossary: docs/includes/abbreviations.md -------------------------

ABBR = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<text>.+)$")


def glossary_entries(path: Path | None = None) -> list[tuple[str, str]]:
    """(term, explanation) pairs from the abbreviations file, sorted case-insensitively."""
    path = path or REPO / "docs" / "includes" / "abbreviations.md"
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = ABBR.match(line.strip())
        if m:
            entries.setdefault(m["term"], m["text"].strip())
    return sorted(entries.items(), key=lambda kv: (kv[0].casefold(), kv[0]))


def glossary_markdown() -> str:
    """The glossary page body: every abbreviation as a definition list, grouped by letter."""
    out: list[str] = []
    letter = ""
    for term, text in glossary_entries():
        first = term[0].upper() if term[0].isalpha() else "#"
        if first != letter:
            letter = first
            out += [f"## {letter}", ""]
        out += [f"`{term}`" if " " not in term else term, f":   {text}", ""]
    return "\n".join(out)


# --- section titles from each section's index.md ----------------------------


def index_title(index_md: Path) -> str | None:
    """The `title:` of a section's index page, read without a YAML parser."""
    try:
        head = index_md.read_text(encoding="utf-8").split("\n---", 1)[0]
    except OSError:
        return None
    m = re.search(r"^title:\s*(.+?)\s*$", head, re.MULTILINE)
    return m[1].strip("'\"") if m else None


# --- assets served by the site itself (no CDN) ------------------------------

# (package folder under node_modules, files or folders to copy, target under assets/vendor)
VENDORED: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "katex/dist",
        ("katex.min.js", "katex.min.css", "fonts", "contrib/auto-render.min.js"),
        "katex",
    ),
    ("mermaid/dist", ("mermaid.min.js",), "mermaid"),
)


def _copy_if_changed(src: str | Path, dst: str | Path) -> None:
    """copy2, skipped when `dst` already has `src`'s size and mtime (serve rebuilds)."""
    s, d = Path(src), Path(dst)
    if d.exists() and (d.stat().st_size, d.stat().st_mtime_ns) == (
        s.stat().st_size,
        s.stat().st_mtime_ns,
    ):
        return
    shutil.copy2(s, d)


def vendor_assets(site_dir: Path, node_modules: Path) -> list[str]:
    """Copy KaTeX and Mermaid from the npm packages into the built site; return what is missing."""
    missing = []
    for package, names, target in VENDORED:
        for name in names:
            src = node_modules / package / name
            dst = site_dir / "assets" / "vendor" / target / Path(name).name
            if not src.exists():
                missing.append(str(src))
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True, copy_function=_copy_if_changed)
            else:
                _copy_if_changed(src, dst)
    return missing


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_REMOTE_JS = re.compile(r"https?://[^\"'\s)]+\.m?js\b", re.IGNORECASE)


def strip_cdn_scripts(html: str) -> str:
    """Remove scripts that load code from another host, and empty `src=""` tags.

    nbconvert's template adds MathJax (left as an empty `src` when no URL is
    configured) and a module that imports Mermaid from a CDN. KaTeX and the
    vendored Mermaid serve notebook pages as they serve Markdown pages.
    """

    def keep(match: re.Match[str]) -> str:
        attrs, body = match[1], match[2]
        if re.search(r"\bsrc\s*=\s*[\"']\s*[\"']", attrs) or _REMOTE_JS.search(attrs + body):
            return ""
        return match[0]

    return _SCRIPT.sub(keep, html)
