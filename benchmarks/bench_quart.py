"""Per-request cost on a Quart app: contractkit's checks beside quart-schema's response validation.

Run it with ``python benchmarks/bench_quart.py`` (needs ``quart`` and
``quart-schema``, in the ``test`` extra). One Quart app serves ``GET /pets/1``
(200 with a JSON pet) from an ``async def`` view. Each variant is the same app:

- ``bare Quart``: as it is, the baseline of every ratio;
- ``Quart + 1 empty after_request hook``: what Quart charges for any hook, as
  the floor of a check made in one;
- ``contractkit status``: status codes checked (report mode's default);
- ``contractkit status + body``: status codes and bodies checked (strict mode's default);
- ``quart-schema validate_response``: the peer, which validates the body of
  the one status its decorator names (and lets any other status pass).

Requests go straight into the ASGI app (no server, no test client), each
variant timed in CPU time, in interleaved rounds, the order reversed every
other round, as ``bench_connexion.py`` does.

``--instructions`` counts CPU instructions per request under callgrind instead
(needs ``valgrind``), as ``bench_instructions.py`` does for Flask: two runs of
each variant, of ``--low`` and ``--high`` requests, the difference divided by
the difference in requests. The counts do not move with the machine's load, so
a ratio of a few percent reads the same on a busy shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import typing as t
from dataclasses import dataclass
from pathlib import Path

from marshmallow import Schema, fields
from quart import Quart
from quart_schema import QuartSchema, validate_response

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_instructions import callgrind_instructions
from benchmarks.timing import pin_to_one_cpu, time_asgi_batch
from contractkit import ContractKit, responds


class PetSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


@dataclass
class Pet:
    id: int
    name: str


def make_app(
    *, mode: str | None = None, bodies: bool = False, peer: bool = False, empty_hook: bool = False
) -> Quart:
    app = Quart(__name__)
    if empty_hook:

        @app.after_request
        async def untouched(response: t.Any) -> t.Any:
            return response

    if peer:
        QuartSchema(
            app, openapi_path=None, swagger_ui_path=None, redoc_ui_path=None, scalar_ui_path=None
        )

        @app.get("/pets/<int:pet_id>")
        @validate_response(Pet)
        async def get_pet(pet_id: int) -> Pet:
            return Pet(id=pet_id, name="chester")

        return app

    @app.get("/pets/<int:pet_id>")
    @responds(200, PetSchema)
    async def get_pet_plain(pet_id: int) -> t.Any:
        return {"id": pet_id, "name": "chester"}

    if mode is not None:
        app.config.update(CONTRACTKIT_MODE=mode, CONTRACTKIT_CHECK_BODIES=bodies)
        ck = ContractKit()
        ck.init_app(app)
        ck.contract(app)
    return app


_SCOPE: dict[str, t.Any] = {
    "type": "http",
    "asgi": {"version": "3.0"},
    "http_version": "1.1",
    "method": "GET",
    "scheme": "http",
    "path": "/pets/1",
    "raw_path": b"/pets/1",
    "root_path": "",
    "query_string": b"",
    "headers": [(b"host", b"bench")],
    "server": ("bench", 80),
    "client": ("127.0.0.1", 40000),
}


def _receiver() -> t.Callable[[], t.Awaitable[dict[str, t.Any]]]:
    """An ASGI ``receive``: the empty body, then nothing until Quart cancels the wait.

    Quart reads messages until the client goes; answering at once forever would
    spin its reader and starve the request.
    """
    sent = False

    async def receive() -> dict[str, t.Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    return receive


async def medians(apps: dict[str, Quart], batch: int, rounds: int) -> dict[str, float]:
    for app in apps.values():
        await time_asgi_batch(app, _SCOPE, _receiver, 100, 200)
    samples: dict[str, list[float]] = {name: [] for name in apps}
    for round_ in range(rounds):
        names = list(apps) if round_ % 2 == 0 else list(reversed(apps))
        for name in names:
            samples[name].append(
                await time_asgi_batch(apps[name], _SCOPE, _receiver, batch, 200) * 1e6
            )
    return {name: statistics.median(values) for name, values in samples.items()}


VARIANTS: dict[str, dict[str, t.Any]] = {
    "bare Quart": {},
    "Quart + 1 empty after_request hook": {"empty_hook": True},
    "contractkit status": {"mode": "report"},
    "contractkit status + body": {"mode": "strict", "bodies": True},
    "quart-schema validate_response": {"peer": True},
}


_SERVE = """
import asyncio, sys
sys.path.insert(0, {root!r})
from benchmarks.bench_quart import VARIANTS, _SCOPE, _receiver, make_app
from benchmarks.timing import time_asgi_batch
app = make_app(**VARIANTS[{name!r}])
async def serve():
    await time_asgi_batch(app, _SCOPE, _receiver, 50, 200)
    await time_asgi_batch(app, _SCOPE, _receiver, {count}, 200)
asyncio.run(serve())
"""


def instructions_per_request(name: str, low: int, high: int) -> float:
    """Instructions per request of variant ``name``, start-up and warm-up cancelled out."""
    root = str(Path(__file__).resolve().parent.parent)

    def count(requests: int) -> int:
        return callgrind_instructions(_SERVE.format(root=root, name=name, count=requests))

    return (count(high) - count(low)) / (high - low)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--instructions", action="store_true", help="count them under callgrind")
    parser.add_argument("--low", type=int, default=100, help="requests in the short run")
    parser.add_argument("--high", type=int, default=600, help="requests in the long run")
    args = parser.parse_args()
    if args.instructions:
        counts = {name: instructions_per_request(name, args.low, args.high) for name in VARIANTS}
        bare = counts["bare Quart"]
        print(f"GET /pets/1 (200), instructions per request ({args.high - args.low} measured)")
        for name, value in counts.items():
            print(f"{name:<36}{value:>12,.0f}  x{value / bare:.4f}")
        return
    pin_to_one_cpu()
    apps = {name: make_app(**options) for name, options in VARIANTS.items()}
    result = asyncio.run(medians(apps, args.batch, args.rounds))
    base = result["bare Quart"]
    print(f"GET /pets/1 (200), median of {args.rounds} rounds of {args.batch} requests")
    for name in VARIANTS:
        print(f"{name:<36}{result[name]:8.1f} µs CPU  x{result[name] / base:.3f}")


if __name__ == "__main__":
    main()
