"""What building the OpenAPI document costs, against flask-smorest and APIFlask.

Run it with ``python benchmarks/bench_spec_build.py`` (``--quick`` for small
apps only); it needs ``flask-contractkit[bench]``. Every tool gets the same
generated app of N route pairs:

- ``GET /itemsI/<int:item_id>`` answering 200 with an item, or 404;
- ``POST /itemsI`` taking an item body, answering 201 with the item, or 400
  for invalid input.

One measurement is "from creating the app to the spec dict existing": the
app, its routes and the tool's extension are created, then the document is
built as a dict. contractkit validates it (openapi-spec-validator's rules);
neither peer validates anything. Each measurement runs in its own fresh
subprocess with every import done before the clock starts, and the figure is
the median over the runs. Peak memory is tracemalloc's peak over the same
work, measured in a run of its own (tracing slows the code it traces).

The later-app figures are the test-suite case: in one process, an app
factory is called again and again with the same declarations (new Flask app,
new view functions) and the document built each time. Each is contractkit's
share (``ContractKit(app)`` and the document) of a later app as a share of the
same for the first, the median over five later apps in every run. Python's
cyclic garbage collector stays on (contractkit pauses it only while it builds),
and its full collections walk every live object of the process (at 1,000 route
pairs some 200,000, most of them Flask's and the earlier apps'); each lands in
whichever step allocates when its threshold is crossed, so the figure is given
twice: contractkit's own work, with the collector's pauses left out of both
apps, then as timed, pauses in. In brackets, the whole later app (Flask
registering the routes included, and every pause) as a share of the whole
first.

``--factory`` measures the factory case alone: an app factory that defines its
views inside ``create_app()``, in a blueprint a function builds, with
descriptions, headers and schema instances made in the factory, in strict mode
(``ck.contract(app)`` builds the check's tables and compiles the body schemas,
then ``ck.spec(app)``). Each later app's contractkit share is given against the
first's as timed, then net of the costs accepted as fixed: the once-per-process
compile of the OpenAPI meta-schemas (in the first app only) and werkzeug
compiling URL rules and rebuilding its matcher (for the routes contractkit adds),
each timed where it runs. The collector's pauses are left out of both. The
last column is the whole app, the factory's own work (its decorators, Flask
registering its routes) included, net of the same fixed costs and of werkzeug
compiling the app's own rules.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
import typing as t

from flask import Flask
from marshmallow import Schema, fields

TOOLS = ("contractkit", "flask-smorest", "apiflask")
SIZES = (10, 100, 1000, 3000)
#: Apps built after the first in the later-app measurement.
LATER_APPS = 5
QUICK_SIZES = (10, 100)


class ItemSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True)
    price = fields.Float(required=True)
    tags = fields.List(fields.String())


class ItemInSchema(Schema):
    name = fields.String(required=True)
    price = fields.Float(required=True)
    tags = fields.List(fields.String())


def _item(item_id: int) -> dict[str, t.Any]:
    return {"id": item_id, "name": "x", "price": 1.0, "tags": []}


def contractkit_spec(n: int) -> dict[str, t.Any]:
    return contractkit_document(contractkit_app(n))


def contractkit_document(app: Flask) -> dict[str, t.Any]:
    """contractkit's own share of the work: the extension and the document."""
    from contractkit import ContractKit

    return ContractKit(app).spec(app)


def contractkit_app(n: int) -> Flask:
    """The app with its routes and declarations, before contractkit is set up."""
    from contractkit import accepts, responds

    app = Flask("bench")
    app.config["CONTRACTKIT_INPUT_ERROR_STATUS"] = 400
    for i in range(n):

        @app.get(f"/items{i}/<int:item_id>", endpoint=f"get_item{i}")
        @responds(200, ItemSchema)
        @responds(404)
        def get_item(item_id: int) -> t.Any:
            return _item(item_id)

        @app.post(f"/items{i}", endpoint=f"create_item{i}")
        @accepts(ItemInSchema)
        @responds(201, ItemSchema)
        def create_item(body: t.Any) -> t.Any:
            return _item(1), 201

    return app


