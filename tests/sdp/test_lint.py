"""Each lint check fires on a minimal description and stays quiet on a clean one."""

from __future__ import annotations

import pytest

from notes_tools import sdp

HEAD = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\n"
FP = ":".join(["AB"] * 32)
CLEAN = (
    HEAD
    + "a=group:BUNDLE 0 1\n"
    + "m=audio 9 UDP/TLS/RTP/SAVPF 111 0\nc=IN IP4 0.0.0.0\na=mid:0\n"
    + "a=ice-ufrag:abcd\na=ice-pwd:abcdefghijklmnopqrstuv\n"
    + f"a=fingerprint:sha-256 {FP}\na=setup:actpass\na=rtpmap:111 opus/48000/2\n"
    + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\nc=IN IP4 0.0.0.0\na=mid:1\n"
    + "a=sctp-port:5000\n"
)


def codes(text: str) -> list[str]:
    return [f.code for f in sdp.lint(sdp.parse(text)) if f.severity != "info"]


def test_clean_description_has_no_findings():
    assert sdp.lint(sdp.parse(CLEAN)) == []


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        ("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2", "bundle-unknown-mid", 5),
        ("a=mid:1", "a=mid:0", "duplicate-mid", 16),
        ("a=rtpmap:111 opus/48000/2", "a=rtpmap:112 opus/48000/2", "missing-rtpmap", 6),
        (
            "a=rtpmap:111 opus/48000/2",
            "a=rtpmap:111 opus/48000/2\na=fmtp:111 apt=96",
            "apt-unknown",
            14,
        ),
        ("a=ice-ufrag:abcd", "a=ice-ufrag:abc", "ice-ufrag-length", 9),
        (
            "a=rtpmap:111 opus/48000/2",
            "a=rtpmap:111 opus/48000/2\na=rtpmap:63 red/48000/2\na=fmtp:63 111/112",
            "red-unknown",
            15,
        ),
        ("a=ice-ufrag:abcd", "a=ice-ufrag:ab-d", "ice-ufrag-chars", 9),
        ("a=ice-pwd:abcdefghijklmnopqrstuv", "a=ice-pwd:short", "ice-pwd-length", 10),
        (f"sha-256 {FP}", f"sha-1 {FP}", "fingerprint-length", 11),
        ("a=sctp-port:5000\n", "", "missing-sctp-port", 14),
        (
            "a=setup:actpass",
            "a=setup:actpass\na=ssrc-group:FID 1 2\na=ssrc:1 cname:x",
            "ssrc-group-undeclared",
            13,
        ),
        (
            "a=setup:actpass",
            "a=setup:actpass\na=rid:h send\na=simulcast:send h;l",
            "simulcast-undeclared-rid",
            14,
        ),
        ("t=0 0\n", "t=0 0\na=rtcp-mux\n", "media-attribute-at-session", 5),
        ("a=mid:1", "a=mid:1\na=ice-lite", "session-attribute-in-media", 17),
        ("a=setup:actpass", "a=setup:actpass\na=rtpmap:x y", "malformed", 13),
        ("c=IN IP4 0.0.0.0\na=mid:0", "c=IN IP7 0.0.0.0\na=mid:0", "address-type", 7),
        ("c=IN IP4 0.0.0.0\na=mid:0", "c=IN IP4 ::1\na=mid:0", "address-type", 7),
        ("s=-\n", "", "missing-line", 1),
        ("a=mid:0", "a=mid:0\nq=strange", "unknown-line", 9),
    ],
)
def test_check_fires_on_its_line(old, new, code, line):
    text = CLEAN.replace(old, new, 1).replace(" 111 0\n", " 111 63 0\n", "red" in new)
    assert text != CLEAN
    findings = [f for f in sdp.lint(sdp.parse(text)) if f.code == code]
    assert findings, codes(text)
    assert line in [f.line for f in findings]
    assert findings[0].severity in ("error", "warning")


def test_static_payload_types_need_no_rtpmap():
    assert "missing-rtpmap" not in codes(HEAD + "m=audio 9 RTP/AVP 0 8 9 18\n")


def test_plan_b_markers_are_explained_not_failed():
    text = (
        HEAD
        + "a=msid-semantic: WMS a b\nm=video 9 RTP/AVP 96\na=rtpmap:96 VP8/90000\n"
        + "a=ssrc:1 msid:a a0\na=ssrc:1 mslabel:a\na=ssrc:1 label:a0\na=ssrc:2 msid:b b0\n"
    )
    findings = sdp.lint(sdp.parse(text))
    assert {f.code for f in findings} == {"legacy-msid-semantic", "legacy-ssrc-label", "plan-b"}
    assert {f.severity for f in findings} == {"info"}


def test_fingerprint_hash_names_are_case_insensitive():
    text = CLEAN.replace("sha-256", "SHA-256")
    assert sdp.lint(sdp.parse(text)) == []


def test_shared_line_objects_get_their_own_line_numbers():
    # Identical lines in two sections may share one immutable object.
    text = CLEAN.replace("a=sctp-port:5000\n", "a=sctp-port:5000\na=ice-ufrag:ab\n")
    text = text.replace("a=ice-ufrag:abcd", "a=ice-ufrag:ab")
    lines = [f.line for f in sdp.lint(sdp.parse(text)) if f.code == "ice-ufrag-length"]
    assert lines == [9, 18]


def test_finding_reads_like_a_compiler_message():
    finding = sdp.Finding(3, "error", "x", "broken")
    assert str(finding) == "line 3: error: broken [x]"
