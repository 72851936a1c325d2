"""Search tuned for code tokens.

Material's search splits text with the `separator` in mkdocs.yml. It is set
to keep code tokens whole (`a=rtpmap`, `expandable_segments`,
`torch.cuda.OutOfMemoryError`, `-j$(nproc)`), so such a query matches
exactly; `augment_search_index` then adds each token's parts to the index, so
`rtpmap` or `segments` alone still find the note.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_CODE_TOKEN = re.compile(r"[\w.=$()/+-]*[=._$()/+-][\w.=$()/+-]*")
_PART = re.compile(r"[A-Za-z0-9]+")


def token_parts(text: str) -> list[str]:
    """Parts of punctuated code tokens: 'a=rtpmap' -> 'rtpmap'; 'x_y' -> 'x', 'y'."""
    parts: list[str] = []
    seen: set[str] = set()
    for token in _CODE_TOKEN.findall(text):
        for part in _PART.findall(token):
            if len(part) > 1 and part not in seen and part != token:
                seen.add(part)
                parts.append(part)
    return parts


def augment_search_index(index_path: Path) -> int:
    """Append the parts of code tokens to each search document; return documents changed."""
    data = json.loads(index_path.read_text(encoding="utf-8"))
    changed = 0
    for doc in data.get("docs", []):
        text = re.sub(r"<[^>]+>", " ", doc.get("text", ""))
        words = set(re.findall(r"\w+", text.lower()))
        extra = [p for p in token_parts(text) if p.lower() not in words]
        if extra:
            doc["text"] = doc.get("text", "") + " <span hidden>" + " ".join(extra) + "</span>"
            changed += 1
    index_path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    return changed
