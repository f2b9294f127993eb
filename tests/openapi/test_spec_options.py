"""What users add to the document: CONTRACTKIT_SPEC_OPTIONS and CONTRACTKIT_SPEC_PLUGINS."""

from __future__ import annotations

import functools
import json
import re
import typing as t

import pytest
from apispec import APISpec, BasePlugin
from flask import Blueprint, Flask
from openapi_spec_validator import validate

from contractkit import ConfigError, ContractKit, responds
from contractkit.openapi.reuse import forget_documents
from contractkit.state import app_state

from ..feature_app import build_feature_app, register_codes

OPTIONS: t.Final[dict[str, t.Any]] = {
    "info": {
        "termsOfService": "https://shop.example/terms",
        "contact": {"name": "Shop API team", "email": "api@shop.example"},
        "license": {"name": "MIT", "url": "https://opensource.org/licenses/MIT"},
        "x-audience": "partners",
    },
    "externalDocs": {"url": "https://shop.example/docs", "description": "Guides"},
    "tags": [
        {"name": "api.inner", "description": "Health of the inner service."},
        {"name": "api", "description": "The shop's items."},
    ],
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        "responses": {"Teapot": {"description": "A teapot."}},
    },
    "security": [{"bearerAuth": []}],
    "x-api-id": "shop",
}


@pytest.fixture(params=["3.1.0", "3.0.3"])
def openapi_version(request: pytest.FixtureRequest) -> str:
    return t.cast(str, request.param)


def _spec(kit: ContractKit, **config: t.Any) -> dict[str, t.Any]:
    register_codes(kit)
    return kit.spec(build_feature_app(kit, **config))


def test_options_are_merged_into_a_valid_document(kit: ContractKit, openapi_version: str) -> None:
    spec = _spec(kit, CONTRACTKIT_OPENAPI_VERSION=openapi_version, CONTRACTKIT_SPEC_OPTIONS=OPTIONS)
    validate(spec)
    assert spec["openapi"] == openapi_version
    assert spec["info"] == {"title": "feature_app", "version": "1.0.0", **OPTIONS["info"]}
    assert spec["externalDocs"] == OPTIONS["externalDocs"]
    assert spec["security"] == [{"bearerAuth": []}]
    assert spec["components"]["securitySchemes"] == OPTIONS["components"]["securitySchemes"]
    assert spec["components"]["responses"] == {"Teapot": {"description": "A teapot."}}
    # The contract's own components are all still there.
    assert set(spec["components"]["schemas"]) == {"Error", "Item", "Problem", "ValidationProblem"}
    # Described tags in their given order; the x- extension after contractkit's own keys.
    assert spec["tags"] == OPTIONS["tags"]
    assert list(spec) == [
        "openapi",
        "info",
        "servers",
        "security",
        "tags",
        "externalDocs",
        "paths",
        "components",
        "x-status-codes",
        "x-status-fallback",
        "x-api-id",
    ]


def test_openapi_31_fields_are_accepted_in_a_31_document(kit: ContractKit) -> None:
    spec = _spec(
        kit,
        CONTRACTKIT_SPEC_OPTIONS={
            "info": {"summary": "Items for sale.", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"restocked": {"post": {"responses": {"200": {"description": "Seen."}}}}},
        },
    )
    validate(spec)
    assert spec["info"]["summary"] == "Items for sale."
    assert list(spec["webhooks"]) == ["restocked"]


def test_tags_without_a_description_follow_by_name(kit: ContractKit) -> None:
    options = {"tags": [{"name": "api.inner", "description": "Inner."}]}
    spec = _spec(kit, CONTRACTKIT_SPEC_OPTIONS=options)
    assert spec["tags"] == [{"name": "api.inner", "description": "Inner."}, {"name": "api"}]


def test_the_document_is_deterministic_and_the_config_is_copied(kit: ContractKit) -> None:
    register_codes(kit)
    options = json.loads(json.dumps(OPTIONS))
    first = build_feature_app(kit, CONTRACTKIT_SPEC_OPTIONS=options)
    options["info"]["contact"]["name"] = "changed after init_app"
    second = build_feature_app(kit, CONTRACTKIT_SPEC_OPTIONS=OPTIONS)
    body = first.test_client().get("/openapi.json").data
    assert body == second.test_client().get("/openapi.json").data
    assert json.loads(body)["info"]["contact"]["name"] == "Shop API team"
    assert OPTIONS["tags"][0]["description"] == "Health of the inner service."


def test_a_tag_of_hidden_operations_is_left_out(kit: ContractKit) -> None:
    options = {"tags": [{"name": "api.inner", "description": "Inner."}]}
    spec = _spec(
        kit, CONTRACTKIT_SPEC_OPTIONS=options, CONTRACTKIT_HIDDEN_ENDPOINTS=["api.inner.*"]
    )
    assert spec["tags"] == [{"name": "api"}]


