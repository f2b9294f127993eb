"""Declared inputs: validated before the view runs, documented, answered with problems."""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask
from marshmallow import Schema, fields, validate

from contractkit import ContractKit, DeclarationError, accepts, responds
from contractkit.state import app_state

from ..frameworks import client_of, new_app, web_of

if t.TYPE_CHECKING:
    from ..conftest import MakeApp


class NewItem(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1))
    price = fields.Float(load_default=0.0)


class Filters(Schema):
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))
    tag = fields.List(fields.String(), data_key="tag", load_default=list)


def _routes(app: Flask) -> None:
    @app.post("/items")
    @accepts(NewItem)
    @responds(201)
    def create(body: dict[str, t.Any]) -> t.Any:
        return body, 201

    @app.get("/items")
    @accepts(Filters, location="query", arg_name="filters")
    @responds(200)
    def search(filters: dict[str, t.Any]) -> t.Any:
        return filters

    class Things(web_of(app).MethodView):  # type: ignore[misc]
        @accepts(NewItem)
        @responds(201)
        def post(self, thing_id: int, body: dict[str, t.Any]) -> t.Any:
            return {"thing_id": thing_id, **body}, 201

    app.add_url_rule("/things/<int:thing_id>", view_func=Things.as_view("things"))


def test_valid_json_is_loaded_and_passed_to_the_view(make_app: MakeApp, framework: str) -> None:
    response = client_of(make_app(_routes)).post("/items", json={"name": "pen"})
    assert response.status_code == 201
    assert response.get_json() == {"name": "pen", "price": 0.0}


def test_invalid_json_gets_a_problem_with_field_errors(make_app: MakeApp, framework: str) -> None:
    response = client_of(make_app(_routes)).post("/items", json={"name": "", "colour": "red"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 422
    assert problem["title"] == "Unprocessable Content"
    assert problem["errors"]["json"] == {
        "name": ["Shorter than minimum length 1."],
        "colour": ["Unknown field."],
    }


def test_missing_or_malformed_body_is_an_input_error(make_app: MakeApp, framework: str) -> None:
    client = client_of(make_app(_routes))
    for response in (
        client.post("/items"),
        client.post("/items", data="{not json", content_type="application/json"),
        client.post("/items", data="name=pen", content_type="application/x-www-form-urlencoded"),
    ):
        assert response.status_code == 422
        assert "must be valid JSON" in response.get_json()["errors"]["json"][0]


@pytest.mark.parametrize("mode", ["report", "strict"])
@pytest.mark.parametrize("status", [400, 422])
def test_a_deeply_nested_body_is_an_input_error_not_a_violation(
    make_app: MakeApp, mode: str, status: int, framework: str
) -> None:
    # json.loads raises RecursionError (not ValueError) past the recursion limit.
    app = make_app(_routes, CONTRACTKIT_MODE=mode, CONTRACTKIT_INPUT_ERROR_STATUS=status)
    body = '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client_of(app).post("/items", data=body, content_type="application/json")
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert "must be valid JSON" in response.get_json()["errors"]["json"][0]
    assert app_state(app).violations.total == 0


class Tree(Schema):
    child = fields.Nested(lambda: Tree(), allow_none=True)


def _tree_routes(app: Flask) -> None:
    @app.post("/trees")
    @accepts(Tree)
    @responds(201)
    def plant(body: dict[str, t.Any]) -> t.Any:
        return {}, 201


def test_json_too_deep_for_its_schema_is_an_input_error(make_app: MakeApp, framework: str) -> None:
    # Parses, but marshmallow recurses a dozen frames per level of a recursive schema.
    app = make_app(_tree_routes)
    body = '{"child": ' * 400 + "null" + "}" * 400
    response = client_of(app).post("/trees", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "json": ["The input is nested too deeply to validate."]
    }
    assert app_state(app).violations.total == 0


def test_query_strings_are_loaded_with_repeated_keys(make_app: MakeApp, framework: str) -> None:
    client = client_of(make_app(_routes))
    response = client.get("/items?limit=5&tag=a&tag=b")
    assert response.get_json() == {"limit": 5, "tag": ["a", "b"]}
    assert client.get("/items").get_json() == {"limit": 10, "tag": []}
    bad = client.get("/items?limit=500&colour=red")
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]["query"]) == {"limit", "colour"}


