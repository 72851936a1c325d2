"""Typed model of a session description: frozen dataclasses, one per line type.

A parsed document keeps every line, in wire order: session-level lines in
`SessionDescription.lines`, and each media section's lines (after its `m=`
line) in `MediaSection.lines`. Lines the grammar understands become typed
objects (`Rtpmap`, `Candidate`, ...); anything else is kept verbatim as an
`Attribute` or a `RawLine`, so writing the model back loses nothing.

Typed views (`MediaSection.rtpmaps`, `SessionDescription.groups`, ...) are
computed from those lines on demand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeAlias, TypeVar

__all__ = [
    "Attribute",
    "Bandwidth",
    "Candidate",
    "Connection",
    "Crypto",
    "Direction",
    "Effective",
    "Email",
    "EncryptionKey",
    "Extmap",
    "Fingerprint",
    "Flag",
    "Fmtp",
    "Group",
    "IceOptions",
    "IcePwd",
    "IceUfrag",
    "ImageAttr",
    "Information",
    "Line",
    "MaxMessageSize",
    "MaxPtime",
    "MediaLine",
    "MediaSection",
    "Mid",
    "Msid",
    "MsidSemantic",
    "Origin",
    "Phone",
    "Ptime",
    "RawLine",
    "Repeat",
    "Rid",
    "Rtcp",
    "RtcpFb",
    "Rtpmap",
    "SctpPort",
    "Sctpmap",
    "SdpWarning",
    "SessionDescription",
    "SessionName",
    "Setup",
    "Simulcast",
    "SimulcastList",
    "SimulcastRid",
    "Ssrc",
    "SsrcGroup",
    "TimeZones",
    "Timing",
    "Uri",
    "Version",
]

# --- session and media fields (RFC 8866 section 5) ---------------------------


@dataclass(frozen=True)
class Version:
    """`v=`: protocol version (always 0)."""

    version: int
    """The version number; RFC 8866 defines only 0."""


@dataclass(frozen=True)
class Origin:
    """`o=`: who created the session, and which version of it this is."""

    username: str
    """User name on the originating host, `-` when none."""
    session_id: str
    """Session identifier, kept as text: it is an opaque token, often above 2**63."""
    session_version: int
    """Incremented by the originator each time the description changes."""
    net_type: str
    """Network type, `IN` for the Internet."""
    address_type: str
    """`IP4` or `IP6`."""
    address: str
    """Address of the originating host (often a placeholder such as `127.0.0.1`)."""


@dataclass(frozen=True)
class SessionName:
    """`s=`: the session name (a single space when there is none)."""

    name: str
    """The name as written."""


@dataclass(frozen=True)
class Information:
    """`i=`: free-text session or media title."""

    text: str
    """The text as written."""


@dataclass(frozen=True)
class Uri:
    """`u=`: a URI with more information about the session."""

    uri: str
    """The URI as written."""


@dataclass(frozen=True)
class Email:
    """`e=`: a contact e-mail address."""

    address: str
    """The address as written."""


@dataclass(frozen=True)
class Phone:
    """`p=`: a contact phone number."""

    number: str
    """The number as written."""


@dataclass(frozen=True)
class Connection:
    """`c=`: connection data; a media section may carry several."""

    net_type: str
    """Network type, `IN` for the Internet."""
    address_type: str
    """`IP4` or `IP6`."""
    address: str
    """Unicast or multicast address, or a host name."""
    ttl: int | None = None
    """IPv4 multicast time-to-live (`/ttl`), or None."""
    count: int | None = None
    """Number of consecutive multicast addresses (`/count`), or None."""


@dataclass(frozen=True)
class Bandwidth:
    """`b=`: a bandwidth limit of any type (`AS`, `CT`, `TIAS`, or an unknown one)."""

    bw_type: str
    """Bandwidth type, e.g. `AS` (kbit/s) or `TIAS` (bit/s)."""
    value: int
    """The limit, in the unit the type defines."""


@dataclass(frozen=True)
class Timing:
    """`t=`: start and stop time (NTP seconds; `0 0` means unbounded)."""

    start: int
    """Start time in NTP seconds, 0 for unbounded."""
    stop: int
    """Stop time in NTP seconds, 0 for unbounded."""


@dataclass(frozen=True)
class Repeat:
    """`r=`: repeat times of the preceding `t=` line (values keep their unit suffixes)."""

    interval: str
    """Repeat interval, e.g. `604800` or `7d`."""
    duration: str
    """Active duration, e.g. `3600` or `1h`."""
    offsets: tuple[str, ...]
    """Offsets from the start time."""


@dataclass(frozen=True)
class TimeZones:
    """`z=`: time zone adjustments, as written (pairs of time and offset)."""

    adjustments: tuple[str, ...]
    """Alternating adjustment times and offsets."""


@dataclass(frozen=True)
class EncryptionKey:
    """`k=`: obsolete encryption key line (RFC 8866 keeps it for compatibility)."""

    method: str
    """`clear`, `base64`, `uri` or `prompt`."""
    key: str | None = None
    """The key, or None for `prompt`."""


@dataclass(frozen=True)
class MediaLine:
    """`m=`: starts a media section."""

    kind: str
    """Media type: `audio`, `video`, `application`, `text`, `image`, ..."""
    port: int
    """Transport port; 0 rejects or disables the section."""
    port_count: int | None
    """Number of ports (`port/count`), or None."""
    protocol: str
    """Transport protocol, e.g. `UDP/TLS/RTP/SAVPF` or `UDP/DTLS/SCTP`."""
    formats: tuple[str, ...]
    """Media formats: RTP payload types as text, or e.g. `webrtc-datachannel`."""


@dataclass(frozen=True)
class RawLine:
    """A line of a type this grammar does not model (or a malformed one), kept verbatim."""

    type: str
    """The type letter before `=`."""
    value: str
    """Everything after `=`."""


# --- attributes (a=) ---------------------------------------------------------


@dataclass(frozen=True)
class Attribute:
    """An attribute the grammar does not model, or whose value it did not understand."""

    name: str
    """Attribute name, as written."""
    value: str | None
    """Value after the colon; None for a property attribute without one."""


@dataclass(frozen=True)
class Flag:
    """A property attribute without a value: `rtcp-mux`, `ice-lite`, `bundle-only`, ..."""

    name: str
    """Attribute name, e.g. `rtcp-mux`."""


@dataclass(frozen=True)
class Direction:
    """`sendrecv`, `sendonly`, `recvonly` or `inactive` (RFC 8866 section 6.7)."""

    direction: str
    """The direction attribute's name."""


