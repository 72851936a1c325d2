"""Site build time: the project's configuration against stock mkdocs-material.

Generates N synthetic notes (front matter, ~800 words, code, math, a table,
links to other notes, tags from the vocabulary) in a temporary project, then
builds them in the same run with

* **project**: the repository's `mkdocs.yml` (hooks, plugins, `navigation.prune`),
  with `docs_dir` pointed at the synthetic notes;
* **stock**: the Material theme, the search plugin and the same Markdown
  extensions, nothing else (no hooks, no `navigation.prune`).

It prints seconds per note and the project/stock ratio (median of the repeats).
Stock Material renders the whole navigation into every page, so its time grows
with notes squared; the target at 2,000 notes is project <= 0.25x stock.

    python bench/site_build.py                       # sizes 50, 500, 2000
    python bench/site_build.py --sizes 500 --profile # cProfile of the project build
    python bench/site_build.py --sizes 500 --serve   # `mkdocs serve` rebuild latency
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import json
import os
import pstats
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SECTIONS = 10
WORDS = [
    "cache",
    "latency",
    "throughput",
    "kernel",
    "buffer",
    "packet",
    "tensor",
    "gradient",
    "batch",
    "queue",
    "socket",
    "thread",
    "memory",
    "allocator",
    "fragment",
    "segment",
    "header",
    "payload",
    "codec",
    "bitrate",
    "stream",
    "attention",
    "token",
    "context",
    "window",
    "scheduler",
    "interrupt",
    "driver",
    "register",
    "pipeline",
    "stage",
    "shard",
    "replica",
    "checkpoint",
    "optimizer",
    "learning",
    "rate",
    "warmup",
    "decay",
    "quantization",
    "precision",
    "overflow",
    "underflow",
    "bandwidth",
    "interconnect",
    "topology",
    "ring",
    "tree",
    "collective",
    "barrier",
    "fence",
    "atomic",
    "lock",
    "contention",
    "profile",
    "trace",
    "sample",
    "histogram",
    "percentile",
]
GLUE = [
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "for",
    "with",
    "on",
    "by",
    "from",
    "that",
    "which",
    "when",
    "while",
    "because",
    "so",
]


# --- synthetic notes --------------------------------------------------------


def _vocabulary() -> list[str]:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    block = text.split("tags_allowed:", 1)[1]
    tags = []
    for line in block.splitlines()[1:]:
        s = line.strip()
        if s.startswith("#"):
            continue
        m = re.match(r"^- ([a-z0-9-]+)$", s)
        if not m:
            break
        tags.append(m[1])
    return tags


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS if i % 2 == 0 else GLUE) for i in range(rng.randint(8, 16))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, n: int) -> str:
    return " ".join(_sentence(rng) for _ in range(n))


def note_path(i: int) -> str:
    """Docs-relative path of synthetic note `i`."""
    return f"sec-{i % SECTIONS:02d}/note-{i:05d}.md"


def note_text(i: int, n: int, tags: list[str]) -> str:
    """One synthetic note of about 800 words."""
    rng = random.Random(i)
    here = Path(note_path(i)).parent
    links = []
    for j in rng.sample(range(n), min(3, n)):
        target = Path(note_path(j))
        rel = os.path.relpath(target, here)
        links.append(f"[note {j}]({rel}#details)")
    picked = rng.sample(tags, 3)
    parts = [
        "---",
        f"title: Synthetic note {i}",
        f"summary: A synthetic note number {i} about {rng.choice(WORDS)} for the build benchmark.",
        "date: 2026-11-23",
        f"tags: [{', '.join(picked)}]",
        "sources:",
        f"  - title: Source {i}",
        f"    url: https://example.org/source/{i}",
        "---",
        "",
        f"# Synthetic note {i}",
        "",
        _paragraph(rng, 5),
        "",
        "## Overview",
        "",
        _paragraph(rng, 6) + f" See {links[0]}.",
        "",
        f"The cost grows as $O(n \\log n)$ and the ratio is $\\frac{{a_{i % 7}}}{{b}}$.",
        "",
        "$$",
        "E = \\sum_{k=1}^{n} w_k x_k^2",
        "$$",
        "",
        "## Details",
        "",
        _paragraph(rng, 6),
        "",
        '```python title="not run: synthetic benchmark code"',
        "def throughput(packets, seconds):",
        '    """Packets per second."""',
        "    return packets / seconds",
        "",
        f"print(throughput({i + 100}, 2.0))",
        "```",
        "",
        "| setting | value | meaning |",
        "| --- | --- | --- |",
        *(
            f"| `{rng.choice(WORDS)}_{k}` | {rng.randint(1, 9000)} | {_sentence(rng)} |"
            for k in range(5)
        ),
        "",
        "## Trade-offs",
        "",
        _paragraph(rng, 6) + f" Compare {links[1 % len(links)]} and {links[-1]}.",
        "",
        "```text",
        f"a=rtpmap:{96 + i % 30} opus/48000/2",
        "```",
        "",
        "## Summary",
        "",
        _paragraph(rng, 5),
        "",
    ]
    return "\n".join(parts)


def make_docs(docs: Path, n: int) -> None:
    """Write `n` notes, a home page and one index per section under `docs`."""
    tags = _vocabulary()
    shutil.rmtree(docs, ignore_errors=True)
    (docs / "includes").mkdir(parents=True)
    shutil.copy(REPO / "docs" / "includes" / "abbreviations.md", docs / "includes")
    front = (
        "---\ntitle: {t}\nsummary: {t} of the benchmark.\ndate: 2026-11-23\ntags: [tools]\n---\n"
    )
    (docs / "index.md").write_text(front.format(t="Home") + "\n# Home\n\nSynthetic notes.\n")
    for s in range(SECTIONS):
        sec = docs / f"sec-{s:02d}"
        sec.mkdir()
        (sec / "index.md").write_text(
            front.format(t=f"Section {s}") + f"\n# Section {s}\n\nNotes of section {s}.\n"
        )
    for i in range(n):
        (docs / note_path(i)).write_text(note_text(i, n, tags), encoding="utf-8")


# --- the two configurations -------------------------------------------------


def _markdown_extensions() -> str:
    """The project's Markdown extensions, with the glossary appended to every page
    by snippets' `auto_append`, the way Material's documentation sets it up."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = "markdown_extensions:" + text.split("\nmarkdown_extensions:", 1)[1]
    return re.sub(
        r"(\n  - pymdownx\.snippets:\n(?:      .*\n)*?      check_paths: true\n)",
        r"\1      auto_append:\n        - docs/includes/abbreviations.md\n",
        text,
    )


