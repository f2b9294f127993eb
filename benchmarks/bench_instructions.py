"""The runtime check's cost in CPU instructions per request, free of timing noise.

Run it with ``python benchmarks/bench_instructions.py`` (needs ``valgrind``).
Each variant of ``bench_runtime.py``'s app serves ``GET /items`` under
callgrind twice, for two request counts; the difference between the two
totals divided by the difference in requests is the per-request instruction
count, with start-up and warm-up cancelled out. Instruction counts do not
move with whatever else the machine is doing, so small ratios such as
"status-only checking over bare Flask" can be read reliably on a shared
machine where wall-clock medians wander by a few percent.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VARIANTS = {
    "bare Flask": "make_app(None)",
    "Flask + 1 empty hook": "make_app(None, empty_hook=True)",
    "status only": "make_app('report')",
    "status + body": "make_app('report', check_bodies=True)",
    "strict: status + body": "make_app('strict', check_bodies=True)",
    "status, serialized": "make_app('report', serialize=True)",
    "status + body, serialized": "make_app('report', check_bodies=True, serialize=True)",
    "status only, query input": "make_app('report', inputs=True)",
    "status only, recording": "make_app('report', record=True)",
    "undeclared": "make_app('report', undeclared=True)",
    "undeclared, recording": "make_app('report', undeclared=True, record=True)",
    "spec: status only": "make_app('report', spec=True)",
    "spec: status + body": "make_app('report', check_bodies=True, spec=True)",
    "spec 2.0: status only": "make_app('report', spec='2.0')",
    "spec 2.0: status + body": "make_app('report', check_bodies=True, spec='2.0')",
}
_SERVE = """
import sys
sys.path.insert(0, {here!r})
from bench_runtime import make_app
from timing import time_batch
from werkzeug.test import EnvironBuilder
app = {factory}
environ = EnvironBuilder(path="/items").get_environ()
time_batch(app, environ, 50)
time_batch(app, environ, {count})
"""


def instructions(factory: str, count: int) -> int:
    """Instructions callgrind counts for a process serving ``count`` requests."""
    return callgrind_instructions(_SERVE.format(here=str(HERE), factory=factory, count=count))


def callgrind_instructions(script: str) -> int:
    """Instructions callgrind counts for a Python process running ``script``."""
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            script,
        ],
        capture_output=True,
        text=True,
        check=True,
        # A fixed hash seed: string hashing otherwise moves the counts by ~1% per run.
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    match = re.search(r"refs:\s*([\d,]+)", result.stderr)
    if match is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{result.stderr}")
    return int(match.group(1).replace(",", ""))


def per_request(factory: str, low: int, high: int) -> float:
    """Instructions per request, start-up cancelled out."""
    return (instructions(factory, high) - instructions(factory, low)) / (high - low)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--low", type=int, default=200, help="requests in the short run")
    parser.add_argument("--high", type=int, default=1200, help="requests in the long run")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="PREFIX",
        help="measure only the variants whose names start so (bare Flask always)",
    )
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is needed: apt-get install valgrind")
    chosen = {
        name: factory
        for name, factory in VARIANTS.items()
        if name == "bare Flask" or not args.only or name.startswith(tuple(args.only))
    }
    counts = {name: per_request(factory, args.low, args.high) for name, factory in chosen.items()}
    bare = counts["bare Flask"]
    print(f"GET /items, instructions per request ({args.high - args.low} requests measured)")
    print(f"{'variant':<28}{'instructions':>14}{'vs bare':>10}")
    for name, value in counts.items():
        print(f"{name:<28}{value:>14,.0f}{value / bare - 1:>+10.2%}")


if __name__ == "__main__":
    main()
