"""Robustness and round-trip properties (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notes_tools import sdp

SDP_ALPHABET = st.sampled_from(list("vosticbmak=:/ ;,.-*~{}0123456789\r\n\t\ufeffABCIPN#"))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_only_raises_sdp_error_on_any_text(text):
    for strict in (False, True):
        try:
            sd = sdp.parse(text, strict=strict)
        except sdp.SdpError as error:
            assert error.line >= 1 and error.column >= 1
        else:
            assert sdp.parse(sdp.write(sd)) == sd


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(SDP_ALPHABET, max_size=30), max_size=12))
def test_parse_only_raises_sdp_error_on_sdp_like_text(lines):
    text = "v=0\n" + "\n".join(lines)
    for strict in (False, True):
        try:
            sd = sdp.parse(text, strict=strict)
        except sdp.SdpError:
            continue
        assert sdp.parse(sdp.write(sd)) == sd


token = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789+/-_."), min_size=1, max_size=12
)
number = st.integers(0, 2**32 - 1).map(str)
payload = st.integers(0, 127)

ATTRIBUTES = st.one_of(
    st.builds("a=rtpmap:{} {}/{}".format, payload, token.filter(lambda t: "/" not in t), number),
    st.builds("a=rtpmap:{} {}/{}/{}".format, payload, token.filter(lambda t: "/" not in t), number, st.integers(1, 8)),
    st.builds("a=fmtp:{} {}={};{}".format, payload, token, token, token),
    st.builds("a=rtcp-fb:{} {}".format, st.one_of(payload.map(str), st.just("*")), token),
    st.builds("a=extmap:{} {}".format, st.integers(1, 255), token),
    st.builds("a=mid:{}".format, token),
    st.builds("a=msid:{} {}".format, token, token),
    st.builds("a=ssrc:{} cname:{}".format, number, token),
    st.builds("a=ssrc-group:FID {} {}".format, number, number),
    st.builds("a=candidate:{} 1 udp {} 192.0.2.{} {} typ host generation 0".format, token, number, st.integers(0, 255), st.integers(0, 65535)),
    st.builds("a=ice-ufrag:{}".format, token),
    st.builds("a=rid:{} send".format, token),
    st.builds("a=simulcast:send {};~{}".format, token, token),
    st.builds("a=x-{}:{}".format, token, token),
    st.builds("a={}".format, st.sampled_from(["sendrecv", "rtcp-mux", "bundle-only", "ice-lite", "end-of-candidates"])),
    st.builds("a=ptime:{}".format, st.sampled_from(["20", "0.125", "2.5", "60"])),
    st.builds("b=AS:{}".format, number),
    st.builds("c=IN IP4 203.0.113.{}".format, st.integers(0, 255)),
)  # fmt: skip

SECTION = st.builds(
    lambda kind, port, pts, attrs: "\r\n".join(
        [f"m={kind} {port} RTP/AVP {' '.join(map(str, pts))}", *attrs]
    ),
    st.sampled_from(["audio", "video", "application"]),
    st.integers(0, 65535),
    st.lists(payload, min_size=1, max_size=5),
    st.lists(ATTRIBUTES, max_size=8),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(ATTRIBUTES, max_size=6), st.lists(SECTION, max_size=4), number)
def test_generated_well_formed_sdp_round_trips_exactly(session_attrs, sections, session_id):
    head = f"v=0\r\no=- {session_id} 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"
    session_attrs = [a for a in session_attrs if not a.startswith(("b=", "c="))]
    text = head + "".join(a + "\r\n" for a in session_attrs) + "".join(s + "\r\n" for s in sections)
    sd = sdp.parse(text)
    assert sd.warnings == ()
    assert sdp.write(sd) == text
    assert sdp.parse(sdp.write(sd)) == sd
    assert sdp.parse(text.replace("\r\n", "\n")) == sd
    assert sd.origin is not None and sd.origin.session_id == session_id