@dataclass(frozen=True)
class Rtpmap:
    """`a=rtpmap`: maps a dynamic RTP payload type to a codec."""

    payload_type: int
    """RTP payload type (0-127)."""
    encoding_name: str
    """Codec name, e.g. `opus`, `VP8`, `rtx`."""
    clock_rate: int | None = None
    """RTP clock rate in Hz; None when the line omits it."""
    channels: int | None = None
    """Audio channels (encoding parameters); None when omitted."""


@dataclass(frozen=True)
class Fmtp:
    """`a=fmtp`: format parameters of one payload type."""

    payload_type: int
    """The payload type the parameters apply to."""
    parameters: tuple[tuple[str, str | None], ...] = ()
    """`;`-separated `(name, value)` pairs as written; value None for a bare token."""

    def get(self, name: str) -> str | None:
        """Value of parameter `name` (case-insensitive, spaces ignored), or None."""
        wanted = name.lower()
        for key, value in self.parameters:
            if key.strip().lower() == wanted:
                return value
        return None


@dataclass(frozen=True)
class RtcpFb:
    """`a=rtcp-fb`: an RTCP feedback message the receiver supports (RFC 4585)."""

    payload_type: int | None
    """Payload type, or None for `*` (every payload type)."""
    feedback_type: str
    """`nack`, `ccm`, `transport-cc`, `goog-remb`, ..."""
    parameter: str | None = None
    """Rest of the line, e.g. `pli` or `fir`, or None."""


@dataclass(frozen=True)
class Extmap:
    """`a=extmap`: an RTP header extension and its local id (RFC 8285)."""

    id: int
    """Local identifier (1-14 one-byte, up to 255 two-byte)."""
    direction: str | None
    """Optional direction suffix (`sendonly`, ...), or None."""
    uri: str
    """Extension URI."""
    attributes: str | None = None
    """Extension attributes after the URI, or None."""


@dataclass(frozen=True)
class Mid:
    """`a=mid`: media stream identification tag (RFC 5888)."""

    mid: str
    """The tag; BUNDLE groups name sections by it."""


