"""The SDP grammar: one declarative table that drives both parsing and writing.

Each row names a line type (and, for `a=`, an attribute name), the model class
it becomes, and a *template* of its value:

- `{field:kind}` is a field of the model class, matched by the kind's pattern;
- `[...]` is optional: written only when its first field is not None/empty;
- anything else is literal text.

From one template the engine derives the lenient regex, the strict regex and
the writer, so what is parsed is exactly what is written back: a value that
does not match its template is kept verbatim instead (an `Attribute` or a
`RawLine`). A comment above each row holds a real wire line; a test parses
every one of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from notes_tools.sdp import model as m

# --- kinds: how a field's text looks and converts ----------------------------

_INT = "0|[1-9][0-9]*"
_WORD = "[^ ]+"


SMALL_INTS: dict[str, int] = {str(n): n for n in range(256)}
"""Canonical decimal text of 0-255 (payload types, ids, components): a lookup beats `int()`."""


def _u32(text: str) -> int:
    value = int(text)
    if value > 0xFFFFFFFF:
        raise ValueError("not an unsigned 32-bit integer")
    return value


def _u32s(text: str) -> tuple[int, ...]:
    return tuple(_u32(x) for x in text.split(" "))


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split(" "))


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    items = iter(text.split(" "))  # the regex guarantees an even count
    return tuple(zip(items, items, strict=True))


def _unpairs(value: tuple[tuple[str, str], ...]) -> str:
    return " ".join(f"{k} {v}" for k, v in value)


def _params(text: str) -> tuple[tuple[str, str | None], ...]:
    out = []  # a plain loop: about twice as fast as a generator here
    for piece in text.split(";"):
        key, sep, value = piece.partition("=")
        out.append((key, value if sep else None))
    return tuple(out)


def _unparams(value: tuple[tuple[str, str | None], ...]) -> str:
    return ";".join(k if v is None else f"{k}={v}" for k, v in value)


def _decimal(text: str) -> float:
    value = float(text)
    if _undecimal(value) != text:
        raise ValueError("decimal does not survive a round trip")
    return value


def _undecimal(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _ptstar(text: str) -> int | None:
    return None if text == "*" else int(text)


def _unptstar(value: int | None) -> str:
    return "*" if value is None else str(value)


def _simulcast(text: str) -> tuple[m.SimulcastList, ...]:
    items = text.split(" ")  # the regex guarantees direction/streams pairs
    lists = []
    for direction, streams in zip(items[::2], items[1::2], strict=True):
        alternatives = []
        for stream in streams.split(";"):
            rids = [
                m.SimulcastRid(rid[1:], True) if rid[:1] == "~" else m.SimulcastRid(rid)
                for rid in stream.split(",")
            ]
            alternatives.append(tuple(rids))
        lists.append(m.SimulcastList(direction, tuple(alternatives)))
    return tuple(lists)


def _unsimulcast(value: tuple[m.SimulcastList, ...]) -> str:
    return " ".join(
        item.direction
        + " "
        + ";".join(",".join(("~" if r.paused else "") + r.rid for r in s) for s in item.streams)
        for item in value
    )


@dataclass(frozen=True)
class Kind:
    """How one kind of field is matched and converted."""

    pattern: str
    """Lenient regex (no capturing groups)."""
    strict: str
    """Regex used by `parse(..., strict=True)`."""
    decode: Callable[[str], Any] | None = None
    """Text to value (None: keep the text); may raise ValueError to reject."""
    encode: Callable[[Any], str] | None = None
    """Value to text (None: the value is the text; `str` for numbers)."""
    is_list: bool = False
    """An absent optional list field decodes to `()`, not None."""
    inline: str | None = None
    """`decode` as a Python expression over `{0}` (the text), which the engine's
    generated constructors use instead of a call; same result, same ValueError."""


KINDS: dict[str, Kind] = {
    "int": Kind(_INT, _INT, int, str, inline="_small({0}) or int({0})"),
    "u32": Kind(
        _INT, _INT, _u32, str, inline="(_n if (_n := int({0})) <= 0xFFFFFFFF else _u32({0}))"
    ),
    "version": Kind(_INT, "0", int, str, inline="_small({0}) or int({0})"),
    "digits": Kind(_WORD, "[0-9]+"),
    "word": Kind(_WORD, _WORD),
    "addr": Kind("[^ /]+", "[^ /]+"),
    "btype": Kind("[^ :]+", "[A-Za-z0-9+.~_-]+"),
    "kmethod": Kind("[^:]+", "clear|base64|uri|prompt"),
    "sattr": Kind("[^ :]+", "[^ :]+"),
    "text": Kind(".+", ".+"),
    "any": Kind(".*", ".*"),
    "nonempty": Kind(".*", ".+"),
    "spaces": Kind(" *", " ?"),
    "addrtype": Kind(_WORD, "IP4|IP6"),
    "extdir": Kind(_WORD, "sendonly|recvonly|sendrecv|inactive"),
    "riddir": Kind(_WORD, "send|recv"),
    "role": Kind(_WORD, "actpass|active|passive|holdconn"),
    "hex": Kind(_WORD, "[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})*"),
    "ice": Kind(_WORD, "[A-Za-z0-9+/]+"),
    "ptstar": Kind(
        rf"\*|{_INT}",
        rf"\*|{_INT}",
        _ptstar,
        _unptstar,
        inline='None if {0} == "*" else _small({0}) or int({0})',
    ),
    "decimal": Kind(
        r"(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?",
        r"(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?",
        _decimal,
        _undecimal,
    ),
    "words": Kind(
        f"{_WORD}(?: {_WORD})*",
        f"{_WORD}(?: {_WORD})*",
        _words,
        " ".join,
        True,
        inline='tuple({0}.split(" "))',
    ),
    "u32s": Kind(f"(?:{_INT})(?: (?:{_INT}))*", f"(?:{_INT})(?: (?:{_INT}))*", _u32s, None, True),
    "pairs": Kind(
        f"{_WORD} {_WORD}(?: {_WORD} {_WORD})*",
        f"{_WORD} {_WORD}(?: {_WORD} {_WORD})*",
        _pairs,
        _unpairs,
        True,
        inline='tuple(zip((_items := iter({0}.split(" "))), _items))',
    ),
    "params": Kind(".+", ".+", _params, _unparams, True),
    "simulcast": Kind(
        f"{_WORD} {_WORD}(?: {_WORD} {_WORD})*",
        "(?:send|recv) [^ ]+(?: (?:send|recv) [^ ]+)?",
        _simulcast,
        _unsimulcast,
        True,
    ),
}
KINDS["u32s"] = Kind(
    KINDS["u32s"].pattern,
    KINDS["u32s"].strict,
    _u32s,
    lambda v: " ".join(map(str, v)),
    True,
)


# --- the table ----------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line type or attribute: wire name, model class, value template, defining RFC."""

    letter: str
    """Line type letter (`a` for attributes)."""
    name: str | None
    """Attribute name for `a=` rows, None for other line types."""
    cls: type
    """Model class the line becomes."""
    template: str | None
    """Value template; None for a property attribute that takes no value."""
    rfc: str
    """Where the syntax is defined."""


