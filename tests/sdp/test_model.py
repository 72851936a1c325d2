"""Typed values: what each line becomes, and the effective per-media view."""

from __future__ import annotations

from notes_tools import sdp

HEAD = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"


def media(*lines: str, session: tuple[str, ...] = ()) -> sdp.SessionDescription:
    text = HEAD + "".join(f"{x}\r\n" for x in session) + "m=audio 9 RTP/AVP 0\r\n"
    return sdp.parse(text + "".join(f"{x}\r\n" for x in lines))


def test_session_id_is_text_and_version_an_int():
    origin = media().origin
    assert origin is not None
    assert origin.session_id == "4611731400430051336"
    assert origin.session_version == 2


def test_number_like_ufrag_stays_text():
    sd = media("a=ice-ufrag:0123", "a=ice-pwd:000000000000000000000000")
    assert sd.media[0].ice_ufrag == "0123"
    assert sd.media[0].ice_pwd == "000000000000000000000000"


def test_ssrc_is_an_unsigned_32_bit_int():
    sd = media("a=ssrc:4294967295 cname:x", "a=ssrc-group:FID 1 4294967295")
    assert sd.media[0].ssrcs[0].ssrc == 4294967295
    assert sd.media[0].ssrc_groups[0].ssrcs == (1, 4294967295)
    kept = media("a=ssrc:4294967296 cname:x").media[0].lines[0]
    assert kept == sdp.Attribute("ssrc", "4294967296 cname:x")


def test_msid_with_braced_uuids():
    sd = media(
        "a=msid:{0c7f6c2a-1b2d-4e5f-8a9b-0c1d2e3f4a5b} {11112222-3333-4444-8555-666677778888}"
    )
    msid = sd.media[0].msids[0]
    assert msid.stream_id == "{0c7f6c2a-1b2d-4e5f-8a9b-0c1d2e3f4a5b}"
    assert msid.track_id == "{11112222-3333-4444-8555-666677778888}"


def test_port_count_keeps_the_m_line():
    sd = sdp.parse(HEAD + "m=audio 12345/2 RTP/AVP 0\r\nm=video 9 RTP/AVP 96\r\n")
    assert len(sd.media) == 2
    assert (sd.media[0].port, sd.media[0].media.port_count) == (12345, 2)


def test_rtpmap_with_and_without_clock_rate():
    sd = media("a=rtpmap:96 AppleLossless", "a=rtpmap:97 opus/48000/2")
    first, second = sd.media[0].rtpmaps
    assert (first.encoding_name, first.clock_rate, first.channels) == ("AppleLossless", None, None)
    assert (second.clock_rate, second.channels) == (48000, 2)


def test_fmtp_parameters_are_parsed_and_lossless():
    sd = media("a=fmtp:111 minptime=10; useinbandfec=1;stereo")
    fmtp = sd.media[0].fmtps[0]
    assert fmtp.get("useinbandfec") == "1"
    assert fmtp.get("stereo") is None
    assert fmtp.parameters[2] == ("stereo", None)
    assert "a=fmtp:111 minptime=10; useinbandfec=1;stereo" in sdp.write(sd)


def test_rtcp_fb_star_and_parameters():
    sd = media("a=rtcp-fb:* nack", "a=rtcp-fb:96 ccm vbcm 123 456")
    star, ccm = sd.media[0].rtcp_fbs
    assert star.payload_type is None
    assert (ccm.feedback_type, ccm.parameter) == ("ccm", "vbcm 123 456")


def test_extmap_direction_and_attributes():
    sd = media("a=extmap:4/sendonly urn:ietf:params:rtp-hdrext:encrypt urn:x 1")
    extmap = sd.media[0].extmaps[0]
    assert (extmap.id, extmap.direction, extmap.attributes) == (4, "sendonly", "urn:x 1")


def test_candidate_extensions():
    line = (
        "a=candidate:3 1 TCP 1684013055 2001:db8::3 45664 typ srflx raddr 10.0.1.1 "
        "rport 8998 tcptype passive generation 5 network-id 2 network-cost 10 x-new yes"
    )
    cand = media(line).media[0].candidates[0]
    assert cand.transport == "TCP" and cand.address == "2001:db8::3"
    assert (cand.related_address, cand.related_port) == ("10.0.1.1", 8998)
    assert (cand.tcptype, cand.generation) == ("passive", 5)
    assert cand.extension("network-cost") == "10"
    assert cand.extension("x-new") == "yes"


def test_mdns_candidate():
    cand = media("a=candidate:1 1 udp 2122194687 abc-1.local 5000 typ host").media[0].candidates[0]
    assert cand.address == "abc-1.local"


def test_simulcast_alternatives_and_paused():
    sd = media("a=rid:a send", "a=rid:b send", "a=rid:c send", "a=simulcast:send a;~b,c recv d")
    sim = sd.media[0].simulcast
    assert sim is not None
    assert sim.streams("send") == (
        (sdp.SimulcastRid("a"),),
        (sdp.SimulcastRid("b", paused=True), sdp.SimulcastRid("c")),
    )
    assert sim.streams("recv") == ((sdp.SimulcastRid("d"),),)


