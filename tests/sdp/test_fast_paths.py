"""The engine's speed-ups are exact: each shortcut agrees with the plain path it replaces."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_tools import sdp
from notes_tools.sdp import engine, grammar

COMPILED = {**{f"{k}=": c for k, c in engine.FIELDS.items()}, **engine.ATTRIBUTES}
VALUE_ALPHABET = st.sampled_from([*"ab09*/~:;=- \t\r\n.,", "111", "48000", "4294967296"])
TRICKY = ["", " ", "  ", "a", "a ", " a", "a  b", "a b", "a b ", "a\tb", "a\rb", "0", "00", "01"]


def _plain(compiled: engine._Compiled, value: str, strict: bool) -> object:
    """What the regex and `build` give: the object, None for no match, or ValueError."""
    found = (compiled.strict_match if strict else compiled.match)(value)
    if found is None:
        return None
    try:
        return compiled.build(found)
    except ValueError:
        return ValueError


def _fast(compiled: engine._Compiled, value: str, strict: bool) -> object:
    try:
        return (compiled.strict_fast if strict else compiled.fast)(value)
    except ValueError:
        return ValueError


@pytest.mark.parametrize("key", sorted(COMPILED))
def test_fast_constructor_agrees_with_regex_and_build_on_tricky_values(key):
    compiled = COMPILED[key]
    for value in TRICKY:
        for strict in (False, True):
            assert _fast(compiled, value, strict) == _plain(compiled, value, strict), (key, value)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(COMPILED)), st.lists(VALUE_ALPHABET, max_size=12).map("".join))
def test_fast_constructor_agrees_with_regex_and_build(key, value):
    compiled = COMPILED[key]
    for strict in (False, True):
        assert _fast(compiled, value, strict) == _plain(compiled, value, strict)


@pytest.mark.parametrize(
    "text", ["0", "7", "255", "256", "4294967295", "4294967296", "90000", "*", "a b", "a b c d"]
)
def test_inline_decoders_agree_with_decode(text):
    for name, kind in grammar.KINDS.items():
        if kind.inline is None or kind.decode is None or not re.fullmatch(kind.pattern, text):
            continue  # the engine decodes only text its regex matched
        env = {"_small": grammar.SMALL_INTS.get, "_u32": grammar._u32}
        try:
            expected: object = kind.decode(text)
        except ValueError:
            expected = ValueError
        try:
            got: object = eval(kind.inline.format("text"), env, {"text": text})
        except ValueError:
            got = ValueError
        assert got == expected, (name, text)


def test_split_shortcut_is_used_for_simple_rows():
    # The rows the shortcut covers: free text and space-separated words.
    simple = {"s=", "i=", "u=", "e=", "p=", "mid", "ice-ufrag", "ice-pwd", "setup", "fingerprint"}
    have = {key for key, c in COMPILED.items() if engine._split_prelude(c.parts) is not None}
    assert have == simple


def test_property_attributes_are_shared_values():
    head = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"
    one = sdp.parse(head + "a=rtcp-mux\r\na=sendrecv\r\n")
    two = sdp.parse(head + "a=rtcp-mux\r\na=sendrecv\r\n")
    assert one.lines[4] is two.lines[4] and one.lines[4] == sdp.Flag("rtcp-mux")
    assert one.lines[5] is two.lines[5] and one.lines[5] == sdp.Direction("sendrecv")


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n# note\r\n", "comment line dropped"),
        ("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\na=candidate:1 1 udp 9 h\n 1 typ host\n",
         "wrapped line re-joined to line 5"),
        ("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n\r\na=x\r\n", "empty line dropped"),
        ("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\t\r\n", "trailing white space removed"),
    ],
)  # fmt: skip
def test_lines_found_unclean_mid_parse_are_repaired_as_before(text, warning):
    # The hot loop meets these lines only after it started: it repairs and starts over.
    sd = sdp.parse(text)
    assert warning in [w.message for w in sd.warnings]
    assert len(sd.warnings) == 1
    assert sdp.parse(sdp.write(sd)) == sd
    with pytest.raises(sdp.SdpError):
        sdp.parse(text, strict=True)


def test_a_wrapped_m_line_is_rejoined_before_it_is_judged():
    # The hot loop reads `m=video` before it meets the continuation line.
    text = (
        "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=video\n 9 RTP/AVP 96\na=rtpmap:96 VP8/90000\n"
    )
    sd = sdp.parse(text)
    assert sd.media[0].media == sdp.MediaLine("video", 9, None, "RTP/AVP", ("96",))
    assert [str(w) for w in sd.warnings] == ["line 6: wrapped line re-joined to line 5"]
    with pytest.raises(sdp.SdpError, match="line 6: not a <type>=<value> line"):
        sdp.parse(text, strict=True)


def test_a_broken_m_line_in_clean_text_is_still_an_error():
    text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=video 9\r\n"
    with pytest.raises(sdp.SdpError, match="line 5: m= line needs 4 fields, got 2"):
        sdp.parse(text)