def factory_app(n: int) -> Flask:
    """``create_app()`` of the factory case: views, blueprint and schema instances made anew."""
    from flask import Blueprint

    from contractkit import accepts, responds

    app = Flask("bench_factory")
    app.config.update(CONTRACTKIT_MODE="strict", CONTRACTKIT_INPUT_ERROR_STATUS=400)

    def items_blueprint() -> Blueprint:
        blueprint = Blueprint("items", __name__)
        for i in range(n):

            @blueprint.get(f"/items{i}/<int:item_id>", endpoint=f"get_item{i}")
            @responds(200, ItemSchema(), description="The item.")
            @responds(404, description="No such item.", headers={"X-Reason": "Why not."})
            def get_item(item_id: int) -> t.Any:
                """Read one item."""
                return _item(item_id)

            @blueprint.post(f"/items{i}", endpoint=f"create_item{i}")
            @accepts(ItemInSchema)
            @responds(201, ItemSchema, headers={"Location": {"description": "The new item."}})
            def create_item(body: t.Any) -> t.Any:
                """Create an item."""
                return _item(1), 201

        return blueprint

    app.register_blueprint(items_blueprint(), url_prefix="/api")
    return app


def measure_factory(n: int) -> dict[str, t.Any]:
    """The factory case in this process: each app's share, and the fixed costs in it."""
    from werkzeug.routing import Map

    import contractkit.openapi.validation as validation
    from contractkit import ContractKit

    pauses = _CollectorPauses()
    fixed = _Timed(pauses)
    Map.add = fixed.wrap(Map.add)  # type: ignore[method-assign]
    Map.update = fixed.wrap(Map.update)  # type: ignore[method-assign]
    for name in ("_structure", "_meta_schema", "_oas31_dialect"):
        setattr(validation, name, fixed.wrap(getattr(validation, name), meta=True))
    result: dict[str, list[float]] = {
        "own": [], "werkzeug": [], "meta": [], "paused": [], "whole": [], "whole_werkzeug": []
    }  # fmt: skip
    for _ in range(1 + LATER_APPS):
        fixed.reset()
        began, paused_before = time.perf_counter(), pauses.total
        app = factory_app(n)
        routed_werkzeug = fixed.werkzeug
        fixed.reset()
        paused = pauses.total
        start = time.perf_counter()
        kit = ContractKit(app)
        kit.contract(app)
        kit.spec(app)
        result["own"].append((time.perf_counter() - start) * 1e3)
        result["werkzeug"].append(fixed.werkzeug * 1e3)
        result["meta"].append(fixed.meta * 1e3)
        result["paused"].append((pauses.total - paused) * 1e3)
        whole = time.perf_counter() - began - (pauses.total - paused_before)
        result["whole"].append(whole * 1e3)
        result["whole_werkzeug"].append((routed_werkzeug + fixed.werkzeug) * 1e3)
    pauses.stop()
    return result


class _Timed:
    """Time spent in wrapped functions, the outermost call counted once, collector pauses out."""

    def __init__(self, pauses: _CollectorPauses) -> None:
        self.werkzeug = self.meta = 0.0
        self._depth = 0
        self._pauses = pauses

    def reset(self) -> None:
        self.werkzeug = self.meta = 0.0

    def wrap(self, function: t.Any, *, meta: bool = False) -> t.Any:
        def timed(*args: t.Any, **kwargs: t.Any) -> t.Any:
            self._depth += 1
            start, paused = time.perf_counter(), self._pauses.total
            try:
                return function(*args, **kwargs)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    spent = time.perf_counter() - start - (self._pauses.total - paused)
                    if meta:
                        self.meta += spent
                    else:
                        self.werkzeug += spent

        return timed