@dataclass(frozen=True)
class Msid:
    """`a=msid`: media stream and track ids (RFC 8830)."""

    stream_id: str
    """MediaStream id; `-` for no stream."""
    track_id: str | None = None
    """Application data, historically the track id, or None."""


@dataclass(frozen=True)
class MsidSemantic:
    """`a=msid-semantic`: legacy (pre-RFC 8830) session-level stream list."""

    separator: str
    """Spaces written between the colon and the semantic (Chrome wrote one)."""
    semantic: str
    """Semantic token, `WMS`."""
    stream_ids: tuple[str, ...] = ()
    """Stream ids, or `*`."""


@dataclass(frozen=True)
class Ssrc:
    """`a=ssrc`: a source attribute (RFC 5576), e.g. `cname` or legacy `msid`/`mslabel`."""

    ssrc: int
    """Synchronisation source, an unsigned 32-bit integer."""
    attribute: str
    """Source attribute name: `cname`, `msid`, `mslabel`, `label`, ..."""
    value: str | None = None
    """Source attribute value, or None."""


@dataclass(frozen=True)
class SsrcGroup:
    """`a=ssrc-group`: related sources (`FID` retransmission, `SIM` simulcast, `FEC-FR`)."""

    semantics: str
    """Grouping semantics."""
    ssrcs: tuple[int, ...] = ()
    """Member sources, in order."""


@dataclass(frozen=True)
class Rid:
    """`a=rid`: a restriction identifier for one RTP stream (RFC 8851)."""

    rid: str
    """The rid."""
    direction: str
    """`send` or `recv`."""
    parameters: tuple[tuple[str, str | None], ...] = ()
    """`;`-separated restrictions, e.g. `("pt", "96,97")`, `("max-width", "1280")`."""


@dataclass(frozen=True)
class SimulcastRid:
    """One rid of a simulcast stream alternative list."""

    rid: str
    """The rid."""
    paused: bool = False
    """True when written with a leading `~`."""


@dataclass(frozen=True)
class SimulcastList:
    """A direction of `a=simulcast` and its streams."""

    direction: str
    """`send` or `recv`."""
    streams: tuple[tuple[SimulcastRid, ...], ...]
    """Streams (`;`-separated), each a tuple of alternative rids (`,`-separated)."""


@dataclass(frozen=True)
class Simulcast:
    """`a=simulcast`: simulcast streams per direction (RFC 8853)."""

    lists: tuple[SimulcastList, ...]
    """One or two direction lists, in wire order."""

    def streams(self, direction: str) -> tuple[tuple[SimulcastRid, ...], ...]:
        """Streams for `send` or `recv` (empty when that direction is absent)."""
        for item in self.lists:
            if item.direction == direction:
                return item.streams
        return ()


@dataclass(frozen=True)
class Candidate:
    """`a=candidate`: an ICE candidate (RFC 8839 section 5.1)."""

    foundation: str
    """Foundation: candidates with the same one share a base and server."""
    component: int
    """Component id: 1 RTP, 2 RTCP."""
    transport: str
    """`UDP` or `TCP`, as written (case is not normalised)."""
    priority: int
    """Candidate priority."""
    address: str
    """IPv4 or IPv6 address, or an mDNS `.local` name."""
    port: int
    """Port."""
    type: str
    """`host`, `srflx`, `prflx` or `relay`."""
    extensions: tuple[tuple[str, str], ...] = ()
    """Name/value pairs after the type: `raddr`, `rport`, `tcptype`, `generation`, ..."""

    def extension(self, name: str) -> str | None:
        """Value of the extension `name`, or None."""
        for key, value in self.extensions:
            if key == name:
                return value
        return None

    @property
    def related_address(self) -> str | None:
        """`raddr`, or None."""
        return self.extension("raddr")

    @property
    def related_port(self) -> int | None:
        """`rport` as an int, or None."""
        value = self.extension("rport")
        return int(value) if value is not None and value.isdigit() else None

    @property
    def tcptype(self) -> str | None:
        """`active`, `passive` or `so` for TCP candidates, or None."""
        return self.extension("tcptype")

    @property
    def generation(self) -> int | None:
        """Legacy `generation` extension, or None."""
        value = self.extension("generation")
        return int(value) if value is not None and value.isdigit() else None


