"""Body checks resolve every ``$ref`` the document's own validator resolves, or say why not."""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask
from flask_restx import Api, Resource, fields

from contractkit import BodyCheckWarning, ContractKit, SpecError


def restx_app(kit: ContractKit, mode: str) -> Flask:
    """A flask-restx API whose models are named with spaces, as real apps name them.

    flask-restx percent-encodes the name in a response's ``$ref``
    (``Widget%20Owner``), and writes it as it is in a nested field's
    (``#/definitions/Widget Owner``).
    """
    app = Flask("widgets")
    app.config.update(CONTRACTKIT_MODE=mode, CONTRACTKIT_CHECK_BODIES=True)
    api = Api(app, title="Widgets", version="1.0")
    owner = api.model(
        "Widget Owner",
        {"id": fields.Integer(required=True), "name": fields.String(required=True)},
    )

    widget = api.model(
        "Widget Record", {"sku": fields.String(required=True), "owner": fields.Nested(owner)}
    )

    @api.route("/owners/<int:owner_id>")
    class Owner(Resource):
        @api.response(200, "The owner", owner)
        def get(self, owner_id: int) -> t.Any:
            if owner_id == 2:
                return {"id": "two", "name": "Bo"}  # breaks the model
            return {"id": owner_id, "name": "Ann"}

    @api.route("/widgets/<int:widget_id>")
    class Widget(Resource):
        @api.response(200, "The widget", widget)
        def get(self, widget_id: int) -> t.Any:
            if widget_id == 2:
                return {"sku": "w2", "owner": {"id": "two", "name": "Bo"}}  # breaks the owner
            return {"sku": "w1", "owner": {"id": 1, "name": "Ann"}}

    kit.init_app(app, spec=lambda: api.__schema__)
    return app


@pytest.mark.parametrize("mode", ["report", "strict"])
@pytest.mark.parametrize("resource", ["owners", "widgets"])
def test_a_model_named_with_a_space_is_checked(kit: ContractKit, mode: str, resource: str) -> None:
    app = restx_app(kit, mode)
    kit.contract(app)  # start-up: no BodyCheckWarning (filterwarnings = error)
    client = app.test_client()
    assert client.get(f"/{resource}/1").status_code == 200
    broken = client.get(f"/{resource}/2")
    assert broken.status_code == (500 if mode == "strict" else 200)
    [violation] = kit.violations(app).recent()
    assert violation.kind == "invalid-body"
    assert '"id"' in violation.detail or "/id" in violation.detail


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("Widget Owner", "#/components/schemas/Widget Owner"),
        ("Widget Owner", "#/components/schemas/Widget%20Owner"),
        ("a/b", "#/components/schemas/a~1b"),
        ("a/b", "#/components/schemas/a%7E1b"),  # percent-decoded first, then unescaped
        ("t~x", "#/components/schemas/t~0x"),
        ("~1", "#/components/schemas/~01"),  # ~1 before ~0: "~01" is "~1", not "/"
        ("50%", "#/components/schemas/50%25"),
        ("{x}", "#/components/schemas/%7Bx%7D"),
        ("Größe", "#/components/schemas/Gr%C3%B6%C3%9Fe"),
        ("Größe", "#/components/schemas/Größe"),
    ],
)
def test_every_ref_the_document_resolves_is_checked(kit: ContractKit, name: str, ref: str) -> None:
    app = Flask("refs")
    app.config.update(CONTRACTKIT_MODE="strict")
    bodies = {1: {"id": 1}, 2: {"id": "two"}}

    @app.get("/things/<int:thing_id>")
    def thing(thing_id: int) -> t.Any:
        return bodies[thing_id]

    ok = {"description": "ok", "content": {"application/json": {"schema": {"$ref": ref}}}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Refs", "version": "1"},
        "paths": {
            "/things/{thing_id}": {
                "get": {
                    "parameters": [
                        {
                            "name": "thing_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {"200": ok},
                }
            }
        },
        "components": {
            "schemas": {
                name: {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "integer"}},
                }
            }
        },
    }
    kit.init_app(app, spec=document)
    kit.contract(app)  # no BodyCheckWarning: filterwarnings = error
    client = app.test_client()
    assert client.get("/things/1").status_code == 200
    assert client.get("/things/2").status_code == 500
    assert [v.kind for v in kit.violations(app).recent()] == ["invalid-body"]


def test_a_ref_to_a_schema_outside_the_components_is_checked(kit: ContractKit) -> None:
    """One operation's body schema reused by another's ``$ref``: nullable as 3.0 reads it."""
    app = Flask("refs_elsewhere")
    app.config.update(CONTRACTKIT_MODE="strict")
    bodies = {1: {"id": 1}, 2: {"id": "two"}, 3: {"id": None}}

    @app.get("/things/<int:thing_id>")
    def thing(thing_id: int) -> t.Any:
        return bodies[thing_id]

    @app.get("/first")
    def first() -> t.Any:
        return bodies[1]

    schema = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "integer", "nullable": True}},
    }
    elsewhere = "#/paths/~1first/get/responses/200/content/application~1json/schema"
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Refs", "version": "1"},
        "paths": {
            "/first": {"get": {"responses": {"200": _json_response(schema)}}},
            "/things/{thing_id}": {
                "get": {
                    "parameters": [
                        {
                            "name": "thing_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {"200": _json_response({"$ref": elsewhere})},
                }
            },
        },
    }
    kit.init_app(app, spec=document)
    kit.contract(app)  # no BodyCheckWarning: filterwarnings = error
    client = app.test_client()
    assert [client.get(f"/things/{n}").status_code for n in (1, 2, 3)] == [200, 500, 200]


def _json_response(schema: dict[str, t.Any]) -> dict[str, t.Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


def dynamic_ref_app(kit: ContractKit, mode: str) -> Flask:
    """An OpenAPI 3.1 schema with a ``$dynamicRef`` to no anchor: valid, but not compilable."""
    app = Flask("dynamic_ref")
    app.config.update(CONTRACTKIT_MODE=mode, CONTRACTKIT_CHECK_BODIES=True)

    @app.get("/nodes")
    def nodes() -> t.Any:
        return {"child": {}}

    node = {"type": "object", "properties": {"child": {"$dynamicRef": "#node"}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Nodes", "version": "1"},
        "paths": {
            "/nodes": {
                "get": {"responses": {"200": _json_response({"$ref": "#/components/schemas/Node"})}}
            }
        },
        "components": {"schemas": {"Node": node}},
    }
    kit.init_app(app, spec=document)
    return app


def test_strict_mode_refuses_at_start_up_a_body_it_cannot_check(kit: ContractKit) -> None:
    app = dynamic_ref_app(kit, "strict")
    with pytest.raises(SpecError) as raised:
        kit.contract(app)
    message = str(raised.value)
    assert "GET /nodes 200 application/json (schema #/components/schemas/Node)" in message
    assert "Anchor 'node' does not exist" in message
    assert "ECMA-262" not in message
    assert "CONTRACTKIT_CHECK_BODIES = False" in message


def test_report_mode_logs_once_why_a_body_goes_unchecked(
    kit: ContractKit, caplog: pytest.LogCaptureFixture
) -> None:
    app = dynamic_ref_app(kit, "report")
    client = app.test_client()
    with pytest.warns(BodyCheckWarning, match="Anchor 'node' does not exist"):
        assert client.get("/nodes").status_code == 200
    assert client.get("/nodes").status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "contractkit"]
    assert len(lines) == 1
    assert "(schema #/components/schemas/Node): Anchor 'node' does not exist" in lines[0]
    assert "ECMA-262" not in lines[0]
