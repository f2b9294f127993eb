"""The published routes: /openapi.json, /openapi.yaml and the docs page, on Flask and Quart."""

from __future__ import annotations

import json
import re
import typing as t
import urllib.request

import pytest
import yaml
from flask import Flask

from contractkit import ConfigError, ContractKit, ContractWarning, responds

from ..frameworks import client_of, new_app, web_of
from ..servers import serving
from .test_docs_page import Page

if t.TYPE_CHECKING:
    from ..conftest import MakeApp


def _routes(app: Flask) -> None:
    @app.get("/ping")
    @responds(200)
    def ping() -> str:
        return "pong"


def test_json_and_yaml_are_the_same_document(make_app: MakeApp, framework: str) -> None:
    client = client_of(make_app(_routes))
    as_json = client.get("/openapi.json")
    as_yaml = client.get("/openapi.yaml")
    assert as_json.status_code == as_yaml.status_code == 200
    assert as_json.mimetype == "application/json"
    assert as_yaml.mimetype == "application/yaml"
    assert yaml.safe_load(as_yaml.data) == json.loads(as_json.data)


def test_docs_page_loads_only_bundled_assets(make_app: MakeApp, framework: str) -> None:
    client = client_of(make_app(_routes, CONTRACTKIT_TITLE="Ping API"))
    page = client.get("/docs/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<title>Ping API</title>" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the page should load Swagger UI's script and styles"
    for asset in assets:
        assert asset.startswith("/docs/"), f"{asset} is not served by the app"
        with client.get(asset) as response:
            assert response.status_code == 200, asset
    assert Page(html).config["url"] == "/openapi.json"


def test_docs_without_trailing_slash_redirects(make_app: MakeApp, framework: str) -> None:
    client = client_of(make_app(_routes))
    response = client.get("/docs")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/docs/")


def test_paths_are_configurable(make_app: MakeApp, framework: str) -> None:
    app = make_app(
        _routes,
        CONTRACTKIT_OPENAPI_JSON_PATH="/api/spec.json",
        CONTRACTKIT_OPENAPI_YAML_PATH="/api/spec.yaml",
        CONTRACTKIT_DOCS_PATH="/api/docs",
    )
    client = client_of(app)
    assert client.get("/api/spec.json").status_code == 200
    assert client.get("/api/spec.yaml").status_code == 200
    assert Page(client.get("/api/docs/").get_data(as_text=True)).config["url"] == "/api/spec.json"
    assert client.get("/openapi.json").status_code == 404


def test_each_route_can_be_switched_off(make_app: MakeApp, framework: str) -> None:
    app = make_app(_routes, CONTRACTKIT_OPENAPI_YAML_PATH=None, CONTRACTKIT_DOCS_PATH=None)
    client = client_of(app)
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/openapi.yaml").status_code == 404
    assert client.get("/docs/").status_code == 404
    assert not any(r.rule.startswith("/docs") for r in app.url_map.iter_rules())


def test_everything_off_leaves_no_routes_but_keeps_the_spec(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(
        _routes,
        CONTRACTKIT_OPENAPI_JSON_PATH=None,
        CONTRACTKIT_OPENAPI_YAML_PATH=None,
        CONTRACTKIT_DOCS_PATH=None,
    )
    assert {r.endpoint for r in app.url_map.iter_rules()} == {"static", "ping"}
    assert list(kit.spec(app)["paths"]) == ["/ping"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"CONTRACTKIT_MODE": "loud"}, "CONTRACTKIT_MODE='loud' is not supported"),
        ({"CONTRACTKIT_OPENAPI_VERSION": "2.0"}, "use one of '3.1.0', '3.0.3'"),
        ({"CONTRACTKIT_OPENAPI_VERSION": 3.1}, "CONTRACTKIT_OPENAPI_VERSION=3.1"),
        ({"CONTRACTKIT_INPUT_ERROR_STATUS": 418}, "use one of 400, 422"),
        ({"CONTRACTKIT_OPENAPI_JSON_PATH": "openapi.json"}, "must be a URL path starting"),
        ({"CONTRACTKIT_TITLE": ""}, "must be a non-empty string"),
        ({"CONTRACTKIT_SERVERS": ["https://x"]}, "list of OpenAPI server objects"),
        (
            {"CONTRACTKIT_OPENAPI_JSON_PATH": None, "CONTRACTKIT_OPENAPI_YAML_PATH": None},
            "CONTRACTKIT_DOCS_PATH needs the spec to be served",
        ),
    ],
)
def test_bad_config_fails_in_init_app(
    config: dict[str, object], message: str, make_app: MakeApp, framework: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        make_app(_routes, **config)


def test_init_app_twice_on_one_app_fails(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(_routes)
    with pytest.raises(Exception, match="already set up"):
        kit.init_app(app)


def test_spec_outside_any_app_without_contractkit_fails(kit: ContractKit, framework: str) -> None:
    with pytest.raises(Exception, match="does not use contractkit"):
        kit.spec(new_app(framework, "plain"))


@pytest.mark.slow
def test_spec_and_docs_over_real_http(app: Flask) -> None:
    with serving(app) as url:
        with urllib.request.urlopen(f"{url}/openapi.json") as response:
            document = json.load(response)
        with urllib.request.urlopen(f"{url}/docs/") as response:
            assert b"swagger-ui-bundle.js" in response.read()
    assert document["x-status-codes"]["460"]["fallback"] == 429


def test_a_route_of_the_app_at_contractkits_path_keeps_it_with_one_warning(
    kit: ContractKit,
    framework: str,
) -> None:
    app = new_app(framework, "taken")

    @app.get("/openapi.json")
    def their_spec() -> t.Any:
        return {"openapi": "theirs"}

    with pytest.warns(ContractWarning, match=r"/openapi.json.*CONTRACTKIT_OPENAPI_JSON_PATH"):
        kit.init_app(app)
    client = client_of(app)
    assert client.get("/openapi.json").json == {"openapi": "theirs"}
    assert client.get("/openapi.yaml").status_code == 200  # the other routes stay
    assert client.get("/docs/").status_code == 200


def test_a_route_added_after_init_app_at_contractkits_path_is_named_in_one_warning(
    kit: ContractKit,
    framework: str,
) -> None:
    app = new_app(framework, "late")
    kit.init_app(app)
    theirs = web_of(app).Blueprint("theirs", __name__)

    @theirs.get("/openapi.json")
    def their_spec() -> t.Any:
        return {"openapi": "theirs"}

    app.register_blueprint(theirs)
    with pytest.warns(ContractWarning) as warned:
        kit.contract(app)
    kit.contract(app)  # built once, warned once
    assert len(warned) == 1
    message = str(warned[0].message)
    assert "/openapi.json (endpoint 'theirs.their_spec') after init_app" in message
    assert "CONTRACTKIT_OPENAPI_JSON_PATH" in message
    # What the warning says: contractkit's route, added first, is the one that answers.
    assert client_of(app).get("/openapi.json").json["openapi"] == "3.1.0"


def test_a_late_route_that_does_not_answer_get_at_contractkits_path_is_no_clash(
    kit: ContractKit,
    framework: str,
) -> None:
    app = new_app(framework, "late_post")
    kit.init_app(app)

    @app.post("/openapi.json")
    def upload_spec() -> t.Any:
        return {"uploaded": True}

    kit.contract(app)  # no warning: warnings are errors in this suite
    client = client_of(app)
    assert client.get("/openapi.json").json["openapi"] == "3.1.0"
    assert client.post("/openapi.json").json == {"uploaded": True}


def test_flask_smorest_set_up_after_contractkit_is_warned_about(kit: ContractKit) -> None:
    from flask_smorest import Api

    app = Flask("smorest_late")
    app.config.update(
        API_TITLE="Pets",
        API_VERSION="1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        CONTRACTKIT_DOCS_PATH=None,
    )
    kit.init_app(app)
    Api(app)
    with pytest.warns(ContractWarning, match=r"endpoint 'api-docs\.openapi_json'"):
        kit.contract(app)


def test_a_spec_driven_apps_late_doc_tool_route_is_expected(kit: ContractKit) -> None:
    from flask_smorest import Api

    app = Flask("smorest_spec_driven")
    app.config.update(
        API_TITLE="Pets", API_VERSION="1", OPENAPI_VERSION="3.1.0", OPENAPI_URL_PREFIX="/"
    )
    kit.init_app(app, spec=lambda: api.spec.to_dict())
    api = Api(app)
    kit.contract(app)  # a documentation tool's route serves the enforced document: no warning
    assert app.test_client().get("/openapi.json").status_code == 200


def test_other_doc_tools_routes_are_not_operations(kit: ContractKit, framework: str) -> None:
    app = new_app(framework, "smorest_docs")
    app.config.update(CONTRACTKIT_MODE="strict", CONTRACTKIT_DOCS_PATH=None)
    docs = web_of(app).Blueprint("api-docs", __name__)

    @docs.get("/api-spec.json")
    def openapi_json() -> t.Any:
        return {"openapi": "3.0.2"}

    app.register_blueprint(docs)
    kit.init_app(app)
    assert client_of(app).get("/api-spec.json").status_code == 200
    assert kit.violations(app).total == 0


def test_the_docs_page_goes_too_when_both_documents_are_taken(
    kit: ContractKit, framework: str
) -> None:
    app = new_app(framework, "both_taken")

    @app.get("/openapi.json")
    def their_json() -> t.Any:
        return {}

    @app.get("/openapi.yaml")
    def their_yaml() -> t.Any:
        return ""

    with pytest.warns(ContractWarning) as warned:
        kit.init_app(app)
    assert len(warned) == 2
    assert client_of(app).get("/docs/").status_code == 404


def _async_routes(app: t.Any) -> None:
    @app.get("/ping")
    @responds(200)
    async def ping() -> t.Any:
        return "pong", 299


def test_the_same_endpoints_and_violations_route_on_either_framework(
    make_app: MakeApp, framework: str
) -> None:
    app = make_app(
        _async_routes,
        CONTRACTKIT_VIOLATIONS_PATH="/_contract/violations",
        CONTRACTKIT_VIOLATIONS_TOKEN="token-123",
    )
    own = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert own == {
        "ping",
        "contractkit.openapi_json",
        "contractkit.openapi_yaml",
        "contractkit.violations",
        "contractkit.docs.page",
        "contractkit.docs.asset",
    }
    client = client_of(app)
    assert client.get("/ping").status_code == 299  # report mode: one violation
    page = client.get("/docs/")
    assert page.mimetype == "text/html"
    assert client.get("/docs/index.html").data == page.data
    assert client.get("/_contract/violations").status_code == 401
    read = client.get("/_contract/violations", headers={"Authorization": "Bearer token-123"})
    assert (read.status_code, read.headers["Cache-Control"]) == (200, "no-store")
    assert json.loads(read.data)["total"] == 1