@dataclass(frozen=True)
class IceUfrag:
    """`a=ice-ufrag`: ICE username fragment (always text, even when it looks numeric)."""

    ufrag: str
    """The fragment, 4 to 256 ice-chars."""


@dataclass(frozen=True)
class IcePwd:
    """`a=ice-pwd`: ICE password."""

    pwd: str
    """The password, 22 to 256 ice-chars."""


@dataclass(frozen=True)
class IceOptions:
    """`a=ice-options`: ICE options such as `trickle` or `ice2`."""

    options: tuple[str, ...]
    """Option tags."""


@dataclass(frozen=True)
class Group:
    """`a=group`: a group of media sections, e.g. `BUNDLE` (RFC 5888, RFC 8843)."""

    semantics: str
    """`BUNDLE`, `LS`, `FID`, ..."""
    mids: tuple[str, ...] = ()
    """Member mids, in order."""


@dataclass(frozen=True)
class Fingerprint:
    """`a=fingerprint`: hash of the DTLS certificate (RFC 8122)."""

    hash_function: str
    """`sha-256`, `sha-1`, ... as written."""
    fingerprint: str
    """Colon-separated upper- or lower-case hex bytes."""


@dataclass(frozen=True)
class Setup:
    """`a=setup`: DTLS/TCP role (RFC 8122, RFC 4145)."""

    role: str
    """`actpass`, `active`, `passive` or `holdconn`."""


@dataclass(frozen=True)
class Crypto:
    """`a=crypto`: SDES SRTP keying (RFC 4568)."""

    tag: int
    """Decimal tag identifying this line."""
    suite: str
    """Crypto suite, e.g. `AES_CM_128_HMAC_SHA1_80`."""
    key_params: str
    """Key parameters, e.g. `inline:...`."""
    session_params: str | None = None
    """Session parameters, or None."""


@dataclass(frozen=True)
class Rtcp:
    """`a=rtcp`: explicit RTCP port and address (RFC 3605)."""

    port: int
    """RTCP port."""
    net_type: str | None = None
    """Network type, or None."""
    address_type: str | None = None
    """`IP4` or `IP6`, or None."""
    address: str | None = None
    """Address, or None."""


@dataclass(frozen=True)
class Ptime:
    """`a=ptime`: preferred packet duration."""

    ptime_ms: float
    """Milliseconds of media per packet."""


@dataclass(frozen=True)
class MaxPtime:
    """`a=maxptime`: maximum packet duration."""

    max_ptime_ms: float
    """Milliseconds of media per packet, at most."""


@dataclass(frozen=True)
class SctpPort:
    """`a=sctp-port`: SCTP port of the data channel association (RFC 8841)."""

    port: int
    """SCTP port, usually 5000."""


@dataclass(frozen=True)
class MaxMessageSize:
    """`a=max-message-size`: largest data channel message the receiver takes (RFC 8841)."""

    size_bytes: int
    """Bytes; 0 means no limit."""


@dataclass(frozen=True)
class Sctpmap:
    """`a=sctpmap`: legacy (draft-05) data channel mapping, replaced by `a=sctp-port`."""

    number: int
    """SCTP port."""
    app: str
    """Application, `webrtc-datachannel`."""
    streams: int | None = None
    """Maximum number of streams, or None."""


@dataclass(frozen=True)
class ImageAttr:
    """`a=imageattr`: image resolution negotiation (RFC 6236); the sets are kept as text."""

    payload_type: int | None
    """Payload type, or None for `*`."""
    sets: str
    """`send ... recv ...` sets as written."""


Line: TypeAlias = (
    Version
    | Origin
    | SessionName
    | Information
    | Uri
    | Email
    | Phone
    | Connection
    | Bandwidth
    | Timing
    | Repeat
    | TimeZones
    | EncryptionKey
    | RawLine
    | Attribute
    | Flag
    | Direction
    | Rtpmap
    | Fmtp
    | RtcpFb
    | Extmap
    | Mid
    | Msid
    | MsidSemantic
    | Ssrc
    | SsrcGroup
    | Rid
    | Simulcast
    | Candidate
    | IceUfrag
    | IcePwd
    | IceOptions
    | Group
    | Fingerprint
    | Setup
    | Crypto
    | Rtcp
    | Ptime
    | MaxPtime
    | SctpPort
    | MaxMessageSize
    | Sctpmap
    | ImageAttr
)
"""Any line of a session description other than `m=`."""

_T = TypeVar("_T")


