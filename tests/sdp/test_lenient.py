"""Lenient repairs (each with a warning and a line number) versus strict rejection."""

from __future__ import annotations

import pytest

from notes_tools import sdp

LINES = ["v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0", "m=audio 9 RTP/AVP 0"]
CLEAN = sdp.parse("\r\n".join(LINES) + "\r\n")


@pytest.mark.parametrize("eol", ["\r\n", "\n"])
def test_crlf_and_lf_are_both_clean(eol):
    for strict in (False, True):
        sd = sdp.parse(eol.join(LINES) + eol, strict=strict)
        assert sd == CLEAN and sd.warnings == ()


def test_missing_final_newline_is_fine():
    sd = sdp.parse("\n".join(LINES), strict=True)
    assert sd == CLEAN and sd.warnings == ()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("\r".join(LINES) + "\r", 1, "CR line endings"),
        ("\r\n".join(LINES[:3]) + "\n" + "\r\n".join(LINES[3:]) + "\r\n", 3, "mixed line endings"),
        ("\ufeff" + "\n".join(LINES), 1, "byte order mark"),
        ("\n".join(LINES[:2]) + "  \n" + "\n".join(LINES[2:]), 2, "trailing white space"),
        ("\n".join(LINES[:2]) + "\n; comment\n" + "\n".join(LINES[2:]), 3, "comment line"),
        ("\n".join(LINES[:2]) + "\n# comment\n" + "\n".join(LINES[2:]), 3, "comment line"),
        ("\n".join(LINES[:2]) + "\n\n" + "\n".join(LINES[2:]), 3, "empty line"),
        ("\n" + "\n".join(LINES), 1, "empty line"),
        ("\n".join(LINES[:2]) + "\n  " + "\n  ".join(LINES[2:]), 3, "leading white space"),
    ],
)
def test_each_repair_warns_with_its_line_and_strict_rejects_it(text, line, message):
    sd = sdp.parse(text)
    assert sd == CLEAN
    assert any(w.line == line and message in w.message for w in sd.warnings), sd.warnings
    with pytest.raises(sdp.SdpError) as caught:
        sdp.parse(text, strict=True)
    assert caught.value.line == line


def test_wrapped_line_is_rejoined():
    text = "\n".join(LINES) + "\na=fingerprint:sha-256 AB:CD:\n   EF:01\na=msid:stream\n  track\n"
    sd = sdp.parse(text)
    assert sd.media[0].fingerprints[0].fingerprint == "AB:CD:EF:01"
    assert sd.media[0].msids[0] == sdp.Msid("stream", "track")
    assert [(w.line, w.message) for w in sd.warnings] == [
        (7, "wrapped line re-joined to line 6"),
        (9, "wrapped line re-joined to line 8"),
    ]
    with pytest.raises(sdp.SdpError, match=r"^line 7: "):
        sdp.parse(text, strict=True)


def test_s_equals_single_space_is_the_value_not_trailing_space():
    text = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns= \nt=0 0\n"
    sd = sdp.parse(text, strict=True)
    assert sd.session_name == " " and sd.warnings == ()
    assert sdp.write(sd) == text.replace("\n", "\r\n")


def test_warnings_do_not_affect_equality():
    noisy = sdp.parse("\ufeff" + "\n".join(LINES) + "  \n")
    assert noisy.warnings and noisy == CLEAN


def test_repaired_text_keeps_source_line_numbers():
    sd = sdp.parse("; comment\n" + "\n".join(LINES) + "\na=rtpmap:0 PCMU/8000\n")
    numbers = [number for number, _, _ in sd.numbered()]
    assert numbers == [2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", 1),
        ("\n\n", 1),
        ("o=- 1 1 IN IP4 192.0.2.1\n", 1),
        ("hello\nv=0\n", 1),
        ("v=0\nm=audio\n", 2),
        ("v=0\nm=\n", 2),
    ],
)
def test_broken_structure_raises_in_both_modes(text, line):
    for strict in (False, True):
        with pytest.raises(sdp.SdpError) as caught:
            sdp.parse(text, strict=strict)
        assert caught.value.line == line


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("v=0\ns=-\nt=0 0\n", 3, "missing mandatory o= line"),
        ("v=0\no=- 1 1 IN IP4 192.0.2.1\nt=0 0\ns=-\n", 4, "out of order"),
        ("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\ns=again\nt=0 0\n", 4, "second s= line"),
        ("v=1\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\n", 1, "bad version"),
        ("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=\nt=0 0\n", 3, "s= line needs 1 field, got 0"),
        ("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=audio 9 RTP/AVP 0\ns=x\n", 6, "not allowed"),
        ("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\na=sendrecv:x\n", 5, "takes no value"),
        ("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\na=mid\n", 5, "needs a value"),
        ("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nk=prompt\nr=1 2 3\n", 6, "out of order"),
        ("v=0\no=- 1 1 IN IP4\ns=-\nt=0 0\n", 2, "o= line needs 6 fields, got 5"),
    ],
)
def test_strict_rejects_what_lenient_keeps(text, line, reason):
    sd = sdp.parse(text)
    assert sdp.parse(sdp.write(sd)) == sd
    with pytest.raises(sdp.SdpError) as caught:
        sdp.parse(text, strict=True)
    assert (caught.value.line, reason in caught.value.reason) == (line, True), caught.value


def test_non_text_input_is_a_type_error():
    with pytest.raises(TypeError):
        sdp.parse(b"v=0\n")  # type: ignore[arg-type]
