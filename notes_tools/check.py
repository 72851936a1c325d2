"""`notes-tools check`: validate notes and print `path:line: message` for each problem.

Checks front matter against the schema and the tag vocabulary, the raw-HTML
policy, notebook hygiene and code-block languages; `--run-code` also runs
every code block. The same functions run inside the strict MkDocs build.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from notes_tools import codeblocks, frontmatter, htmlpolicy
from notes_tools.problems import Problem, in_github_actions

NOTE_SUFFIXES = (".md", ".ipynb")
EXCLUDED_DIRS = ("includes",)


def note_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Notes under `paths` (files or folders), skipping `docs/includes/`."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                rel = found.relative_to(path).parts
                if found.suffix in NOTE_SUFFIXES and not any(
                    p in EXCLUDED_DIRS or p.startswith(".") for p in rel
                ):
                    yield found
        else:
            yield path


_MD_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)")


def page_url(rel: str) -> str:
    """The directory URL MkDocs gives a note: 'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/'."""
    stem, _, _ = rel.rpartition(".")
    return (
        ""
        if stem == "index"
        else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
    )


def notebook_link_problems(display: str, text: str, rel: str, urls: set[str]) -> list[Problem]:
    """Links in a notebook's Markdown cells that lead nowhere.

    mkdocs-jupyter neither rewrites `.md` links in notebooks nor lets the
    strict build check them, so notebooks link by page URL (`../collectives/`)
    and this check resolves each one against the pages that exist.
    """
    problems = []
    here = page_url(rel)
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        for target in _MD_LINK.findall(line):
            path = target.split("#", 1)[0]
            if not path or re.match(r"^[a-z][a-z0-9+.-]*:", path):
                continue
            if path.endswith((".md", ".ipynb")):
                problems.append(
                    Problem(
                        display, number, f"link {target!r}: notebooks link by page URL, not file"
                    )
                )
                continue
            resolved = posixpath.normpath(posixpath.join(here, path)).lstrip("./")
            resolved = "" if resolved == "." else resolved.rstrip("/") + "/" if resolved else ""
            if resolved not in urls:
                problems.append(Problem(display, number, f"link {target!r} leads to no page"))
    return problems


def check_note(
    path: Path,
    display: str,
    vocab: Iterable[str],
    run_code: bool = False,
    cwd: Path | None = None,
    docs: Path | None = None,
    urls: set[str] | None = None,
) -> list[Problem]:
    """All problems of one note."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [Problem(display, 0, f"not UTF-8 text (byte {exc.start})")]
    problems = frontmatter.check_file(path, display, vocab)
    if path.suffix == ".ipynb":
        problems += htmlpolicy.notebook_problems(display, text)
        if urls is not None and docs is not None:
            rel = path.resolve().relative_to(docs.resolve()).as_posix()
            problems += notebook_link_problems(display, text, rel, urls)
    else:
        problems += htmlpolicy.markdown_problems(display, text)
        if run_code:
            problems += codeblocks.run_page(display, text, cwd or Path.cwd())
        else:
            problems += codeblocks.static_problems(display, text)
    return sorted(set(problems))


def check_tree(paths: Iterable[Path], root: Path, run_code: bool = False) -> list[Problem]:
    """Problems of every note under `paths`; vocabulary from `root/mkdocs.yml`."""
    vocab = frontmatter.vocabulary(root / "mkdocs.yml")
    docs = root / "docs"
    urls = {page_url(p.relative_to(docs).as_posix()) for p in note_files([docs])}
    urls |= {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    context = hash((tuple(vocab), frozenset(urls), run_code))
    problems = []
    for path in note_files(paths):
        try:
            display = str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            display = str(path)
        stat = path.stat()
        key = (display, stat.st_mtime_ns, stat.st_size, context)
        if key not in _CACHE:
            inside = path.resolve().is_relative_to(docs.resolve())
            _CACHE[key] = check_note(
                path,
                display,
                vocab,
                run_code,
                root,
                docs if inside else None,
                urls if inside else None,
            )
        problems += _CACHE[key]
    return problems


# (path, mtime, size, vocabulary+pages+run_code) -> problems. Lives as long as the
# process: `mkdocs serve` re-checks only the notes that changed since the last build.
_CACHE: dict[tuple[str, int, int, int], list[Problem]] = {}


def main(argv: list[str] | None = None) -> int:
    """Run `notes-tools check`; exit 0 when clean, 1 with problems, 2 on usage errors."""
    parser = argparse.ArgumentParser(
        prog="notes-tools check",
        description="Validate notes: front matter, tags, raw HTML, notebooks, code blocks.",
        epilog="example:\n  notes-tools check docs/networking/mtu.md --run-code",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", type=Path, help="notes or folders (default: docs/)")
    parser.add_argument("--run-code", action="store_true", help="also run every code block")
    parser.add_argument(
        "--root", type=Path, default=Path.cwd(), help="repository root (default: .)"
    )
    args = parser.parse_args(argv)
    paths = args.paths or [args.root / "docs"]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"notes-tools check: {missing[0]}: no such file or folder", file=sys.stderr)
        return 2
    if not (args.root / "mkdocs.yml").is_file():
        print(f"notes-tools check: {args.root}: no mkdocs.yml here (use --root)", file=sys.stderr)
        return 2
    problems = check_tree(paths, args.root, run_code=args.run_code)
    for problem in problems:
        print(problem)
        if in_github_actions():
            print(problem.annotation())
    count = len(list(note_files(paths)))
    print(f"{len(problems)} problem(s) in {count} note(s)", file=sys.stderr)
    return 1 if problems else 0
