"""SDP parsing throughput: notes_tools.sdp against sdp-transform (npm) and aiortc (PyPI).

Run with `make bench` or `python bench/sdp_throughput.py`. The peers are
installed on first use into `bench/.peers/` (git-ignored), pinned:
`npm install --prefix bench/.peers/node sdp-transform@3.0.0` and
`pip install --target bench/.peers/py aiortc==1.16.0`.

Every parser reads the same files: the corpus in `../shared/corpus/sdp/`
minus any file one of them rejects. The Python parsers alternate pass by
pass, and sdp-transform's run sits between two of ours, so a busy machine
slows them alike. The table shows the median (and best) of the repeats and
the median of the per-repeat ratios.
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

NODE_BENCH = r"""
const transform = require(process.argv[2]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const ok = [];
for (const [i, text] of input.texts.entries()) {
  try { transform.parse(text); ok.push(i); } catch (e) {}
}
const texts = input.only ? input.only.map((i) => input.texts[i]) : input.texts;
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
once(input.warmup);
process.stdout.write(JSON.stringify({ ok, files_per_s: once(input.budget) }));
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


def _rates(
    parsers: dict[str, Callable[[str], object]], texts: list[str], budget: float
) -> dict[str, float]:
    """files/s of each parser, alternating one pass over `texts` at a time.

    Fine-grained alternation spreads a busy machine's bursts over all parsers.
    """
    spent = dict.fromkeys(parsers, 0.0)
    passes = 0
    while min(spent.values()) < budget:
        for name, parse in parsers.items():
            start = time.perf_counter()
            for text in texts:
                parse(text)
            spent[name] += time.perf_counter() - start
        passes += 1
    return {name: passes * len(texts) / seconds for name, seconds in spent.items()}


def _accepts(parse: Callable[[str], object], texts: list[str]) -> set[int]:
    ok = set()
    for index, text in enumerate(texts):
        try:
            parse(text)
        except Exception:  # a peer's failure is data here, not a crash
            continue
        ok.add(index)
    return ok


def _node(texts: list[str], only: list[int] | None, budget: float) -> dict[str, object]:
    script = PEERS / "node" / "bench.js"
    script.write_text(NODE_BENCH)
    module = PEERS / "node" / "node_modules" / "sdp-transform"
    payload = json.dumps({"texts": texts, "only": only, "budget": budget, "warmup": budget})
    done = subprocess.run(
        ["node", str(script), str(module)], input=payload, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; return the exit code."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="example: python bench/sdp_throughput.py --repeats 7 --budget 0.5",
    )
    parser.add_argument("--repeats", type=int, default=7, help="interleaved repeats (default 7)")
    parser.add_argument("--budget", type=float, default=0.5, help="seconds per measurement")
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

    parsers: dict[str, Callable[[str], object]] = {"notes_tools.sdp": sdp.parse}
    if (PEERS / "py" / "aiortc").is_dir():
        sys.path.insert(0, str(PEERS / "py"))
        from aiortc.sdp import SessionDescription

        parsers["aiortc 1.16.0"] = SessionDescription.parse
    has_node = (PEERS / "node" / "node_modules" / "sdp-transform").is_dir() and bool(
        shutil.which("node")
    )

    accepted = {name: _accepts(parse, texts) for name, parse in parsers.items()}
    if has_node:
        accepted["sdp-transform 3.0.0"] = set(_node(texts, None, 0.01)["ok"])  # type: ignore[arg-type]
    common = sorted(set.intersection(*accepted.values()))
    subset = [texts[i] for i in common]
    size = sum(len(t.encode()) for t in subset)

    ours_name = "notes_tools.sdp"
    rates: dict[str, list[float]] = {name: [] for name in accepted}
    ratios: dict[str, list[float]] = {name: [] for name in accepted}
    for _ in range(args.repeats):
        found = _rates(parsers, subset, args.budget)
        if has_node:
            found["sdp-transform 3.0.0"] = float(_node(texts, common, args.budget)["files_per_s"])  # type: ignore[arg-type]
            # ours again, right after node, so the node ratio compares neighbours
            ours_after = _rates({ours_name: sdp.parse}, subset, args.budget)[ours_name]
        for name, rate in found.items():
            rates[name].append(rate)
            ours = ours_after if name.startswith("sdp-transform") else found[ours_name]
            ratios[name].append(ours / rate)

    print(
        f"corpus: {len(texts)} files; {len(subset)} parsed by every parser ({size:,} bytes); "
        f"{args.repeats} repeats of about {args.budget} s each"
    )
    print(
        f"{'parser':<22}{'rejects':>8}{'median files/s':>16}{'best':>9}{'MB/s':>8}"
        f"{'ours is (median)':>18}"
    )
    for name, values in rates.items():
        median = statistics.median(values)
        mbps = median * size / len(subset) / 1e6
        rejects = len(texts) - len(accepted[name])
        ratio = statistics.median(ratios[name])
        print(
            f"{name:<22}{rejects:>8}{median:>16,.0f}{max(values):>9,.0f}{mbps:>8.2f}{ratio:>17.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
