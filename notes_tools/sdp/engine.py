"""The engine: reads `grammar.ROWS` and turns text into the model and back.

Pure functions, no I/O. Each row's template is compiled once, at import, into a
lenient regex, a strict regex and a small constructor; parsing a line is then
one dict lookup, one regex match and one object.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Callable
from typing import Any

from notes_tools.sdp import grammar
from notes_tools.sdp import model as m

__all__ = ["SdpError", "parse", "to_dict", "write"]


class SdpError(ValueError):
    """Broken SDP structure (or, with `strict=True`, any departure from the grammar).

    Like `json.JSONDecodeError`, it carries where: `line` and `column` are
    1-based, and `str(error)` reads `line 7: m= line needs 4 fields, got 3`.
    """

    def __init__(self, line: int, column: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        """1-based line number."""
        self.column = column
        """1-based column."""
        self.reason = reason
        """The message without its location."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (SdpError, (self.line, self.column, self.reason))


_new = object.__new__


@dataclasses.dataclass(frozen=True)
class _Compiled:
    row: grammar.Row
    parts: list[grammar.Part]
    match: Callable[[str], re.Match[str] | None]
    strict_match: Callable[[str], re.Match[str] | None]
    build: Callable[[re.Match[str]], Any]
    fast: Callable[[str], Any]
    strict_fast: Callable[[str], Any]
    min_fields: int


def _builders(
    row: grammar.Row,
    parts: list[grammar.Part],
    lenient: Callable[[str], re.Match[str] | None],
    strict: Callable[[str], re.Match[str] | None],
) -> tuple[Callable[[re.Match[str]], Any], Callable[[str], Any], Callable[[str], Any]]:
    """Generate a row's constructors: the hot path, so they are specialised.

    `build(match) -> obj`, and `fast(value) -> obj | None` (None: the value does
    not match) for the lenient and the strict regex. Both raise ValueError when
    a field's decoder rejects its text. The object is filled through its
    `__dict__`, which skips the frozen dataclass's `__setattr__` guard and is
    the cheapest way CPython 3.11 has to fill a fresh instance.
    """
    fields = grammar.fields_of(parts)
    env: dict[str, Any] = {
        "_new": _new,
        "_u32": grammar._u32,  # names the inline decoders use
        "_small": grammar.SMALL_INTS.get,
        "cls": row.cls,
        "match": lenient,
        "strict": strict,
    }
    body: list[str] = []
    for index, (name, kind_name, optional) in enumerate(fields):
        kind = grammar.KINDS[kind_name]
        var = f"g{index}"
        if kind.decode is None:
            expr = var
        else:
            env[f"d{index}"] = kind.decode
            call = f"d{index}({var})" if kind.inline is None else kind.inline.format(var)
            if optional:
                empty = "()" if kind.is_list else "None"
                expr = f"{empty} if {var} is None else ({call})"
            else:
                expr = call
        body.append(f"    d[{name!r}] = {expr}\n")
    unpack = f"    {', '.join(f'g{i}' for i in range(len(fields)))}, = found.groups()\n"
    make = "    obj = _new(cls)\n    d = obj.__dict__\n" + "".join(body) + "    return obj\n"
    fill = (unpack if fields else "") + make
    split = _split_prelude(parts)
    source = (
        "def build(found):\n" + fill + "\n"
        "def fast(value):\n"
        + (
            "    found = match(value)\n    if found is None:\n        return None\n" + fill
            if split is None
            else split + make
        )
        + "\n"
        "def strict_fast(value):\n    found = strict(value)\n    if found is None:\n"
        "        return None\n" + fill
    )
    where = f"<sdp grammar row {row.letter}={row.name or ''}>"
    exec(compile(source, where, "exec"), env)  # as dataclasses and namedtuple do
    return env["build"], env["fast"], env["strict_fast"]