def _of(lines: tuple[Line, ...], cls: type[_T]) -> tuple[_T, ...]:
    return tuple(x for x in lines if type(x) is cls)


def _first(lines: tuple[Line, ...], cls: type[_T]) -> _T | None:
    for x in lines:
        if type(x) is cls:
            return x
    return None


class _Lines:
    """Typed views shared by the session and media levels (mixin over `lines`)."""

    lines: tuple[Line, ...]

    def of_type(self, cls: type[_T]) -> tuple[_T, ...]:
        """Every line of model class `cls`, in wire order."""
        return _of(self.lines, cls)

    def attributes(self, name: str) -> tuple[Attribute, ...]:
        """Attributes named `name` that the grammar keeps verbatim."""
        return tuple(x for x in self.lines if type(x) is Attribute and x.name == name)

    def has_flag(self, name: str) -> bool:
        """True when the property attribute `name` (e.g. `rtcp-mux`) is present."""
        return any(type(x) is Flag and x.name == name for x in self.lines)

    @property
    def connections(self) -> tuple[Connection, ...]:
        """`c=` lines."""
        return _of(self.lines, Connection)

    @property
    def bandwidths(self) -> tuple[Bandwidth, ...]:
        """`b=` lines."""
        return _of(self.lines, Bandwidth)

    @property
    def direction(self) -> str | None:
        """The direction attribute written at this level, or None."""
        found = _first(self.lines, Direction)
        return found.direction if found else None

    @property
    def ice_ufrag(self) -> str | None:
        """`a=ice-ufrag` at this level, or None."""
        found = _first(self.lines, IceUfrag)
        return found.ufrag if found else None

    @property
    def ice_pwd(self) -> str | None:
        """`a=ice-pwd` at this level, or None."""
        found = _first(self.lines, IcePwd)
        return found.pwd if found else None

    @property
    def ice_options(self) -> tuple[str, ...]:
        """`a=ice-options` tags at this level."""
        return tuple(o for x in _of(self.lines, IceOptions) for o in x.options)

    @property
    def ice_lite(self) -> bool:
        """True when `a=ice-lite` is present at this level."""
        return self.has_flag("ice-lite")

    @property
    def fingerprints(self) -> tuple[Fingerprint, ...]:
        """`a=fingerprint` lines at this level."""
        return _of(self.lines, Fingerprint)

    @property
    def setup(self) -> str | None:
        """`a=setup` role at this level, or None."""
        found = _first(self.lines, Setup)
        return found.role if found else None

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        """`a=candidate` lines at this level."""
        return _of(self.lines, Candidate)


@dataclass(frozen=True)
class MediaSection(_Lines):
    """One media section: its `m=` line and the lines after it."""

    media: MediaLine
    """The `m=` line."""
    lines: tuple[Line, ...] = ()
    """Lines after `m=`, in wire order."""

    @property
    def kind(self) -> str:
        """Media type from the `m=` line."""
        return self.media.kind

    @property
    def port(self) -> int:
        """Port from the `m=` line (0: rejected or bundled-only)."""
        return self.media.port

    @property
    def protocol(self) -> str:
        """Transport protocol from the `m=` line."""
        return self.media.protocol

    @property
    def mid(self) -> str | None:
        """`a=mid`, or None."""
        found = _first(self.lines, Mid)
        return found.mid if found else None

    @property
    def rtpmaps(self) -> tuple[Rtpmap, ...]:
        """`a=rtpmap` lines."""
        return _of(self.lines, Rtpmap)

    @property
    def fmtps(self) -> tuple[Fmtp, ...]:
        """`a=fmtp` lines."""
        return _of(self.lines, Fmtp)

    @property
    def rtcp_fbs(self) -> tuple[RtcpFb, ...]:
        """`a=rtcp-fb` lines."""
        return _of(self.lines, RtcpFb)

    @property
    def extmaps(self) -> tuple[Extmap, ...]:
        """`a=extmap` lines."""
        return _of(self.lines, Extmap)

    @property
    def msids(self) -> tuple[Msid, ...]:
        """`a=msid` lines."""
        return _of(self.lines, Msid)

    @property
    def ssrcs(self) -> tuple[Ssrc, ...]:
        """`a=ssrc` lines."""
        return _of(self.lines, Ssrc)

    @property
    def ssrc_groups(self) -> tuple[SsrcGroup, ...]:
        """`a=ssrc-group` lines."""
        return _of(self.lines, SsrcGroup)

    @property
    def rids(self) -> tuple[Rid, ...]:
        """`a=rid` lines."""
        return _of(self.lines, Rid)

    @property
    def simulcast(self) -> Simulcast | None:
        """`a=simulcast`, or None."""
        return _first(self.lines, Simulcast)

    @property
    def sctp_port(self) -> int | None:
        """`a=sctp-port`, or None."""
        found = _first(self.lines, SctpPort)
        return found.port if found else None

    @property
    def bundle_only(self) -> bool:
        """True when `a=bundle-only` is present (RFC 8843)."""
        return self.has_flag("bundle-only")


