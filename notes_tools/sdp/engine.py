"""The engine: reads `grammar.ROWS` and turns text into the model and back.

Pure functions, no I/O. Each row's template is compiled once, at import, into a
lenient regex, a strict regex and a small constructor; parsing a line is then
one dict lookup, one regex match and one object.
"""

from __future__ import annotations

import dataclasses
import re
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
_set = object.__setattr__


@dataclasses.dataclass(frozen=True)
class _Compiled:
    row: grammar.Row
    parts: list[grammar.Part]
    match: Callable[[str], re.Match[str] | None]
    strict_match: Callable[[str], re.Match[str] | None]
    build: Callable[[re.Match[str]], Any]
    min_fields: int


def _builder(row: grammar.Row, parts: list[grammar.Part]) -> Callable[[re.Match[str]], Any]:
    """Generate `build(match) -> obj` for a row: the hot path, so it is specialised."""
    fields = grammar.fields_of(parts)
    env: dict[str, Any] = {"_new": _new, "_set": _set, "cls": row.cls}
    items: list[str] = []
    for index, (name, kind_name, optional) in enumerate(fields):
        kind = grammar.KINDS[kind_name]
        var = f"g{index}"
        if kind.decode is None:
            expr = var
        else:
            env[f"d{index}"] = kind.decode
            call = f"d{index}({var})"
            if kind.decode is int:
                call = f"int({var})"
            if optional:
                expr = f"({'()' if kind.is_list else 'None'} if {var} is None else {call})"
            else:
                expr = call
        items.append(f"{name!r}: {expr}")
    names = ", ".join(f"g{i}" for i in range(len(fields)))
    unpack = f"{names}, = match.groups()" if fields else ""
    source = (
        "def build(match):\n"
        f"    {unpack}\n"
        "    obj = _new(cls)\n"
        f"    _set(obj, '__dict__', {{{', '.join(items)}}})\n"
        "    return obj\n"
    )
    exec(source, env)  # the same technique dataclasses and namedtuple use
    build: Callable[[re.Match[str]], Any] = env["build"]
    return build


def _compile(row: grammar.Row) -> _Compiled | None:
    if row.template is None:
        return None
    parts = grammar.parse_template(row.template)
    lenient = re.compile(grammar.to_regex(parts, strict=False), re.DOTALL)
    strict = re.compile(grammar.to_regex(parts, strict=True), re.DOTALL)
    required = (
        4
        if row.letter == "m"
        else 1 + sum(value.count(" ") for tag, value in parts if tag == "lit")
    )
    return _Compiled(
        row, parts, lenient.fullmatch, strict.fullmatch, _builder(row, parts), required
    )


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


def _flag_builder(cls: type, key: str, name: str) -> Callable[[object], Any]:
    def build(_: object) -> Any:
        obj: Any = _new(cls)
        _set(obj, "__dict__", {key: name})
        return obj

    return build


def _connection_builder(build: Callable[[re.Match[str]], Any]) -> Callable[[re.Match[str]], Any]:
    def fixed(found: re.Match[str]) -> Any:
        return _fix_connection(build(found))

    return fixed


