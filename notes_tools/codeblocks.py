"""Fenced code blocks in notes, and the checks that make them tests.

`extract(text)` finds every fenced block (also those indented inside
admonitions, tabs and lists) with its language, title and line. `RUNNERS` is
the table that says what `make test` does with each language; `run_page`
runs a page's blocks and returns problems as `path:line: message`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from notes_tools.problems import Problem

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_TITLE = re.compile(r'title="([^"]*)"')
_LANG = re.compile(r"^\{?\s*\.?([\w+#-]+)")
SKIP_PREFIX = "not run:"
OUTPUT_TITLE = "Output"


@dataclass(frozen=True)
class Block:
    """One fenced code block of a note."""

    lang: str
    """Language from the fence info (`python`, `rust`, ...), lower case; '' when none."""
    title: str
    """The `title="..."` option, '' when none."""
    line: int
    """1-based line of the opening fence."""
    end_line: int
    """1-based line of the closing fence."""
    code: str
    """The block's content, dedented by the fence's indentation."""

    @property
    def skip_reason(self) -> str | None:
        """The reason after `not run:` in the title, or None when the block runs."""
        if self.title.lower().startswith(SKIP_PREFIX):
            return self.title[len(SKIP_PREFIX) :].strip()
        return None


def extract(text: str) -> list[Block]:
    """Every fenced code block in Markdown `text`, in order."""
    lines = text.splitlines()
    blocks = []
    i = 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = m["indent"], m["fence"], m["info"].strip()
        lang_m = _LANG.match(info)
        title_m = _TITLE.search(info)
        body = []
        j = i + 1
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        while j < len(lines) and not closing.match(lines[j]):
            line = lines[j]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            j += 1
        blocks.append(
            Block(
                lang=(lang_m[1].lower() if lang_m else ""),
                title=title_m[1] if title_m else "",
                line=i + 1,
                end_line=j + 1,
                code="\n".join(body) + ("\n" if body else ""),
            )
        )
        i = j + 1
    return blocks


def code_free_lines(text: str) -> list[str]:
    """`text`'s lines with fenced blocks and inline code spans blanked (line numbers kept)."""
    lines = text.splitlines()
    for block in extract(text):
        for n in range(block.line - 1, min(block.end_line, len(lines))):
            lines[n] = ""
    return [re.sub(r"(`+)(?:(?!\1).)+?\1", "", line) for line in lines]


# --- runners: one per language family ------------------------------------

Check = Callable[[Block, str | None], str | None]
"""A runner: (block, text of the Output block after it or None) -> None, or what failed."""


def _bash(code: str) -> str | None:
    proc = subprocess.run(["bash", "-n"], input=code, capture_output=True, text=True, timeout=30)
    if proc.returncode:
        return "shell syntax error: " + proc.stderr.strip().replace("bash: ", "")
    return None


def _check_shell(block: Block, expected: str | None = None) -> str | None:
    return _bash(block.code)


def _check_console(block: Block, expected: str | None = None) -> str | None:
    commands, cont = [], False
    for line in block.code.splitlines():
        if cont or line.startswith("$ "):
            commands.append(line[2:] if line.startswith("$ ") and not cont else line)
            cont = line.rstrip().endswith("\\")
    if not commands:
        return "console block has no '$ ' command line; use `text` for plain output"
    return _bash("\n".join(commands) + "\n")


def _check_yaml(block: Block, expected: str | None = None) -> str | None:
    from notes_tools.frontmatter import load_all_yaml

    try:
        load_all_yaml(block.code)
    except Exception as exc:  # yaml.YAMLError, reported as one line
        return "YAML does not parse: " + str(exc).splitlines()[0]
    return None


def _check_json(block: Block, expected: str | None = None) -> str | None:
    try:
        json.loads(block.code)
    except json.JSONDecodeError as exc:
        return f"JSON does not parse: {exc.msg} (block line {exc.lineno})"
    return None