def smorest_spec(n: int) -> dict[str, t.Any]:
    from flask_smorest import Api, Blueprint

    app = Flask("bench")
    app.config.update(API_TITLE="bench", API_VERSION="1.0.0", OPENAPI_VERSION="3.1.0")
    api = Api(app)
    blp = Blueprint("items", "items")
    for i in range(n):

        @blp.route(f"/items{i}/<int:item_id>", endpoint=f"get_item{i}", methods=["GET"])
        @blp.response(200, ItemSchema)
        @blp.alt_response(404, description="Not Found")
        def get_item(item_id: int) -> t.Any:
            return _item(item_id)

        @blp.route(f"/items{i}", endpoint=f"create_item{i}", methods=["POST"])
        @blp.arguments(ItemInSchema, error_status_code=400)
        @blp.response(201, ItemSchema)
        def create_item(body: t.Any) -> t.Any:
            return _item(1)

    api.register_blueprint(blp)
    return api.spec.to_dict()  # type: ignore[no-any-return]


def apiflask_spec(n: int) -> dict[str, t.Any]:
    from apiflask import APIFlask

    app = APIFlask("bench", title="bench", version="1.0.0")
    app.config.update(OPENAPI_VERSION="3.1.0", VALIDATION_ERROR_STATUS_CODE=400)
    for i in range(n):

        @app.get(f"/items{i}/<int:item_id>", endpoint=f"get_item{i}")
        @app.output(ItemSchema)
        @app.doc(responses=[404])
        def get_item(item_id: int) -> t.Any:
            return _item(item_id)

        @app.post(f"/items{i}", endpoint=f"create_item{i}")
        @app.input(ItemInSchema)
        @app.output(ItemSchema, status_code=201)
        def create_item(json_data: t.Any) -> t.Any:
            return _item(1)

    return app._get_spec(force_update=True)  # type: ignore[return-value]


BUILDERS: dict[str, t.Callable[[int], dict[str, t.Any]]] = {
    "contractkit": contractkit_spec,
    "flask-smorest": smorest_spec,
    "apiflask": apiflask_spec,
}


def measure(tool: str, n: int, what: str) -> dict[str, t.Any]:
    """One measurement in this process: ``time``, ``memory`` or ``later``."""
    build = BUILDERS[tool]
    if tool == "flask-smorest":
        import flask_smorest  # noqa: F401
    elif tool == "apiflask":
        import apiflask  # noqa: F401
    else:
        from contractkit import ContractKit, accepts, responds  # noqa: F401
    if what == "factory":
        return measure_factory(n)
    if what == "memory":
        tracemalloc.start()
        spec = build(n)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return {"mib": peak / 2**20, "paths": len(spec["paths"])}
    if what == "later":
        # Apps from one factory, as a test suite makes them: contractkit's share
        # (the extension and the document) of each, and the whole; with the
        # collector's pauses in each, measured by its own callbacks.
        pauses = _CollectorPauses()
        result: dict[str, t.Any] = {"own": [], "own_paused": [], "whole": []}
        for _ in range(1 + LATER_APPS):
            start = time.perf_counter()
            app = contractkit_app(n)
            routed, paused = time.perf_counter(), pauses.total
            spec = contractkit_document(app)
            end = time.perf_counter()
            result["whole"].append((end - start) * 1e3)
            result["own"].append((end - routed) * 1e3)
            result["own_paused"].append((pauses.total - paused) * 1e3)
        pauses.stop()
        result["ms"] = result["whole"][0]
        return result
    start = time.perf_counter()
    spec = build(n)
    return {"ms": (time.perf_counter() - start) * 1e3, "paths": len(spec["paths"])}


