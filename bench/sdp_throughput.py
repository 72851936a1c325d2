"""SDP parsing throughput: notes_tools.sdp against sdp-transform (npm) and aiortc (PyPI).

Run with `make bench` or `python bench/sdp_throughput.py`. The peers are
installed on first use into `bench/.peers/` (git-ignored), pinned:
`npm install --prefix bench/.peers/node sdp-transform@3.0.0` and
`pip install --target bench/.peers/py aiortc==1.16.0`.

Every parser reads the same files: the corpus in `../shared/corpus/sdp/`
minus any file one of them rejects. Every parser builds its full result:
ours the complete typed model, eagerly (nothing is decoded lazily, so there
is nothing left to force), aiortc its `SessionDescription`, sdp-transform its
object tree. Nothing is cached between documents.

A busy machine makes single timings meaningless, so each repeat measures
ours and a peer as neighbours: ours, aiortc, ours, sdp-transform, ours. A
peer's ratio in that repeat is ours (the mean of the two measurements beside
it) over the peer. sdp-transform runs in one long-lived, warmed-up node
process that times itself on request, so its JIT stays warm and no start-up
is counted. The table shows the median (and best) files/s over the repeats,
every repeat's ratios, and their median: compare only ratios from one run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "sdp"
PEERS = ROOT / "bench" / ".peers"
SDP_TRANSFORM = "sdp-transform@3.0.0"
AIORTC = "aiortc==1.16.0"
OURS = "notes_tools.sdp"
AIORTC_NAME = "aiortc 1.16.0"
NODE_NAME = "sdp-transform 3.0.0"

# One JSON request per line on stdin, one JSON reply per line on stdout:
# {"texts": [...]} -> {"ok": [indices parsed]}; {"only": [...], "warmup": s}
# -> {"ready": true}; {"budget": s} -> {"files_per_s": rate}.
NODE_WORKER = r"""
const transform = require(process.argv[2]);
const fs = require("fs");
let pending = "";
const chunk = Buffer.alloc(1 << 16);
function readLine() {
  for (;;) {
    const newline = pending.indexOf("\n");
    if (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      return line;
    }
    let n;
    try { n = fs.readSync(0, chunk, 0, chunk.length, null); }
    catch (e) { if (e.code === "EAGAIN") continue; throw e; }
    if (n === 0) return null;
    pending += chunk.toString("utf8", 0, n);
  }
}
function reply(value) { fs.writeSync(1, JSON.stringify(value) + "\n"); }
let all = [];
let texts = [];
function once(budget) {
  let n = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < budget) {
    for (const text of texts) transform.parse(text);
    n += texts.length;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return n / elapsed;
}
for (let line = readLine(); line !== null; line = readLine()) {
  const request = JSON.parse(line);
  if (request.texts) {
    all = request.texts;
    const ok = [];
    for (const [i, text] of all.entries()) {
      try { transform.parse(text); ok.push(i); } catch (e) {}
    }
    reply({ ok });
  } else if (request.only) {
    texts = request.only.map((i) => all[i]);
    once(request.warmup);
    reply({ ready: true });
  } else {
    reply({ files_per_s: once(request.budget) });
  }
}
"""


def _install(what: str, command: list[str]) -> None:
    print(f"installing {what} into {PEERS.relative_to(ROOT)}", file=sys.stderr)
    try:
        subprocess.run(command, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"could not install {what} ({error}); measuring without it", file=sys.stderr)


def _install_peers() -> None:
    node_dir = PEERS / "node"
    if not (node_dir / "node_modules" / "sdp-transform").is_dir() and shutil.which("npm"):
        _install(
            SDP_TRANSFORM,
            ["npm", "install", "--prefix", str(node_dir), SDP_TRANSFORM, "--no-audit", "--no-fund",
             "--loglevel=error"],
        )  # fmt: skip
    py_dir = PEERS / "py"
    if not (py_dir / "aiortc").is_dir():
        _install(
            AIORTC,
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(py_dir), AIORTC],
        )


def _rate(parse: Callable[[str], object], texts: list[str], budget: float) -> float:
    """files/s of `parse` over whole passes of `texts`, for at least `budget` seconds."""
    done = 0
    start = time.perf_counter()
    elapsed = 0.0
    while elapsed < budget:
        for text in texts:
            parse(text)
        done += len(texts)
        elapsed = time.perf_counter() - start
    return done / elapsed


def _accepts(parse: Callable[[str], object], texts: list[str]) -> set[int]:
    ok = set()
    for index, text in enumerate(texts):
        try:
            parse(text)
        except Exception:  # a peer's failure is data here, not a crash
            continue
        ok.add(index)
    return ok


class _Node:
    """A long-lived node process running sdp-transform on request."""

    def __init__(self, texts: list[str]) -> None:
        script = PEERS / "node" / "bench.js"
        script.write_text(NODE_WORKER)
        module = PEERS / "node" / "node_modules" / "sdp-transform"
        self.process = subprocess.Popen(
            ["node", str(script), str(module)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ok = self._ask({"texts": texts})["ok"]
        assert isinstance(ok, list)
        self.ok: set[int] = set(ok)

    def _ask(self, request: dict[str, object]) -> dict[str, object]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer: dict[str, object] = json.loads(self.process.stdout.readline())
        return answer

    def use(self, only: list[int], warmup: float) -> None:
        self._ask({"only": only, "warmup": warmup})

    def rate(self, budget: float) -> float:
        return float(self._ask({"budget": budget})["files_per_s"])  # type: ignore[arg-type]

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; return the exit code."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="example: python bench/sdp_throughput.py --repeats 9 --budget 0.3",
    )
    parser.add_argument("--repeats", type=int, default=9, help="interleaved repeats (default 9)")
    parser.add_argument(
        "--budget", type=float, default=0.3, help="seconds per measurement (default 0.3)"
    )
    parser.add_argument("--no-install", action="store_true", help="skip peers not installed")
    args = parser.parse_args(argv)

    if not CORPUS.is_dir():
        print(f"corpus not found: {CORPUS} (skipping)", file=sys.stderr)
        return 0
    if not args.no_install:
        _install_peers()
    sys.path.insert(0, str(ROOT))
    from notes_tools import sdp

    paths = sorted(CORPUS.glob("*.sdp"))
    texts = [p.read_bytes().decode("utf-8") for p in paths]

    parsers: dict[str, Callable[[str], object]] = {OURS: sdp.parse}
    if (PEERS / "py" / "aiortc").is_dir():
        sys.path.insert(0, str(PEERS / "py"))
        from aiortc.sdp import SessionDescription  # type: ignore[import-not-found,unused-ignore]

        parsers[AIORTC_NAME] = SessionDescription.parse
    node = None
    if (PEERS / "node" / "node_modules" / "sdp-transform").is_dir() and shutil.which("node"):
        node = _Node(texts)

    accepted = {name: _accepts(parse, texts) for name, parse in parsers.items()}
    if node is not None:
        accepted[NODE_NAME] = node.ok
    common = sorted(set.intersection(*accepted.values()))
    subset = [texts[i] for i in common]
    size = sum(len(t.encode()) for t in subset)
    budget = args.budget

    peers: dict[str, Callable[[], float]] = {}
    if AIORTC_NAME in parsers:
        aiortc_parse = parsers[AIORTC_NAME]
        peers[AIORTC_NAME] = lambda: _rate(aiortc_parse, subset, budget)
    if node is not None:
        worker = node
        worker.use(common, warmup=1.0)
        peers[NODE_NAME] = lambda: worker.rate(budget)
    _rate(sdp.parse, subset, budget)  # warm-up

    rates: dict[str, list[float]] = {name: [] for name in [OURS, *peers]}
    ratios: dict[str, list[float]] = {name: [] for name in peers}
    try:
        for _ in range(args.repeats):
            before = _rate(sdp.parse, subset, budget)
            rates[OURS].append(before)
            for name, measure in peers.items():
                peer = measure()
                after = _rate(sdp.parse, subset, budget)
                rates[OURS].append(after)
                rates[name].append(peer)
                ratios[name].append((before + after) / 2 / peer)
                before = after
    finally:
        if node is not None:
            node.close()

    print(
        f"corpus: {len(texts)} files; {len(subset)} parsed by every parser ({size:,} bytes); "
        f"{args.repeats} repeats, {budget} s per measurement"
    )
    print("every parser builds its full result per document (ours: the whole typed model)")
    print(
        f"{'parser':<22}{'rejects':>8}{'median files/s':>16}{'best':>9}{'MB/s':>8}"
        f"{'ours is (median)':>18}"
    )
    for name, values in rates.items():
        median = statistics.median(values)
        mbps = median * size / len(subset) / 1e6
        rejects = len(texts) - len(accepted[name])
        ratio = f"{statistics.median(ratios[name]):>17.2f}x" if name in ratios else f"{'':>18}"
        print(f"{name:<22}{rejects:>8}{median:>16,.0f}{max(values):>9,.0f}{mbps:>8.2f}{ratio}")
    for name, values in ratios.items():
        each = " ".join(f"{r:.2f}" for r in values)
        print(f"ours / {name}, per repeat: {each}; median {statistics.median(values):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
