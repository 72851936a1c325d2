"""notes_tools.search: code tokens and their pieces in Material's search index."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_tools import search

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "fixtures" / "search" / "golden-queries.yml"


def _plugin(name: str) -> dict[str, object]:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # mkdocs.yml holds `!!python/name:` tags: read only the plugins block
    block = text.split("\nplugins:\n", 1)[1].split("\n# ---", 1)[0]
    for item in yaml.safe_load(block):
        if isinstance(item, dict) and name in item:
            return dict(item[name] or {})
    raise AssertionError(f"plugin {name!r} not in mkdocs.yml")


def test_separator_in_mkdocs_yml_is_the_one_modelled_here() -> None:
    assert _plugin("search")["separator"] == search.SEPARATOR


def test_pipeline_has_no_stemmer_or_trimmer() -> None:
    # both would rewrite code tokens (`a=rtpmap:` -> `a=rtpmap`, `segments` -> `segment`)
    assert set(_plugin("search").get("pipeline", [])) <= {"stopWordFilter"}


@pytest.mark.parametrize(
    ("token", "part"),
    [
        ("a=rtpmap:111", "rtpmap"),
        ("PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True", "expandable_segments"),
        ("PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True", "segments"),
        ("torch.cuda.OutOfMemoryError", "OutOfMemoryError"),
        ("torch.cuda.OutOfMemoryError", "cuda.OutOfMemoryError"),
        ('-j"$(nproc)"', "j$(nproc)"),
        ("-j$(nproc)", "nproc"),
        ("CONFIG_DEBUG_INFO_BTF=y", "CONFIG_DEBUG_INFO_BTF"),
        ("(KV", "KV"),
    ],
)
def test_token_parts_include_what_readers_type(token: str, part: str) -> None:
    assert part in search.token_parts(token)


def test_plain_words_have_no_parts() -> None:
    assert search.token_parts("the quick brown fox 42") == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parts_are_never_the_token_itself_and_never_repeat(text: str) -> None:
    parts = search.token_parts(text)
    assert len(parts) == len(set(parts))
    chunks = set(text.split())
    assert not chunks & set(parts)
    assert all(len(p) > 1 and not p.isspace() for p in parts)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab_.=-$()\"' :/<>&")), max_size=80))
def test_augmenting_twice_changes_nothing_more(text: str) -> None:
    text = html.escape(text, quote=False)  # index text is HTML: `<` and `&` come escaped
    once = search.augment_text(text)
    assert search.augment_text(once) == once
    assert once.startswith(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_augmenting_keeps_every_existing_token(text: str) -> None:
    text = html.escape(text, quote=False)
    assert search.index_tokens(text) <= search.index_tokens(search.augment_text(text))


def test_appended_pieces_are_hidden_and_hold_no_markup() -> None:
    out = search.augment_text("<p><code>size=&lt;bytes&gt;_max</code></p>")
    head, tail = out.split('<span hidden="">', 1)
    assert head == "<p><code>size=&lt;bytes&gt;_max</code></p> "
    assert tail == "max</span>"


def test_pieces_already_found_by_prefix_are_not_appended() -> None:
    # `rtpmap` is found by the prefix query `rtpmap*` through the token `rtpmap`
    assert search.augment_text("a=rtpmap rtpmap") == "a=rtpmap rtpmap"


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("a=rtpmap", "<code>a=rtpmap:111 opus/48000/2</code>"),
        ("rtpmap", "<code>a=rtpmap:111 opus/48000/2</code>"),
        ("expandable_segments", "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid"),
        ("torch.cuda.OutOfMemoryError", "raises <code>torch.cuda.OutOfMemoryError</code>."),
        ("OutOfMemoryError", "raises <code>torch.cuda.OutOfMemoryError</code>."),
        ("make -j$(nproc)", '<code>make -j"$(nproc)" bindeb-pkg</code>'),
        ("CONFIG_DEBUG_INFO_BTF", "<code>CONFIG_DEBUG_INFO_BTF=y</code>"),
        ("KV cache", "the (KV cache) grows"),
    ],
)
def test_queries_match_augmented_text(query: str, text: str) -> None:
    assert search.matches(query, text)
    assert not search.matches(query + "zzz", text)


def test_query_terms_drop_leading_dashes_like_the_site_script() -> None:
    assert search.query_terms("make -j$(nproc) --dirty") == ["make", "j$(nproc)", "dirty"]
    js = (REPO / "docs" / "assets" / "javascripts" / "search-query.js").read_text()
    assert r"replace(/(^|\s)-+(?=\S)/g" in js


def test_augment_search_index_rewrites_the_file(tmp_path: Path) -> None:
    index = tmp_path / "search_index.json"
    docs = [
        {"location": "a/", "title": "A", "text": "<p>set <code>a=fmtp:111</code></p>"},
        {"location": "b/", "title": "B", "text": "<p>plain words only</p>"},
    ]
    index.write_text(json.dumps({"config": {}, "docs": docs}))
    assert search.augment_search_index(index) == 1
    data = json.loads(index.read_text())
    assert "fmtp" in data["docs"][0]["text"]
    assert data["docs"][1]["text"] == "<p>plain words only</p>"
    assert search.augment_search_index(index) == 0


def test_golden_queries_are_well_formed() -> None:
    items = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    assert len(items) >= 10
    for item in items:
        assert set(item) == {"query", "expect"}
        assert re.fullmatch(r"[a-z0-9-]+(/[a-z0-9-]+)*/", item["expect"]), item
        md = REPO / "docs" / (item["expect"].rstrip("/") + ".md")
        nb = md.with_suffix(".ipynb")
        assert md.is_file() or nb.is_file(), f"{item['query']!r}: no note {md.name} or {nb.name}"
