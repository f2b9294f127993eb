"""The OpenAPI document: structure, custom codes, paths, and validity in both versions."""

from __future__ import annotations

import json
import re
import typing as t

import pytest
from openapi_spec_validator import validate

from contractkit import ContractKit, SpecError, UnregisteredStatusError, responds

from ..feature_app import build_feature_app, register_codes
from ..frameworks import client_of, new_app, web_of


@pytest.fixture(params=["3.1.0", "3.0.3"])
def openapi_version(request: pytest.FixtureRequest) -> str:
    return t.cast(str, request.param)


@pytest.fixture
def spec(kit: ContractKit, openapi_version: str) -> dict[str, t.Any]:
    register_codes(kit)
    app = build_feature_app(kit, CONTRACTKIT_OPENAPI_VERSION=openapi_version)
    return kit.spec(app)


def test_feature_app_spec_is_valid(spec: dict[str, t.Any], openapi_version: str) -> None:
    assert spec["openapi"] == openapi_version
    validate(spec)


def test_example_app_spec_is_valid(openapi_version: str) -> None:
    from example_app import create_app

    app = create_app({"CONTRACTKIT_OPENAPI_VERSION": openapi_version})
    document = app.test_client().get("/openapi.json").get_json()
    assert document["openapi"] == openapi_version
    validate(document)


def test_custom_codes_carry_x_fallback_and_lead_with_their_phrase(spec: dict[str, t.Any]) -> None:
    custom = spec["paths"]["/custom"]["get"]["responses"]["299"]
    assert custom["x-fallback"] == 200
    assert custom["description"] == "Completed With Warnings"
    tier = spec["paths"]["/api/items"]["post"]["responses"]["460"]
    assert tier["x-fallback"] == 429
    assert tier["description"] == "Tier Limit Exceeded: No more calls this hour."
    standard = spec["paths"]["/api/items"]["post"]["responses"]["201"]
    assert "x-fallback" not in standard
    assert standard["description"] == "Created"


def test_x_status_codes_lists_every_custom_code(spec: dict[str, t.Any]) -> None:
    assert spec["x-status-codes"] == {
        "299": {
            "phrase": "Completed With Warnings",
            "fallback": 200,
            "description": "Completed With Warnings",
        },
        "460": {
            "phrase": "Tier Limit Exceeded",
            "fallback": 429,
            "description": "No more calls this hour.",
        },
    }


def test_every_response_has_a_description(spec: dict[str, t.Any]) -> None:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for code, response in operation["responses"].items():
                assert response["description"].strip(), (path, method, code)


def test_schemas_become_components_with_refs(spec: dict[str, t.Any]) -> None:
    assert set(spec["components"]["schemas"]) == {"Item", "Error", "Problem", "ValidationProblem"}
    listed = spec["paths"]["/api/items"]["get"]["responses"]["200"]["content"]
    assert listed["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Item"},
    }


def test_path_parameters_are_typed_from_converters(spec: dict[str, t.Any]) -> None:
    params = {p["name"]: p["schema"] for p in spec["paths"]["/typed/{a}/{b}/{c}/{d}"]["parameters"]}
    assert params == {
        "a": {"type": "integer", "minimum": 0},
        "b": {"type": "number", "minimum": 0},
        "c": {"type": "string", "format": "uuid"},
        "d": {"type": "string", "minLength": 1},
    }
    words = spec["paths"]["/words/{lang}/{color}/{s}"]["parameters"]
    assert [p["schema"] for p in words] == [
        {"type": "string", "pattern": "^[^/]+$", "minLength": 2, "maxLength": 2},
        {"type": "string", "enum": ["blue", "red"]},
        {"type": "string", "pattern": "^[^/]+$"},
    ]
    (signed,) = spec["paths"]["/words/{n}"]["parameters"]
    assert signed["schema"] == {"type": "integer", "minimum": 1, "maximum": 9}
    assert all(p["in"] == "path" and p["required"] for p in words)


def test_operation_ids_are_unique_and_method_qualified(spec: dict[str, t.Any]) -> None:
    ids = [
        op["operationId"]
        for item in spec["paths"].values()
        for method, op in item.items()
        if method != "parameters"
    ]
    assert len(ids) == len(set(ids))
    assert spec["paths"]["/both"]["get"]["operationId"] == "both_get"
    assert spec["paths"]["/both"]["post"]["operationId"] == "both_post"
    assert spec["paths"]["/custom"]["get"]["operationId"] == "custom"
    # One view served by two rules gets two distinct ids.
    assert (
        spec["paths"]["/words/{n}"]["get"]["operationId"]
        != (spec["paths"]["/words/{lang}/{color}/{s}"]["get"]["operationId"])
    )


