"""An APIFlask app written as its documentation teaches, enforced by contractkit.

APIFlask, its Schema and fields, ``@app.input``, ``@app.output``,
``@app.doc`` and ``abort`` (APIFlask's quickstart). contractkit adds the
four lines marked ``# contractkit``: the import, the extension, a
registration for the custom code, and ``init_app`` with APIFlask's own
document.
"""

from __future__ import annotations

import typing as t

from apiflask import APIFlask, Schema, abort
from apiflask.fields import Integer, String
from apiflask.validators import Length, OneOf
from flask import jsonify

from contractkit import ContractKit  # contractkit

PETS: list[dict[str, t.Any]] = []


class PetIn(Schema):
    name = String(required=True, validate=Length(0, 10))
    category = String(required=True, validate=OneOf(["dog", "cat"]))


class PetOut(Schema):
    id = Integer()
    name = String()
    category = String()


def create_app(config: t.Mapping[str, t.Any] | None = None) -> APIFlask:
    PETS[:] = [
        {"id": 0, "name": "Kitty", "category": "cat"},
        {"id": 1, "name": None, "category": "dog"},  # a record the schema does not allow
        {"id": 2, "name": "Old Tom", "category": "cat", "archived": True},
    ]
    app = APIFlask(__name__, title="Pets", version="1.0")
    app.config.update(config or {})

    @app.get("/")
    def say_hello() -> t.Any:
        return {"message": "Hello!"}

    @app.get("/pets/<int:pet_id>")
    @app.output(PetOut)
    @app.doc(responses={470: "Daily quota of look-ups used up"})
    def get_pet(pet_id: int) -> t.Any:
        if pet_id == 470:
            # APIFlask's abort() takes registered codes only: the error body is written out.
            response = jsonify(message="Daily quota of look-ups used up.", detail={})
            response.status_code = 470
            return response
        if pet_id > len(PETS) - 1:
            abort(404)
        return PETS[pet_id]

    @app.patch("/pets/<int:pet_id>")
    @app.input(PetIn(partial=True))
    @app.output(PetOut)
    def update_pet(pet_id: int, json_data: dict[str, t.Any]) -> t.Any:
        if pet_id > len(PETS) - 1:
            abort(404)
        PETS[pet_id].update(json_data)
        return PETS[pet_id]

    @app.delete("/pets/<int:pet_id>")
    @app.output({}, status_code=204)
    def delete_pet(pet_id: int) -> t.Any:
        if pet_id > len(PETS) - 1:
            abort(404)
        if PETS[pet_id].get("archived"):
            return "", 202  # a bug: the document promises 204
        PETS[pet_id]["deleted"] = True
        return ""

    ck = ContractKit()  # contractkit
    ck.register_status(470, "Quota Exceeded", fallback=429)  # contractkit
    ck.init_app(app, spec=lambda: app.spec)  # contractkit
    return app
