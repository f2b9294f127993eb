"""Per-request cost on a connexion 3 app: contractkit beside connexion's ``validate_responses``.

Run it with ``python benchmarks/bench_connexion.py`` (needs
``connexion[flask]``, in the ``test`` extra). One ``FlaskApp`` serves
``GET /api/pets/{petId}`` from a document: 200 with a JSON pet, or
``abort(404)`` (declared). Each variant is the same app:

- ``connexion``: as it is, the baseline of every ratio;
- ``validate_responses=True``: connexion validates each response body
  against the document;
- ``contractkit report``: status codes checked (report mode's default);
- ``contractkit strict``: status codes and bodies checked (strict mode's
  default);
- ``both``: ``validate_responses=True`` and contractkit strict.

Requests go straight into the ASGI app (no server, no test client), each
variant timed in CPU time, in interleaved rounds, the order reversed every
other round. (Counting instructions under callgrind, as
``bench_instructions.py`` does for Flask, did not finish in 15 minutes here:
valgrind runs one thread at a time, and connexion hands every request to a
thread pool and back.) ``GET /api/pets/1``
times the view's own answer, checked by Flask's ``after_request``;
``GET /api/pets/99`` the ``abort(404)`` that connexion answers in its
``ExceptionMiddleware``, which contractkit checks in front of it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import typing as t
import warnings
from pathlib import Path

from flask import abort

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with warnings.catch_warnings():  # connexion 3.3 imports jsonschema's deprecated names
    warnings.simplefilter("ignore", DeprecationWarning)
    import connexion

from benchmarks.timing import pin_to_one_cpu, time_asgi_batch
from contractkit import ContractKit

PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}
DOCUMENT: dict[str, t.Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "servers": [{"url": "/api"}],
    "paths": {
        "/pets/{petId}": {
            "get": {
                "operationId": "get_pet",
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {
                        "description": "The pet.",
                        "content": {"application/json": {"schema": PET}},
                    },
                    "404": {
                        "description": "No such pet.",
                        "content": {"application/problem+json": {"schema": {"type": "object"}}},
                    },
                },
            }
        }
    },
}


def get_pet(petId: int) -> t.Any:
    if petId != 1:
        abort(404)
    # Named: connexion's validate_responses asks for one content type per answer
    # when the operation lists two (the 404's application/problem+json).
    return {"id": 1, "name": "chester"}, 200, {"Content-Type": "application/json"}


def make_app(*, validate: bool = False, mode: str | None = None) -> connexion.FlaskApp:
    app = connexion.FlaskApp(__name__, resolver=lambda operation_id: get_pet)
    app.add_api(DOCUMENT, validate_responses=validate)
    if mode is not None:
        app.app.config["CONTRACTKIT_MODE"] = mode
        ContractKit().init_app(app)
    return app


def _scope(path: str) -> dict[str, t.Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"bench")],
        "server": ("bench", 80),
        "client": ("127.0.0.1", 40000),
    }


async def _receive() -> dict[str, t.Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def medians(
    apps: dict[str, t.Any], path: str, status: int, batch: int, rounds: int
) -> dict[str, float]:
    scope = _scope(path)
    for app in apps.values():  # warm up: the first request builds connexion's stack
        await time_asgi_batch(app, scope, lambda: _receive, 100, status)
    samples: dict[str, list[float]] = {name: [] for name in apps}
    for round_ in range(rounds):
        names = list(apps) if round_ % 2 == 0 else list(reversed(apps))
        for name in names:
            samples[name].append(
                await time_asgi_batch(apps[name], scope, lambda: _receive, batch, status) * 1e6
            )
    return {name: statistics.median(values) for name, values in samples.items()}


VARIANTS: dict[str, dict[str, t.Any]] = {
    "connexion": {},
    "validate_responses=True": {"validate": True},
    "contractkit report": {"mode": "report"},
    "contractkit strict": {"mode": "strict"},
    "both": {"validate": True, "mode": "strict"},
}
CASES = [("GET /api/pets/1 (200)", "/api/pets/1", 200), ("abort(404)", "/api/pets/99", 404)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # connexion logs every 404 it answers
    pin_to_one_cpu()
    apps = {name: make_app(**options) for name, options in VARIANTS.items()}
    results = [
        asyncio.run(medians(apps, path, code, args.batch, args.rounds)) for _, path, code in CASES
    ]
    print(f"{'variant':<26}" + "".join(f"{label:>36}" for label, _, _ in CASES))
    base = [result["connexion"] for result in results]
    for name in VARIANTS:
        cells = [
            f"{result[name]:8.1f} µs CPU  x{result[name] / base[i]:.3f}"
            for i, result in enumerate(results)
        ]
        print(f"{name:<26}" + "".join(f"{cell:>36}" for cell in cells))


if __name__ == "__main__":
    main()