ROWS: tuple[Row, ...] = (
    # v=0
    Row("v", None, m.Version, "{version:version}", "RFC 8866 §5.1"),
    # o=- 4611731400430051336 2 IN IP4 127.0.0.1
    Row(
        "o",
        None,
        m.Origin,
        "{username:word} {session_id:digits} {session_version:int} "
        "{net_type:word} {address_type:addrtype} {address:word}",
        "RFC 8866 §5.2",
    ),
    # s=-
    Row("s", None, m.SessionName, "{name:nonempty}", "RFC 8866 §5.3"),
    # i=A Seminar on the session description protocol
    Row("i", None, m.Information, "{text:nonempty}", "RFC 8866 §5.4"),
    # u=https://www.example.com/seminars/sdp.pdf
    Row("u", None, m.Uri, "{uri:nonempty}", "RFC 8866 §5.5"),
    # e=j.doe@example.com (Jane Doe)
    Row("e", None, m.Email, "{address:nonempty}", "RFC 8866 §5.6"),
    # p=+1 617 555-6011
    Row("p", None, m.Phone, "{number:nonempty}", "RFC 8866 §5.6"),
    # c=IN IP4 233.252.0.1/127/3
    Row(
        "c",
        None,
        m.Connection,
        "{net_type:word} {address_type:addrtype} {address:addr}[/{ttl:int}[/{count:int}]]",
        "RFC 8866 §5.7",
    ),
    # b=AS:30
    Row("b", None, m.Bandwidth, "{bw_type:btype}:{value:int}", "RFC 8866 §5.8"),
    # t=0 0
    Row("t", None, m.Timing, "{start:int} {stop:int}", "RFC 8866 §5.9"),
    # r=604800 3600 0 90000
    Row(
        "r",
        None,
        m.Repeat,
        "{interval:word} {duration:word} {offsets:words}",
        "RFC 8866 §5.10",
    ),
    # z=2882844526 -1h 2898848070 0
    Row("z", None, m.TimeZones, "{adjustments:words}", "RFC 8866 §5.11"),
    # k=prompt
    Row("k", None, m.EncryptionKey, "{method:kmethod}[:{key:any}]", "RFC 8866 §5.12"),
    # m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
    Row(
        "m",
        None,
        m.MediaLine,
        "{kind:word} {port:int}[/{port_count:int}] {protocol:word}[ {formats:words}]",
        "RFC 8866 §5.14",
    ),
    # a=sendrecv
    Row("a", "sendrecv", m.Direction, None, "RFC 8866 §6.7.1"),
    # a=sendonly
    Row("a", "sendonly", m.Direction, None, "RFC 8866 §6.7.3"),
    # a=recvonly
    Row("a", "recvonly", m.Direction, None, "RFC 8866 §6.7.2"),
    # a=inactive
    Row("a", "inactive", m.Direction, None, "RFC 8866 §6.7.4"),
    # a=rtpmap:111 opus/48000/2
    Row(
        "a",
        "rtpmap",
        m.Rtpmap,
        "{payload_type:int} {encoding_name:addr}[/{clock_rate:int}[/{channels:int}]]",
        "RFC 8866 §6.6",
    ),
    # a=fmtp:111 minptime=10;useinbandfec=1
    Row("a", "fmtp", m.Fmtp, "{payload_type:int}[ {parameters:params}]", "RFC 8866 §6.15"),
    # a=rtcp-fb:96 nack pli
    Row(
        "a",
        "rtcp-fb",
        m.RtcpFb,
        "{payload_type:ptstar} {feedback_type:word}[ {parameter:text}]",
        "RFC 4585 §4.2",
    ),
    # a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
    Row(
        "a",
        "extmap",
        m.Extmap,
        "{id:int}[/{direction:extdir}] {uri:word}[ {attributes:text}]",
        "RFC 8285 §8",
    ),
    # a=extmap-allow-mixed
    Row("a", "extmap-allow-mixed", m.Flag, None, "RFC 8285 §6"),
    # a=mid:0
    Row("a", "mid", m.Mid, "{mid:word}", "RFC 5888 §4"),
    # a=msid:{4e4a8aea-5a4f-4e9b-8d3b-1f2b2a3c4d5e} {a1b2c3d4-0000-4000-8000-000000000001}
    Row("a", "msid", m.Msid, "{stream_id:word}[ {track_id:word}]", "RFC 8830 §2"),
    # a=msid-semantic: WMS stream1
    Row(
        "a",
        "msid-semantic",
        m.MsidSemantic,
        "{separator:spaces}{semantic:word}[ {stream_ids:words}]",
        "draft-ietf-mmusic-msid-07",
    ),
    # a=ssrc:3735928559 cname:4TOk42mSjXCkVIa6
    Row("a", "ssrc", m.Ssrc, "{ssrc:u32} {attribute:sattr}[:{value:any}]", "RFC 5576 §4.1"),
    # a=ssrc-group:FID 2231627014 632943048
    Row("a", "ssrc-group", m.SsrcGroup, "{semantics:word}[ {ssrcs:u32s}]", "RFC 5576 §4.2"),
    # a=rid:hi send pt=96;max-width=1280
    Row("a", "rid", m.Rid, "{rid:word} {direction:riddir}[ {parameters:params}]", "RFC 8851 §4"),
    # a=simulcast:send hi;mid;~lo
    Row("a", "simulcast", m.Simulcast, "{lists:simulcast}", "RFC 8853 §5.1"),
    # a=candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host generation 0 network-id 1
    Row(
        "a",
        "candidate",
        m.Candidate,
        "{foundation:word} {component:int} {transport:word} {priority:int} "
        "{address:word} {port:int} typ {type:word}[ {extensions:pairs}]",
        "RFC 8839 §5.1",
    ),
    # a=ice-ufrag:F7gI
    Row("a", "ice-ufrag", m.IceUfrag, "{ufrag:ice}", "RFC 8839 §5.4"),
    # a=ice-pwd:x9cml/YzichV2+XlhiMu8g
    Row("a", "ice-pwd", m.IcePwd, "{pwd:ice}", "RFC 8839 §5.4"),
    # a=ice-options:trickle
    Row("a", "ice-options", m.IceOptions, "{options:words}", "RFC 8839 §5.6"),
    # a=ice-lite
    Row("a", "ice-lite", m.Flag, None, "RFC 8839 §5.3"),
    # a=end-of-candidates
    Row("a", "end-of-candidates", m.Flag, None, "RFC 8840 §8.2"),
    # a=group:BUNDLE 0 1 2
    Row("a", "group", m.Group, "{semantics:word}[ {mids:words}]", "RFC 5888 §5"),
    # a=bundle-only
    Row("a", "bundle-only", m.Flag, None, "RFC 8843 §6"),
    # a=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB
    Row(
        "a",
        "fingerprint",
        m.Fingerprint,
        "{hash_function:word} {fingerprint:hex}",
        "RFC 8122 §5",
    ),
    # a=setup:actpass
    Row("a", "setup", m.Setup, "{role:role}", "RFC 8122 §5"),
    # a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32
    Row(
        "a",
        "crypto",
        m.Crypto,
        "{tag:int} {suite:word} {key_params:word}[ {session_params:text}]",
        "RFC 4568 §9.1",
    ),
    # a=rtcp:9 IN IP4 0.0.0.0
    Row(
        "a",
        "rtcp",
        m.Rtcp,
        "{port:int}[ {net_type:word} {address_type:addrtype} {address:word}]",
        "RFC 3605 §2.1",
    ),
    # a=rtcp-mux
    Row("a", "rtcp-mux", m.Flag, None, "RFC 5761 §5.1.1"),
    # a=rtcp-mux-only
    Row("a", "rtcp-mux-only", m.Flag, None, "RFC 8858 §3"),
    # a=rtcp-rsize
    Row("a", "rtcp-rsize", m.Flag, None, "RFC 5506 §5"),
    # a=ptime:20
    Row("a", "ptime", m.Ptime, "{ptime_ms:decimal}", "RFC 8866 §6.4"),
    # a=maxptime:120
    Row("a", "maxptime", m.MaxPtime, "{max_ptime_ms:decimal}", "RFC 8866 §6.5"),
    # a=sctp-port:5000
    Row("a", "sctp-port", m.SctpPort, "{port:int}", "RFC 8841 §5.1"),
    # a=max-message-size:262144
    Row("a", "max-message-size", m.MaxMessageSize, "{size_bytes:int}", "RFC 8841 §6.1"),
    # a=sctpmap:5000 webrtc-datachannel 1024
    Row(
        "a",
        "sctpmap",
        m.Sctpmap,
        "{number:int} {app:word}[ {streams:int}]",
        "draft-ietf-mmusic-sctp-sdp-05 §5",
    ),
    # a=imageattr:97 send [x=800,y=640] recv *
    Row("a", "imageattr", m.ImageAttr, "{payload_type:ptstar} {sets:text}", "RFC 6236 §3.1"),
)
"""Every modelled line type and attribute; the engine reads nothing else."""

