"""What is particular to apps documented in Swagger 2.0 (flask-restx, flasgger)."""

from __future__ import annotations

import typing as t
import warnings

import pytest
from flasgger import Swagger
from flask import Flask
from flask_restx import Api, Resource, reqparse

from contractkit import ContractKit, InfrastructureCodeWarning
from contractkit.errors import ConversionWarning
from contractkit.specfile.diff import diff_documents

from . import flasgger_template_app, restx_app


def _restx_app(**config: t.Any) -> Flask:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InfrastructureCodeWarning)  # 460, as in test_peers
        return restx_app.create_app(config)


def test_the_served_document_is_the_enforced_conversion() -> None:
    app = _restx_app(CONTRACTKIT_MODE="strict")
    client = app.test_client()
    tools = client.get("/api/v1/swagger.json").get_json()
    served = client.get("/openapi.json").get_json()
    assert (tools["swagger"], tools["basePath"]) == ("2.0", "/api/v1")
    assert served["openapi"] == "3.0.3"
    assert served["servers"] == [{"url": "/api/v1"}]
    tier = served["paths"]["/pets/{pet_id}"]["get"]["responses"]["460"]
    assert tier["x-fallback"] == 429
    assert served["x-status-codes"]["460"]["phrase"] == "Tier Limit"
    assert served == app.extensions["contractkit"].documents().spec


def test_the_custom_code_of_a_template_needs_no_registration() -> None:
    app = flasgger_template_app.create_app({"CONTRACTKIT_MODE": "strict"})
    client = app.test_client()
    response = client.post("/users", json={"id": 0, "name": "Linus", "email": "nope"})
    assert response.status == "299 Completed With Warnings"
    fallback = client.post(
        "/users",
        json={"id": 0, "name": "Lin", "email": "no"},
        headers={"Prefer": "status-fallback"},
    )
    assert fallback.status_code == 200
    assert app.extensions["contractkit"].violations.total == 0


def test_x_nullable_is_honoured() -> None:
    app = flasgger_template_app.create_app({"CONTRACTKIT_MODE": "strict"})
    assert app.test_client().get("/users/1").get_json()["email"] is None  # x-nullable: true
    assert app.extensions["contractkit"].violations.total == 0


def test_a_tool_serving_openapi_json_keeps_it() -> None:
    app = Flask(__name__)
    app.config["SWAGGER"] = {"specs": [{"endpoint": "apispec", "route": "/openapi.json"}]}
    swagger = Swagger(app)

    @app.get("/ping")
    def ping() -> t.Any:
        """Ping
        ---
        responses:
          200:
            description: Pong
        """
        return {"pong": True}

    ContractKit().init_app(app, spec=lambda: swagger.get_apispecs("apispec"))
    client = app.test_client()
    # One document at one path: flasgger's own, as the app configured it.
    assert client.get("/openapi.json").get_json()["swagger"] == "2.0"
    assert client.get("/openapi.yaml").status_code == 200  # contractkit's, at its other path
    assert client.get("/ping").status_code == 200


def _restx_notes_app(form_action: str) -> Flask:
    """flask-restx's RequestParser, as its docs write it: a form list and a repeated query value."""
    app = Flask(__name__)
    api = Api(app)
    parser = reqparse.RequestParser()
    parser.add_argument("tags", action=form_action, location="form", help="The note's tags")
    parser.add_argument("ids", type=int, action="append", location="args")

    @api.route("/notes")
    class Notes(Resource):  # type: ignore[misc]
        @api.expect(parser)
        @api.response(201, "Noted")
        def post(self) -> t.Any:
            args = parser.parse_args()
            return {"tags": args["tags"], "ids": args["ids"]}, 201

    ContractKit().init_app(app, spec=lambda: api.__schema__)
    return app


def test_a_restx_form_list_keeps_its_comma_separated_format_in_the_served_document() -> None:
    app = _restx_notes_app("split")  # restx documents it as collectionFormat: csv
    client = app.test_client()
    response = client.post("/notes?ids=1&ids=2", data={"tags": "a,b"})
    assert (response.status_code, response.get_json()) == (201, {"tags": ["a", "b"], "ids": [1, 2]})
    operation = client.get("/openapi.json").get_json()["paths"]["/notes"]["post"]
    form = operation["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert form["encoding"] == {"tags": {"style": "form", "explode": False}}
    (ids,) = operation["parameters"]
    assert (ids["style"], ids["explode"]) == ("form", True)  # action="append": multi


def test_diff_calls_a_restx_form_list_changed_from_split_to_append_breaking() -> None:
    old, new = (
        _restx_notes_app(action).test_client().get("/openapi.json").get_json()
        for action in ("split", "append")
    )
    changes = diff_documents(old, new)
    # restx's form consumes both form media types: the field changed in each.
    assert sorted((c.id, c.level, c.new_pointer) for c in changes) == [
        (
            "request-form-field-explode-changed",
            "breaking",
            f"/paths/~1notes/post/requestBody/content/{media}/encoding/tags",
        )
        for media in ("application~1x-www-form-urlencoded", "multipart~1form-data")
    ]


def test_a_flasgger_path_list_3_0_cannot_express_warns_naming_it() -> None:
    app = Flask(__name__)
    swagger = Swagger(app)

    @app.get("/colors/<names>")
    def colors(names: str) -> t.Any:
        """Colors by name, pipe-separated
        ---
        parameters:
          - name: names
            in: path
            type: array
            items:
              type: string
            collectionFormat: pipes
            required: true
        responses:
          200:
            description: The colors
        """
        return {"names": names.split("|")}

    ContractKit().init_app(app, spec=lambda: swagger.get_apispecs())
    with pytest.warns(ConversionWarning, match=r"path parameter 'names' of GET /colors/\{names\}"):
        assert app.test_client().get("/colors/red|blue").status_code == 200
    served = app.test_client().get("/openapi.json").get_json()
    assert (
        served["paths"]["/colors/{names}"]["get"]["parameters"][0]["x-collectionFormat"] == "pipes"
    )