def test_head_options_undeclared_exempt_static_and_own_routes_are_left_out(
    spec: dict[str, t.Any],
) -> None:
    paths = spec["paths"]
    assert "/undeclared" not in paths
    assert "/health" not in paths
    assert not any(p.startswith(("/static", "/openapi", "/docs")) for p in paths)
    methods = {m for item in paths.values() for m in item if m != "parameters"}
    assert methods <= {"get", "post", "put", "delete", "patch"}
    # Class-level declarations document every method of a MethodView.
    assert set(paths["/api/items/{item_id}"]) == {"get", "put", "parameters"}
    assert set(paths["/api/items/{item_id}"]["put"]["responses"]) == {"401", "404", "500"}
    assert paths["/api/items/{item_id}"]["put"]["summary"] == "Replace an item."


def test_tags_and_docstrings(spec: dict[str, t.Any]) -> None:
    custom = spec["paths"]["/custom"]["get"]
    assert custom["summary"] == "Answer with a custom code."
    assert custom["description"] == "The body is an item."
    assert "tags" not in custom
    item = spec["paths"]["/api/items/{item_id}"]["get"]
    assert item["tags"] == ["api"]
    assert item["summary"] == "One item."  # from the class when the method has none
    assert spec["paths"]["/api/inner/ping"]["get"]["tags"] == ["api.inner"]
    assert spec["tags"] == [{"name": "api"}, {"name": "api.inner"}]


def test_defaults_merge_most_specific_wins(spec: dict[str, t.Any]) -> None:
    ping = spec["paths"]["/api/inner/ping"]["get"]["responses"]
    assert set(ping) == {"200", "401", "500"}
    # Declared without a body: with JSON errors on, it carries contractkit's problem+json.
    assert ping["500"] == {
        "description": "Inner failure, no body.",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    assert ping["401"]["description"] == "Missing credentials."
    item = spec["paths"]["/api/items/{item_id}"]["get"]["responses"]
    assert set(item) == {"200", "401", "404", "500"}
    assert spec["paths"]["/custom"]["get"]["responses"]["500"]["description"] == (
        "Unexpected failure."
    )


def test_inputs_become_request_body_parameters_and_an_error_response(
    spec: dict[str, t.Any],
) -> None:
    create = spec["paths"]["/api/items"]["post"]
    assert create["requestBody"]["required"] is True
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Item"
    }
    problem = create["responses"]["422"]["content"]["application/problem+json"]
    assert problem["schema"] == {"$ref": "#/components/schemas/ValidationProblem"}
    query = {p["name"]: p for p in spec["paths"]["/api/items"]["get"]["parameters"]}
    assert set(query) == {"limit", "tags"}
    assert all(p["in"] == "query" for p in query.values())


def test_nullable_fields_follow_the_version(spec: dict[str, t.Any], openapi_version: str) -> None:
    name = spec["components"]["schemas"]["Item"]["properties"]["name"]
    if openapi_version == "3.1.0":
        assert name["type"] == ["string", "null"]
    else:
        assert name == {"type": "string", "nullable": True}


def test_output_is_deterministic_and_cached(kit: ContractKit) -> None:
    register_codes(kit)
    first = build_feature_app(kit)
    second = build_feature_app(kit)
    text = first.test_client().get("/openapi.json").data
    assert text == second.test_client().get("/openapi.json").data
    assert kit.spec(first) is kit.spec(first)
    assert list(json.loads(text))[:4] == ["openapi", "info", "servers", "tags"]


def test_info_comes_from_config(kit: ContractKit) -> None:
    register_codes(kit)
    app = build_feature_app(
        kit,
        CONTRACTKIT_TITLE="Shop",
        CONTRACTKIT_VERSION="2.1.0",
        CONTRACTKIT_DESCRIPTION="The shop API.",
        CONTRACTKIT_SERVERS=[{"url": "https://shop.example"}],
    )
    spec = kit.spec(app)
    assert spec["info"] == {"title": "Shop", "version": "2.1.0", "description": "The shop API."}
    assert spec["servers"] == [{"url": "https://shop.example"}]


