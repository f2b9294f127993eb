"""What the runtime check costs per request, against bare Flask and openapi-core.

Run it with ``python benchmarks/bench_runtime.py``. In one run, against the
same ``GET /items`` route answering a ~1 KB JSON body:

- bare Flask, no contractkit;
- bare Flask with one empty ``after_request`` hook: what Flask itself charges
  for each hook; contractkit registers two, the check after the view and the
  input validation before it (which returns at once when nothing declares input);
- contractkit in off mode: its hooks run, nothing is checked;
- contractkit checking status codes only (report mode, the production default);
- contractkit checking status codes and bodies (strict mode's default), in
  report mode and in strict mode (the same check; strict only differs when a
  response breaks its contract);
- the same two checks in spec-driven mode: a route without decorators and
  ``init_app(app, spec=document)`` with the document decorator mode publishes;
- openapi-core 0.23.1 validating the same response against the same document.

Requests go straight through ``app.wsgi_app`` with a prepared environ, so the
figures are the app's own cost, not the test client's. The process is pinned
to one CPU, variants are timed in interleaved batches and each reports its
median batch, which keeps the noise of a small shared machine out of the ratios.

openapi-core 0.23 needs openapi-spec-validator < 0.9, which contractkit's own
environment does not have, so it runs in a subprocess from its own virtualenv
(created under the temp dir on first use; ``--openapi-core-python`` points to
another interpreter that has ``openapi-core==0.23.1``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import typing as t
from pathlib import Path

from flask import Flask
from marshmallow import Schema, fields

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import interleaved_medians, pin_to_one_cpu

from contractkit import ContractKit, accepts, responds

OPENAPI_CORE = "openapi-core==0.23.1"
OPENAPI_CORE_VENV = Path(tempfile.gettempdir()) / "contractkit-bench-openapi-core"


class ItemSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    price = fields.Float(required=True)
    tags = fields.List(fields.String(), required=True)
    in_stock = fields.Boolean(required=True)


class PageQuery(Schema):
    """``?limit=``, defaulted: the benchmark's request sends none."""

    limit = fields.Integer(load_default=12)


class PageSchema(Schema):
    items = fields.List(fields.Nested(ItemSchema), required=True)
    count = fields.Integer(required=True)


ITEMS = [
    {"id": i, "name": f"Item number {i}", "price": 10.5 + i, "tags": ["a", "bb"], "in_stock": True}
    for i in range(12)
]
PAGE = {"items": ITEMS, "count": len(ITEMS)}


def make_app(
    mode: str | None,
    check_bodies: bool = False,
    empty_hook: bool = False,
    spec: bool | str = False,
    serialize: bool = False,
    record: bool = False,
    undeclared: bool = False,
    inputs: bool = False,
) -> Flask:
    """The benchmark route; ``mode=None`` for bare Flask.

    :param spec: spec-driven mode: no decorator on the view, and contractkit
        enforces the document decorator mode publishes for the same route;
        ``"2.0"`` for the same document written in Swagger 2.0.
    :param serialize: ``CONTRACTKIT_SERIALIZE``: the view's return value is dumped
        through its schema before the check.
    :param record: ``CONTRACTKIT_RECORD`` on, into a temporary directory.
    :param undeclared: the view declares 201 and answers 200: every response is a
        violation (and so recorded, with ``record``).
    :param inputs: the view declares its query string (``@accepts``), validated
        in contractkit's ``before_request`` hook.
    """
    app = Flask(f"bench_{mode}_{check_bodies}_{empty_hook}_{spec}_{record}_{undeclared}")
    if empty_hook:
        app.after_request(lambda response: response)

    def items(**query: t.Any) -> t.Any:
        return PAGE

    declared = 201 if undeclared else 200
    view = items if spec else responds(declared, PageSchema)(items)
    app.get("/items")(
        accepts(PageQuery, location="query", arg_name="query")(view) if inputs else view
    )
    if mode is not None:
        app.config.update(
            CONTRACTKIT_MODE=mode,
            CONTRACTKIT_CHECK_BODIES=check_bodies,
            CONTRACTKIT_SERIALIZE=serialize,
            CONTRACTKIT_RECORD=tempfile.mkdtemp(prefix="ck-bench-records-") if record else None,
        )
        document = (
            (swagger2_document() if spec == "2.0" else decorator_document()) if spec else None
        )
        kit = ContractKit(app, spec=document)
        kit.contract(app)
        app.extensions["contractkit"].checker()  # tables built before timing
    return app


def decorator_document() -> dict[str, t.Any]:
    """The OpenAPI document decorator mode publishes for the benchmark route."""
    return make_app("off").extensions["contractkit"].documents().spec


def swagger2_document() -> dict[str, t.Any]:
    """:func:`decorator_document` in Swagger 2.0, as flask-restx or flasgger would write it."""
    published = decorator_document()
    schemas = json.dumps(published["components"]["schemas"])
    response = {"description": "OK", "schema": {"$ref": "#/definitions/Page"}}
    return {
        "swagger": "2.0",
        "info": published["info"],
        "produces": ["application/json"],
        "paths": {"/items": {"get": {"operationId": "items", "responses": {"200": response}}}},
        "definitions": json.loads(schemas.replace("#/components/schemas/", "#/definitions/")),
    }