def _hot_tables(strict: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """The hot loop's view of the table, as `key -> (match, build)`.

    Attributes are keyed by the text before the first colon (`a=rtpmap`), a
    property attribute by its whole line (its match accepts only an empty
    value), other line types by their first two characters (`c=`).
    """
    lines: dict[str, Any] = {}
    for name, c in ATTRIBUTES.items():
        lines[f"a={name}"] = (c.strict_match if strict else c.match, c.build)
    for name, (cls, key) in FLAGS.items():
        lines[f"a={name}"] = ("".__eq__, _flag_builder(cls, key, name))
    fields: dict[str, Any] = {}
    for letter, c in FIELDS.items():
        if letter != "m":  # m= opens a section: the slow path handles it
            build = _connection_builder(c.build) if c is _CONNECTION else c.build
            fields[f"{letter}="] = (c.strict_match if strict else c.match, build)
    return lines, fields


_MEDIA = FIELDS["m"]
_CONNECTION = FIELDS["c"]

# --- text to lines ------------------------------------------------------------

# A clean input needs no repair: no line that fails to start with `x=`, no
# trailing white space. One C-level scan decides, so clean input skips the
# per-line checks below.
_SUSPECT_START = re.compile(r"\n(?![A-Za-z]=|\Z)").search


def _suspect(text: str) -> bool:
    return (
        _SUSPECT_START(text) is not None
        or " \n" in text
        or "\t\n" in text
        or " \r" in text
        or "\t\r" in text
        or text[-1:] in (" ", "\t")
        or not _is_field(text[:2])
    )


_EOL = re.compile(r"\r\n|\r|\n")
_JOIN_TIGHT = ":-/,;="


def _is_field(text: str) -> bool:
    return len(text) >= 2 and text[1] == "=" and text[0].isascii() and text[0].isalpha()


def _split(text: str, strict: bool, warnings: list[m.SdpWarning]) -> list[str]:
    """Split into lines, handling every kind of line ending."""
    if "\r" not in text:
        lines = text.split("\n")
    elif "\n" not in text:
        if strict:
            raise SdpError(1, len(text.split("\r", 1)[0]) + 1, "CR line endings (need CRLF or LF)")
        warnings.append(m.SdpWarning(1, "CR line endings read as line breaks"))
        lines = text.split("\r")
    elif text.count("\r\n") == text.count("\r") == text.count("\n"):
        lines = text.split("\r\n")
    else:
        endings = _EOL.findall(text)
        first = endings[0]
        odd = next(i for i, e in enumerate(endings) if e != first)
        if strict:
            raise SdpError(odd + 1, len(_EOL.split(text)[odd]) + 1, "mixed line endings")
        warnings.append(m.SdpWarning(odd + 1, "mixed line endings read as line breaks"))
        lines = _EOL.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _repair(
    raw: list[str], strict: bool, warnings: list[m.SdpWarning]
) -> tuple[list[str], list[int]]:
    """Drop blank and comment lines, trim white space, re-join wrapped lines."""
    out: list[str] = []
    numbers: list[int] = []
    for number, line in enumerate(raw, 1):
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
    lines = _split(text, strict, warnings)
    numbers: list[int] | None = None
    if warnings or _suspect(text):
        lines, numbers = _repair(lines, strict, warnings)
    if not lines:
        raise SdpError(1, 1, "empty input: no SDP lines")
    if lines[0][:2] != "v=":
        raise SdpError(numbers[0] if numbers else 1, 1, "SDP must start with a v= line")
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
    session, sections = _parse_lines(lines, numbers, strict)
    return m.SessionDescription(
        lines=tuple(session),
        media=tuple(m.MediaSection(media, tuple(body)) for media, body in sections),
        warnings=tuple(warnings),
        source_lines=tuple(numbers) if numbers is not None else None,
    )


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
        if obj is not None:
            append(obj)
            continue
        head, _, value = line.partition(":")
        entry = table_get(head)
        if entry is None:
            entry = field_get(line[:2])
            value = line[2:]
        if entry is not None:
            found = entry[0](value)
            if found:
                try:
                    obj = seen[line] = entry[1](found)
                except ValueError:
                    pass
                else:
                    append(obj)
                    continue
        if line[0] == "m":
            body: list[Any] = []
            append = body.append
            sections.append((_media(line, strict, numbers, lines), body))
        else:
            append(_slow_line(line, strict, numbers, lines))
    return session, sections


def _where(numbers: list[int] | None, lines: list[str], line: str) -> int:
    """Input line number of `line` (error path only)."""
    index = next(i for i, x in enumerate(lines) if x is line)
    return numbers[index] if numbers is not None else index + 1


def _media(line: str, strict: bool, numbers: list[int] | None, lines: list[str]) -> m.MediaLine:
    value = line[2:]
    found = (_MEDIA.strict_match if strict else _MEDIA.match)(value)
    if found is None or (strict and found.group(5) is None):
        number = _where(numbers, lines, line)
        if found is not None:
            got = len(value.split(" "))
            raise SdpError(number, len(line) + 1, f"m= line needs 4 fields, got {got}")
        raise _value_error(_MEDIA, value, "m=", number, 2, strict)
    media: m.MediaLine = _MEDIA.build(found)
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
            obj = _new(m.Attribute)
            _set(obj, "__dict__", {"name": name, "value": value})
            return obj
        flag = FLAGS.get(name)
        if flag is not None:
            obj = _new(flag[0])
            _set(obj, "__dict__", {flag[1]: name})
            return obj
        if strict:
            number = _where(numbers, lines, line)
            if name in ATTRIBUTES:
                raise SdpError(number, len(line) + 1, f"a={name} needs a value")
            if not _TOKEN_NAME(name):
                raise SdpError(number, 3, f"bad attribute name {name!r}")
        obj = _new(m.Attribute)
        _set(obj, "__dict__", {"name": name, "value": None})
        return obj
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
    obj = _new(m.RawLine)
    _set(obj, "__dict__", {"type": kind, "value": value})
    return obj


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