def test_head_validates_like_get(make_app: MakeApp, framework: str) -> None:
    client = client_of(make_app(_routes))
    assert client.head("/items?limit=0").status_code == 422
    assert client.head("/items?limit=3").status_code == 200


def test_method_views_receive_inputs_next_to_url_values(make_app: MakeApp, framework: str) -> None:
    response = client_of(make_app(_routes)).post("/things/7", json={"name": "cup"})
    assert response.status_code == 201
    assert response.get_json() == {"thing_id": 7, "name": "cup", "price": 0.0}


def test_error_status_is_configurable_and_documented(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(_routes, CONTRACTKIT_INPUT_ERROR_STATUS=400)
    response = client_of(app).post("/items", json={})
    assert response.status_code == 400
    assert response.get_json()["title"] == "Bad Request"
    responses = kit.spec(app)["paths"]["/items"]["post"]["responses"]
    assert set(responses) == {"201", "400"}
    assert "application/problem+json" in responses["400"]["content"]


def test_apps_without_inputs_get_no_input_hook(kit: ContractKit, framework: str) -> None:
    app = new_app(framework, __name__)

    @app.get("/ping")
    @responds(200)
    def ping() -> str:
        return "pong"

    kit.init_app(app)
    # Flask charges every request for every hook: an app without input pays for none.
    assert app.before_request_funcs.get(None, []) == []
    client = client_of(app)
    assert client.get("/ping").data == b"pong"
    assert app.before_request_funcs.get(None, []) == []


def test_routes_added_after_init_app_get_the_hook(kit: ContractKit, framework: str) -> None:
    app = new_app(framework, __name__)
    kit.init_app(app)  # no routes yet: they may declare input, so the hook is there
    assert app.before_request_funcs[None] == [_input_hook(app)]
    bp = web_of(app).Blueprint("items", __name__)

    @bp.post("/items")
    @accepts(NewItem)
    @responds(201)
    def create(body: dict[str, t.Any]) -> t.Any:
        return body, 201

    app.register_blueprint(bp)
    assert client_of(app).post("/items", json={}).status_code == 422


def test_input_added_after_init_app_is_hooked_when_the_contract_is_built(
    kit: ContractKit,
    framework: str,
) -> None:
    app = new_app(framework, __name__)

    @app.get("/ping")
    @responds(200)
    def ping() -> str:
        return "pong"

    kit.init_app(app)
    assert app.before_request_funcs.get(None, []) == []

    @app.post("/items")
    @accepts(NewItem)
    @responds(201)
    def create(body: dict[str, t.Any]) -> t.Any:
        return body, 201

    kit.contract(app)  # at the end of the factory, as the docs advise
    assert app.before_request_funcs[None] == [_input_hook(app)]
    assert client_of(app).post("/items", json={}).status_code == 422


def test_input_found_only_after_the_first_request_is_a_clear_error(
    kit: ContractKit, framework: str
) -> None:
    app = new_app(framework, __name__)

    @app.get("/ping")
    @responds(200)
    def ping() -> str:
        return "pong"

    kit.init_app(app)

    @app.post("/items")
    @accepts(NewItem)
    @responds(201)
    def create(body: dict[str, t.Any]) -> t.Any:
        return body, 201

    # The first request builds the contract, and Flask takes no hooks once it serves one.
    client_of(app).get("/ping")
    with pytest.raises(DeclarationError, match=r"declares input \(@accepts\) on create"):
        kit.contract(app)


def test_input_hook_stays_while_any_route_accepts_input(make_app: MakeApp, framework: str) -> None:
    app = make_app(_routes)
    client = client_of(app)
    client.get("/items")
    assert client.post("/items", json={}).status_code == 422
    assert _input_hook(app) in app.before_request_funcs[None]


def _input_hook(app: t.Any) -> t.Any:
    """The input hook of ``app``'s adapter (Quart's awaits the body first)."""
    hooks = app.extensions["contractkit"].hooks
    return hooks.parse_inputs if isinstance(app, Flask) else hooks.parse_awaited_inputs