_OPENAPI_CORE_SCRIPT = r"""
import json, statistics, sys, time
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

data = json.load(open(sys.argv[1]))
batch, rounds = int(sys.argv[2]), int(sys.argv[3])
api = OpenAPI.from_dict(data["spec"])
request = WerkzeugOpenAPIRequest(Request(EnvironBuilder(path="/items").get_environ()))
response = WerkzeugOpenAPIResponse(Response(data["body"], mimetype="application/json"))
api.validate_response(request, response)  # raises if the response were invalid
samples = []
for _ in range(rounds):
    start = time.perf_counter()
    for _ in range(batch):
        api.validate_response(request, response)
    samples.append((time.perf_counter() - start) / batch * 1e6)
print(json.dumps({"median_us": statistics.median(samples)}))
"""


def openapi_core_python(explicit: str | None) -> str | None:
    """An interpreter with openapi-core 0.23.1, made on first use; ``None`` if impossible."""
    if explicit:
        return explicit
    bindir = "Scripts" if os.name == "nt" else "bin"
    python = OPENAPI_CORE_VENV / bindir / "python"
    if python.exists():
        return str(python)
    print(f"creating {OPENAPI_CORE_VENV} with {OPENAPI_CORE} (once)...", file=sys.stderr)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(OPENAPI_CORE_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", OPENAPI_CORE, "werkzeug"],
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"openapi-core is not available: {error}", file=sys.stderr)
        return None
    return str(python)


def run_script(python: str, script: str, case: object, *args: object) -> t.Any:
    """What ``script`` prints as JSON, run by ``python`` with ``case`` in a JSON file.

    The script reads the file named by its first argument; ``args`` follow it.
    """
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "case.json"
        data.write_text(json.dumps(case))
        path = Path(folder) / "script.py"
        path.write_text(script)
        result = subprocess.run(
            [python, str(path), str(data), *map(str, args)],
            check=True,
            capture_output=True,
            text=True,
        )
    return json.loads(result.stdout)


def bench_openapi_core(
    python: str, spec: dict[str, t.Any], body: bytes, batch: int, rounds: int
) -> float:
    """Median µs openapi-core takes to validate one response, in its own process."""
    case = {"spec": spec, "body": body.decode()}
    return float(run_script(python, _OPENAPI_CORE_SCRIPT, case, batch, rounds)["median_us"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--batch", type=int, default=500, help="requests per timed batch")
    parser.add_argument("--rounds", type=int, default=61, help="interleaved batches per variant")
    parser.add_argument("--openapi-core-python", help="interpreter with openapi-core 0.23.1")
    args = parser.parse_args(argv)

    pin_to_one_cpu()
    apps = {
        "bare Flask": make_app(None),
        "Flask + 1 empty hook": make_app(None, empty_hook=True),
        "contractkit off": make_app("off"),
        "status only": make_app("report"),
        "status + body": make_app("report", check_bodies=True),
        "strict: status + body": make_app("strict", check_bodies=True),
        "spec: status only": make_app("report", spec=True),
        "spec: status + body": make_app("report", check_bodies=True, spec=True),
    }
    client = apps["status + body"].test_client()
    body = client.get("/items").get_data()
    for name in ("status + body", "strict: status + body", "spec: status + body"):
        assert apps[name].test_client().get("/items").get_data() == body
        assert apps[name].extensions["contractkit"].violations.total == 0
    spec = apps["status + body"].extensions["contractkit"].documents().spec

    results = interleaved_medians(apps, "/items", args.batch, args.rounds)
    python = openapi_core_python(args.openapi_core_python)
    core = bench_openapi_core(python, spec, body, 200, 15) if python else None

    bare = results["bare Flask"]
    print(f"GET /items, {len(body)} byte JSON body; {args.rounds} rounds of {args.batch}")
    print(f"{'variant':<26}{'µs/request':>12}{'x bare':>8}{'vs bare':>10}{'added µs':>10}")
    for name, value in results.items():
        ratio = value / bare
        print(f"{name:<26}{value:>12.2f}{ratio:>7.3f}x{ratio - 1:>+10.1%}{value - bare:>10.2f}")
    if core is not None:
        print(f"{'openapi-core validation':<26}{core:>12.2f}{'':>10}{core:>10.2f}")
        for variant in ("status + body", "spec: status + body"):
            added = results[variant] - bare
            print(
                f"openapi-core per validated response: {core:.1f} µs; contractkit {variant}: "
                f"{added:.2f} µs, {core / added:.0f}x cheaper"
            )
        print(f"bare Flask + openapi-core: {(bare + core) / bare - 1:+.0%} over bare Flask")
    hooks = results["Flask + 1 empty hook"]
    for prefix in ("", "spec: "):
        print(
            f"the check itself, over Flask + 1 empty hook ({prefix.rstrip(': ') or 'decorators'}): "
            f"status only {results[prefix + 'status only'] - hooks:+.2f} µs, status + body "
            f"{results[prefix + 'status + body'] - hooks:+.2f} µs"
        )


if __name__ == "__main__":
    main()