def glossary_option(config_text: str) -> str:
    """The proposed fix: abbreviations through `abbr`'s `glossary` option, not `auto_append`.

    snippets' auto_append feeds the glossary file through the block parser on
    every page, and Python-Markdown's abbr processor takes one definition per
    pass over the rest of the block: quadratic in the number of definitions.
    """
    sys.path.insert(0, str(REPO))
    from notes_tools import site

    entries = site.glossary_entries(REPO / "docs" / "includes" / "abbreviations.md")
    glossary = "".join(f"\n        {json.dumps(t)}: {json.dumps(x)}" for t, x in entries)
    text = re.sub(r"\n      auto_append:\n(        - .*\n)+", "\n", config_text)
    return text.replace("\n  - abbr\n", "\n  - abbr:\n      glossary:" + glossary + "\n", 1)


def project_config(work: Path) -> Path:
    """The repository's mkdocs.yml with docs_dir pointed at the synthetic notes."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace(
        "  - notes_tools/hooks.py", f"  - {REPO / 'notes_tools' / 'hooks.py'}"
    ).replace("paths: [.]", f"paths: [{REPO}]")
    text = f"docs_dir: {work / 'docs'}\n" + text
    cfg = work / "mkdocs.yml"  # the hook reads the vocabulary from <root>/mkdocs.yml
    cfg.write_text(text, encoding="utf-8")
    return cfg


def stock_config(work: Path, glossary: bool = False) -> Path:
    """Material + search + the same Markdown extensions; no hooks, no navigation.prune."""
    text = (
        "site_name: Stock\n"
        f"docs_dir: {work / 'docs'}\n"
        "exclude_docs: |\n  includes/\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n" + _markdown_extensions()
    )
    if glossary:
        text = glossary_option(text)
    cfg = work / "stock.yml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}


def build(cfg: Path, work: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `mkdocs build` in a fresh process.

    CPU time (user + system of the child) is reported beside wall time because
    it barely moves when other work shares the machine; raises when the build fails.
    """
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(out)]
    err = open(work / "build.err", "w+")  # noqa: SIM115
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, stdout=subprocess.DEVNULL, stderr=err, env=_env())
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    message = err.read()
    err.close()
    if proc.returncode:
        raise SystemExit(f"build failed ({cfg.name}):\n{message[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def prepare(n: int, root: Path) -> Path:
    """A temporary project with `n` notes; node_modules linked for the vendored assets."""
    work = root / f"n{n}"
    work.mkdir(parents=True, exist_ok=True)
    make_docs(work / "docs", n)
    # snippets' auto_append path (docs/includes/...) is relative to the working directory
    nm = work / "node_modules"
    if not nm.exists() and (REPO / "node_modules").exists():
        nm.symlink_to(REPO / "node_modules")
    return work


# --- profile and serve latency ---------------------------------------------


def profile(cfg: Path, work: Path, top: int) -> str:
    """cProfile of one project build in this process; the top functions by cumulative time."""
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config

    old = Path.cwd()
    os.chdir(work)
    sys.path.insert(0, str(REPO))
    try:
        prof = cProfile.Profile()
        prof.enable()
        mk_build(load_config(str(cfg), site_dir=str(work / "site-prof")))
        prof.disable()
    finally:
        os.chdir(old)
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).sort_stats("cumulative")
    stats.print_stats(top)
    buf.write("\n--- by own time ---\n")
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)  # held during rebuilds
    try:
        conn.request("GET", path)
        return conn.getresponse().read().decode("utf-8", "replace")
    finally:
        conn.close()


