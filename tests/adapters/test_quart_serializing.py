"""``serialize=`` on Quart: return values dumped through their schema in Quart's ``make_response``.

The app is written as flask-smorest users write theirs, on Quart: a blueprint of
``MethodView`` classes with ``async def`` methods returning objects, and
``CONTRACTKIT_SERIALIZE`` on. Its tests drive Quart's test client with ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import typing as t

import pytest
from marshmallow import Schema, fields
from quart import Blueprint, Quart, Response
from quart.views import MethodView

from contractkit import ContractKit, responds


class PetSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


@dataclasses.dataclass
class Pet:
    id: int
    name: str
    secret: str = "s3cret"


PETS = [Pet(1, "Kitty"), Pet(2, "Coco")]


def pets_app(kit: ContractKit, **config: t.Any) -> Quart:
    app = Quart("quart_pets")
    app.config.update(CONTRACTKIT_SERIALIZE=True, **config)
    blp = Blueprint("pets", __name__, url_prefix="/pets")

    class Pets(MethodView):
        @responds(200, PetSchema(many=True))
        async def get(self) -> t.Any:
            return PETS

        @responds(201, PetSchema, headers={"Location": "The new pet"})
        async def post(self) -> t.Any:
            return Pet(3, "Rex"), 201, {"Location": "/pets/3"}

    class PetById(MethodView):
        @responds(200, PetSchema)
        async def get(self, pet_id: int) -> t.Any:
            if pet_id == 9:
                return Response('{"id": 9, "name": "Raw", "secret": "kept"}', 200,
                                mimetype="application/json")  # fmt: skip
            return PETS[pet_id - 1]

    class Stream(MethodView):
        @responds(200, PetSchema)
        async def get(self) -> t.Any:
            async def chunks() -> t.AsyncIterator[bytes]:
                yield b'{"id": 1, "name": "Kitty", '
                yield b'"secret": "streamed"}'

            return chunks(), 200, {"Content-Type": "application/json"}

    blp.add_url_rule("/", view_func=Pets.as_view("pets"))
    blp.add_url_rule("/<int:pet_id>", view_func=PetById.as_view("pet"))
    blp.add_url_rule("/stream", view_func=Stream.as_view("stream"))
    app.register_blueprint(blp)
    kit.init_app(app)
    return app


async def _answer(app: Quart, method: str, path: str) -> tuple[int, t.Any, t.Any]:
    test_client = app.test_client()
    response = await test_client.open(path, method=method)
    return response.status_code, await response.get_json(), response.headers


def answer(app: Quart, path: str, method: str = "GET") -> tuple[int, t.Any, t.Any]:
    return asyncio.run(_answer(app, method, path))


@pytest.mark.parametrize("mode", ["report", "strict"])
def test_objects_and_lists_are_dumped_and_pass_the_check(kit: ContractKit, mode: str) -> None:
    app = pets_app(kit, CONTRACTKIT_MODE=mode)
    assert answer(app, "/pets/1")[:2] == (200, {"id": 1, "name": "Kitty"})
    assert answer(app, "/pets/")[1] == [{"id": 1, "name": "Kitty"}, {"id": 2, "name": "Coco"}]
    assert kit.violations(app).total == 0


def test_a_tuple_keeps_its_status_and_headers(kit: ContractKit) -> None:
    status, body, headers = answer(pets_app(kit, CONTRACTKIT_MODE="strict"), "/pets/", "POST")
    assert (status, body, headers["Location"]) == (201, {"id": 3, "name": "Rex"}, "/pets/3")


def test_a_response_and_a_stream_go_out_untouched(kit: ContractKit) -> None:
    app = pets_app(kit)
    assert answer(app, "/pets/9")[1] == {"id": 9, "name": "Raw", "secret": "kept"}
    assert answer(app, "/pets/stream")[1] == {"id": 1, "name": "Kitty", "secret": "streamed"}


def test_serialize_per_declaration_and_routes_added_after_init_app(kit: ContractKit) -> None:
    app = Quart("quart_late")

    @app.get("/raw")
    @responds(200, PetSchema)  # serialize left out: CONTRACTKIT_SERIALIZE, off by default
    async def raw() -> t.Any:
        return {"id": 1, "name": "Raw", "secret": "leaks"}

    kit.init_app(app)  # sees no serialize=True yet

    @app.get("/pet")
    @responds(200, PetSchema, serialize=True)
    async def pet() -> t.Any:
        return PETS[1]

    kit.contract(app)  # at the end of the factory, as the docs advise
    assert answer(app, "/pet")[1] == {"id": 2, "name": "Coco"}
    assert answer(app, "/raw")[1]["secret"] == "leaks"
