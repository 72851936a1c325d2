"""Conformance over the shared corpus (../shared/corpus/sdp; skipped when absent).

Every file parses leniently and obeys the round-trip laws; files that break
RFC 8866 are rejected in strict mode at the line below (see the corpus README
for where each file comes from).
"""

from __future__ import annotations

import pytest

from notes_tools import sdp

# file -> (line strict mode reports, why the file is not strictly valid)
STRICTLY_INVALID = {
    "aiortc-safari.sdp": (1, "empty line"),  # artefact of the test's string literal
    "mozilla-03.sdp": (1, "comment lines"),  # `;` comments are not SDP
    "mozilla-08.sdp": (1, "comment lines"),
    "mozilla-41.sdp": (91, "empty line"),  # a blank line before the end
    "transform-bfcp.sdp": (3, "s= line needs 1 field"),  # empty session name
    "transform-extmap-encrypt.sdp": (3, "s= line needs 1 field"),
    "transform-normal.sdp": (3, "s= line needs 1 field"),
    "transform-invalid.sdp": (7, "bad address type 'IP7'"),  # and an f= line at 10
    "transform-mediaclk-avbtp.sdp": (4, "s= line out of order"),  # c= before s=
    "transform-mediaclk-ptp-v2-w-rate.sdp": (4, "s= line out of order"),
    "transform-mediaclk-ptp-v2.sdp": (4, "s= line out of order"),
    "transform-mediaclk-rtp.sdp": (4, "s= line out of order"),
    "transform-onvif.sdp": (4, "missing mandatory t= line"),  # RTSP-style, no t=
    "transform-tcp-active.sdp": (4, "missing mandatory t= line"),
    "transform-tcp-passive.sdp": (4, "missing mandatory t= line"),
    "transform-sctp-dtls-26.sdp": (6, "trailing white space"),  # `a=msid-semantic: WMS `
    "transform-simulcast.sdp": (5, "c= line out of order"),  # c= after t=
}


def test_corpus_file_parses_and_round_trips(corpus_sdp, read, normalise):
    text = read(corpus_sdp)
    sd = sdp.parse(text)
    assert sdp.parse(sdp.write(sd)) == sd
    if not sd.warnings:
        assert normalise(sdp.write(sd)) == normalise(text)
    expected_media = sum(1 for line in normalise(text).splitlines() if line.startswith("m="))
    assert len(sd.media) == expected_media, "no m= line is lost"


def test_corpus_file_strict_verdict(corpus_sdp, read):
    text = read(corpus_sdp)
    if corpus_sdp.name not in STRICTLY_INVALID:
        sdp.parse(text, strict=True)
        return
    line, reason = STRICTLY_INVALID[corpus_sdp.name]
    with pytest.raises(sdp.SdpError) as caught:
        sdp.parse(text, strict=True)
    assert caught.value.line == line
    assert reason in str(caught.value)


def test_every_listed_invalid_file_exists(corpus_dir):
    assert {p.name for p in corpus_dir.glob("*.sdp")} >= set(STRICTLY_INVALID)


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        ("aws-kvs-chrome-mac-offer.sdp", "bundle-unknown-mid", 5),
        ("mozilla-08.sdp", "fingerprint-length", 51),
        ("mozilla-08.sdp", "malformed", 48),  # a=ssrc:5150 without an attribute
        ("transform-invalid.sdp", "address-type", 7),
        ("transform-invalid.sdp", "unknown-line", 10),
        ("transform-alac.sdp", "address-type", 4),  # IN IP4 with an IPv6 address
        ("mozilla-14.sdp", "media-attribute-at-session", 6),
        ("mozilla-18.sdp", "media-attribute-at-session", 6),
        ("transform-st2110-20.sdp", "group-unknown-mid", 7),  # a=mid:secondary;
        ("jitsi-jvb-planb-offer.sdp", "plan-b", 33),
    ],
)
def test_known_oddities_are_linted(corpus_dir, read, name, code, line):
    findings = sdp.lint(sdp.parse(read(corpus_dir / name)))
    assert (code, line) in {(f.code, f.line) for f in findings}


def test_port_count_and_odd_bandwidth(corpus_dir, read):
    sd = sdp.parse(read(corpus_dir / "mozilla-06.sdp"), strict=True)
    assert [(m.kind, m.port, m.media.port_count) for m in sd.media] == [
        ("video", 56436, None),
        ("audio", 12345, 2),
    ]
    assert ("FOOBAR", 10) in [(b.bw_type, b.value) for b in sd.bandwidths]


def test_rtcp_without_address(corpus_dir, read):
    sd = sdp.parse(read(corpus_dir / "aiortc-audio-rtcp-without-port.sdp"), strict=True)
    assert sdp.Rtcp(9) in sd.media[0].lines


def test_numeric_ufrags_stay_text(corpus_dir, read):
    sd = sdp.parse(read(corpus_dir / "mozilla-08.sdp"))
    assert sd.media[0].ice_ufrag == "00000000"
