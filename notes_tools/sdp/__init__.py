"""A lossless, typed SDP toolkit: parse, write, lint, summarise and diff session descriptions.

Pure standard library and no I/O: text in, typed values out. One declarative
table (`notes_tools.sdp.grammar.ROWS`) drives both `parse` and `write`.

Examples:
    >>> from notes_tools import sdp
    >>> text = (
    ...     "v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
    ...     "a=group:BUNDLE 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\n"
    ...     "a=mid:0\\r\\na=sendrecv\\r\\na=rtpmap:111 opus/48000/2\\r\\n"
    ... )
    >>> sd = sdp.parse(text)
    >>> sd.origin.session_id, sd.media[0].mid, sd.effective(0).direction
    ('4611731400430051336', '0', 'sendrecv')
    >>> sdp.write(sd) == text
    True
"""

from notes_tools.sdp.engine import SdpError, parse, to_dict, write
from notes_tools.sdp.lint import Finding, lint
from notes_tools.sdp.model import *  # noqa: F403
from notes_tools.sdp.model import __all__ as _model_all
from notes_tools.sdp.summary import (
    CodecSummary,
    MediaOutcome,
    MediaSummary,
    TransportSummary,
    diff,
    summary,
)

__all__ = [
    "CodecSummary",
    "Finding",
    "MediaOutcome",
    "MediaSummary",
    "SdpError",
    "TransportSummary",
    "diff",
    "lint",
    "parse",
    "summary",
    "to_dict",
    "write",
    *_model_all,
]
