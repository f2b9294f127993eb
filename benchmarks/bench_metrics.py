"""What the Prometheus counters add to each checked request.

Run it with ``python benchmarks/bench_metrics.py`` (needs ``flask-contractkit[prometheus]``).
Three variants of one app in report mode (status checks only, the production
default) serve ``GET /items`` straight through ``app.wsgi_app``, timed in
interleaved batches on one pinned CPU, each reporting its median batch:

- without metrics, twice over: two identical apps, whose difference is the
  noise floor of the comparison;
- with ``CONTRACTKIT_PROMETHEUS`` (in-process counters, a lock and an add);
- with ``CONTRACTKIT_PROMETHEUS`` in multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``
  set, as under gunicorn: each increment also writes the worker's mmap file).

prometheus_client chooses its value class when it is imported, so the
multiprocess variant runs in a child process of this script.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import timeit
import typing as t
from pathlib import Path

from flask import Flask
from marshmallow import Schema, fields

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import interleaved_medians, pin_to_one_cpu

from contractkit import ContractKit, responds


class ItemSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


def make_app(metrics: bool) -> Flask:
    """A report-mode app; with ``metrics``, counted in a registry of its own."""
    app = Flask(f"bench_metrics_{metrics}")

    @app.get("/items")
    @responds(200, ItemSchema(many=True))
    def items() -> t.Any:
        return [{"id": i, "name": f"Item {i}"} for i in range(12)]

    registry: t.Any = False
    if metrics:
        from prometheus_client import CollectorRegistry

        registry = CollectorRegistry()
    app.config.update(CONTRACTKIT_MODE="report", CONTRACTKIT_PROMETHEUS=registry)
    ContractKit(app).contract(app)  # tables and label children built before timing
    return app


def count_cost(app: Flask) -> float:
    """µs of the one call the check makes per response with metrics on."""
    count = app.extensions["contractkit"].checker()._table[("items", "GET")].count
    number = 200_000
    return timeit.timeit(count, number=number) / number * 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--batch", type=int, default=500, help="requests per timed batch")
    parser.add_argument("--rounds", type=int, default=41, help="interleaved batches per variant")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pin_to_one_cpu()
    if args.child:  # multiprocess mode: PROMETHEUS_MULTIPROC_DIR is set by the parent
        apps = {"no metrics": make_app(False), "multiprocess": make_app(True)}
        results = interleaved_medians(apps, "/items", args.batch, args.rounds)
        print(json.dumps({**results, "count": count_cost(apps["multiprocess"])}))
        return

    apps = {
        "no metrics": make_app(False),
        "no metrics, again": make_app(False),
        "prometheus": make_app(True),
    }
    results = interleaved_medians(apps, "/items", args.batch, args.rounds)
    direct = count_cost(apps["prometheus"])
    with tempfile.TemporaryDirectory(prefix="contractkit-prom-") as folder:
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                f"--batch={args.batch}",
                f"--rounds={args.rounds}",
            ],
            env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": folder},
            check=True,
            capture_output=True,
            text=True,
        )
    multi = json.loads(child.stdout)

    print(f"GET /items, report mode; {args.rounds} rounds of {args.batch}")
    print(f"{'variant':<40}{'µs/request':>12}{'added µs':>10}")
    base = results["no metrics"]
    print(f"{'no metrics':<40}{base:>12.2f}{'':>10}")
    again = results["no metrics, again"]
    print(f"{'no metrics, again (noise floor)':<40}{again:>12.2f}{again - base:>+10.2f}")
    print(
        f"{'prometheus, in-process':<40}{results['prometheus']:>12.2f}"
        f"{results['prometheus'] - base:>+10.2f}"
    )
    mbase = multi["no metrics"]
    print(f"{'no metrics (child process)':<40}{mbase:>12.2f}{'':>10}")
    print(
        f"{'prometheus, multiprocess (mmap files)':<40}{multi['multiprocess']:>12.2f}"
        f"{multi['multiprocess'] - mbase:>+10.2f}"
    )
    print(
        f"one pre-bound count() call, timed alone: {direct:.2f} µs in-process, "
        f"{multi['count']:.2f} µs multiprocess"
    )


if __name__ == "__main__":
    main()
