"""A flask-smorest app written as its documentation teaches, enforced by contractkit.

Api, Blueprint and MethodView, marshmallow schemas, ``@blp.arguments``,
``@blp.response``, ``@blp.alt_response`` and ``abort`` (flask-smorest's
quickstart). contractkit adds the four lines marked ``# contractkit``: the
import, the extension, a registration for the custom code, and ``init_app``
with the document flask-smorest builds.
"""

from __future__ import annotations

import typing as t

import marshmallow as ma
from flask import Flask, jsonify
from flask.views import MethodView
from flask_smorest import Api, Blueprint, abort
from flask_smorest.error_handler import ErrorSchema

from contractkit import ContractKit  # contractkit

PETS: dict[int, dict[str, t.Any]] = {}


def seed_pets() -> dict[int, dict[str, t.Any]]:
    """Rex; a record with no name, which the schema does not allow; an archived pet."""
    return {
        1: {"id": 1, "name": "Rex"},
        2: {"id": 2, "name": None},
        3: {"id": 3, "name": "Old Tom", "archived": True},
    }


class PetSchema(ma.Schema):
    id = ma.fields.Int(dump_only=True)
    name = ma.fields.String(required=True)


class PetQueryArgsSchema(ma.Schema):
    name = ma.fields.String()


blp = Blueprint("pets", "pets", url_prefix="/pets", description="Operations on pets")


@blp.route("/")
class Pets(MethodView):
    @blp.arguments(PetQueryArgsSchema, location="query")
    @blp.response(200, PetSchema(many=True))
    def get(self, args: dict[str, t.Any]) -> t.Any:
        """List pets"""
        return [
            pet for pet in PETS.values() if pet["name"] and args.get("name") in (None, pet["name"])
        ]

    @blp.arguments(PetSchema)
    @blp.response(201, PetSchema)
    def post(self, new_data: dict[str, t.Any]) -> t.Any:
        """Add a new pet"""
        pet = {"id": len(PETS) + 1, **new_data}
        PETS[pet["id"]] = pet
        return pet


@blp.route("/<int:pet_id>")
class PetsById(MethodView):
    @blp.response(200, PetSchema)
    # Error responses described with the body flask-smorest's abort() really sends.
    @blp.alt_response(404, schema=ErrorSchema, description="Pet not found")
    @blp.alt_response(470, schema=ErrorSchema, description="Daily quota of look-ups used up")
    def get(self, pet_id: int) -> t.Any:
        """Get pet by ID"""
        if pet_id == 470:
            # werkzeug's abort() knows no 470, so the error body is written out.
            message = "Daily quota of look-ups used up."
            return jsonify(code=470, status="Quota Exceeded", message=message), 470
        if pet_id not in PETS:
            abort(404, message="Pet not found.")
        return PETS[pet_id]

    @blp.response(204)
    def delete(self, pet_id: int) -> t.Any:
        """Delete pet"""
        if pet_id not in PETS:
            abort(404, message="Pet not found.")
        if PETS[pet_id].get("archived"):
            return "", 202  # a bug: the document promises 204
        del PETS[pet_id]
        return None


def create_app(config: t.Mapping[str, t.Any] | None = None) -> Flask:
    PETS.clear()
    PETS.update(seed_pets())
    app = Flask(__name__)
    app.config["API_TITLE"] = "Pets"
    app.config["API_VERSION"] = "v1"
    app.config["OPENAPI_VERSION"] = "3.0.3"
    app.config["OPENAPI_URL_PREFIX"] = "/"
    app.config["OPENAPI_SWAGGER_UI_PATH"] = "/swagger-ui"
    app.config["OPENAPI_SWAGGER_UI_URL"] = "https://cdn.jsdelivr.net/npm/swagger-ui-dist/"
    app.config.update(config or {})
    api = Api(app)
    api.register_blueprint(blp)
    ck = ContractKit()  # contractkit
    ck.register_status(470, "Quota Exceeded", fallback=429)  # contractkit
    ck.init_app(app, spec=lambda: api.spec.to_dict())  # contractkit
    return app
