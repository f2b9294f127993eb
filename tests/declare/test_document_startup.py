"""Spec-driven mode at start-up: bad documents fail early and never break a request in report mode.

Also what the checks say to a spec-driven app: every fix speaks of its document.
"""

from __future__ import annotations

import logging
import typing as t
from pathlib import Path

import pytest
from flask import Blueprint, Flask

from contractkit import ContractKit, ContractWarning
from contractkit.errors import ConfigError, ConversionWarning, SpecError

from ..frameworks import client_of, new_app

Document = dict[str, t.Any]


def item_doc(**fields: t.Any) -> Document:
    """A 3.0 document with one operation, ``GET /items/{id}`` answering 200 with an item."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Items", "version": "1"},
        "paths": {
            "/items/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "get": {
                    "responses": {
                        "200": {
                            "description": "The item.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"name": {"type": "string"}},
                                    }
                                }
                            },
                        },
                        "202": {"description": "Accepted, with no body."},
                    }
                },
            }
        },
        **fields,
    }


def items_app(prefix: str = "", framework: str = "flask", **config: t.Any) -> Flask:
    """A plain app of ``framework`` whose one view answers what the document allows, or not."""
    app: Flask = new_app(framework, "items")
    app.config.update(config)

    @app.get(f"{prefix}/items/<name>")
    def item(name: str) -> t.Any:
        if name == "loud":
            return "shouting", 202
        if name == "null":
            return {"name": None}
        if name == "teapot":
            return {"name": "tea"}, 418
        return {"name": name}

    return app


def _invalid(doc: Document) -> Document:
    doc["paths"]["/items/{id}"]["get"]["responses"]["200"].pop("description")
    return doc


BAD_DOCUMENTS = [
    pytest.param({"openapi": "2.0", "info": {}, "paths": {}}, "openapi is '2.0'", id="version"),
    pytest.param({"swagger": "1.2", "info": {}, "paths": {}}, "swagger is '1.2'", id="old-swagger"),
    pytest.param(_invalid(item_doc()), r"\$\.paths\['/items/\{id\}'\]", id="invalid-3.0"),
    pytest.param(
        {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": {}}}},
        r"(?s)Swagger 2.0 document .* 1 problem.*\$\.paths\['/x'\]\.get",
        id="invalid-2.0",
    ),
]


@pytest.mark.parametrize("mode", ["strict", "report"])
@pytest.mark.parametrize(("spec", "message"), BAD_DOCUMENTS)
def test_a_bad_dict_fails_in_init_app_in_either_mode(
    spec: Document, message: str, mode: str, framework: str
) -> None:
    app = items_app(framework=framework, CONTRACTKIT_MODE=mode)
    with pytest.raises(SpecError, match=message):
        ContractKit().init_app(app, spec=spec)


def test_a_bad_file_fails_in_init_app(tmp_path: Path, framework: str) -> None:
    (tmp_path / "api.json").write_text('{"openapi": "3.0.3", "info": {}, "paths": {}}')
    app = items_app(framework=framework, CONTRACTKIT_MODE="strict")
    with pytest.raises(SpecError, match=r"\$\.info"):
        ContractKit().init_app(app, spec=tmp_path / "api.json")


class Raising:
    """A callable standing for a tool whose document cannot be built."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Document:
        self.calls += 1
        raise RuntimeError("no schema yet")


def test_a_raising_callable_fails_at_the_first_contract_call(framework: str) -> None:
    app = items_app(framework=framework, CONTRACTKIT_MODE="strict")
    kit = ContractKit()
    kit.init_app(app, spec=Raising())  # not called yet: the tool may still add routes
    with pytest.raises(SpecError, match="the callable given as CONTRACTKIT_SPEC raised"):
        kit.contract(app)