class _Recorder(BasePlugin):
    """Marks every operation and adds a security scheme, as real plugins do."""

    #: (plugin, spec) for each spec a _Recorder was given.
    uses: t.ClassVar[list[tuple[BasePlugin, APISpec]]] = []

    def __init__(self, marker: str = "yes") -> None:
        self.marker = marker

    def init_spec(self, spec: APISpec) -> None:
        super().init_spec(spec)
        self.uses.append((self, spec))
        spec.components.security_scheme("apiKey", {"type": "apiKey", "in": "header", "name": "K"})

    def operation_helper(
        self, path: str | None = None, operations: dict[str, t.Any] | None = None, **kwargs: t.Any
    ) -> None:
        for operation in (operations or {}).values():
            operation["x-marker"] = self.marker


@pytest.mark.parametrize("plugin", [_Recorder, functools.partial(_Recorder, "partial")])
def test_plugins_take_part_in_every_build(
    kit: ContractKit, openapi_version: str, plugin: t.Any
) -> None:
    _Recorder.uses.clear()
    forget_documents()  # this test counts builds: none may come from an earlier test's
    register_codes(kit)
    app = build_feature_app(
        kit,
        CONTRACTKIT_OPENAPI_VERSION=openapi_version,
        CONTRACTKIT_SPEC_PLUGINS=[plugin],
        CONTRACTKIT_SPEC_OPTIONS={"security": [{"apiKey": []}]},
    )
    spec = kit.spec(app)
    validate(spec)
    marker = "yes" if plugin is _Recorder else "partial"
    assert {op["x-marker"] for op in spec["paths"]["/custom"].values()} == {marker}
    assert list(spec["components"]["securitySchemes"]) == ["apiKey"]
    other = "3.0.3" if openapi_version == "3.1.0" else "3.1.0"
    assert app_state(app).documents_for(other).spec["security"] == [{"apiKey": []}]
    # Each build had a plugin of its own.
    plugins, specs = zip(*_Recorder.uses, strict=True)
    assert len(set(map(id, plugins))) == len(set(map(id, specs))) == 2


def _init(**config: t.Any) -> Flask:
    app = Flask("options")
    app.config.update(config)
    ContractKit().init_app(app)
    return app


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([("info", {})], "=[('info', {})] must be a dict of top-level OpenAPI fields"),
        ({"x-when": {1, 2}}, " must hold JSON values only: Object of type set"),
        ({"x-ratio": float("nan")}, " must hold JSON values only: Out of range float"),
        ({"openapi": "3.0.0"}, "['openapi'] is written by contractkit: set CONTRACTKIT_OPENAPI"),
        ({"servers": []}, "['servers'] is written by contractkit: set CONTRACTKIT_SERVERS"),
        ({"paths": {}}, "['paths'] is written by contractkit: declare responses with @responds"),
        ({"x-status-codes": {}}, "['x-status-codes'] is written by contractkit: register codes"),
        ({"x-status-fallback": {}}, "['x-status-fallback'] is written by contractkit: set"),
        ({"info": {"title": "T"}}, "['info']['title'] is written by contractkit: set CONTRACTKIT"),
        ({"info": {"version": "2"}}, "['info']['version'] is written by contractkit: set CONTRACT"),
        ({"info": {"description": "D"}}, "['info']['description'] is written by contractkit"),
        ({"contact": {}}, "['contact'] is not a field contractkit can add (it belongs under"),
        ({"host": "x"}, "['host'] is not a field contractkit can add; use one of info, security"),
        ({"info": {"author": "x"}}, "['info']['author'] is not a field contractkit can add"),
        ({"info": []}, "['info'] must be an object"),
        ({"components": {"widgets": {}}}, "['components']['widgets'] is not a field"),
        ({"components": {"schemas": []}}, "['components']['schemas'] must be an object"),
        ({"components": {"schemas": {"A": 1}}}, "['components']['schemas']['A'] must be an object"),
        ({"tags": {"name": "api"}}, "['tags'] must be a list"),
        ({"tags": [{"description": "no name"}]}, "['tags'] must be a list of tag objects with a"),
        ({"tags": [{"name": "a"}, {"name": "a"}]}, "['tags'] lists 'a' twice"),
        ({"security": [["bearerAuth"]]}, "['security'] must be a list of security requirement"),
    ],
)
def test_bad_options_are_refused_by_init_app(options: t.Any, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(f"CONTRACTKIT_SPEC_OPTIONS{message}")):
        _init(CONTRACTKIT_SPEC_OPTIONS=options)


@pytest.mark.parametrize(
    "options",
    [
        {"webhooks": {}},
        {"jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema"},
        {"info": {"summary": "S"}},
        {"components": {"pathItems": {}}},
    ],
)
def test_openapi_31_fields_are_refused_for_303(options: dict[str, t.Any]) -> None:
    message = "is an OpenAPI 3.1 field; CONTRACTKIT_OPENAPI_VERSION is '3.0.3'"
    with pytest.raises(ConfigError, match=re.escape(message)):
        _init(CONTRACTKIT_SPEC_OPTIONS=options, CONTRACTKIT_OPENAPI_VERSION="3.0.3")
    _init(CONTRACTKIT_SPEC_OPTIONS=options)  # fine in 3.1.0, the default