def test_info_defaults_to_the_app_name(kit: ContractKit) -> None:
    register_codes(kit)
    spec = kit.spec(build_feature_app(kit))
    assert spec["info"] == {"title": "feature_app", "version": "1.0.0"}
    # OpenAPI's own default, written out: Redocly's recommended rules require servers.
    assert spec["servers"] == [{"url": "/"}]


def test_unregistered_custom_code_names_the_view_and_the_fix(
    kit: ContractKit, framework: str
) -> None:
    app = new_app(framework, __name__)

    @app.get("/limited")
    @responds(461)
    def limited() -> str:
        return ""

    kit.init_app(app)
    with pytest.raises(UnregisteredStatusError) as error:
        kit.spec(app)
    assert "custom status 461 is declared by GET /limited (endpoint 'limited')" in str(error.value)
    assert "ck.register_status(461, '<Reason Phrase>', fallback=400)" in str(error.value)


def test_two_rules_for_one_path_and_method_are_an_error(kit: ContractKit, framework: str) -> None:
    app = new_app(framework, __name__)

    @app.get("/things/<int:key>")
    @responds(200)
    def by_number(key: int) -> str:
        return ""

    @app.get("/things/<uuid:key>")
    @responds(200)
    def by_uuid(key: t.Any) -> str:
        return ""

    kit.init_app(app)
    with pytest.raises(SpecError, match=re.escape("GET /things/{key} is served by two URL rules")):
        kit.spec(app)


def test_blueprints_registered_after_init_app_are_included(
    kit: ContractKit, framework: str
) -> None:
    app = new_app(framework, __name__)
    kit.init_app(app)
    late = web_of(app).Blueprint("late", __name__)

    @late.get("/late")
    @responds(200)
    def late_view() -> str:
        return ""

    app.register_blueprint(late)
    assert "/late" in kit.spec(app)["paths"]


def test_one_kit_serves_several_apps_with_their_own_documents(
    kit: ContractKit, framework: str
) -> None:
    first, second = new_app(framework, "first"), new_app(framework, "second")

    @first.get("/a")
    @responds(200)
    def a() -> str:
        return ""

    @second.get("/b")
    @responds(200)
    def b() -> str:
        return ""

    kit.init_app(first)
    kit.init_app(second)
    assert list(kit.spec(first)["paths"]) == ["/a"]
    assert list(kit.spec(second)["paths"]) == ["/b"]
    assert "contractkit" in first.extensions and "contractkit" in second.extensions


@pytest.mark.parametrize("registered", [False, True])
def test_an_app_without_custom_codes_exports_no_custom_code_extensions(
    kit: ContractKit, framework: str, registered: bool
) -> None:
    if registered:  # registered on the kit, but no operation of this app answers it
        kit.register_status(299, "Completed With Warnings")
    app = new_app(framework, "plain")

    @app.get("/ping")
    @responds(200)
    def ping() -> str:
        return ""

    kit.init_app(app)
    spec = kit.spec(app)
    assert "x-status-codes" not in spec
    assert "x-status-fallback" not in spec
    assert "x-status" not in client_of(app).get("/openapi.yaml").get_data(as_text=True)


def _purge_app(framework: str, **config: t.Any) -> t.Any:
    """A cache-purging route, as apps behind Varnish have: a method OpenAPI has no place for."""
    app = new_app(framework, "cache")
    app.config.update(config)

    @app.route("/cache/<path:key>", methods=["PURGE"])
    @responds(204)
    def purge(key: str) -> t.Any:
        return "", 204

    @app.get("/items")
    @responds(200)
    def items() -> str:
        return ""

    ContractKit(app)
    return app


def test_a_method_openapi_cannot_hold_is_a_clear_error(framework: str) -> None:
    app = _purge_app(framework)
    with pytest.raises(SpecError, match=r"PURGE /cache/\{key\} \(endpoint 'purge'\) cannot be"):
        app.extensions["contractkit"].documents()
    # The runtime check still holds the route to its contract.
    response = client_of(app).open("/cache/a", method="PURGE")
    assert response.status_code == 204, response.get_data(as_text=True)


def test_a_hidden_route_with_such_a_method_leaves_the_document_valid(framework: str) -> None:
    app = _purge_app(framework, CONTRACTKIT_HIDDEN_ENDPOINTS=["purge"], CONTRACTKIT_MODE="strict")
    spec = app.extensions["contractkit"].documents().spec
    validate(spec)
    assert list(spec["paths"]) == ["/items"]
    assert client_of(app).open("/cache/a", method="PURGE").status_code == 204
