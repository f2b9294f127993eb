"""What ``ClientContract.check`` costs per response, against openapi-core's client-side check.

Run it with ``python benchmarks/bench_client_check.py`` (it needs
``flask-contractkit[bench]``, which pins openapi-core). The example app is served
on 127.0.0.1 and answers each request once, through ``requests``; the same
``requests.Response`` objects are then checked over and over, so the figures
are the checks' own cost, not the network's:

- contractkit: :meth:`~contractkit.client.ClientContract.check`, the operation
  found from the URL, the status, required headers and the body (msgspec, or
  jsonschema-rs) checked;
- openapi-core 0.23: ``OpenAPI.validate_response`` with its requests adapters,
  which finds the operation, then validates status, headers and body too.

Both read ``specs/example_app.yaml``. Each figure is the median over rounds
of a batch, the two tools interleaved, order reversed every other round.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import typing as t
from pathlib import Path

import requests
import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from werkzeug.serving import make_server

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


def checks(base: str) -> dict[str, t.Callable[[requests.Response], object]]:
    """Each tool's check of one response, set up once as its users would."""
    contract = ClientContract.from_file(SPEC)
    document = yaml.safe_load(SPEC.read_text())
    # openapi-core matches the whole server URL: give it the address served from.
    openapi = OpenAPI.from_dict({**document, "servers": [{"url": base}]})

    def openapi_core(response: requests.Response) -> object:
        request = RequestsOpenAPIRequest(response.request)
        openapi.validate_response(request, RequestsOpenAPIResponse(response))
        return None

    return {"contractkit": contract.check, "openapi-core": openapi_core}


def median_us(
    tools: dict[str, t.Callable[[requests.Response], object]],
    response: requests.Response,
    batch: int,
    rounds: int,
) -> dict[str, float]:
    """Median µs per check of ``response`` for each tool, interleaved."""
    for check in tools.values():
        for _ in range(50):  # warm-up: first-call work is no part of the figures
            check(response)
    samples: dict[str, list[float]] = {name: [] for name in tools}
    for round_ in range(rounds):
        names = list(tools) if round_ % 2 == 0 else list(reversed(tools))
        for name in names:
            check = tools[name]
            start = time.perf_counter()
            for _ in range(batch):
                check(response)
            samples[name].append((time.perf_counter() - start) / batch * 1e6)
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--batch", type=int, default=200, help="checks per timed batch")
    parser.add_argument("--rounds", type=int, default=15, help="batches per tool and response")
    args = parser.parse_args(argv)
    answered = responses()
    base = next(iter(answered.values())).url.split("/items")[0]
    tools = checks(base)
    print(f"{'response':36} {'contractkit µs':>15} {'openapi-core µs':>16} {'ratio':>7}")
    for name, response in answered.items():
        figures = median_us(tools, response, args.batch, args.rounds)
        ours, theirs = figures["contractkit"], figures["openapi-core"]
        print(f"{name:36} {ours:15.1f} {theirs:16.1f} {ours / theirs:7.3f}")


if __name__ == "__main__":
    main()
