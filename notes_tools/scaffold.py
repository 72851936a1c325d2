"""`notes-tools new`: write a valid note skeleton in the right section. Never overwrites."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

from notes_tools import frontmatter

TEMPLATE = """\
---
title: {title}
summary: TODO - say in one sentence what the reader will know after reading.
date: {date}
tags: [{tags}]
sources:
  - title: TODO - where the facts come from
    url: https://example.org/
---

# {title}

Say what this note explains and for whom.

## The idea

## Try it

## Related notes
"""


def slugify(title: str) -> str:
    """Kebab-case file stem: 'How QUIC picks a path MTU' -> 'how-quic-picks-a-path-mtu'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def render(title: str, tags: list[str], today: dt.date) -> str:
    """The skeleton's text."""
    return TEMPLATE.format(title=title, date=today.isoformat(), tags=", ".join(tags))


def create(
    root: Path, title: str, section: str, tags: list[str], today: dt.date | None = None
) -> Path:
    """Write the skeleton for `title` under `root/docs/section/`; refuse to overwrite.

    Raises:
        ValueError: the title, section or a tag is invalid, or the file exists.
    """
    slug = slugify(title)
    if not slug:
        raise ValueError(f"title {title!r} has no letters or digits to name a file after")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*", section):
        raise ValueError(
            f"section {section!r} must be a kebab-case folder name such as 'networking'"
        )
    vocab = frontmatter.vocabulary(root / "mkdocs.yml")
    unknown = [t for t in tags if t not in vocab]
    if unknown or not tags:
        raise ValueError(
            f"unknown tag {unknown[0]!r}: use tags from tags_allowed in mkdocs.yml"
            if unknown
            else "give at least one tag"
        )
    target = root / "docs" / section / f"{slug}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = render(title, tags, today or dt.date.today())
    try:
        with target.open("x", encoding="utf-8") as handle:  # 'x': fails if the file exists
            handle.write(text)
    except FileExistsError:
        raise ValueError(f"{target.relative_to(root)} already exists; not overwriting it") from None
    return target


def main(argv: list[str] | None = None) -> int:
    """Run `notes-tools new`."""
    parser = argparse.ArgumentParser(
        prog="notes-tools new",
        description="Write a new note skeleton with valid front matter (never overwrites).",
        epilog=(
            "example:\n"
            '  notes-tools new "Path MTU in QUIC" --section networking --tags networking,mtu'
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("title", help="the note's title")
    parser.add_argument(
        "--section", required=True, help="section folder under docs/, e.g. networking"
    )
    parser.add_argument("--tags", required=True, help="comma-separated tags from the vocabulary")
    parser.add_argument(
        "--root", type=Path, default=Path.cwd(), help="repository root (default: .)"
    )
    args = parser.parse_args(argv)
    tags = [t.strip() for t in args.tags.split(",") if t.strip()]
    try:
        path = create(args.root, args.title, args.section, tags)
    except (ValueError, OSError) as exc:
        print(f"notes-tools new: {exc}", file=sys.stderr)
        return 1
    print(path.relative_to(args.root))
    return 0
