"""What contractkit adds to a test suite that builds one app per test.

Run it with ``python benchmarks/bench_test_suite.py`` (``--tests`` and
``--routes`` to change the suite's size). The suite is the usual kind: an app
factory with a blueprint of function views and a ``MethodView`` resource per
route group, called once per test; each test makes two requests with Flask's
test client and checks their status. It runs three ways in one process each,
fresh for every run, tools interleaved: plain Flask (the baseline), with
contractkit in strict mode (bodies checked, as a suite runs it), and with
``CONTRACTKIT_MODE=off``. Printed: ms per test, median of the runs, and the
ratio to plain Flask, then what importing contractkit takes, once per process
(pytest does it while collecting). Python's garbage collector runs as it
would in a suite.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import typing as t

from flask import Blueprint, Flask
from flask.views import MethodView
from marshmallow import Schema, fields

MODES = ("flask", "strict", "off")


class ItemSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True)
    price = fields.Float(required=True)


def create_app(mode: str, groups: int) -> Flask:
    """The app factory a suite calls in each test."""
    app = Flask("suite")
    declare = mode != "flask"
    if declare:
        from contractkit import ContractKit, accepts, responds

        app.config["CONTRACTKIT_MODE"] = mode
    for group in range(groups):
        items = Blueprint(f"items{group}", __name__, url_prefix=f"/g{group}/items")

        def list_items() -> t.Any:
            return [{"id": 1, "name": "x", "price": 1.0}]

        def create_item(body: t.Any = None) -> t.Any:
            return {"id": 2, "name": "y", "price": 2.0}, 201

        class ItemResource(MethodView):
            def get(self, item_id: int) -> t.Any:
                return {"id": item_id, "name": "x", "price": 1.0}

            def delete(self, item_id: int) -> t.Any:
                return "", 204

        if declare:
            list_items = responds(200, ItemSchema(many=True))(list_items)
            create_item = responds(201, ItemSchema)(accepts(ItemSchema)(create_item))
            ItemResource.get = responds(200, ItemSchema)(responds(404)(ItemResource.get))  # type: ignore[method-assign]
            ItemResource.delete = responds(204)(ItemResource.delete)  # type: ignore[method-assign]
        items.add_url_rule("/", view_func=list_items, methods=["GET"])
        items.add_url_rule("/", endpoint="create_item", view_func=create_item, methods=["POST"])
        items.add_url_rule("/<int:item_id>", view_func=ItemResource.as_view("item"))
        app.register_blueprint(items)
    if declare:
        ContractKit(app)
    return app


def run_suite(mode: str, tests: int, groups: int) -> tuple[float, float]:
    """Run the suite in this process: ms per test, and ms importing contractkit first.

    The import is timed apart: pytest makes it once, collecting the app's modules.
    """
    start = time.perf_counter()
    if mode != "flask":
        from contractkit import ContractKit  # noqa: F401
    imported = time.perf_counter()
    for test in range(tests):
        client = create_app(mode, groups).test_client()
        group = test % groups
        assert client.get(f"/g{group}/items/7").status_code == 200
        created = client.post(f"/g{group}/items/", json={"name": "n", "price": 3.0})
        assert created.status_code == 201
    return (time.perf_counter() - imported) * 1e3 / tests, (imported - start) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tests", type=int, default=200, help="tests in the suite")
    parser.add_argument("--routes", type=int, default=10, help="route groups (4 rules each)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--one", metavar="MODE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_suite(args.one, args.tests, args.routes)))
        return
    per_test: dict[str, list[float]] = {mode: [] for mode in MODES}
    imports: list[float] = []
    for _ in range(args.repeats):
        for mode in MODES:
            command = [sys.executable, __file__, "--one", mode]
            command += ["--tests", str(args.tests), "--routes", str(args.routes)]
            out = subprocess.run(
                command,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            ms, imported = json.loads(out)
            per_test[mode].append(ms)
            if mode != "flask":
                imports.append(imported)
    median = {mode: statistics.median(values) for mode, values in per_test.items()}
    print(f"{args.tests} tests, {args.routes * 4} routes per app, median of {args.repeats}:")
    print("| app | ms per test | vs plain Flask |")
    print("|---|---|---|")
    for mode in MODES:
        label = "plain Flask" if mode == "flask" else f"contractkit, mode {mode}"
        print(f"| {label} | {median[mode]:.2f} | {median[mode] / median['flask']:.2f} |")
    print(f"Importing contractkit, once per process: {statistics.median(imports):.0f} ms.")


if __name__ == "__main__":
    main()