def _split_prelude(parts: list[grammar.Part]) -> str | None:
    """Code that does the lenient regex's work with `str.split`, where that is exact.

    For a template of one free-text field (`.*`, `.+`), or of required
    space-free fields (`[^ ]+`) separated by single spaces, it sets `g0`,
    `g1`, ... from `value` or returns None, as a failed match would. Any other
    template gets None here and keeps its regex.
    """
    patterns = [grammar.KINDS[value[1]].pattern for tag, value in parts if tag == "field"]
    if len(parts) == 1 and patterns:
        if patterns[0] == ".*":
            return "    g0 = value\n"
        if patterns[0] == ".+":
            return "    if not value:\n        return None\n    g0 = value\n"
    shape = ["field" if i % 2 == 0 else "lit" for i in range(2 * len(patterns) - 1)]
    if (
        not patterns
        or [tag for tag, _ in parts] != shape
        or any(value != " " for tag, value in parts if tag == "lit")
        or any(pattern != grammar.KINDS["word"].pattern for pattern in patterns)
    ):
        return None
    if len(patterns) == 1:
        return '    if not value or " " in value:\n        return None\n    g0 = value\n'
    names = ", ".join(f"g{i}" for i in range(len(patterns)))
    return (
        '    items = value.split(" ")\n'
        f'    if len(items) != {len(patterns)} or "" in items:\n        return None\n'
        f"    {names} = items\n"
    )


def _compile(row: grammar.Row) -> _Compiled | None:
    if row.template is None:
        return None
    parts = grammar.parse_template(row.template)
    lenient = re.compile(grammar.to_regex(parts, strict=False), re.DOTALL).fullmatch
    strict = re.compile(grammar.to_regex(parts, strict=True), re.DOTALL).fullmatch
    required = (
        4
        if row.letter == "m"
        else 1 + sum(value.count(" ") for tag, value in parts if tag == "lit")
    )
    build, fast, strict_fast = _builders(row, parts, lenient, strict)
    return _Compiled(row, parts, lenient, strict, build, fast, strict_fast, required)


FIELDS: dict[str, _Compiled] = {}
"""Compiled rows for line types other than `a=`, by type letter."""
ATTRIBUTES: dict[str, _Compiled] = {}
"""Compiled rows of attributes that take a value, by name."""
FLAGS: dict[str, tuple[type, str]] = {}
"""Property attributes (no value), by name: model class and the field holding the name."""
_WRITERS: dict[Any, tuple[str, list[grammar.Part]]] = {}

for _row in grammar.ROWS:
    _compiled = _compile(_row)
    if _compiled is None:
        FLAGS[_row.name or ""] = (_row.cls, grammar.NAME_FIELDS[_row.cls])
    elif _row.letter != "a":
        FIELDS[_row.letter] = _compiled
        _WRITERS[_row.cls] = (f"{_row.letter}=", _compiled.parts)
    else:
        ATTRIBUTES[_row.name or ""] = _compiled
        _WRITERS[_row.cls] = (f"a={_row.name}:", _compiled.parts)


def _new_line(cls: type, values: dict[str, Any]) -> Any:
    """A model line from its field values, without the frozen `__init__`'s per-field guard."""
    obj: Any = _new(cls)
    obj.__dict__.update(values)
    return obj


def _flag_parser(cls: type, key: str, name: str) -> Callable[[str], Any]:
    # A property attribute carries nothing but its name: every `a=rtcp-mux` is
    # the same immutable value, so it is built once, here.
    only = _new_line(cls, {key: name})

    def fast(value: str) -> Any:
        return only if value == "" else None

    return fast


def _connection_parser(fast: Callable[[str], Any]) -> Callable[[str], Any]:
    def fixed(value: str) -> Any:
        obj: Any = fast(value)
        return obj if obj is None else _fix_connection(obj)

    return fixed


