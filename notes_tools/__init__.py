"""notes_tools: the example tools the notes teach with, and the contributor tooling.

Example tools (pure standard library, text in, typed values out):

- `notes_tools.sdp`: a lossless, typed SDP parser and writer.
- `notes_tools.mtu`: encapsulation overheads, MSS, fragmentation plans.
- `notes_tools.oom`: figures out of PyTorch, Linux and framework OOM reports.

Contributor tooling: `notes_tools.frontmatter`, `notes_tools.check`,
`notes_tools.scaffold`, `notes_tools.codeblocks`, `notes_tools.htmlpolicy`,
`notes_tools.site` (the functions the MkDocs hooks call).
"""

__version__ = "0.1.0"
