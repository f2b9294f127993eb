"""What validating the built document costs, against openapi-spec-validator itself.

Run it with ``python benchmarks/bench_validation.py`` (it needs
``flask-contractkit[bench]`` for the generated app of ``bench_spec_build.py``). The
document of N route pairs is built once and written to a file; each
measurement then runs in a fresh process that reads it, so the first
validation pays for what a process pays once (compiling the JSON Schemas),
and the figure is the median over the runs:

- *first*: :func:`contractkit.openapi.validation.validate_document` on the
  document, the first validation of the process;
- *warm*: the same again, with nothing compiled left to do, under another
  text so that the document is not taken for one already found valid;
- openapi-spec-validator's ``validate`` on the same document, first and warm:
  what contractkit validated with before, and still falls back to.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path


def measure(path: str, tool: str) -> dict[str, float]:
    """One process's figures: the first validation, then the best of a few more."""
    text = Path(path).read_text()
    document = json.loads(text)
    if tool == "contractkit":
        from contractkit.openapi.validation import validate_document

        def run(i: int) -> None:
            validate_document(document, text + " " * i)  # a new text: not a known document
    else:
        from openapi_spec_validator import validate

        def run(i: int) -> None:
            validate(document)

    times = []
    for i in range(6):
        start = time.perf_counter()
        run(i)
        times.append((time.perf_counter() - start) * 1e3)
    return {"first": times[0], "warm": min(times[1:])}


def _run(path: str, tool: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", path, tool], check=True, capture_output=True, text=True
    ).stdout
    return t.cast(dict[str, float], json.loads(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=7, help="processes per figure (median)")
    parser.add_argument("--one", nargs=2, metavar=("PATH", "TOOL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(*args.one)))
        return
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_spec_build import contractkit_spec

    from contractkit.openapi.documents import snapshot

    print("| N | contractkit first ms | warm ms | openapi-spec-validator first ms | warm ms |")
    print("|---|---|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            path = str(Path(folder, f"{n}.json"))
            Path(path).write_text(snapshot(contractkit_spec(n)))
            runs: dict[str, list[dict[str, float]]] = {"contractkit": [], "validator": []}
            for _ in range(args.repeats):  # interleaved, so a slow moment hits both
                for tool, results in runs.items():
                    results.append(_run(path, tool))
            row = [str(n)]
            for results in runs.values():
                for key in ("first", "warm"):
                    row.append(f"{statistics.median(r[key] for r in results):.2f}")
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