def test_ipv6_multicast_count_is_not_a_ttl():
    sd = sdp.parse(HEAD.replace("t=0", "c=IN IP6 ff15::101/3\r\nt=0"))
    conn = sd.connections[0]
    assert (conn.ttl, conn.count) == (None, 3)
    four = sdp.parse(HEAD.replace("t=0", "c=IN IP4 233.252.0.1/127/3\r\nt=0")).connections[0]
    assert (four.ttl, four.count) == (127, 3)
    for text in ("c=IN IP6 ff15::101/3", "c=IN IP4 233.252.0.1/127/3"):
        assert text in sdp.write(sdp.parse(HEAD.replace("t=0", text + "\r\nt=0")))


def test_any_bandwidth_type():
    sd = sdp.parse(HEAD.replace("t=0", "b=FOOBAR:10\r\nb=TIAS:64000\r\nt=0"))
    assert [(b.bw_type, b.value) for b in sd.bandwidths] == [("FOOBAR", 10), ("TIAS", 64000)]


def test_every_rfc8866_line_type():
    text = (
        "v=0\r\no=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\ns=Call\r\n"
        "i=A call\r\nu=https://example.com/call\r\ne=j@example.com\r\np=+1 555 0100\r\n"
        "c=IN IP4 233.252.0.1/127\r\nb=CT:128\r\nt=3724394400 3724398000\r\n"
        "r=7d 1h 0 25h\r\nz=3730928400 -1h 3749680800 0\r\nk=prompt\r\na=recvonly\r\n"
        "m=audio 49170 RTP/AVP 0\r\ni=voice\r\nc=IN IP4 233.252.0.2/127\r\n"
        "c=IN IP4 233.252.0.3/127\r\nb=AS:64\r\nk=clear:secret\r\na=sendonly\r\n"
    )
    sd = sdp.parse(text, strict=True)
    assert sdp.write(sd) == text
    kinds = {type(line).__name__ for _, _, line in sd.numbered()}
    assert {"Information", "Uri", "Email", "Phone", "Repeat", "TimeZones", "EncryptionKey"} <= kinds
    assert len(sd.media[0].connections) == 2
    assert sd.effective(0).direction == "sendonly"


def test_effective_values_inherit_from_the_session():
    sd = media(
        "a=mid:0",
        session=(
            "c=IN IP4 192.0.2.9",
            "a=recvonly",
            "a=ice-ufrag:abcd",
            "a=ice-pwd:abcdefghijklmnopqrstuv",
            "a=ice-lite",
            "a=fingerprint:sha-256 " + ":".join(["AB"] * 32),
            "a=setup:passive",
        ),
    )
    text = sdp.write(sd).replace("c=IN IP4 192.0.2.9\r\nt=", "t=")
    text = text.replace("t=0 0\r\n", "c=IN IP4 192.0.2.9\r\nt=0 0\r\n", 1)
    eff = sdp.parse(text).effective(0)
    assert eff.connections[0].address == "192.0.2.9"
    assert (eff.direction, eff.ice_ufrag, eff.ice_pwd, eff.ice_lite, eff.setup) == (
        "recvonly", "abcd", "abcdefghijklmnopqrstuv", True, "passive",
    )  # fmt: skip
    assert eff.fingerprints[0].hash_function == "sha-256"


def test_media_values_override_the_session():
    sd = media("a=sendonly", "a=setup:active", session=("a=recvonly", "a=setup:passive"))
    eff = sd.effective(0)
    assert (eff.direction, eff.setup) == ("sendonly", "active")
    assert media().effective(0).direction == "sendrecv"


def test_unknown_attributes_and_lines_are_kept_in_place():
    sd = media("a=x-google-flag:conference", "a=rtcp-mux", "f=odd", "a=rtcp-mux:value")
    assert sd.media[0].lines == (
        sdp.Attribute("x-google-flag", "conference"),
        sdp.Flag("rtcp-mux"),
        sdp.RawLine("f", "odd"),
        sdp.Attribute("rtcp-mux", "value"),
    )


def test_to_dict_names_model_classes():
    data = sdp.to_dict(media("a=rtpmap:0 PCMU/8000"))
    assert data["session"][0] == {"model": "Version", "version": 0}
    assert data["media"][0]["lines"][0]["model"] == "Rtpmap"


def test_models_pickle_copy_and_replace(fixtures_dir):
    import copy
    import dataclasses
    import pickle

    sd = sdp.parse((fixtures_dir / "chrome-unified-plan-offer.sdp").read_text())
    assert pickle.loads(pickle.dumps(sd)) == sd
    assert copy.deepcopy(sd) == sd
    rtpmap = dataclasses.replace(sd.media[0].rtpmaps[0], clock_rate=16000)
    media = dataclasses.replace(sd.media[0], lines=(rtpmap,))
    edited = dataclasses.replace(sd, media=(media,))
    assert "a=rtpmap:111 opus/16000/2\r\n" in sdp.write(edited)
    assert sd.bundle_groups == (("0", "1", "2"),)
