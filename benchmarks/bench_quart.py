"""Per-request cost on a Quart app: contractkit's checks beside quart-schema's response validation.

Run it with ``python benchmarks/bench_quart.py`` (needs ``quart`` and
``quart-schema``, in the ``test`` extra). One Quart app serves ``GET /pets/1``
(200 with a JSON pet) from an ``async def`` view. Each variant is the same app:

- ``bare Quart``: as it is, the baseline of every ratio;
- ``contractkit status``: status codes checked (report mode's default);
- ``contractkit status + body``: status codes and bodies checked (strict mode's default);
- ``quart-schema validate_response``: the peer, which validates the body of
  the one status its decorator names (and lets any other status pass).

Requests go straight into the ASGI app (no server, no test client), each
variant timed in CPU time, in interleaved rounds, the order reversed every
other round, as ``bench_connexion.py`` does.
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

from benchmarks.timing import pin_to_one_cpu, time_asgi_batch
from contractkit import ContractKit, responds


class PetSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


@dataclass
class Pet:
    id: int
    name: str


def make_app(*, mode: str | None = None, bodies: bool = False, peer: bool = False) -> Quart:
    app = Quart(__name__)
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
    "contractkit status": {"mode": "report"},
    "contractkit status + body": {"mode": "strict", "bodies": True},
    "quart-schema validate_response": {"peer": True},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    pin_to_one_cpu()
    apps = {name: make_app(**options) for name, options in VARIANTS.items()}
    result = asyncio.run(medians(apps, args.batch, args.rounds))
    base = result["bare Quart"]
    print(f"GET /pets/1 (200), median of {args.rounds} rounds of {args.batch} requests")
    for name in VARIANTS:
        print(f"{name:<32}{result[name]:8.1f} µs CPU  x{result[name] / base:.3f}")


if __name__ == "__main__":
    main()
