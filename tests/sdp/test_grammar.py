"""The grammar table: its example lines are true, and it drives both directions."""

from __future__ import annotations

import inspect
import re
import typing

import pytest

from notes_tools import sdp
from notes_tools.sdp import engine, grammar, model

SOURCE = inspect.getsource(grammar)
# `# <wire line>` comment immediately above a `Row(` in the table.
EXAMPLES = re.findall(r"^    # ([a-z]=\S.*)\n    Row\(", SOURCE, re.MULTILINE)
HEAD = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"


def test_every_row_has_an_example_and_an_rfc():
    assert len(EXAMPLES) == len(grammar.ROWS)
    assert all(row.rfc for row in grammar.ROWS)


@pytest.mark.parametrize(
    ("example", "row"), list(zip(EXAMPLES, grammar.ROWS, strict=True)), ids=EXAMPLES
)
def test_example_parses_into_its_row_class_and_back(example, row):
    if row.letter == "v":
        text = example + "\r\n" + HEAD.split("\r\n", 1)[1]
    elif row.letter in "ost":
        text = HEAD
    elif row.letter == "m":
        text = HEAD + example + "\r\n"
    else:
        text = HEAD + "m=audio 9 RTP/AVP 0\r\n" + example + "\r\n"
    sd = sdp.parse(text, strict=row.letter not in "iuepbrzk")
    found = [line for _, _, line in sd.numbered() if type(line) is row.cls]
    assert found, f"{example!r} did not become {row.cls.__name__}"
    if row.letter not in "vost":
        assert example in sdp.write(sd).split("\r\n")
    assert sdp.parse(sdp.write(sd)) == sd


def test_every_line_class_is_written_by_the_table():
    classes = set(typing.get_args(model.Line))
    covered = {row.cls for row in grammar.ROWS} | {model.Attribute, model.RawLine}
    assert classes - covered == set()


def test_attribute_names_are_unique():
    names = [(row.letter, row.name) for row in grammar.ROWS]
    assert len(names) == len(set(names))


def test_template_parts_and_description():
    parts = grammar.parse_template("{a:int}[/{b:word}]")
    assert parts == [("field", ("a", "int")), ("opt", [("lit", "/"), ("field", ("b", "word"))])]
    assert grammar.describe(parts) == "<a>[/<b>]"
    with pytest.raises(ValueError, match="unbalanced"):
        grammar.parse_template("{a:int}[")


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        ("a=rtpmap:x opus/48000", 10, "bad payload type 'x'"),
        ("a=rtcp:9 IN IP7 0.0.0.0", 13, "bad address type 'IP7'"),
        ("a=setup:sideways", 9, "bad role 'sideways'"),
        ("a=ssrc:12", 10, "expected ' '"),
        ("a=candidate:1 1 udp 5 192.0.2.1 9 host", 34, "expected ' typ '"),
    ],
)
def test_strict_errors_point_at_the_column(line, column, reason):
    with pytest.raises(sdp.SdpError) as caught:
        sdp.parse(HEAD + "m=audio 9 RTP/AVP 0\r\n" + line + "\r\n", strict=True)
    assert caught.value.line == 6
    assert caught.value.column == column
    assert reason in caught.value.reason


def test_error_is_a_value_error_and_pickles():
    import pickle

    error = sdp.SdpError(3, 1, "boom")
    assert isinstance(error, ValueError)
    again = pickle.loads(pickle.dumps(error))
    assert (again.line, again.column, str(again)) == (3, 1, "line 3: boom")


def test_kinds_cover_every_template():
    for row in grammar.ROWS:
        if row.template:
            for _, kind, _ in grammar.fields_of(grammar.parse_template(row.template)):
                assert kind in grammar.KINDS


def test_compiled_tables_match_the_rows():
    valued = {row.name for row in grammar.ROWS if row.letter == "a" and row.template}
    flags = {row.name for row in grammar.ROWS if row.letter == "a" and not row.template}
    assert set(engine.ATTRIBUTES) == valued
    assert set(engine.FLAGS) == flags


def test_each_template_covers_its_class_fields():
    import dataclasses

    for row in grammar.ROWS:
        names = {f.name for f in dataclasses.fields(row.cls)}
        if row.template is None:
            assert names == {grammar.NAME_FIELDS[row.cls]}
        else:
            fields = grammar.fields_of(grammar.parse_template(row.template))
            assert {name for name, _, _ in fields} == names, row


def test_no_attribute_row_matches_an_empty_value():
    # The hot loop relies on it: `a=rtpmap` without a value must not parse as an Rtpmap.
    for compiled in engine.ATTRIBUTES.values():
        assert compiled.match("") is None and compiled.strict_match("") is None


def test_flags_with_a_value_and_valued_attributes_without_one_are_kept():
    head = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"
    sd = sdp.parse(head + "a=rtcp-mux:yes\r\na=rtpmap\r\na=ice-lite\r\n")
    assert sd.lines[4:] == (
        model.Attribute("rtcp-mux", "yes"),
        model.Attribute("rtpmap", None),
        model.Flag("ice-lite"),
    )


def test_generated_grammar_table_has_a_row_per_grammar_row():
    from notes_tools.sdp.docs import grammar_table

    lines = grammar_table().splitlines()
    assert len(lines) == 2 + len(grammar.ROWS)
    assert all(line.count("|") == 5 for line in lines)
