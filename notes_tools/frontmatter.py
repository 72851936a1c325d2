"""Front matter of notes: split it off, validate it against the schema, report `path:line`.

The schema is a table (`FIELDS`): one row per key, what it must hold, and
whether it is required. The tag vocabulary is the `tags_allowed` list of the
Material tags plugin in `mkdocs.yml`, so the strict build and
`notes-tools check` agree on it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notes_tools.problems import Problem

FENCE = "---"
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")
_URL = re.compile(r"^https?://[^\s]+$")

Validator = Callable[[Any, frozenset[str]], str | None]


def _text(value: Any, _: frozenset[str]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be non-empty text"
    return None


def _summary(value: Any, _: frozenset[str]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be one sentence of text"
    value = value.strip()
    if "\n" in value or len(value) > 300:
        return "must be one sentence on one line (300 characters at most)"
    if value[-1] not in ".!?":
        return "must be one sentence ending with '.', '!' or '?'"
    if _SENTENCE_END.search(value.replace("e.g. ", "").replace("i.e. ", "")):
        return "must be one sentence, not several"
    return None


def _date(value: Any, _: frozenset[str]) -> str | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return None
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return "must be a date written YYYY-MM-DD"


def _tags(value: Any, vocabulary: frozenset[str]) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of tags"
    for tag in value:
        if not isinstance(tag, str):
            return f"tag {tag!r} must be text"
        if vocabulary and tag not in vocabulary:
            near = difflib.get_close_matches(tag, sorted(vocabulary), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            return f"unknown tag {tag!r}{hint}; the vocabulary is tags_allowed in mkdocs.yml"
    if len(set(value)) != len(value):
        return "lists a tag twice"
    return None


def _sources(value: Any, _: frozenset[str]) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a list of {title, url} entries"
    for i, item in enumerate(value, 1):
        if not isinstance(item, dict) or set(item) - {"title", "url", "accessed"}:
            return f"entry {i} must have exactly 'title' and 'url' (and optional 'accessed')"
        if not isinstance(item.get("title"), str) or not item["title"].strip():
            return f"entry {i} needs a 'title'"
        if not isinstance(item.get("url"), str) or not _URL.match(item["url"]):
            return f"entry {i} needs an http(s) 'url'"
    return None


def _anything(value: Any, _: frozenset[str]) -> str | None:
    return None


@dataclass(frozen=True)
class Field:
    """One row of the front-matter schema."""

    name: str
    """The key as written in front matter."""
    required: bool
    """Whether every note must have it."""
    check: Validator
    """Returns None when the value is fine, else what is wrong."""
    doc: str
    """What the field is for (shown by `notes-tools check --schema`)."""


# The schema: one row per key.
FIELDS: tuple[Field, ...] = (
    Field("title", True, _text, "what the note says; the page title"),
    Field("summary", True, _summary, "one sentence; the page description and search snippet"),
    Field("date", True, _date, "first written, YYYY-MM-DD"),
    Field("tags", True, _tags, "tags from tags_allowed in mkdocs.yml"),
    Field("updated", False, _date, "last substantive revision, YYYY-MM-DD"),
    Field("sources", False, _sources, "list of {title, url}: where the facts come from"),
    # Material's own page-level keys, accepted as they are.
    Field("hide", False, _anything, "Material: hide navigation, toc, footer..."),
    Field("search", False, _anything, "Material: search boost or exclude"),
    Field("status", False, _anything, "Material: page status (new, deprecated)"),
    Field("icon", False, _anything, "Material: page icon"),
)
SCHEMA = {f.name: f for f in FIELDS}


@dataclass(frozen=True)
class FrontMatter:
    """Front matter split off a note, with where each key sits."""

    data: dict[str, Any]
    """The parsed mapping (empty when the note has none)."""
    key_lines: dict[str, int]
    """1-based line of each top-level key in the file."""
    start_line: int
    """1-based line where the front matter starts (0 when absent)."""
    body_line: int
    """1-based line where the body starts."""


@functools.cache
def _loader() -> Any:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it

    class Loader(base):  # type: ignore[misc,valid-type]
        """SafeLoader that reads mkdocs.yml's `!!python/name:` tags as plain strings."""

    def _python_tag(loader: Any, suffix: str, node: Any) -> str:
        return str(node.value) if hasattr(node, "value") else suffix

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)
    return Loader


