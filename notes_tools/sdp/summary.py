"""What a session description says, per media section, and what an offer/answer pair agreed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from notes_tools.sdp import model as m

__all__ = ["CodecSummary", "MediaOutcome", "MediaSummary", "TransportSummary", "diff", "summary"]

# Static RTP payload types (RFC 3551 tables 4 and 5): name, clock rate, channels.
STATIC_CODECS: dict[int, tuple[str, int, int | None]] = {
    0: ("PCMU", 8000, 1),
    3: ("GSM", 8000, 1),
    4: ("G723", 8000, 1),
    5: ("DVI4", 8000, 1),
    6: ("DVI4", 16000, 1),
    7: ("LPC", 8000, 1),
    8: ("PCMA", 8000, 1),
    9: ("G722", 8000, 1),
    10: ("L16", 44100, 2),
    11: ("L16", 44100, 1),
    12: ("QCELP", 8000, 1),
    13: ("CN", 8000, 1),
    14: ("MPA", 90000, None),
    15: ("G728", 8000, 1),
    16: ("DVI4", 11025, 1),
    17: ("DVI4", 22050, 1),
    18: ("G729", 8000, 1),
    25: ("CelB", 90000, None),
    26: ("JPEG", 90000, None),
    28: ("nv", 90000, None),
    31: ("H261", 90000, None),
    32: ("MPV", 90000, None),
    33: ("MP2T", 90000, None),
    34: ("H263", 90000, None),
}


@dataclass(frozen=True)
class CodecSummary:
    """One payload type of a media section."""

    payload_type: int
    """RTP payload type."""
    name: str
    """Encoding name (from `a=rtpmap`, or the static table)."""
    clock_rate: int | None
    """Clock rate in Hz."""
    channels: int | None
    """Audio channels, when given."""
    fmtp: str | None
    """Format parameters as written, or None."""
    feedback: tuple[str, ...]
    """RTCP feedback, e.g. `nack pli` (payload type `*` included)."""

    def __str__(self) -> str:
        rate = f"/{self.clock_rate}" if self.clock_rate else ""
        chans = f"/{self.channels}" if self.channels else ""
        return f"{self.payload_type} {self.name}{rate}{chans}"


@dataclass(frozen=True)
class TransportSummary:
    """How a media section's packets flow, with session-level defaults applied."""

    ice_ufrag: str | None
    """ICE username fragment."""
    ice_pwd: str | None
    """ICE password."""
    ice_lite: bool
    """True for an ICE-lite endpoint."""
    candidates: tuple[tuple[str, int], ...]
    """Candidate count by type (`host`, `srflx`, `relay`, ...), in first-seen order."""
    dtls_role: str | None
    """`a=setup` role."""
    fingerprints: tuple[str, ...]
    """`hash value` of each certificate fingerprint."""
    rtcp_mux: bool
    """True when RTP and RTCP share the port."""


@dataclass(frozen=True)
class MediaSummary:
    """One media section at a glance."""

    index: int
    """0-based position of the m= line."""
    kind: str
    """`audio`, `video`, `application`, ..."""
    mid: str | None
    """`a=mid`."""
    port: int
    """Port; 0 means rejected (or bundle-only)."""
    protocol: str
    """Transport protocol."""
    direction: str
    """Effective direction."""
    codecs: tuple[CodecSummary, ...]
    """Payload types in m= line order (RTP sections only)."""
    transport: TransportSummary
    """ICE and DTLS."""
    simulcast: tuple[str, ...]
    """Simulcast layers as `send hi`, `send ~lo` (paused), ..."""
    ssrcs: tuple[int, ...]
    """Declared SSRCs, in first-seen order."""


def summary(sd: m.SessionDescription) -> tuple[MediaSummary, ...]:
    """Summarise each media section: kind, mid, direction, codecs, transport, simulcast.

    Examples:
        >>> from notes_tools.sdp import parse
        >>> sd = parse("v=0\\no=- 1 1 IN IP4 0.0.0.0\\ns=-\\nt=0 0\\na=setup:actpass\\n"
        ...            "m=audio 9 RTP/SAVPF 111\\na=rtpmap:111 opus/48000/2\\n")
        >>> s = summary(sd)[0]
        >>> str(s.codecs[0]), s.direction, s.transport.dtls_role
        ('111 opus/48000/2', 'sendrecv', 'actpass')
    """
    out: list[MediaSummary] = []
    for index, media in enumerate(sd.media):
        eff = sd.effective(index)
        out.append(
            MediaSummary(
                index=index,
                kind=media.kind,
                mid=media.mid,
                port=media.port,
                protocol=media.protocol,
                direction=eff.direction,
                codecs=_codecs(media),
                transport=TransportSummary(
                    ice_ufrag=eff.ice_ufrag,
                    ice_pwd=eff.ice_pwd,
                    ice_lite=eff.ice_lite,
                    candidates=tuple(Counter(c.type for c in media.candidates).items()),
                    dtls_role=eff.setup,
                    fingerprints=tuple(
                        f"{f.hash_function} {f.fingerprint}" for f in eff.fingerprints
                    ),
                    rtcp_mux=media.has_flag("rtcp-mux"),
                ),
                simulcast=tuple(
                    f"{item.direction} " + ",".join(("~" if r.paused else "") + r.rid for r in s)
                    for sim in media.of_type(m.Simulcast)
                    for item in sim.lists
                    for s in item.streams
                ),
                ssrcs=tuple(dict.fromkeys(s.ssrc for s in media.ssrcs)),
            )
        )
    return tuple(out)