# Lines that carry the attribute name in a field rather than in the row.
NAME_FIELDS: dict[type, str] = {m.Flag: "name", m.Direction: "direction"}


# --- compiling templates --------------------------------------------------------

Part = tuple[str, Any]
"""`("lit", text)`, `("field", (name, kind))` or `("opt", [parts])`."""

_TOKEN = re.compile(r"\{(\w+):(\w+)\}|\[|\]|[^{}\[\]]+")


def parse_template(template: str) -> list[Part]:
    """Split a template into literal, field and optional parts."""
    stack: list[list[Part]] = [[]]
    for token in _TOKEN.finditer(template):
        text = token.group(0)
        if token.group(1):
            stack[-1].append(("field", (token.group(1), token.group(2))))
        elif text == "[":
            stack.append([])
        elif text == "]":
            inner = stack.pop()
            stack[-1].append(("opt", inner))
        else:
            stack[-1].append(("lit", text))
    if len(stack) != 1:
        raise ValueError(f"unbalanced brackets in template {template!r}")
    return stack[0]


def fields_of(parts: list[Part]) -> list[tuple[str, str, bool]]:
    """`(name, kind, optional)` of every field, in order."""
    out: list[tuple[str, str, bool]] = []

    def walk(items: list[Part], optional: bool) -> None:
        for tag, value in items:
            if tag == "field":
                out.append((value[0], value[1], optional))
            elif tag == "opt":
                walk(value, True)

    walk(parts, False)
    return out