def _hot_tables(strict: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """The hot loop's view of the table, as `key -> fast(value) -> obj | None`.

    Attributes are keyed by the text before the first colon (`a=rtpmap`), a
    property attribute by its whole line (its parser accepts only an empty
    value), other line types by their first two characters (`c=`).
    """
    lines: dict[str, Any] = {}
    for name, c in ATTRIBUTES.items():
        lines[f"a={name}"] = c.strict_fast if strict else c.fast
    for name, (cls, key) in FLAGS.items():
        lines[f"a={name}"] = _flag_parser(cls, key, name)
    fields: dict[str, Any] = {}
    for letter, c in FIELDS.items():
        if letter != "m":  # m= opens a section: the slow path handles it
            fast = c.strict_fast if strict else c.fast
            fields[f"{letter}="] = _connection_parser(fast) if c is _CONNECTION else fast
    return lines, fields


_MEDIA = FIELDS["m"]
_MEDIA_FAST = _MEDIA.fast
_MEDIA_STRICT = _MEDIA.strict_fast
_CONNECTION = FIELDS["c"]

# --- text to lines ------------------------------------------------------------

# A clean input needs no repair: no line that fails to start with `x=`, no
# trailing white space. Every scan of the text costs about as much as parsing
# a line, so clean input gets few: trailing white space is looked for next to
# the one line break the text uses (a tab only when there is one), and in
# lenient mode a line that does not start with `x=` is noticed by the hot
# loop's slow path instead (`_Unclean`), which then repairs and starts over;
# strict mode scans for it up front.
_SUSPECT_START = re.compile(r"\n(?![A-Za-z]=|\Z)").search


def _suspect(text: str, eol: str, strict: bool) -> bool:
    """Whether `text` (whose line breaks all end in `eol`) may need `_repair`."""
    return (
        " " + eol in text
        or ("\t" in text and "\t" + eol in text)
        or text[-1:] in (" ", "\t")
        or text.endswith(("\n\n", "\n\r\n"))  # blank lines at the end: common, and cheap to see
        or not _is_field(text[:2])
        or (strict and _SUSPECT_START(text) is not None)
    )


class _Unclean(Exception):
    """The hot loop met a line that is not `<type>=<value>`: repair, then parse again."""


_EOL = re.compile(r"\r\n|\r|\n")
_JOIN_TIGHT = ":-/,;="


_FIELD_STARTS = frozenset(f"{letter}=" for letter in string.ascii_letters)


def _is_field(text: str) -> bool:
    """Whether `text` starts like a `<type>=<value>` line (an ASCII letter, then `=`)."""
    return text[:2] in _FIELD_STARTS


def _split(text: str, strict: bool, warnings: list[m.SdpWarning]) -> tuple[list[str], str]:
    """Split into lines, handling every kind of line ending; also the break's last character."""
    eol = "\r"
    if "\r" not in text:
        lines = text.split("\n")
        eol = "\n"
    elif "\n" not in text:
        if strict:
            raise SdpError(1, len(text.split("\r", 1)[0]) + 1, "CR line endings (need CRLF or LF)")
        warnings.append(m.SdpWarning(1, "CR line endings read as line breaks"))
        lines = text.split("\r")
    else:
        lines = text.split("\r\n")
        breaks = len(lines) - 1
        if text.count("\r") != breaks or text.count("\n") != breaks:
            endings = _EOL.findall(text)
            first = endings[0]
            odd = next(i for i, e in enumerate(endings) if e != first)
            if strict:
                raise SdpError(odd + 1, len(_EOL.split(text)[odd]) + 1, "mixed line endings")
            warnings.append(m.SdpWarning(odd + 1, "mixed line endings read as line breaks"))
            lines = _EOL.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines, eol


def _repair(
    raw: list[str], strict: bool, warnings: list[m.SdpWarning]
) -> tuple[list[str], list[int]]:
    """Drop blank and comment lines, trim white space, re-join wrapped lines."""
    out: list[str] = []
    numbers: list[int] = []
    for number, line in enumerate(raw, 1):
        if line[:2] in _FIELD_STARTS and line[-1:] not in (" ", "\t"):
            out.append(line)  # the common case, which nothing below would change
            numbers.append(number)
            continue
        stripped = line.rstrip(" \t")
        if stripped != line:
            if len(stripped) == 2 and stripped[1] == "=" and line[2:] == " ":
                pass  # `s= `: a single space is the value
            elif strict:
                raise SdpError(number, len(stripped) + 1, "trailing white space")
            else:
                warnings.append(m.SdpWarning(number, "trailing white space removed"))
                line = stripped
        body = line.lstrip(" \t")
        if not body.strip():
            if strict:
                raise SdpError(number, 1, "empty line")
            warnings.append(m.SdpWarning(number, "empty line dropped"))
            continue
        if body[0] in ";#":
            if strict:
                raise SdpError(number, 1, "comment lines are not SDP")
            warnings.append(m.SdpWarning(number, "comment line dropped"))
            continue
        if _is_field(body):
            if body is not line and body != line:
                if strict:
                    raise SdpError(number, 1, "leading white space")
                warnings.append(m.SdpWarning(number, "leading white space removed"))
            out.append(body)
            numbers.append(number)
            continue
        if strict:
            raise SdpError(number, 1, f"not a <type>=<value> line: {_clip(body)!r}")
        if not out:
            raise SdpError(number, 1, f"not an SDP line: {_clip(body)!r}")
        previous = out[-1]
        tight = previous[-1:] in _JOIN_TIGHT or body[:1] in _JOIN_TIGHT
        out[-1] = previous + ("" if tight else " ") + body
        warnings.append(m.SdpWarning(number, f"wrapped line re-joined to line {numbers[-1]}"))
    return out, numbers


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


# --- diagnosis (error path only) ---------------------------------------------


def _diagnose(compiled: _Compiled, value: str, label: str, strict: bool) -> tuple[int, str]:
    """Where and why `value` fails its template: (0-based offset, reason)."""
    parts = compiled.parts
    if compiled.row.letter != "a":
        got = len(value.split()) if value.strip() else 0
        if got < compiled.min_fields:
            need = compiled.min_fields
            return len(value), f"{label} line needs {need} field{'s' * (need > 1)}, got {got}"
    pos = 0

    def walk(items: list[grammar.Part], optional: bool) -> str | None:
        nonlocal pos
        for index, (tag, item) in enumerate(items):
            if tag == "lit":
                if not value.startswith(item, pos):
                    if optional and index == 0:
                        return ""
                    return f"expected {item!r}"
                pos += len(item)
            elif tag == "field":
                kind = grammar.KINDS[item[1]]
                pattern = re.compile(kind.strict if strict else kind.pattern)
                found = pattern.match(value, pos)
                word = value[pos:].split(" ", 1)[0]
                if not found or (found.end() == pos and item[1] != "spaces"):
                    if optional and index == 0:
                        return ""
                    name = item[0].replace("_", " ")
                    return f"bad {name} {word!r}" if word else f"missing {name}"
                if kind.decode is not None:
                    try:
                        kind.decode(found.group(0))
                    except ValueError:
                        return f"bad {item[0].replace('_', ' ')} {found.group(0)!r}"
                pos = found.end()
            else:
                start = pos
                problem = walk(item, True)
                if problem == "":
                    pos = start
                elif problem is not None:
                    return problem
        return None

    problem = walk(parts, False)
    if problem is None:
        problem = f"unexpected {_clip(value[pos:])!r}" if pos < len(value) else "malformed value"
    return pos, f"{label}: {problem} (syntax: {grammar.describe(parts)})"


def _value_error(
    compiled: _Compiled, value: str, label: str, number: int, offset: int, strict: bool
) -> SdpError:
    pos, reason = _diagnose(compiled, value, label, strict)
    return SdpError(number, offset + pos + 1, reason)


# --- strict structure -----------------------------------------------------------

_SESSION_ORDER = "vosiuepcbtrzka"
_MEDIA_ORDER = "icbka"
_ONCE = set("vosiuczk")
_MEDIA_ONCE = set("ik")


def _check_structure(lines: list[str], numbers: list[int] | None) -> None:
    def at(i: int) -> int:
        return numbers[i] if numbers else i + 1

    seen: dict[str, int] = {}
    rank = 0
    media = False
    for i, line in enumerate(lines):
        kind = line[0]
        if kind == "m":
            if not media:
                for needed in "vost":
                    if needed not in seen:
                        raise SdpError(at(i), 1, f"missing mandatory {needed}= line before m=")
            media, seen, rank = True, {"m": 1}, -1
            continue
        order = _MEDIA_ORDER if media else _SESSION_ORDER
        new_rank = order.find(kind)
        if new_rank < 0 and kind not in _SESSION_ORDER:
            raise SdpError(at(i), 1, f"unknown line type {kind}=")
        if new_rank < 0:
            where = "a media section" if media else "the session level"
            raise SdpError(at(i), 1, f"{kind}= line not allowed in {where}")
        if kind in (_MEDIA_ONCE if media else _ONCE) and kind in seen:
            raise SdpError(at(i), 1, f"second {kind}= line")
        if new_rank < rank and not (kind == "t" and lines[i - 1][0] == "r"):
            raise SdpError(at(i), 1, f"{kind}= line out of order (expected {order})")
        if kind == "r" and lines[i - 1][0] not in "tr":
            raise SdpError(at(i), 1, "r= line must follow a t= line")
        rank = new_rank
        seen[kind] = seen.get(kind, 0) + 1
    if not media:
        for needed in "vost":
            if needed not in seen:
                raise SdpError(at(len(lines) - 1), 1, f"missing mandatory {needed}= line")


_TOKEN_NAME = re.compile(r"[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+").fullmatch


def _fix_connection(obj: m.Connection) -> m.Connection:
    # IPv6 multicast has no TTL: its single `/n` is the number of addresses.
    if obj.address_type == "IP6" and obj.count is None and obj.ttl is not None:
        return dataclasses.replace(obj, ttl=None, count=obj.ttl)
    return obj


# --- parse ----------------------------------------------------------------------


def parse(text: str, *, strict: bool = False) -> m.SessionDescription:
    """Parse a session description.

    Args:
        text: The SDP text. Any line ending is accepted (CRLF, LF; CR and
            mixed endings only in lenient mode).
        strict: Reject anything RFC 8866 does not allow: missing or
            misordered lines, unknown line types, values that do not match
            their grammar row, and the input repairs lenient mode makes.

    Returns:
        The model. In lenient mode, `warnings` lists each repair with its line.

    Raises:
        SdpError: Broken structure (no `v=` first, an unreadable `m=` line),
            or with `strict=True` any departure from the grammar.

    Examples:
        >>> sd = parse("v=0\\r\\no=- 1 2 IN IP4 0.0.0.0\\r\\ns=-\\r\\nt=0 0\\r\\n"
        ...            "m=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=rtpmap:111 opus/48000/2\\r\\n")
        >>> sd.media[0].rtpmaps[0]
        Rtpmap(payload_type=111, encoding_name='opus', clock_rate=48000, channels=2)
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() needs str, not {type(text).__name__}")
    warnings: list[m.SdpWarning] = []
    if text[:1] == "\ufeff":
        if strict:
            raise SdpError(1, 1, "byte order mark before v=")
        warnings.append(m.SdpWarning(1, "byte order mark removed"))
        text = text[1:]
    lines, eol = _split(text, strict, warnings)
    numbers: list[int] | None = None
    if warnings or _suspect(text, eol, strict):
        lines, numbers = _repair(lines, strict, warnings)
    _check_start(lines, numbers)
    if strict:
        try:
            _check_structure(lines, numbers)
        except SdpError as structure_error:
            # Report whichever problem comes first in the text.
            try:
                _parse_lines(lines, numbers, True)
            except SdpError as value_error:
                if value_error.line < structure_error.line:
                    raise value_error from None
            raise
    try:
        session, sections = _parse_lines(lines, numbers, strict)
    except (_Unclean, SdpError) as problem:
        # An error met before the hot loop reached a line that needs repair
        # (an `m=` line wrapped onto the next) is judged after the repair.
        if isinstance(problem, SdpError) and (
            numbers is not None or all(_is_field(line) for line in lines)
        ):
            raise
        lines, numbers = _repair(lines, strict, warnings)
        _check_start(lines, numbers)
        session, sections = _parse_lines(lines, numbers, strict)
    sd = _new(m.SessionDescription)
    sd.__dict__.update(
        lines=tuple(session),
        media=tuple([_section(media, tuple(body)) for media, body in sections]),
        warnings=tuple(warnings),
        source_lines=tuple(numbers) if numbers is not None else None,
    )
    return sd


def _check_start(lines: list[str], numbers: list[int] | None) -> None:
    if not lines:
        raise SdpError(1, 1, "empty input: no SDP lines")
    if lines[0][:2] != "v=":
        raise SdpError(numbers[0] if numbers else 1, 1, "SDP must start with a v= line")


def _section(media: m.MediaLine, lines: tuple[Any, ...]) -> m.MediaSection:
    section = _new(m.MediaSection)
    d = section.__dict__
    d["media"] = media
    d["lines"] = lines
    return section


def _parse_lines(
    lines: list[str], numbers: list[int] | None, strict: bool
) -> tuple[list[Any], list[tuple[m.MediaLine, list[Any]]]]:
    """The hot loop: for most lines one partition, one dict lookup, one regex, one object."""
    lines_table, fields_table = _STRICT_TABLES if strict else _LENIENT_TABLES
    table_get = lines_table.get
    field_get = fields_table.get
    session: list[Any] = []
    append = session.append
    sections: list[tuple[m.MediaLine, list[Any]]] = []
    # Model objects are immutable, so a line repeated within the document
    # (bundled sections repeat ICE, DTLS and codec lines) is parsed once.
    seen: dict[str, Any] = {}
    seen_get = seen.get
    for line in lines:
        obj = seen_get(line)
        if obj is None:
            head, _, value = line.partition(":")
            fast = table_get(head)
            if fast is None:
                fast = field_get(line[:2])
                value = line[2:]
            if fast is not None:
                try:  # noqa: SIM105 (contextlib.suppress would cost a call per line)
                    obj = fast(value)
                except ValueError:
                    pass
            if obj is None:
                if line[:2] == "m=":
                    body: list[Any] = []
                    append = body.append
                    sections.append((_media(line, strict, numbers, lines), body))
                    continue
                if numbers is None and not _is_field(line):
                    raise _Unclean
                obj = _slow_line(line, strict, numbers, lines)
            seen[line] = obj
        append(obj)
    return session, sections


def _where(numbers: list[int] | None, lines: list[str], line: str) -> int:
    """Input line number of `line` (error path only)."""
    index = next(i for i, x in enumerate(lines) if x is line)
    return numbers[index] if numbers is not None else index + 1


def _media(line: str, strict: bool, numbers: list[int] | None, lines: list[str]) -> m.MediaLine:
    value = line[2:]
    media: m.MediaLine | None = (_MEDIA_STRICT if strict else _MEDIA_FAST)(value)
    if media is None or (strict and not media.formats):
        number = _where(numbers, lines, line)
        if media is not None:
            got = len(value.split(" "))
            raise SdpError(number, len(line) + 1, f"m= line needs 4 fields, got {got}")
        raise _value_error(_MEDIA, value, "m=", number, 2, strict)
    return media


def _slow_line(line: str, strict: bool, numbers: list[int] | None, lines: list[str]) -> Any:
    """Every line the fast path did not take: flags, unknown or malformed lines, v/o/s/c/t/..."""
    obj: Any
    kind = line[0]
    if kind == "a":
        name, sep, value = line[2:].partition(":")
        if sep:
            if strict:
                number = _where(numbers, lines, line)
                if name in ATTRIBUTES:
                    raise _value_error(
                        ATTRIBUTES[name], value, f"a={name}", number, len(name) + 3, True
                    )
                if name in FLAGS:
                    raise SdpError(number, len(name) + 3, f"a={name} takes no value")
                if not _TOKEN_NAME(name):
                    raise SdpError(number, 3, f"bad attribute name {name!r}")
            return _new_line(m.Attribute, {"name": name, "value": value})
        flag = FLAGS.get(name)
        if flag is not None:
            return _new_line(flag[0], {flag[1]: name})
        if strict:
            number = _where(numbers, lines, line)
            if name in ATTRIBUTES:
                raise SdpError(number, len(line) + 1, f"a={name} needs a value")
            if not _TOKEN_NAME(name):
                raise SdpError(number, 3, f"bad attribute name {name!r}")
        return _new_line(m.Attribute, {"name": name, "value": None})
    compiled = FIELDS.get(kind)
    value = line[2:]
    if compiled is not None:
        found = (compiled.strict_match if strict else compiled.match)(value)
        if found is not None:
            try:
                obj = compiled.build(found)
            except ValueError:
                pass
            else:
                return _fix_connection(obj) if compiled is _CONNECTION else obj
    if strict:
        number = _where(numbers, lines, line)
        if compiled is None:
            raise SdpError(number, 1, f"unknown line type {kind}=")
        raise _value_error(compiled, value, f"{kind}=", number, 2, True)
    return _new_line(m.RawLine, {"type": kind, "value": value})


# --- write -----------------------------------------------------------------------


def _write_line(obj: Any) -> str:
    cls = type(obj)
    if cls is m.Attribute:
        return f"a={obj.name}" if obj.value is None else f"a={obj.name}:{obj.value}"
    if cls is m.Flag:
        return f"a={obj.name}"
    if cls is m.Direction:
        return f"a={obj.direction}"
    if cls is m.RawLine:
        return f"{obj.type}={obj.value}"
    if cls is m.Connection and obj.address_type == "IP6" and obj.ttl is None:
        obj = dataclasses.replace(obj, ttl=obj.count, count=None)
    try:
        prefix, parts = _WRITERS[cls]
    except KeyError:
        raise TypeError(f"not an SDP line: {obj!r}") from None
    assert parts is not None
    return prefix + grammar.render(parts, obj)


def write(sd: m.SessionDescription) -> str:
    """Write a session description as SDP text with CRLF line endings.

    For input that needed no repair, `write(parse(text))` gives back `text`
    (with CRLF endings and a final CRLF).

    Examples:
        >>> text = "v=0\\r\\no=- 1 2 IN IP4 0.0.0.0\\r\\ns=-\\r\\nt=0 0\\r\\na=x-custom:kept\\r\\n"
        >>> write(parse(text)) == text
        True
    """
    out = [_write_line(line) for line in sd.lines]
    for media in sd.media:
        out.append(_write_line(media.media))
        out.extend(_write_line(line) for line in media.lines)
    return "\r\n".join(out) + "\r\n"


# --- JSON --------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"model": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = _plain(getattr(value, f.name))
        return out
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def to_dict(sd: m.SessionDescription) -> dict[str, Any]:
    """The model as JSON-ready dicts and lists; each line says its `model` class."""
    return {
        "session": [_plain(line) for line in sd.lines],
        "media": [
            {"media": _plain(media.media), "lines": [_plain(line) for line in media.lines]}
            for media in sd.media
        ],
        "warnings": [{"line": w.line, "message": w.message} for w in sd.warnings],
    }


_LENIENT_TABLES = _hot_tables(strict=False)
_STRICT_TABLES = _hot_tables(strict=True)