def _codecs(media: m.MediaSection) -> tuple[CodecSummary, ...]:
    if "RTP" not in media.protocol.upper():
        return ()
    rtpmaps = {r.payload_type: r for r in media.rtpmaps}
    fmtps: dict[int, str] = {}
    for f in media.fmtps:
        fmtps.setdefault(
            f.payload_type, ";".join(k if v is None else f"{k}={v}" for k, v in f.parameters)
        )
    out: list[CodecSummary] = []
    for fmt in media.media.formats:
        if not fmt.isdigit():
            continue
        pt = int(fmt)
        rtpmap = rtpmaps.get(pt)
        if rtpmap is not None:
            name, rate, chans = rtpmap.encoding_name, rtpmap.clock_rate, rtpmap.channels
        elif pt in STATIC_CODECS:
            name, rate, chans = STATIC_CODECS[pt]
            chans = None
        else:
            name, rate, chans = "?", None, None
        feedback = tuple(
            fb.feedback_type + (f" {fb.parameter}" if fb.parameter else "")
            for fb in media.rtcp_fbs
            if fb.payload_type in (pt, None)
        )
        out.append(CodecSummary(pt, name, rate, chans, fmtps.get(pt), feedback))
    return tuple(out)


# --- offer/answer ---------------------------------------------------------------

# RFC 3264 section 6.1: the answer's direction allowed for each offered one.
ALLOWED_ANSWERS = {
    "sendrecv": {"sendrecv", "sendonly", "recvonly", "inactive"},
    "sendonly": {"recvonly", "inactive"},
    "recvonly": {"sendonly", "inactive"},
    "inactive": {"inactive"},
}
_FLIP = {"sendonly": "recvonly", "recvonly": "sendonly"}


@dataclass(frozen=True)
class MediaOutcome:
    """RFC 3264 outcome for one m= line of an offer and its answer."""

    index: int
    """0-based m= line position."""
    kind: str
    """Media type in the offer."""
    mid: str | None
    """mid in the offer."""
    rejected: bool
    """True when the answer's port is 0 (or the answer lacks the section)."""
    offer_direction: str
    """Effective direction in the offer."""
    answer_direction: str | None
    """Effective direction in the answer, None when rejected."""
    direction: str
    """What the offerer does: its direction once the answer applies (`inactive` when rejected)."""
    codecs: tuple[str, ...]
    """Codecs both sides listed, in the answer's order, as `name/clock[/channels]`."""
    problems: tuple[str, ...]
    """RFC 3264 violations: kind or mid mismatch, unoffered codecs, impossible directions."""


def _codec_keys(media: m.MediaSection) -> dict[tuple[str, int | None, int], str]:
    keys: dict[tuple[str, int | None, int], str] = {}
    for codec in _codecs(media):
        label = f"{codec.name}/{codec.clock_rate}" + (
            f"/{codec.channels}" if codec.channels else ""
        )
        keys[(codec.name.lower(), codec.clock_rate, codec.channels or 1)] = label
    return keys


def diff(offer: m.SessionDescription, answer: m.SessionDescription) -> tuple[MediaOutcome, ...]:
    """Apply RFC 3264 to an offer and its answer, m= line by m= line.

    Examples:
        >>> from notes_tools.sdp import parse
        >>> head = "v=0\\no=- 1 1 IN IP4 0.0.0.0\\ns=-\\nt=0 0\\n"
        >>> offer = parse(head + "m=audio 9 RTP/AVP 0 8\\na=sendonly\\n")
        >>> answer = parse(head + "m=audio 9 RTP/AVP 8\\na=recvonly\\n")
        >>> o = diff(offer, answer)[0]
        >>> o.codecs, o.direction, o.problems
        (('PCMA/8000',), 'sendonly', ())
    """
    out: list[MediaOutcome] = []
    for index, media in enumerate(offer.media):
        problems: list[str] = []
        offered_dir = offer.effective(index).direction
        if index >= len(answer.media):
            problems.append("the answer has no m= line for this section")
            out.append(
                MediaOutcome(
                    index,
                    media.kind,
                    media.mid,
                    True,
                    offered_dir,
                    None,
                    "inactive",
                    (),
                    tuple(problems),
                )
            )
            continue
        reply = answer.media[index]
        if reply.kind != media.kind:
            problems.append(f"the answer's m= line is {reply.kind}, the offer's {media.kind}")
        if reply.mid != media.mid:
            problems.append(f"the answer's mid is {reply.mid!r}, the offer's {media.mid!r}")
        rejected = reply.port == 0 and not reply.bundle_only
        if media.port == 0 and reply.port != 0:
            problems.append("the answer accepts a section the offer rejected")
        answer_dir = None if rejected else answer.effective(index).direction
        codecs: list[str] = []
        if not rejected:
            offered = _codec_keys(media)
            for key, label in _codec_keys(reply).items():
                if key in offered:
                    codecs.append(label)
                else:
                    problems.append(f"the answer has {label}, which the offer did not list")
            if answer_dir not in ALLOWED_ANSWERS.get(offered_dir, {answer_dir}):
                problems.append(f"{answer_dir} does not answer {offered_dir} (RFC 3264 §6.1)")
        direction = "inactive" if answer_dir is None else _FLIP.get(answer_dir, answer_dir)
        out.append(
            MediaOutcome(
                index, media.kind, media.mid, rejected, offered_dir, answer_dir, direction,
                tuple(codecs), tuple(problems),
            )
        )  # fmt: skip
    for index in range(len(offer.media), len(answer.media)):
        reply = answer.media[index]
        out.append(
            MediaOutcome(
                index, reply.kind, reply.mid, True, "inactive", None, "inactive", (),
                ("the answer has more m= lines than the offer",),
            )
        )  # fmt: skip
    return tuple(out)
