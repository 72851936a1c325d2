"""OOM log scanning throughput: `notes-tools oom --all` against `grep -F` on the same file.

Run with `make bench` or `python bench/oom_scan.py [--size-mb 1024] [--repeat 3]`.

A log of the requested size is generated in a temporary folder: syslog and training-log
noise (with near misses such as "bloom" and "room", which contain "oom") and,
sparsely, real out-of-memory reports from the test fixtures (a PyTorch message and a
kernel OOM-killer report in turn). Both tools read the same file, with output to
/dev/null; `grep -F -c` counts lines holding any of the parser's trigger substrings, so
it must read the whole file too. Runs are interleaved (ours, grep, ours, ...) after one
warm-up that also checks that every planted report is found. The table shows medians.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "oom"
sys.path.insert(0, str(ROOT))

from notes_tools.oom.patterns import TRIGGERS  # noqa: E402

EVENT_FIXTURES = ("pytorch-2.x-cuda-seed-000.txt", "linux-6.8-cgroup-v2.txt")


def _noise_block(rng: random.Random, size: int) -> str:
    hosts = ["gpu7", "gpu8", "login1"]
    tags = ["sshd[812]", "dockerd[1187]", "containerd[990]", "CRON[4412]", "python3[5123]"]
    messages = [
        "Accepted publickey for deploy from 10.0.3.{n} port {p} ssh2: ED25519 SHA256:q2Xc",
        'time="2026-11-23T10:{m:02d}:11Z" level=info msg="ignoring event" module=libcontainerd',
        "step={n} loss={f:.4f} lr=2.0e-4 grad_norm={g:.3f} tokens/s={p}",
        "(root) CMD (run-parts /etc/cron.hourly) pid={p}",
        "bloom filter rebuilt: {n} keys, fp rate {g:.4f}",
        "meeting room booking sync finished in {g:.2f}s",
        "zoom level set to {n}% for dashboard {p}",
        "GET /api/v1/jobs/{n} 200 {p}ms",
        "checkpoint saved to /ckpt/run-{n}/step-{p}.pt ({g:.2f} GiB)",
    ]
    lines: list[str] = []
    total = 0
    second = 0
    while total < size:
        second += 1
        text = rng.choice(messages).format(
            n=rng.randrange(100000),
            p=rng.randrange(1, 65535),
            m=rng.randrange(60),
            f=rng.random() * 3,
            g=rng.random() * 10,
        )
        line = (
            f"Nov 23 10:{second // 60 % 60:02d}:{second % 60:02d} {rng.choice(hosts)} "
            f"{rng.choice(tags)}: {text}\n"
        )
        lines.append(line)
        total += len(line)
    return "".join(lines)


def generate(path: Path, size_mb: int, every_mb: int, seed: int = 7) -> int:
    """Write a log of about `size_mb` MiB with a report every `every_mb` MiB; return count."""
    rng = random.Random(seed)
    blocks = [_noise_block(rng, 1 << 20).encode() for _ in range(8)]
    events = [(FIXTURES / name).read_text(encoding="utf-8").encode() for name in EVENT_FIXTURES]
    planted = 0
    with path.open("wb") as out:
        for mb in range(size_mb):
            out.write(blocks[mb % len(blocks)])
            if mb % every_mb == every_mb // 2:
                out.write(events[planted % len(events)])
                planted += 1
    return planted


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Generate the log, time both tools, print MB/s, medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="log size in MiB")
    parser.add_argument("--every-mb", type=int, default=64, help="one report per N MiB")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per tool")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="oom-bench-") as tmp:
        log = Path(tmp) / "big.log"
        t0 = time.perf_counter()
        planted = generate(log, args.size_mb, args.every_mb)
        size = log.stat().st_size
        print(
            f"generated {size / 1e6:.0f} MB with {planted} reports "
            f"in {time.perf_counter() - t0:.1f} s",
            file=sys.stderr,
        )
        ours = [sys.executable, "-m", "notes_tools", "oom", "--all", str(log)]
        grep = ["grep", "-F", "-c", *(arg for t in TRIGGERS for arg in ("-e", t)), str(log)]

        # Warm-up (page cache) and correctness: every planted report is found whole.
        proc = subprocess.run(
            [*ours, "--json"], capture_output=True, text=True, cwd=ROOT, check=False
        )
        found = json.loads(proc.stdout) if proc.stdout.strip() else []
        problems = [e for e in found if e["problems"]]
        print(f"found {len(found)} reports, {len(problems)} with problems", file=sys.stderr)
        if len(found) != planted or problems:
            print("error: the scanner missed or broke planted reports", file=sys.stderr)
            return 1
        subprocess.run(grep, stdout=subprocess.DEVNULL, check=False)

        times: dict[str, list[float]] = {"notes-tools oom --all": [], "grep -F -c": []}
        for _ in range(args.repeat):
            times["notes-tools oom --all"].append(_time(ours))
            times["grep -F -c"].append(_time(grep))

    print(f"\n{'tool':<24} {'median s':>9} {'MB/s':>9}   runs (s)")
    medians = {}
    for name, runs in times.items():
        med = statistics.median(runs)
        medians[name] = med
        runs_text = ", ".join(f"{r:.2f}" for r in runs)
        print(f"{name:<24} {med:>9.2f} {size / 1e6 / med:>9.0f}   {runs_text}")
    ratio = medians["notes-tools oom --all"] / medians["grep -F -c"]
    print(f"\nnotes-tools oom takes {ratio:.1f}x grep's time on {size / 1e6:.0f} MB")
    target = size / 1e6 / medians["notes-tools oom --all"] >= 300
    print(f"target >= 300 MB/s: {'met' if target else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
