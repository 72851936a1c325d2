"""Semantic checks a WebRTC engineer wants on a parsed session description."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from notes_tools.sdp import model as m
from notes_tools.sdp.engine import ATTRIBUTES, FIELDS

__all__ = ["Finding", "lint"]

Severity = Literal["error", "warning", "info"]
Add = Callable[[object, Severity, str, str], None]
"""Report a finding about a line (model object) of the current section."""


@dataclass(frozen=True)
class Finding:
    """One lint result."""

    line: int
    """1-based input line the finding is about."""
    severity: Severity
    """`error` (breaks negotiation), `warning` (suspicious) or `info` (explained, not a fault)."""
    code: str
    """Stable identifier, e.g. `bundle-unknown-mid`."""
    message: str
    """What is wrong and why."""

    def __str__(self) -> str:
        return f"line {self.line}: {self.severity}: {self.message} [{self.code}]"


# RTP payload types with a static assignment (RFC 3551 table 4 and 5).
STATIC_PAYLOAD_TYPES = frozenset({*range(0, 19), 25, 26, 28, 31, 32, 33, 34})

# Digest length in bytes of each fingerprint hash (RFC 8122 section 5, hash registry).
HASH_BYTES = {
    "md2": 16,
    "md5": 16,
    "sha-1": 20,
    "sha-224": 28,
    "sha-256": 32,
    "sha-384": 48,
    "sha-512": 64,
}

_ICE_CHARS = re.compile(r"[A-Za-z0-9+/]*").fullmatch
# Attributes RFC 8866 (and their RFCs) define only inside a media section.
_MEDIA_ONLY = frozenset(
    {"rtpmap", "fmtp", "rtcp-fb", "ptime", "maxptime", "mid", "msid", "ssrc", "ssrc-group",
     "rid", "simulcast", "rtcp", "sctp-port", "max-message-size", "sctpmap", "imageattr",
     "rtcp-mux", "rtcp-rsize", "bundle-only", "candidate", "end-of-candidates"}
)  # fmt: skip
_SESSION_ONLY = frozenset({"group", "ice-lite", "msid-semantic"})


def _name(line: object) -> str | None:
    """Wire attribute name of an attribute model object."""
    if isinstance(line, m.Attribute | m.Flag):
        return line.name
    if isinstance(line, m.Direction):
        return line.direction
    for name, row in ATTRIBUTES.items():
        if getattr(row, "row", None) is not None and row.row.cls is type(line):
            return name
    return None


def lint(sd: m.SessionDescription) -> list[Finding]:
    """Check a session description for semantic problems.

    Checks: mandatory lines; values the grammar did not understand; BUNDLE
    groups naming missing mids; duplicate mids; RTP payload types without
    `a=rtpmap`; fmtp/rtcp-fb/`apt=` references to unknown payload types; ICE
    ufrag/pwd length and characters (RFC 8839); fingerprint length against its
    hash; undeclared ssrc-group members and simulcast rids; data channel
    sections without `a=sctp-port`; media-only attributes at session level.
    Legacy Plan-B markers are reported as `info`: explained, not failed.

    Args:
        sd: A parsed session description.

    Returns:
        Findings sorted by line.

    Examples:
        >>> from notes_tools.sdp import parse
        >>> sd = parse("v=0\\no=- 1 1 IN IP4 0.0.0.0\\ns=-\\nt=0 0\\na=group:BUNDLE 0 1\\n"
        ...            "m=audio 9 RTP/AVP 0\\na=mid:0\\n")
        >>> [f.code for f in lint(sd)]
        ['bundle-unknown-mid']
    """
    found: list[Finding] = []
    numbered = sd.numbered()
    # Identical lines may share one (immutable) object, so look lines up per section.
    where: dict[tuple[int, int], int] = {}
    for number, section, line in numbered:
        where.setdefault((section, id(line)), number)

    def adder(section: int) -> Add:
        def add(line: object, severity: Severity, code: str, message: str) -> None:
            found.append(Finding(where.get((section, id(line)), 1), severity, code, message))

        return add

    add = adder(-1)

    # Mandatory lines (lenient parsing lets them be missing).
    present = {type(x) for x in sd.lines}
    for cls, letter in ((m.Origin, "o"), (m.SessionName, "s"), (m.Timing, "t")):
        if cls not in present:
            raw = [x for x in sd.lines if isinstance(x, m.RawLine) and x.type == letter]
            if not raw:
                found.append(
                    Finding(1, "error", "missing-line", f"mandatory {letter}= line is missing")
                )

    # Lines kept verbatim although the grammar knows their name.
    for _, section, line in numbered:
        add = adder(section)
        if isinstance(line, m.RawLine):
            if line.type in FIELDS:
                add(line, "error", "malformed", f"{line.type}= value not understood, kept as is")
            else:
                add(line, "warning", "unknown-line", f"unknown line type {line.type}=, kept as is")
        elif isinstance(line, m.Attribute) and line.name in ATTRIBUTES:
            add(
                line,
                "warning",
                "malformed",
                f"a={line.name} value {line.value!r} not understood, kept as is",
            )

    # Address types (RFC 8866 defines IP4 and IP6 for the IN network type).
    for _, section, line in numbered:
        kind = getattr(line, "address_type", None)
        if isinstance(line, m.Origin | m.Connection | m.Rtcp) and kind is not None:
            address = getattr(line, "address", "") or ""
            add = adder(section)
            if kind not in ("IP4", "IP6"):
                add(line, "error", "address-type", f"unknown address type {kind!r} (IP4 or IP6)")
            elif kind == "IP4" and ":" in address:
                add(line, "warning", "address-type", f"IP4 given with IPv6 address {address!r}")

    # Session-level attributes that belong to media sections, and the reverse.
    add = adder(-1)
    for line in sd.lines:
        name = _name(line)
        if name in _MEDIA_ONLY:
            add(
                line,
                "warning",
                "media-attribute-at-session",
                f"a={name} belongs in a media section",
            )
    for index, media in enumerate(sd.media):
        add = adder(index)
        for line in media.lines:
            name = _name(line)
            if name in _SESSION_ONLY:
                add(
                    line,
                    "warning",
                    "session-attribute-in-media",
                    f"a={name} belongs at session level",
                )

    # mids and BUNDLE.
    mids = Counter(media.mid for media in sd.media if media.mid is not None)
    for index, media in enumerate(sd.media):
        add = adder(index)
        mid_line = next((x for x in media.lines if isinstance(x, m.Mid)), None)
        if mid_line is not None and mids[mid_line.mid] > 1:
            add(mid_line, "error", "duplicate-mid", f"mid {mid_line.mid!r} is used more than once")
    add = adder(-1)
    for group in sd.groups:
        for mid in group.mids:
            if mid not in mids:
                add(
                    group,
                    "error",
                    "bundle-unknown-mid" if group.semantics == "BUNDLE" else "group-unknown-mid",
                    f"a=group:{group.semantics} names mid {mid!r}, which no m= section has",
                )

    # ICE credentials and fingerprints, at both levels.
    levels: list[tuple[m.SessionDescription | m.MediaSection, int]] = [(sd, -1)]
    levels += [(media, i) for i, media in enumerate(sd.media)]
    for level, section in levels:
        add = adder(section)
        for line in level.lines:
            if isinstance(line, m.IceUfrag):
                _check_ice(add, line, line.ufrag, "ice-ufrag", 4)
            elif isinstance(line, m.IcePwd):
                _check_ice(add, line, line.pwd, "ice-pwd", 22)
            elif isinstance(line, m.Fingerprint):
                expected = HASH_BYTES.get(line.hash_function.lower())
                got = len(line.fingerprint.split(":"))
                if expected is None:
                    add(line, "warning", "fingerprint-hash", f"unknown hash {line.hash_function!r}")
                elif got != expected:
                    add(
                        line,
                        "error",
                        "fingerprint-length",
                        f"{line.hash_function} fingerprint has {got} bytes, expected {expected}",
                    )

    planb_explained = False
    for index, media in enumerate(sd.media):
        _check_media(adder(index), media)
        planb_explained |= _check_planb(adder(index), media, planb_explained)
    add = adder(-1)
    for line in sd.lines:
        if isinstance(line, m.MsidSemantic):
            add(
                line,
                "info",
                "legacy-msid-semantic",
                "a=msid-semantic is a pre-RFC 8830 leftover (browsers still send it); "
                "a=msid in each section carries the stream ids",
            )
    found.sort(key=lambda f: f.line)
    return found


def _check_ice(add: Add, line: object, value: str, name: str, minimum: int) -> None:
    if not minimum <= len(value) <= 256:
        add(
            line,
            "error",
            f"{name}-length",
            f"a={name} is {len(value)} characters; RFC 8839 wants {minimum} to 256",
        )
    if not _ICE_CHARS(value):
        add(line, "error", f"{name}-chars", f"a={name} has characters outside A-Z a-z 0-9 + /")


def _check_media(add: Add, media: m.MediaSection) -> None:
    rtp = "RTP" in media.protocol.upper()
    formats = set(media.media.formats)
    if not media.media.formats:
        add(media.media, "error", "no-formats", "m= line lists no formats")
    if rtp:
        mapped = {r.payload_type for r in media.rtpmaps}
        names = {r.payload_type: r.encoding_name for r in media.rtpmaps}
        for fmt in media.media.formats:
            if not fmt.isdigit():
                add(
                    media.media,
                    "error",
                    "bad-payload-type",
                    f"payload type {fmt!r} is not a number",
                )
            elif int(fmt) not in mapped and int(fmt) not in STATIC_PAYLOAD_TYPES:
                add(media.media, "error", "missing-rtpmap", f"payload type {fmt} has no a=rtpmap")
        for line in media.lines:
            pt = getattr(line, "payload_type", None)
            listed = pt is None or str(pt) in formats
            if isinstance(line, m.Rtpmap | m.Fmtp | m.RtcpFb) and not listed:
                add(
                    line,
                    "warning",
                    "unlisted-payload-type",
                    f"a={_name(line)} for payload type {pt}, not on the m= line",
                )
            if isinstance(line, m.Fmtp) and names.get(line.payload_type, "").lower() == "red":
                # RFC 2198 redundancy: `a=fmtp:63 111/111` lists the redundant payload types.
                for key, value in line.parameters:
                    for ref in [] if value is not None else key.strip().split("/"):
                        if ref and ref not in formats:
                            add(
                                line,
                                "error",
                                "red-unknown",
                                f"red names payload type {ref}, not on the m= line",
                            )
            if isinstance(line, m.Fmtp):
                apt = line.get("apt")
                if apt is not None and apt not in formats:
                    add(
                        line,
                        "error",
                        "apt-unknown",
                        f"apt={apt} names a payload type not on the m= line",
                    )
    ssrcs = {s.ssrc for s in media.ssrcs}
    for group in media.ssrc_groups:
        for ssrc in group.ssrcs:
            if ssrc not in ssrcs:
                add(
                    group,
                    "error",
                    "ssrc-group-undeclared",
                    f"a=ssrc-group:{group.semantics} member {ssrc} has no a=ssrc line",
                )
    simulcast = media.simulcast
    if simulcast is not None:
        declared = {(r.rid, r.direction) for r in media.rids}
        for item in simulcast.lists:
            for stream in item.streams:
                for rid in stream:
                    if (rid.rid, item.direction) not in declared:
                        add(
                            simulcast,
                            "error",
                            "simulcast-undeclared-rid",
                            f"simulcast {item.direction} rid {rid.rid!r} has no "
                            f"a=rid:{rid.rid} {item.direction}",
                        )
    if media.kind == "application" and "SCTP" in media.protocol.upper():
        legacy = any(isinstance(x, m.Sctpmap) for x in media.lines)
        if legacy:
            add(
                media.media,
                "info",
                "legacy-sctpmap",
                "a=sctpmap is the pre-RFC 8841 form; "
                "modern SDP uses a=sctp-port and a=max-message-size",
            )
        elif media.sctp_port is None and media.port != 0:
            add(
                media.media,
                "error",
                "missing-sctp-port",
                "data channel section without a=sctp-port",
            )


def _check_planb(add: Add, media: m.MediaSection, explained: bool) -> bool:
    legacy = [s for s in media.ssrcs if s.attribute in ("mslabel", "label")]
    streams = {s.value for s in media.ssrcs if s.attribute == "msid"}
    said = False
    if legacy and not explained:
        add(
            legacy[0],
            "info",
            "legacy-ssrc-label",
            "a=ssrc mslabel/label are legacy Chrome (Plan B) attributes; RFC 8830 uses a=msid",
        )
        said = True
    if len(streams) > 1:
        add(
            media.media,
            "info",
            "plan-b",
            f"{len(streams)} tracks share one {media.kind} section: Plan B; "
            "Unified Plan uses one m= section per track",
        )
        said = True
    return said