def serve_latency(cfg: Path, work: Path, dirty: bool, edits: int) -> list[float]:
    """Seconds from saving one note to `mkdocs serve` serving the new text."""
    port = _free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(cfg), "-a", f"127.0.0.1:{port}"]
    # --no-strict: the dev server logs each 404 as a warning, and strict mode
    # would abort the rebuild that is running when one arrives
    cmd += ["--livereload", "--no-strict"] + (["--dirty"] if dirty else [])
    log = open(work / f"serve-{'dirty' if dirty else 'full'}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=work, stdout=log, stderr=subprocess.STDOUT, env=_env())
    note = work / "docs" / note_path(1)
    m = re.search(r"^site_url:\s*https?://[^/\s]+(/\S*)?\s*$", cfg.read_text(), re.MULTILINE)
    prefix = ((m[1] if m else None) or "/").rstrip("/")
    url = prefix + "/" + note_path(1).removesuffix(".md") + "/"
    original = note.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 900
        while True:
            try:
                if "Synthetic note 1" in _get(port, url):
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"mkdocs serve did not come up; see {log.name}")
            time.sleep(0.2)
        for k in range(edits):
            time.sleep(2.0)  # let the watcher settle
            marker = f"edit-marker-{k}-{time.time_ns()}"
            start = time.perf_counter()
            note.write_text(original + f"\n{marker}\n", encoding="utf-8")
            while marker not in _get(port, url):
                if time.perf_counter() - start > 600:
                    raise SystemExit("edit not served within 600 s")
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        note.write_text(original, encoding="utf-8")
        log.close()
    return times


# --- main ----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0],
        epilog="example:\n  python bench/site_build.py --sizes 50,500 --repeats 3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default="50,500,2000", help="comma-separated note counts")
    parser.add_argument(
        "--repeats",
        type=int,
        default=0,
        help="builds per config (default: 3 below 1000 notes, 1 above)",
    )
    parser.add_argument("--only", choices=["project", "stock"], help="build one config only")
    parser.add_argument("--profile", action="store_true", help="cProfile the project build")
    parser.add_argument("--serve", action="store_true", help="measure `mkdocs serve` rebuilds")
    parser.add_argument("--edits", type=int, default=3, help="edits per serve measurement")
    parser.add_argument(
        "--glossary-option",
        action="store_true",
        help="stock config: abbreviations via abbr's glossary option instead of auto_append",
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    root = args.keep or Path(tempfile.mkdtemp(prefix="site-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        print(
            f"{'notes':>6} {'config':>8} {'wall s':>9} {'wall/note':>9}"
            f" {'cpu s':>8} {'cpu/note':>9}"
            "  [wall/cpu of each run]"
        )
        for n in sizes:
            work = prepare(n, root)
            g = args.glossary_option
            configs = {"project": project_config(work), "stock": stock_config(work, g)}
            if args.only:
                configs = {args.only: configs[args.only]}
            if args.profile:
                print(profile(project_config(work), work, 30))
                continue
            if args.serve:
                cfg = project_config(work)
                for dirty in (False, True):
                    t = serve_latency(cfg, work, dirty, args.edits)
                    label = "serve --dirty" if dirty else "serve"
                    runs = " ".join(f"{x:.2f}" for x in t)
                    print(f"{n:>6} {label:>14} median {statistics.median(t):.2f} s  [{runs}]")
                continue
            repeats = args.repeats or (3 if n < 1000 else 1)
            medians: dict[str, tuple[float, float]] = {}
            for name, cfg in configs.items():
                runs = [build(cfg, work, work / f"site-{name}") for _ in range(repeats)]
                wall = statistics.median(r[0] for r in runs)
                cpu = statistics.median(r[1] for r in runs)
                medians[name] = (wall, cpu)
                shown = " ".join(f"{r[0]:.1f}/{r[1]:.1f}" for r in runs)
                print(
                    f"{n:>6} {name:>8} {wall:>9.2f} {wall / n:>9.4f} {cpu:>8.2f} {cpu / n:>9.4f}"
                    f"  [{shown}]",
                    flush=True,
                )
            if len(medians) == 2:
                p, s = medians["project"], medians["stock"]
                print(
                    f"{n:>6} {'ratio':>8} {p[0] / s[0]:>9.3f} {'':>9} {p[1] / s[1]:>8.3f}",
                    flush=True,
                )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