def load_yaml(text: str) -> Any:
    """Parse YAML text safely; `!!python/...` tags become strings."""
    import yaml

    return yaml.load(text, Loader=_loader())


def load_all_yaml(text: str) -> list[Any]:
    """Parse every document of a YAML stream (front matter examples hold two `---`)."""
    import yaml

    return list(yaml.load_all(text, Loader=_loader()))  # a SafeLoader subclass


def split_markdown(path: str, text: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Split YAML front matter off Markdown `text`; report YAML errors with their line."""
    import yaml

    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        return None, [Problem(path, 1, "front matter missing: the note must start with '---'")]
    for end in range(1, len(lines)):
        if lines[end].strip() in (FENCE, "..."):
            break
    else:
        return None, [Problem(path, 1, "front matter is not closed by a '---' line")]
    block = "\n".join(lines[1:end])
    try:
        loader = _loader()(block)
        try:
            node = loader.get_single_node()  # one parse: key lines from the node,
            data = loader.construct_document(node) if node is not None else {}  # data from it too
        finally:
            loader.dispose()
        data = data or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(path, line, f"front matter is not valid YAML: {problem}")]
    if not isinstance(data, dict):
        return None, [Problem(path, 2, "front matter must be a mapping of key: value")]
    key_lines: dict[str, int] = {}
    if node is not None and hasattr(node, "value"):
        for key_node, _value in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return FrontMatter(data, key_lines, 1, end + 2), []


def split_notebook(path: str, text: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Read a notebook's `metadata.notes` mapping, the notebook form of front matter."""
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(path, exc.lineno, f"notebook is not valid JSON: {exc.msg}")]
    meta = nb.get("metadata", {}).get("notes") if isinstance(nb, dict) else None
    line = _line_of(text, '"notes"')
    if not isinstance(meta, dict):
        return None, [Problem(path, line or 1, "notebook metadata needs a 'notes' mapping")]
    key_lines = {key: _line_of(text, f'"{key}"', after=line) or line for key in meta}
    return FrontMatter(meta, key_lines, line, 1), []


def _line_of(text: str, needle: str, after: int = 0) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if number > after and needle in line:
            return number
    return 0


def validate(path: str, fm: FrontMatter, vocabulary: Iterable[str]) -> list[Problem]:
    """Check `fm` against the schema; one problem per wrong or missing field."""
    vocab = frozenset(vocabulary)
    problems = []
    where = fm.start_line or 1
    for field in FIELDS:
        if field.name not in fm.data:
            if field.required:
                problems.append(
                    Problem(path, where, f"front matter: missing '{field.name}' ({field.doc})")
                )
            continue
        error = field.check(fm.data[field.name], vocab)
        if error:
            line = fm.key_lines.get(field.name, where)
            problems.append(Problem(path, line, f"front matter: '{field.name}' {error}"))
    for key in fm.data:
        if key not in SCHEMA:
            near = difflib.get_close_matches(key, list(SCHEMA), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            problems.append(
                Problem(
                    path, fm.key_lines.get(key, where), f"front matter: unknown key '{key}'{hint}"
                )
            )
    date, updated = fm.data.get("date"), fm.data.get("updated")
    dated = _date(date, vocab) is None and updated is not None and _date(updated, vocab) is None
    if dated and str(updated) < str(date):
        problems.append(
            Problem(
                path,
                fm.key_lines.get("updated", where),
                "front matter: 'updated' is before 'date'",
            )
        )
    return problems


def vocabulary(mkdocs_yml: Path) -> list[str]:
    """The controlled tag vocabulary: `tags_allowed` of the tags plugin in `mkdocs_yml`."""
    config = load_yaml(mkdocs_yml.read_text(encoding="utf-8")) or {}
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "tags" in plugin:
            return [str(t) for t in (plugin["tags"] or {}).get("tags_allowed", [])]
    return []


def check_file(path: Path, display: str, vocab: Iterable[str]) -> list[Problem]:
    """Front-matter problems of one note (Markdown or notebook)."""
    text = path.read_text(encoding="utf-8")
    splitter = split_notebook if path.suffix == ".ipynb" else split_markdown
    fm, problems = splitter(display, text)
    if fm is not None:
        problems += validate(display, fm, vocab)
    return problems
