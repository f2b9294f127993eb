"""What ``ClientContract.check`` costs per response, against openapi-core's client-side check.

Run it with ``python benchmarks/bench_client_check.py``. The example app is
served on 127.0.0.1 and answers each request once, through ``requests``; the
same responses are then checked over and over, so the figures are the checks'
own cost, not the network's:

- contractkit: :meth:`~contractkit.client.ClientContract.check`, the operation
  found from the URL, the status, required headers and the body (msgspec, or
  jsonschema-rs) checked;
- openapi-core 0.23: ``OpenAPI.validate_response`` with its requests adapters,
  which finds the operation, then validates status, headers and body too.

Both read ``specs/example_app.yaml``. Each figure is the median over rounds
of a batch. openapi-core 0.23 needs openapi-spec-validator < 0.9, which
contractkit's own environment does not have, so, as in ``bench_runtime.py``,
it runs in its own virtualenv (``--openapi-core-python`` names another
interpreter with ``openapi-core==0.23.1`` and requests), on ``requests.Response``
objects rebuilt there from the same status, headers and body.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time
import typing as t
from pathlib import Path

import requests
import yaml
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_runtime import openapi_core_python, run_script

from contractkit import ClientContract
from example_app import create_app

SPEC = Path(__file__).resolve().parents[1] / "specs" / "example_app.yaml"
#: The responses timed: what each request answers, and why it is in the set.
REQUESTS = {
    "GET /items/1 (200, one item)": "/items/1",
    "GET /items?limit=20 (200, a list)": "/items?limit=20",
    "GET /search (460, custom code)": "/search?q=tea",
}


def responses() -> dict[str, requests.Response]:
    """One real response to each of :data:`REQUESTS` from the example app on 127.0.0.1."""
    app = create_app({"EXAMPLE_SEARCH_CALLS_PER_HOUR": 0})  # every search is a 460
    app.extensions["example_items"].update(
        {i: {"id": i, "name": f"Item {i}", "price": i / 4} for i in range(2, 21)}
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        with requests.Session() as session:
            return {name: session.get(base + path) for name, path in REQUESTS.items()}
    finally:
        server.shutdown()
        server.server_close()


def median_us(
    check: t.Callable[[requests.Response], object],
    response: requests.Response,
    batch: int,
    rounds: int,
) -> float:
    """Median µs per ``check(response)``, after a warm-up that first-call work stays out of."""
    for _ in range(50):
        check(response)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(batch):
            check(response)
        samples.append((time.perf_counter() - start) / batch * 1e6)
    return statistics.median(samples)


_OPENAPI_CORE_SCRIPT = r"""
import json, statistics, sys, time
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

data = json.load(open(sys.argv[1]))
batch, rounds = int(sys.argv[2]), int(sys.argv[3])
# openapi-core matches the whole server URL: give it the address served from.
api = OpenAPI.from_dict({**data["spec"], "servers": [{"url": data["base"]}]})
figures = {}
for name, case in data["responses"].items():
    response = requests.Response()
    response.status_code = case["status"]
    response.headers.update(case["headers"])
    response._content = case["body"].encode()
    response.url = case["url"]
    response.request = requests.Request("GET", case["url"]).prepare()
    request = RequestsOpenAPIRequest(response.request)
    wrapped = RequestsOpenAPIResponse(response)
    api.validate_response(request, wrapped)  # raises if the response were invalid
    for _ in range(50):
        api.validate_response(request, wrapped)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(batch):
            api.validate_response(request, RequestsOpenAPIResponse(response))
        samples.append((time.perf_counter() - start) / batch * 1e6)
    figures[name] = statistics.median(samples)
print(json.dumps(figures))
"""


def openapi_core_us(
    python: str, answered: dict[str, requests.Response], base: str, batch: int, rounds: int
) -> dict[str, float]:
    """Median µs openapi-core takes per response, in the interpreter ``python``."""
    if subprocess.run([python, "-c", "import requests"], capture_output=True).returncode:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "requests"], check=True)
    case = {
        "spec": yaml.safe_load(SPEC.read_text()),
        "base": base,
        "responses": {
            name: {
                "status": response.status_code,
                "headers": dict(response.headers),
                "body": response.text,
                "url": response.url,
            }
            for name, response in answered.items()
        },
    }
    return t.cast(dict[str, float], run_script(python, _OPENAPI_CORE_SCRIPT, case, batch, rounds))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--batch", type=int, default=200, help="checks per timed batch")
    parser.add_argument("--rounds", type=int, default=15, help="batches per tool and response")
    parser.add_argument("--openapi-core-python", help="interpreter with openapi-core 0.23.1")
    args = parser.parse_args(argv)
    answered = responses()
    base = next(iter(answered.values())).url.split("/items")[0]
    contract = ClientContract.from_file(SPEC)
    ours = {
        name: median_us(contract.check, response, args.batch, args.rounds)
        for name, response in answered.items()
    }
    python = openapi_core_python(args.openapi_core_python)
    theirs = openapi_core_us(python, answered, base, args.batch, args.rounds) if python else {}
    print(f"{'response':36} {'contractkit µs':>15} {'openapi-core µs':>16} {'ratio':>7}")
    for name, value in ours.items():
        if name in theirs:
            print(f"{name:36} {value:15.1f} {theirs[name]:16.1f} {value / theirs[name]:7.3f}")
        else:
            print(f"{name:36} {value:15.1f} {'-':>16}")


if __name__ == "__main__":
    main()
