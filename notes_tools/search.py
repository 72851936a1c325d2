"""Search tuned for code tokens.

Material's search (lunr in a web worker) splits text with the `separator` of
the search plugin in mkdocs.yml, and gives every query term a trailing
wildcard. The separator keeps code tokens whole (`a=rtpmap`,
`expandable_segments`, `torch.cuda.OutOfMemoryError`), so a pasted token
matches itself. `augment_search_index` then appends to each search document
the pieces readers also type: the parts of a token (`rtpmap`, `segments`,
`OutOfMemoryError`), the token without quotes or leading dashes
(`-j"$(nproc)"` -> `j$(nproc)`), and words behind an opening bracket
(`(KV` -> `KV`). The pieces go into a hidden span, so results look the same.

On the query side, the site's `search-query.js` rewrites the query before
it reaches the search worker: lunr reads a leading `-` as "must not
contain", so the dash is dropped (`make -j$(nproc)` searches for `make` and
`j$(nproc)`: see `query_terms`, the Python model of that step), and a code
token in the query becomes required (`+j$(nproc)*`), so notes that only match
the plain words, or a word of their title, do not outrank the one with the token.
"""

from __future__ import annotations

import bisect
import functools
import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: The search plugin's `separator` in mkdocs.yml (a test keeps the two equal).
SEPARATOR = r"""[\s,;:!?"'<>\[\]{}|]+|&[lg]t;"""

_SEP = re.compile(SEPARATOR)
_TAG = re.compile(r"<[^>]+>")
_STRONG = re.compile(r"[=:/,;()\[\]{}<>|$@#%&*+!?\"'`\\~^]+")
_LEAD = re.compile(r"^\W+")
_EDGES = re.compile(r"^\W+|\W+$")
_WORD = re.compile(r"[A-Za-z0-9]+")
_PLAIN = re.compile(r"^[A-Za-z0-9]*$")
_QUOTES = str.maketrans("", "", "\"'`")
_APPENDED = re.compile(r' <span hidden="">[^<]*</span>$')
MAX_TOKEN = 120  # longer runs (base64, hashes) are not worth indexing in pieces


def index_tokens(text: str) -> set[str]:
    """The lower-cased tokens lunr makes of `text` with SEPARATOR (tags removed)."""
    return {t.lower() for t in _SEP.split(_TAG.sub(" ", text)) if t}


def token_parts(text: str) -> list[str]:
    """The searchable pieces of the punctuated tokens in `text`, in order, without repeats.

    Examples:
        >>> token_parts("a=rtpmap:111")
        ['rtpmap', '111']
        >>> token_parts('make -j"$(nproc)"')
        ['j$(nproc)', 'j$(nproc', 'nproc']
        >>> token_parts("torch.cuda.OutOfMemoryError")
        ['cuda.OutOfMemoryError', 'OutOfMemoryError', 'torch', 'cuda']
    """
    parts: list[str] = []
    seen: set[str] = set()
    for chunk in text.split():
        if _PLAIN.match(chunk) or len(chunk) > MAX_TOKEN:
            continue
        candidates: list[str] = []
        unquoted = chunk.translate(_QUOTES)
        candidates += [_LEAD.sub("", unquoted), _EDGES.sub("", unquoted)]
        for piece in _STRONG.split(unquoted):
            piece = _EDGES.sub("", piece)
            candidates.append(piece)
            dots = piece.split(".")
            candidates += [".".join(dots[i:]) for i in range(1, len(dots))]
        candidates += _WORD.findall(chunk)
        for cand in candidates:
            if len(cand) > 1 and cand != chunk and cand not in seen:
                seen.add(cand)
                parts.append(cand)
    return parts


def augment_text(text: str) -> str:
    """`text` (a search document's HTML) with its missing token pieces appended, hidden."""
    text = _APPENDED.sub("", text)  # augmenting again starts from the original text
    plain = html.unescape(_TAG.sub(" ", text))
    existing = sorted({t.lower() for t in _SEP.split(plain) if t} | index_tokens(text))
    extra: list[str] = []
    for part in token_parts(plain):
        # what lunr will make of the piece; skip what a prefix query already finds
        for tok in _SEP.split(part):
            if len(tok) > 1 and not _has_prefix(existing, tok.lower()) and tok not in extra:
                extra.append(tok)
    if not extra:
        return text
    return text + ' <span hidden="">' + html.escape(" ".join(extra), quote=False) + "</span>"


def _has_prefix(tokens: list[str], prefix: str) -> bool:
    """Whether a token of the sorted list starts with `prefix` (queries match prefixes)."""
    i = bisect.bisect_left(tokens, prefix)
    return i < len(tokens) and tokens[i].startswith(prefix)


def augment_docs(docs: Iterable[dict[str, Any]]) -> int:
    """Augment each search document's `text` in place; return how many changed."""
    changed = 0
    for doc in docs:
        text = doc.get("text", "")
        new = _augmented(text)
        if new != text:
            doc["text"] = new
            changed += 1
    return changed


@functools.lru_cache(maxsize=65536)
def _augmented(text: str) -> str:
    """`augment_text`, remembered: `mkdocs serve` rebuilds re-index unchanged pages."""
    return augment_text(text)


def augment_search_index(index_path: Path) -> int:
    """Augment Material's `search/search_index.json` in place; return documents changed."""
    data = json.loads(index_path.read_text(encoding="utf-8"))
    changed = augment_docs(data.get("docs", []))
    if changed:
        index_path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    return changed


def query_terms(query: str) -> list[str]:
    """The lower-cased terms Material searches for `query`, after `search-query.js`.

    A model of the browser side for tests: leading dashes dropped, split on
    whitespace and SEPARATOR. Each term is then matched as a prefix.

    Examples:
        >>> query_terms("make -j$(nproc)")
        ['make', 'j$(nproc)']
    """
    terms = []
    for word in re.sub(r"(^|\s)-+(?=\S)", r"\1", query).split():
        terms += [t.lower() for t in _SEP.split(word) if t]
    return terms


def matches(query: str, text: str) -> bool:
    """Whether every term of `query` is a prefix of some index token of `text` (augmented)."""
    tokens = index_tokens(augment_text(text))
    return all(any(tok.startswith(term) for tok in tokens) for term in query_terms(query))
