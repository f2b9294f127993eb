"""What is particular to apps documented in Swagger 2.0 (flask-restx, flasgger)."""

from __future__ import annotations

import typing as t
import warnings

from flasgger import Swagger
from flask import Flask

from contractkit import ContractKit, InfrastructureCodeWarning

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