def _check_toml(block: Block, expected: str | None = None) -> str | None:
    import tomllib

    try:
        tomllib.loads(block.code)
    except tomllib.TOMLDecodeError as exc:
        return f"TOML does not parse: {exc}"
    return None


def _check_sdp(block: Block, expected: str | None = None) -> str | None:
    from notes_tools import sdp

    try:
        sdp.parse(block.code)
    except sdp.SdpError as exc:
        return f"SDP does not parse: {exc}"
    return None


def _check_rust(block: Block, expected: str | None = None) -> str | None:
    rustc = shutil.which("rustc")
    if rustc is None:
        return "rustc not found: install Rust (the CI script does) to check rust blocks"
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = Path(tmp) / "main.rs", Path(tmp) / "main"
        src.write_text(block.code, encoding="utf-8")
        proc = subprocess.run(
            [rustc, "--edition", "2021", "-D", "warnings", "-o", str(exe), str(src)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if proc.returncode:
            first = next(
                (ln for ln in proc.stderr.splitlines() if ln.startswith("error")), proc.stderr
            )
            return f"rust does not compile: {first.strip()}"
        run = subprocess.run([str(exe)], capture_output=True, text=True, timeout=30)
        if run.returncode:
            return f"rust program exited {run.returncode}: {run.stderr.strip()[:200]}"
        if expected is not None and run.stdout.rstrip() != expected.rstrip():
            got = run.stdout.rstrip().splitlines()[:3]
            return f"output differs from the Output block: got {got!r}"
    return None


# Languages shown as data or illustration, never run.
SHOWN = frozenset(
    [
        "text",
        "txt",
        "plain",
        "plaintext",
        "log",
        "output",
        "diff",
        "ini",
        "cfg",
        "conf",
        "c",
        "cpp",
        "c++",
        "cuda",
        "h",
        "javascript",
        "js",
        "ts",
        "typescript",
        "html",
        "css",
        "xml",
        "mermaid",
        "csv",
        "tsv",
        "sql",
        "dockerfile",
        "makefile",
        "make",
        "nginx",
        "http",
        "go",
        "java",
        "verilog",
        "systemverilog",
        "asm",
        "nasm",
        "latex",
        "tex",
        "none",
        "markdown",
        "md",
        "properties",
        "kconfig",
    ]
)

# What `make test` does with each checked language (python and pycon run per page).
RUNNERS: dict[str, Check] = {
    "bash": _check_shell,
    "sh": _check_shell,
    "shell": _check_shell,
    "zsh": _check_shell,
    "console": _check_console,
    "yaml": _check_yaml,
    "yml": _check_yaml,
    "json": _check_json,
    "toml": _check_toml,
    "sdp": _check_sdp,
    "rust": _check_rust,
    "rs": _check_rust,
}
PYTHON = frozenset({"python", "py", "python3", "pycon"})


def static_problems(path: str, text: str) -> list[Problem]:
    """Problems visible without running anything: missing or unknown languages, bad skips."""
    problems = []
    for block in extract(text):
        if block.skip_reason is not None:
            if not block.skip_reason:
                problems.append(
                    Problem(path, block.line, "'not run:' needs a reason after the colon")
                )
            continue
        if not block.lang:
            problems.append(
                Problem(
                    path, block.line, "code block needs a language (use `text` for plain output)"
                )
            )
        elif block.lang not in RUNNERS and block.lang not in PYTHON and block.lang not in SHOWN:
            problems.append(
                Problem(path, block.line, f"unknown code block language {block.lang!r}")
            )
    return problems


# --- python: run a page's blocks in one fresh interpreter -----------------

_DRIVER = r"""
import contextlib, doctest, io, json, sys, traceback
blocks = json.load(sys.stdin)
ns = {"__name__": "__note__"}
results = []
for b in blocks:
    out = io.StringIO()
    err = None
    try:
        if b["lang"] == "pycon":
            parser = doctest.DocTestParser()
            test = parser.get_doctest(b["code"], ns, "block", b["path"], b["line"])
            flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
            runner = doctest.DocTestRunner(optionflags=flags)
            with contextlib.redirect_stdout(out):
                runner.run(test, out=out.write, clear_globs=False)
            ns.update(test.globs)  # DocTest works on a copy: share its names with later blocks
            if runner.failures:
                err = "doctest failed:\n" + out.getvalue()
        else:
            code = compile(b["code"], f"{b['path']}:block@{b['line']}", "exec")
            with contextlib.redirect_stdout(out):
                exec(code, ns)
    except BaseException as exc:
        tb = traceback.extract_tb(exc.__traceback__)
        where = next((f.lineno for f in reversed(tb) if "block@" in f.filename), 0)
        err = f"{type(exc).__name__}: {exc}"
        if where:
            err = f"@{where}@" + err
    results.append({"stdout": out.getvalue(), "error": err})
print(json.dumps(results))
"""


def _output_after(blocks: list[Block], i: int) -> str | None:
    """The text of the `Output` block right after block `i`, if there is one."""
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if nxt is not None and nxt.title == OUTPUT_TITLE and nxt.line - blocks[i].end_line <= 3:
        return nxt.code
    return None


def _python_blocks(blocks: list[Block]) -> Iterator[tuple[Block, Block | None]]:
    """Runnable python blocks, each with the `Output` block that follows it, if any."""
    for i, block in enumerate(blocks):
        if block.lang in PYTHON and block.skip_reason is None and "--8<--" not in block.code:
            yield block, blocks[i + 1] if _output_after(blocks, i) is not None else None


def run_python(path: str, blocks: list[Block], cwd: Path, timeout: float = 120) -> list[Problem]:
    """Run a page's python/pycon blocks in order in a fresh interpreter; compare shown output."""
    pairs = list(_python_blocks(blocks))
    if not pairs:
        return []
    payload = json.dumps(
        [{"lang": b.lang, "code": b.code, "line": b.line, "path": path} for b, _ in pairs]
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _DRIVER],
            input=payload,
            capture_output=True,
            text=True,
            cwd=cwd,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return [Problem(path, pairs[0][0].line, f"python blocks did not finish in {timeout:.0f} s")]
    if proc.returncode:
        return [
            Problem(
                path,
                pairs[0][0].line,
                f"python blocks crashed the interpreter: {proc.stderr.strip()[-300:]}",
            )
        ]
    problems = []
    for (block, output), result in zip(
        pairs, json.loads(proc.stdout.splitlines()[-1]), strict=True
    ):
        err = result["error"]
        if err:
            line = block.line
            m = re.match(r"@(\d+)@", err)
            if m:
                line, err = block.line + int(m[1]), err[m.end() :]
            problems.append(Problem(path, line, f"code block ({block.lang}) failed: {err.strip()}"))
        elif output is not None and result["stdout"].rstrip() != output.code.rstrip():
            shown = output.code.rstrip().splitlines()[:3]
            got = result["stdout"].rstrip().splitlines()[:3]
            problems.append(
                Problem(
                    path,
                    output.line,
                    f"output differs from the Output block: expected {shown!r}, got {got!r}",
                )
            )
    return problems


def run_page(path: str, text: str, cwd: Path) -> list[Problem]:
    """Every check of every code block of one Markdown page."""
    blocks = extract(text)
    problems = static_problems(path, text)
    for i, block in enumerate(blocks):
        runner = RUNNERS.get(block.lang)
        if runner is None or block.skip_reason is not None or "--8<--" in block.code:
            continue
        error = runner(block, _output_after(blocks, i))
        if error:
            problems.append(Problem(path, block.line, f"code block ({block.lang}) failed: {error}"))
    problems += run_python(path, blocks, cwd)
    return sorted(problems)
