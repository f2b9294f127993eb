"""Building the contract of a 1,000-operation API: from decorators, and from its document.

Run it with ``python benchmarks/bench_spec_driven.py``. One app factory makes
500 routes with two methods each (GET: 200 with a body, 404; POST: 201 with a
body, 409, 422), declared with ``@responds``. Timed, for a fresh app each time:

- decorator mode: ``ck.contract(app)`` with body checks on, which builds the
  contract, the OpenAPI document (apispec, then openapi-spec-validator) and
  the runtime tables with every body schema compiled;
- spec-driven mode: the same routes without decorators, enforcing the
  document decorator mode published: read, validated (openapi-spec-validator
  and ``contractkit check``'s rules), matched to the routes, tables built.

Each figure is the median of ``--repeat`` builds; the validation alone is
timed too, since it is most of the spec-driven build.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import typing as t
from pathlib import Path

from flask import Flask
from marshmallow import Schema, fields

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contractkit import ContractKit, responds
from contractkit.specfile.locations import iter_operations
from contractkit.specfile.rules import check_document

ROUTES = 500  # two operations each


class ThingSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    tags = fields.List(fields.String())


#: One extension for every app built, as an app factory's module keeps it.
KIT = ContractKit()


def make_app(spec: dict[str, t.Any] | None = None) -> Flask:
    """The 1,000-operation app; with ``spec``, spec-driven instead of decorated."""
    app = Flask("bench_build_spec" if spec is not None else "bench_build")
    app.config.update(CONTRACTKIT_MODE="report", CONTRACTKIT_CHECK_BODIES=True)
    for number in range(ROUTES):

        def read(thing_id: int) -> t.Any:
            return {"id": thing_id, "name": "x"}

        def create() -> t.Any:
            return {"id": 1, "name": "x"}, 201

        if spec is None:
            read = responds(200, ThingSchema)(responds(404)(read))
            create = responds(201, ThingSchema)(responds(409)(responds(422)(create)))
        app.add_url_rule(f"/things{number}/<int:thing_id>", f"read_{number}", read)
        app.add_url_rule(f"/things{number}", f"create_{number}", create, methods=["POST"])
    KIT.init_app(app, spec=spec)
    return app


def build(app: Flask) -> float:
    """Seconds ``ck.contract(app)`` takes: contract, document where needed, tables."""
    start = time.perf_counter()
    KIT.contract(app)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per mode")
    args = parser.parse_args(argv)

    decorated = [build(make_app()) for _ in range(args.repeat)]
    document = make_app().extensions["contractkit"].documents().spec
    operations = sum(1 for _ in iter_operations(document))
    driven = [build(make_app(spec=document)) for _ in range(args.repeat)]
    validation = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        assert check_document(document) == []
        validation.append(time.perf_counter() - start)

    print(f"contract build, {operations} operations, median of {args.repeat}")
    for name, seconds in (
        ("decorator mode (document built and validated)", decorated),
        ("spec-driven mode (document validated and matched)", driven),
        ("  of which validation (openapi-spec-validator + rules)", validation),
    ):
        print(f"{name:<56}{statistics.median(seconds):>8.2f} s")


if __name__ == "__main__":
    main()