class _CollectorPauses:
    """The time Python's garbage collector has paused this process since it was made."""

    def __init__(self) -> None:
        self.total = 0.0
        self._started = 0.0
        gc.callbacks.append(self._on_collection)

    def _on_collection(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._started

    def stop(self) -> None:
        gc.callbacks.remove(self._on_collection)


def _run(tool: str, n: int, what: str) -> dict[str, t.Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", tool, str(n), what],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return t.cast(dict[str, t.Any], json.loads(out))


def _repeats(n: int, repeats: int) -> int:
    return max(1, min(repeats, 3)) if n >= 3000 else repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 10 and 100 only")
    parser.add_argument("--sizes", type=int, nargs="*", help="route pairs per app")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--tools", nargs="*", default=list(TOOLS), choices=TOOLS)
    parser.add_argument("--factory", action="store_true", help="the factory case only")
    parser.add_argument("--one", nargs=3, metavar=("TOOL", "N", "WHAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        tool, n, what = args.one
        print(json.dumps(measure(tool, int(n), what)))
        return
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    if args.factory:
        factory_table(sizes, args.repeats)
        return
    peers = [tool for tool in args.tools if tool != "contractkit"]
    header = ["N"]
    for tool in args.tools:
        header += [f"{tool} ms", f"{tool} MiB"]
    header += [f"ck/{peer} time" for peer in peers] + [f"ck/{peer} mem" for peer in peers]
    if "contractkit" in args.tools:
        header.append("later apps: ck work / as timed (whole)")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header), flush=True)
    for n in sizes:
        times: dict[str, list[float]] = {tool: [] for tool in args.tools}
        memory: dict[str, float] = {}
        work: list[float] = []
        later: list[float] = []
        wholes: list[float] = []
        runs = _repeats(n, args.repeats)
        for _ in range(runs):  # tools interleaved, so a slow moment hits all of them
            for tool in args.tools:
                what = "later" if tool == "contractkit" else "time"
                result = _run(tool, n, what)
                times[tool].append(result["ms"])
                if what == "later":
                    pairs = zip(result["own"], result["own_paused"], strict=True)
                    own = [ms - paused for ms, paused in pairs]
                    work += [ms / own[0] for ms in own[1:]]
                    later += [ms / result["own"][0] for ms in result["own"][1:]]
                    wholes += [ms / result["whole"][0] for ms in result["whole"][1:]]
        for tool in args.tools:
            memory[tool] = _run(tool, n, "memory")["mib"]
        median = {tool: statistics.median(values) for tool, values in times.items()}
        row = [str(n)]
        for tool in args.tools:
            row += [f"{median[tool]:.1f}", f"{memory[tool]:.1f}"]
        if "contractkit" in args.tools:
            row += [f"{median['contractkit'] / median[peer]:.2f}" for peer in peers]
            row += [f"{memory['contractkit'] / memory[peer]:.2f}" for peer in peers]
            row.append(
                f"{statistics.median(work):.1%} / {statistics.median(later):.1%} "
                f"({statistics.median(wholes):.0%})"
            )
        print("| " + " | ".join(row) + " |", flush=True)


def factory_table(sizes: t.Sequence[int], repeats: int) -> None:
    """The factory case: later apps against the first, as timed and net of the fixed costs."""
    print(
        "| N | first app ms (meta-schemas, werkzeug) | later app ms (werkzeug) "
        "| later/first as timed | later/first net | whole app net |"
    )
    print("|---|---|---|---|---|---|", flush=True)
    for n in sizes:
        firsts, laters, timed, net, metas, wz_first, wz_later = [], [], [], [], [], [], []
        wholes: list[float] = []
        for _ in range(_repeats(n, repeats)):
            run = _run("contractkit", n, "factory")
            own = [ms - paused for ms, paused in zip(run["own"], run["paused"], strict=True)]
            first_net = own[0] - run["meta"][0] - run["werkzeug"][0]
            firsts.append(own[0])
            metas.append(run["meta"][0])
            wz_first.append(run["werkzeug"][0])
            for ms, werkzeug in zip(own[1:], run["werkzeug"][1:], strict=True):
                laters.append(ms)
                wz_later.append(werkzeug)
                timed.append(ms / own[0])
                net.append((ms - werkzeug) / first_net)
            whole_first = run["whole"][0] - run["meta"][0] - run["whole_werkzeug"][0]
            wholes += [
                (ms - werkzeug) / whole_first
                for ms, werkzeug in zip(run["whole"][1:], run["whole_werkzeug"][1:], strict=True)
            ]
        median = statistics.median
        print(
            f"| {n} | {median(firsts):.1f} ({median(metas):.1f}, {median(wz_first):.1f}) "
            f"| {median(laters):.2f} ({median(wz_later):.2f}) | {median(timed):.1%} "
            f"| {median(net):.1%} | {median(wholes):.1%} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
