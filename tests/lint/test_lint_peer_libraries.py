"""The lint reads views as flask-restx, APIFlask and flask-smorest users write them."""

from __future__ import annotations

import typing as t

from apiflask import APIFlask, HTTPError
from apiflask import abort as apiflask_abort
from flask import Flask
from flask_restx import Api, Namespace, Resource, fields

from contractkit import ContractKit
from contractkit.lint.linter import lint_app

ns = Namespace("pets")
pet = ns.model("Pet", {"id": fields.Integer, "name": fields.String})
PETS: dict[int, dict[str, t.Any]] = {}


@ns.route("/<int:pet_id>")
class PetItem(Resource):
    @ns.marshal_with(pet)
    def get(self, pet_id: int) -> t.Any:
        if pet_id not in PETS:
            ns.abort(404, "No such pet")
        return PETS[pet_id]  # marshalled by flask-restx: a 200

    def delete(self, pet_id: int) -> t.Any:
        if pet_id == 0:
            api.abort(409, "Pet 0 stays")
        return "", 204


api = Api()


def _restx_app() -> Flask:
    app = Flask("restx_lint")
    api.add_namespace(ns)
    api.init_app(app)
    ContractKit(app)
    return app


def _apiflask_app() -> APIFlask:
    app = APIFlask("apiflask_lint")
    # APIFlask serves /openapi.json and /docs: contractkit's own document is not needed.
    app.config.update(CONTRACTKIT_OPENAPI_JSON_PATH=None, CONTRACTKIT_DOCS_PATH=None)

    @app.delete("/pets/<int:pet_id>")
    @app.output({}, status_code=204)
    def delete_pet(pet_id: int) -> t.Any:
        if pet_id == 9:
            apiflask_abort(404)
        if pet_id == 8:
            raise HTTPError(423, message="Locked")
        return ""  # APIFlask answers the output's 204

    ContractKit(app)
    return app


def _found(app: Flask) -> set[tuple[str, int, str]]:
    return {(u.name, u.site.code, u.site.form) for u in lint_app(app).undocumented}


def test_restx_aborts_and_marshalled_returns_are_status_sites() -> None:
    assert _found(_restx_app()) == {
        ("GET /pets/{pet_id}", 404, "abort"),
        ("GET /pets/{pet_id}", 200, "return without a status"),
        ("DELETE /pets/{pet_id}", 409, "abort"),
        ("DELETE /pets/{pet_id}", 204, "return"),
    }


def test_restx_swagger_json_is_the_tools_own_route_not_an_operation() -> None:
    contract = _restx_app().extensions["contractkit"].contract()
    assert "specs" in contract.exempt_endpoints
    assert "specs" not in contract.undocumented


def test_apiflask_output_code_abort_and_http_error_are_status_sites() -> None:
    assert _found(_apiflask_app()) == {
        ("DELETE /pets/{pet_id}", 404, "abort"),
        ("DELETE /pets/{pet_id}", 423, "raise"),
        ("DELETE /pets/{pet_id}", 204, "return without a status"),
    }