class _NotAPlugin:
    pass


def _failing() -> BasePlugin:
    raise RuntimeError("no licence key")


@pytest.mark.parametrize(
    ("plugins", "message"),
    [
        ("MyPlugin", "='MyPlugin' must be a list of apispec plugin classes"),
        (_Recorder, "=<class 'tests.openapi.test_spec_options._Recorder'> must be a list"),
        ([_Recorder()], "[0] is a plugin instance, <tests.openapi.test_spec_options._Recorder"),
        ([_Recorder, 42], "[1]=42 must be an apispec plugin class"),
        ([_NotAPlugin], "[0]=<class 'tests.openapi.test_spec_options._NotAPlugin'> returned <"),
        ([_failing], "[0]() failed: RuntimeError('no licence key')"),
    ],
)
def test_bad_plugins_are_refused_by_init_app(plugins: t.Any, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(f"CONTRACTKIT_SPEC_PLUGINS{message}")):
        _init(CONTRACTKIT_SPEC_PLUGINS=plugins)


def test_a_described_tag_no_operation_has_is_an_error(kit: ContractKit) -> None:
    options = {"tags": [{"name": "itmes", "description": "A typo."}]}
    message = "['tags'] describes tag 'itmes', which no operation has; the operations' tags"
    with pytest.raises(ConfigError, match=re.escape(message)) as error:
        _spec(kit, CONTRACTKIT_SPEC_OPTIONS=options)
    assert "are: 'api', 'api.inner'." in str(error.value)


def test_a_component_never_replaces_one_the_contract_builds(kit: ContractKit) -> None:
    options = {"components": {"schemas": {"Item": {"type": "object"}}}}
    message = "CONTRACTKIT_SPEC_OPTIONS['components']['schemas']['Item'] has the name of a compo"
    with pytest.raises(ConfigError, match=re.escape(message)):
        _spec(kit, CONTRACTKIT_SPEC_OPTIONS=options)


def test_a_component_never_replaces_one_a_plugin_adds(kit: ContractKit) -> None:
    options = {"components": {"securitySchemes": {"apiKey": {"type": "http", "scheme": "basic"}}}}
    with pytest.raises(ConfigError, match=re.escape("['securitySchemes']['apiKey'] has the name")):
        _spec(kit, CONTRACTKIT_SPEC_OPTIONS=options, CONTRACTKIT_SPEC_PLUGINS=[_Recorder])


def test_security_must_name_a_defined_scheme(kit: ContractKit) -> None:
    message = "['security'] names 'bearer', which the document's components.securitySchemes"
    with pytest.raises(ConfigError, match=re.escape(message)):
        _spec(kit, CONTRACTKIT_SPEC_OPTIONS={"security": [{"bearer": []}]})


def test_a_tag_a_plugin_registers_is_described_in_one_place(kit: ContractKit) -> None:
    class Tagger(BasePlugin):
        def init_spec(self, spec: APISpec) -> None:
            spec.tag({"name": "shop", "description": "From the plugin."})

    app = Flask("tagged")
    shop = Blueprint("shop", __name__)

    @shop.get("/")
    @responds(200)
    def index() -> str:
        return ""

    app.register_blueprint(shop)
    app.config["CONTRACTKIT_SPEC_PLUGINS"] = [Tagger]
    kit.init_app(app)
    assert kit.spec(app)["tags"] == [{"name": "shop", "description": "From the plugin."}]

    clash = Flask("clash")
    clash.register_blueprint(shop)
    clash.config["CONTRACTKIT_SPEC_PLUGINS"] = [Tagger]
    clash.config["CONTRACTKIT_SPEC_OPTIONS"] = {"tags": [{"name": "shop", "description": "Ours"}]}
    kit.init_app(clash)
    with pytest.raises(ConfigError, match="describes tag 'shop', which a spec plugin also regis"):
        kit.spec(clash)


class _Passive(BasePlugin):
    """A plugin with no helpers: the document goes through spec.path and must not change."""


def test_paths_built_without_plugins_are_the_ones_spec_path_stores(
    kit: ContractKit, openapi_version: str
) -> None:
    register_codes(kit)
    config = {"CONTRACTKIT_OPENAPI_VERSION": openapi_version}
    own = kit.spec(build_feature_app(kit, **config))
    through_apispec = ContractKit()
    register_codes(through_apispec)
    app = build_feature_app(through_apispec, CONTRACTKIT_SPEC_PLUGINS=[_Passive], **config)
    assert json.dumps(through_apispec.spec(app)) == json.dumps(own)


def test_no_two_places_of_a_document_share_a_dict(kit: ContractKit) -> None:
    forget_documents()
    register_codes(kit)
    spec = kit.spec(build_feature_app(kit))
    seen: set[int] = set()
    stack: list[t.Any] = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list):
            assert id(node) not in seen, node
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