def test_in_strict_mode_a_request_meets_the_error(
    caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    app = items_app(framework=framework, CONTRACTKIT_MODE="strict")
    source = Raising()
    ContractKit().init_app(app, spec=source)
    client = client_of(app)
    with caplog.at_level(logging.ERROR, logger="contractkit"):
        for _ in range(3):
            response = client.get("/items/a")
            assert response.status_code == 500
            assert "SpecError" in response.json["detail"]
    assert source.calls == 1  # not built again for every request
    logged = [r.getMessage() for r in caplog.records if r.name == "contractkit"]
    assert len(logged) == 1 and "every response is a 500 until it is fixed" in logged[0]


def test_in_report_mode_requests_go_out_untouched_logged_once_and_counted(
    caplog: pytest.LogCaptureFixture,
    framework: str,
) -> None:
    app = items_app(
        framework=framework,
    )
    source = Raising()
    kit = ContractKit()
    kit.init_app(app, spec=source)
    client = client_of(app)
    with caplog.at_level(logging.ERROR, logger="contractkit"):
        answers = [client.get(url) for url in ("/items/a", "/items/b", "/items/teapot")]
    assert [(r.status_code, r.json) for r in answers] == [
        (200, {"name": "a"}),
        (200, {"name": "b"}),
        (418, {"name": "tea"}),
    ]
    assert source.calls == 1
    logged = [r for r in caplog.records if r.name == "contractkit"]
    assert len(logged) == 1
    message = logged[0].getMessage()
    assert message.startswith(f"contractkit could not build the contract of app {app.name!r}")
    assert "(first met at GET " in message and "responses go out unchecked" in message
    assert sum(kit.violations(app).counts().values()) == 3
    assert {kind for *_, kind in kit.violations(app).counts()} == {"check-failed"}


def _only_default(policy: str, framework: str) -> Flask:
    doc = item_doc()
    doc["paths"]["/items/{id}"]["get"]["responses"] = {
        "default": {"description": "Default error response."}
    }
    app = items_app(
        framework=framework, CONTRACTKIT_MODE="strict", CONTRACTKIT_DEFAULT_RESPONSE=policy
    )
    ContractKit().init_app(app, spec=doc)
    return app


@pytest.mark.parametrize(
    ("policy", "fragment"),
    [
        (
            "errors",
            "(declared: default, read as unlisted standard 4xx and 5xx codes only "
            "(CONTRACTKIT_DEFAULT_RESPONSE = 'errors'; 'any' makes it cover every code))",
        ),
        ("ignore", "(declared: default, which CONTRACTKIT_DEFAULT_RESPONSE = 'ignore' leaves out"),
    ],
)
def test_an_operation_with_only_default_says_what_it_declares(
    policy: str, fragment: str, framework: str
) -> None:
    detail = client_of(_only_default(policy, framework)).get("/items/a").json["detail"]
    assert "(declared: )" not in detail
    assert fragment in detail
    assert "add response 200 to GET /items/{id} in the app's OpenAPI document" in detail


@pytest.mark.parametrize(
    ("key", "cover"),
    [("default", "so default does not cover it"), ("4XX", "so 4XX does not cover it")],
)
def test_a_teapot_past_a_standard_only_catch_all_says_418_is_unused(
    key: str, cover: str, framework: str
) -> None:
    doc = item_doc()
    doc["paths"]["/items/{id}"]["get"]["responses"][key] = {"description": "An error."}
    app = items_app(framework=framework, CONTRACTKIT_MODE="strict")
    ContractKit().init_app(app, spec=doc)
    detail = client_of(app).get("/items/teapot").json["detail"]
    assert f"IANA lists 418 as '(Unused)', not as a standard code, {cover}" in detail


@pytest.mark.parametrize(
    ("url", "status", "fragment"),
    [
        # Not "add response 418": the document check refuses 418 as IANA's "(Unused)".
        ("/items/teapot", 418, "no contract can declare it: status code 418 is reserved by IANA"),
        (
            "/items/null",
            200,
            "make it nullable in the app's OpenAPI document (nullable: true in 3.0",
        ),
        (
            "/items/loud",
            202,
            "add text/html content to response 202 of GET /items/{id} in the app's OpenAPI",
        ),
    ],
)
def test_fixes_speak_of_the_document_not_of_decorators(
    url: str, status: int, fragment: str, framework: str
) -> None:
    app = items_app(framework=framework, CONTRACTKIT_MODE="strict")
    ContractKit().init_app(app, spec=item_doc())
    detail = client_of(app).get(url).json["detail"]
    assert fragment in detail
    assert "@responds" not in detail and "allow_none" not in detail


@pytest.mark.parametrize(
    "servers",
    [
        [{"url": "https://api.example.com/api"}],
        [{"url": "/api/"}],
        [{"url": "api"}],
        [
            {
                "url": "{scheme}://api.example.com/{base}",
                "variables": {"scheme": {"default": "https"}, "base": {"default": "api"}},
            }
        ],
        [{"url": "https://api.example.com/v2"}, {"url": "https://staging.example.com/api"}],
    ],
    ids=["absolute", "relative", "relative-no-slash", "variables", "several"],
)
def test_paths_are_matched_under_the_server_url_path(
    servers: list[Document], framework: str
) -> None:
    app = items_app("/api", framework=framework, CONTRACTKIT_MODE="strict")
    kit = ContractKit()
    kit.init_app(app, spec=item_doc(servers=servers))
    contract = kit.contract(app)
    assert [(op.endpoint, op.path) for op in contract.operations] == [("item", "/items/{id}")]
    assert client_of(app).get("/api/items/a").status_code == 200


def test_an_app_mounted_under_the_server_path_still_matches() -> None:
    # SCRIPT_NAME or a proxy strips /api: the routes are the document's paths as written.
    app = items_app("", CONTRACTKIT_MODE="strict")
    kit = ContractKit()
    kit.init_app(app, spec=item_doc(servers=[{"url": "/api"}]))
    assert [op.endpoint for op in kit.contract(app).operations] == ["item"]


@pytest.mark.parametrize(
    ("prefix", "servers", "fragment"),
    [
        (
            "/v1",
            [],
            "the app serves the document's paths under '/v1' (/v1/items/{} for /items/{}). "
            "Give the document that prefix: servers: [{url: '/v1'}]",
        ),
        (
            "/v1",
            [{"url": "/api"}],
            "under '/v1' (/v1/items/{} for /items/{}) (its servers put '/api' in front of them)",
        ),
    ],
)
def test_no_route_matching_warns_once_with_the_likely_cause(
    prefix: str, servers: list[Document], fragment: str
) -> None:
    app = items_app(prefix)
    kit = ContractKit()
    kit.init_app(app, spec=item_doc(servers=servers))
    with pytest.warns(ContractWarning) as caught:
        kit.contract(app)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "no route of app 'items' matches a path of its OpenAPI document" in message
    assert fragment in message


def test_document_paths_with_a_prefix_the_routes_lack_are_named() -> None:
    doc = item_doc()
    doc["paths"] = {"/api" + path: item for path, item in doc["paths"].items()}
    app = items_app()
    kit = ContractKit()
    kit.init_app(app, spec=doc)
    with pytest.warns(ContractWarning, match=r"the document's paths start with '/api'"):
        kit.contract(app)


def _versioned_app(**config: t.Any) -> Flask:
    """v1 and v2 of one API under their own prefixes, as two blueprints."""
    app = Flask("versions")
    app.config.update(config)
    for version in ("v1", "v2"):
        blueprint = Blueprint(version, __name__, url_prefix=f"/{version}")

        @blueprint.get("/items/<name>")
        def item(name: str) -> t.Any:
            return ("", 202) if name == "later" else {"name": name}

        app.register_blueprint(blueprint)
    return app


def test_each_of_several_documents_holds_the_routes_under_its_servers() -> None:
    v1 = item_doc(servers=[{"url": "/v1"}])
    v2 = item_doc(servers=[{"url": "/v2"}])
    del v2["paths"]["/items/{id}"]["get"]["responses"]["202"]
    app = _versioned_app(
        CONTRACTKIT_MODE="strict",
        CONTRACTKIT_OPENAPI_JSON_PATH=None,
        CONTRACTKIT_OPENAPI_YAML_PATH=None,
        CONTRACTKIT_DOCS_PATH=None,
    )
    kit = ContractKit()
    kit.init_app(app, spec=[v1, v2])
    assert {op.rule.rule for op in kit.contract(app).operations} == {
        "/v1/items/<name>",
        "/v2/items/<name>",
    }
    client = app.test_client()
    assert client.get("/v1/items/later").status_code == 202
    refused = client.get("/v2/items/later")
    assert refused.status_code == 500
    assert "it answered 202, which its contract does not declare" in refused.get_json()["detail"]


def test_several_documents_and_a_served_document_are_refused_at_init_app() -> None:
    app = _versioned_app(CONTRACTKIT_DOCS_PATH=None)
    with pytest.raises(
        ConfigError,
        match=r"lists 2 documents.*CONTRACTKIT_OPENAPI_JSON_PATH, "
        r"CONTRACTKIT_OPENAPI_YAML_PATH to None",
    ):
        ContractKit().init_app(app, spec=[item_doc(), item_doc()])


def test_a_swagger_2_0_array_3_0_cannot_express_warns_in_init_app() -> None:
    app = Flask(__name__)

    @app.get("/items")
    def items() -> t.Any:
        return {"items": []}

    document = {
        "swagger": "2.0",
        "info": {"title": "Items", "version": "1"},
        "paths": {
            "/items": {
                "get": {
                    "parameters": [
                        {
                            "name": "ids",
                            "in": "query",
                            "type": "array",
                            "items": {"type": "integer"},
                            "collectionFormat": "tsv",
                        }
                    ],
                    "responses": {"200": {"description": "The items"}},
                }
            }
        },
    }
    with pytest.warns(ConversionWarning) as caught:
        ContractKit().init_app(app, spec=document)
    (warning,) = caught
    assert str(warning.message).startswith(
        "CONTRACTKIT_SPEC: $.paths['/items'].get.parameters[0]: the query parameter 'ids' of "
        "GET /items: collectionFormat 'tsv' has no OpenAPI 3.0 form"
    )
    assert app.test_client().get("/items?ids=1%092").status_code == 200


def test_a_route_added_after_the_contract_is_sent_to_the_document() -> None:
    app = items_app(CONTRACTKIT_MODE="strict")
    kit = ContractKit()
    kit.init_app(app, spec=item_doc())
    kit.contract(app)
    app.add_url_rule("/late", "late", lambda: "late")
    detail = app.test_client().get("/late").get_json()["detail"]
    assert "it answered 200 but declares nothing; add its operation to the app's OpenAPI" in detail
    assert "@responds" not in detail