def to_regex(parts: list[Part], strict: bool) -> str:
    """The regex (one group per field) for a template."""
    out: list[str] = []
    for tag, value in parts:
        if tag == "lit":
            out.append(re.escape(value))
        elif tag == "field":
            kind = KINDS[value[1]]
            out.append(f"({kind.strict if strict else kind.pattern})")
        else:
            out.append(f"(?:{to_regex(value, strict)})?")
    return "".join(out)


def describe(parts: list[Part]) -> str:
    """Human-readable template, e.g. `<payload_type> <encoding_name>[/<clock_rate>]`."""
    out: list[str] = []
    for tag, value in parts:
        if tag == "lit":
            out.append(value)
        elif tag == "field":
            out.append(f"<{value[0]}>")
        else:
            out.append(f"[{describe(value)}]")
    return "".join(out)


def render(parts: list[Part], obj: object) -> str:
    """Write `obj`'s fields through a template."""
    out: list[str] = []
    for tag, value in parts:
        if tag == "lit":
            out.append(value)
        elif tag == "field":
            kind = KINDS[value[1]]
            field_value = getattr(obj, value[0])
            out.append(kind.encode(field_value) if kind.encode else field_value)
        else:
            first = fields_of(value)[0][0]
            present = getattr(obj, first)
            if present is not None and present != ():
                out.append(render(value, obj))
    return "".join(out)
