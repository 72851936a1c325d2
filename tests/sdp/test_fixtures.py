"""The project's own fixtures: laws over the good ones, line numbers for the broken ones."""

from __future__ import annotations

import dataclasses

import pytest

from notes_tools import sdp


def test_good_fixture_round_trips_byte_for_byte(good_sdp, read, normalise):
    text = read(good_sdp)
    sd = sdp.parse(text)
    assert sd.warnings == ()
    assert normalise(sdp.write(sd)) == normalise(text)


def test_good_fixture_is_a_fixed_point(good_sdp, read):
    sd = sdp.parse(read(good_sdp))
    assert sdp.parse(sdp.write(sd)) == sd
    assert sdp.parse(sdp.write(sd), strict=True) == sd


def test_good_fixture_is_strictly_valid_and_fully_understood(good_sdp, read):
    sd = sdp.parse(read(good_sdp), strict=True)
    kept = [line for _, _, line in sd.numbered() if type(line) in (sdp.RawLine, sdp.Attribute)]
    assert kept == [], "every line of a project fixture is modelled"


def test_good_fixture_lints_clean(good_sdp, read):
    findings = sdp.lint(sdp.parse(read(good_sdp)))
    assert [f for f in findings if f.severity != "info"] == []


def test_broken_fixture_reports_its_line(broken_sdp, read, expected_error):
    strict_only, line = expected_error(broken_sdp)
    text = read(broken_sdp)
    with pytest.raises(sdp.SdpError) as caught:
        sdp.parse(text, strict=True)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"line {line}: ")
    assert caught.value.column >= 1
    if strict_only:
        sd = sdp.parse(text)  # lenient mode takes it ...
        assert sdp.parse(sdp.write(sd)) == sd  # ... and the laws still hold
    else:
        with pytest.raises(sdp.SdpError) as lenient:
            sdp.parse(text)
        assert lenient.value.line == line


def test_m_line_message_matches_the_documented_form(fixtures_dir, read):
    path = fixtures_dir / "broken-m-line-three-fields.strict-line-7.sdp"
    with pytest.raises(sdp.SdpError, match=r"^line 7: m= line needs 4 fields, got 3$"):
        sdp.parse(read(path), strict=True)


def test_mangled_copy_is_repaired_with_a_warning_per_line(fixtures_dir, read):
    text = read(fixtures_dir / "mangled-web-copy-plan-b.sdp")
    sidecar = (fixtures_dir / "mangled-web-copy-plan-b.expected.txt").read_text()
    repaired = [line for line in sidecar.splitlines() if line and not line.startswith("#")]
    sd = sdp.parse(text)
    assert {w.line for w in sd.warnings} == set(range(1, text.count("\n") + 1))
    written = sdp.write(sd).split("\r\n")
    for line in repaired:
        assert line in written
    assert sd.media[0].fingerprints[0].hash_function == "sha-256"
    assert len(sd.media[0].fingerprints[0].fingerprint.split(":")) == 32
    with pytest.raises(sdp.SdpError):
        sdp.parse(text, strict=True)
    assert sdp.parse(sdp.write(sd)).warnings == ()


def test_offer_answer_fixtures_negotiate(fixtures_dir, read):
    offer = sdp.parse(read(fixtures_dir / "chrome-unified-plan-offer.sdp"))
    answer = sdp.parse(read(fixtures_dir / "firefox-unified-plan-answer.sdp"))
    outcomes = sdp.diff(offer, answer)
    assert [o.kind for o in outcomes] == ["audio", "video", "application"]
    assert all(o.problems == () for o in outcomes)
    assert outcomes[0].codecs == ("opus/48000/2", "telephone-event/8000")
    assert outcomes[1].codecs == ("VP8/90000", "rtx/90000")
    assert {o.direction for o in outcomes} == {"sendrecv"}


def test_models_are_frozen(fixtures_dir, read):
    sd = sdp.parse(read(fixtures_dir / "chrome-unified-plan-offer.sdp"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        sd.media[0].rtpmaps[0].clock_rate = 1  # type: ignore[misc]