@dataclass(frozen=True)
class Effective:
    """Values in force for one media section once session-level defaults apply."""

    connections: tuple[Connection, ...]
    """The section's `c=` lines, else the session's."""
    direction: str
    """The section's direction, else the session's, else `sendrecv`."""
    ice_ufrag: str | None
    """ICE username fragment."""
    ice_pwd: str | None
    """ICE password."""
    ice_options: tuple[str, ...]
    """ICE options."""
    ice_lite: bool
    """True when either level says `a=ice-lite`."""
    fingerprints: tuple[Fingerprint, ...]
    """DTLS certificate fingerprints."""
    setup: str | None
    """DTLS role."""


@dataclass(frozen=True)
class SdpWarning:
    """A repair lenient parsing made, or a line it kept without understanding."""

    line: int
    """1-based line number in the input."""
    message: str
    """What was repaired."""

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class SessionDescription(_Lines):
    """A whole session description: session-level lines and media sections.

    Equality compares the lines only: `warnings` and `source_lines` describe
    the input text, not the description.
    """

    lines: tuple[Line, ...]
    """Session-level lines in wire order, `v=` first."""
    media: tuple[MediaSection, ...] = ()
    """Media sections in order."""
    warnings: tuple[SdpWarning, ...] = field(default=(), compare=False, repr=False)
    """Repairs made by lenient parsing (empty for clean input)."""
    source_lines: tuple[int, ...] | None = field(default=None, compare=False, repr=False)
    """Input line number of each model line in `write` order; None: the same numbers."""

    @property
    def origin(self) -> Origin | None:
        """`o=`, or None when missing or malformed."""
        return _first(self.lines, Origin)

    @property
    def session_name(self) -> str | None:
        """`s=` text, or None."""
        found = _first(self.lines, SessionName)
        return found.name if found else None

    @property
    def timings(self) -> tuple[Timing, ...]:
        """`t=` lines."""
        return _of(self.lines, Timing)

    @property
    def groups(self) -> tuple[Group, ...]:
        """`a=group` lines."""
        return _of(self.lines, Group)

    @cached_property
    def bundle_groups(self) -> tuple[tuple[str, ...], ...]:
        """Mids of each `a=group:BUNDLE` line."""
        return tuple(g.mids for g in self.groups if g.semantics == "BUNDLE")

    def effective(self, index: int) -> Effective:
        """Effective values of media section `index`, with session-level defaults applied."""
        media = self.media[index]
        return Effective(
            connections=media.connections or self.connections,
            direction=media.direction or self.direction or "sendrecv",
            ice_ufrag=media.ice_ufrag or self.ice_ufrag,
            ice_pwd=media.ice_pwd or self.ice_pwd,
            ice_options=media.ice_options or self.ice_options,
            ice_lite=media.ice_lite or self.ice_lite,
            fingerprints=media.fingerprints or self.fingerprints,
            setup=media.setup or self.setup,
        )

    def line_number(self, position: int) -> int:
        """Input line number of the model line at `position` (0-based, `write` order)."""
        if self.source_lines is None or position >= len(self.source_lines):
            return position + 1
        return self.source_lines[position]

    def numbered(self) -> list[tuple[int, int, Line | MediaLine]]:
        """Every line as `(line number, media index or -1, line)`, in `write` order."""
        out: list[tuple[int, int, Line | MediaLine]] = []
        pos = 0
        for line in self.lines:
            out.append((self.line_number(pos), -1, line))
            pos += 1
        for index, media in enumerate(self.media):
            out.append((self.line_number(pos), index, media.media))
            pos += 1
            for line in media.lines:
                out.append((self.line_number(pos), index, line))
                pos += 1
        return out
