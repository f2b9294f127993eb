"""What importing contractkit adds to a process's start-up, for each way it is used.

Run it with ``python benchmarks/bench_startup.py``. Each case runs in fresh
interpreters under ``python -X importtime``, and its figure is the time spent
importing, summed over every module, less the same for a process that imports
flask, apispec and marshmallow alone (which any app using contractkit imports
anyway), over ``--runs`` interleaved runs of each: the fastest run (noise on a
shared machine only ever adds time) and the median.

- ``serve``: an app in report mode built and answering one request, as a
  server's worker does before its first real request;
- ``export``: ``contractkit export`` of the example app;
- ``check`` and ``diff``: ``contractkit check`` and ``contractkit diff`` of
  the example app's exported spec, which read files and need no Flask app.

The heaviest modules each case imports beyond the baseline are listed, so a
regression names its cause. Modules are imported from their bytecode, as from an
installed wheel: ``PYTHONDONTWRITEBYTECODE`` is left out of the processes' environment,
and one unmeasured run of each case writes the ``__pycache__`` files first
(compiling contractkit's sources would otherwise be most of what is measured).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "example_app.yaml"
_SERVE = """
from flask import Flask
from marshmallow import Schema, fields
from contractkit import ContractKit, responds

class Item(Schema):
    id = fields.Integer()

app = Flask("serve")
app.config["CONTRACTKIT_MODE"] = "report"

@app.get("/items")
@responds(200, Item)
def items():
    return {"id": 1}

ContractKit(app)
assert app.test_client().get("/items").status_code == 200
"""
_CLI = "import sys; from contractkit.cli import main; sys.argv[0] = 'contractkit'; main()"
_LINE = re.compile(r"import time:\s+(\d+) \|\s+\d+ \|(\s*)(\S+)")


def cases(out: str) -> dict[str, list[str]]:
    """Each case's ``python`` arguments."""
    export = ["export", out, "--app", "example_app:create_app"]
    return {
        "baseline": ["-c", "import flask, apispec, marshmallow"],
        "serve": ["-c", _SERVE],
        "export": ["-c", _CLI, *export],
        "check": ["-c", _CLI, "check", str(SPEC)],
        "diff": ["-c", _CLI, "diff", str(SPEC), str(SPEC)],
    }


def imports(args: list[str]) -> dict[str, int]:
    """Microseconds each module took to import itself, in one fresh process."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPATH": str(ROOT),
        },
        check=False,
    )
    if done.returncode not in (0, 1):  # diff exits 1 for no changes? never: 0 for none
        raise RuntimeError(f"{args[:2]} failed:\n{done.stderr[-2000:]}")
    found: dict[str, int] = {}
    for line in done.stderr.splitlines():
        match = _LINE.match(line)
        if match:
            found[match.group(3)] = int(match.group(1))
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=9, help="fresh processes per case")
    parser.add_argument("--top", type=int, default=6, help="heaviest added modules listed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        runs = cases(str(Path(folder) / "api.yaml"))
        totals: dict[str, list[float]] = {name: [] for name in runs}
        modules: dict[str, dict[str, list[int]]] = {name: {} for name in runs}
        for case in runs.values():
            imports(case)  # writes the bytecode the measured runs read
        for _ in range(args.runs):  # interleaved, so a slow moment hits every case
            for name, case in runs.items():
                found = imports(case)
                totals[name].append(sum(found.values()) / 1e3)
                for module, micros in found.items():
                    modules[name].setdefault(module, []).append(micros)
    base = min(totals["baseline"])
    base_median = statistics.median(totals["baseline"])
    print(f"import time, ms, fastest and median of {args.runs} fresh processes each")
    print(
        f"{'case':<10}{'imports':>10}{'added':>10}{'median':>10}  heaviest added modules (self ms)"
    )
    for name, values in totals.items():
        fastest, median = min(values), statistics.median(values)
        added = {
            module: statistics.median(micros) / 1e3
            for module, micros in modules[name].items()
            if module not in modules["baseline"]
        }
        heaviest = sorted(added.items(), key=lambda item: -item[1])[: args.top]
        listed = ", ".join(f"{module} {ms:.1f}" for module, ms in heaviest)
        print(
            f"{name:<10}{fastest:>10.1f}{fastest - base:>+10.1f}"
            f"{median - base_median:>+10.1f}  {listed}"
        )
        for prefix in ("contractkit.state", "contractkit.runtime", "contractkit.openapi"):
            if name in ("check", "diff") and any(m.startswith(prefix) for m in added):
                print(f"{'':<10}{'':>20}  note: {name} imports {prefix}*")


if __name__ == "__main__":
    main()
