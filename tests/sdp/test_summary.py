"""summary() per media section and diff() per m= line (RFC 3264)."""

from __future__ import annotations

import pytest

from notes_tools import sdp

HEAD = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\n"


def test_summary_of_the_chrome_offer(fixtures_dir, read):
    sd = sdp.parse(read(fixtures_dir / "chrome-unified-plan-offer.sdp"))
    audio, video, data = sdp.summary(sd)
    assert (audio.kind, audio.mid, audio.direction) == ("audio", "0", "sendrecv")
    assert str(audio.codecs[0]) == "111 opus/48000/2"
    assert audio.codecs[0].fmtp == "minptime=10;useinbandfec=1"
    assert audio.codecs[0].feedback == ("transport-cc",)
    assert audio.transport.candidates == (("host", 3), ("srflx", 1))
    assert audio.transport.dtls_role == "actpass"
    assert audio.transport.rtcp_mux is True
    assert [c.name for c in video.codecs] == ["VP8", "rtx", "AV1", "rtx", "H264", "rtx"]
    assert video.ssrcs == (2401593823, 3104617294)
    assert data.codecs == () and data.kind == "application"


def test_summary_simulcast_layers(fixtures_dir, read):
    sd = sdp.parse(read(fixtures_dir / "simulcast-rid-offer.sdp"))
    (video,) = sdp.summary(sd)
    assert video.simulcast == ("send hi", "send mid", "send ~lo,lo2")
    assert video.direction == "sendonly"
    assert video.transport.ice_ufrag == "s1mC"  # inherited from the session level


def test_summary_static_payload_types():
    (audio,) = sdp.summary(sdp.parse(HEAD + "m=audio 9 RTP/AVP 0 8 96\n"))
    assert [str(c) for c in audio.codecs] == ["0 PCMU/8000", "8 PCMA/8000", "96 ?"]


def offer_answer(offer_media: str, answer_media: str) -> sdp.MediaOutcome:
    (outcome,) = sdp.diff(sdp.parse(HEAD + offer_media), sdp.parse(HEAD + answer_media))
    return outcome


@pytest.mark.parametrize(
    ("offered", "answered", "result", "ok"),
    [
        ("sendrecv", "sendrecv", "sendrecv", True),
        ("sendrecv", "recvonly", "sendonly", True),
        ("sendrecv", "sendonly", "recvonly", True),
        ("sendonly", "recvonly", "sendonly", True),
        ("sendonly", "inactive", "inactive", True),
        ("recvonly", "sendonly", "recvonly", True),
        ("sendonly", "sendrecv", "sendrecv", False),
        ("inactive", "sendrecv", "sendrecv", False),
    ],
)
def test_direction_outcome(offered, answered, result, ok):
    outcome = offer_answer(
        f"m=audio 9 RTP/AVP 0\na=mid:a\na={offered}\n",
        f"m=audio 9 RTP/AVP 0\na=mid:a\na={answered}\n",
    )
    assert outcome.direction == result
    assert (outcome.problems == ()) is ok


def test_rejected_section():
    outcome = offer_answer(
        "m=video 9 RTP/AVP 96\na=rtpmap:96 VP8/90000\n", "m=video 0 RTP/AVP 96\n"
    )
    assert outcome.rejected and outcome.direction == "inactive" and outcome.codecs == ()


def test_codecs_match_by_name_clock_and_channels_not_payload_type():
    outcome = offer_answer(
        "m=audio 9 RTP/AVP 111 0\na=rtpmap:111 opus/48000/2\n",
        "m=audio 9 RTP/AVP 109 0\na=rtpmap:109 OPUS/48000/2\n",
    )
    assert outcome.codecs == ("OPUS/48000/2", "PCMU/8000")
    assert outcome.problems == ()


def test_unoffered_codec_and_kind_mismatch_are_problems():
    outcome = offer_answer("m=audio 9 RTP/AVP 0\n", "m=video 9 RTP/AVP 8\n")
    assert any("did not list" in p for p in outcome.problems)
    assert any("video" in p for p in outcome.problems)


def test_missing_and_extra_m_lines():
    one = sdp.parse(HEAD + "m=audio 9 RTP/AVP 0\n")
    two = sdp.parse(HEAD + "m=audio 9 RTP/AVP 0\nm=video 9 RTP/AVP 34\n")
    assert sdp.diff(two, one)[1].problems == ("the answer has no m= line for this section",)
    assert sdp.diff(one, two)[1].problems == ("the answer has more m= lines than the offer",)
