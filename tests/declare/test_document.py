"""Spec-driven mode: an OpenAPI document as the app's declarations, matched to its routes."""

from __future__ import annotations

import copy
import importlib
import typing as t
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

from contractkit import ContractError, ContractKit, ContractWarning, exempt, responds
from contractkit.errors import ConfigError, SpecError, UnregisteredStatusError

from ..frameworks import new_app

HERE = Path(__file__).resolve().parent
SPEC = HERE.parent / "peers" / "openapi.yaml"


def document() -> dict[str, t.Any]:
    return t.cast(dict[str, t.Any], yaml.safe_load(SPEC.read_text()))


def pets_app(name: str = "pets", framework: str = "flask") -> t.Any:
    app = new_app(framework, name, root_path=str(SPEC.parent))

    @app.get("/pets")
    def list_pets() -> t.Any:
        return []

    @app.route("/pets/<int:pet_id>", methods=["GET", "DELETE"])
    def pet(pet_id: int) -> t.Any:
        return {"id": pet_id, "name": "Rex"}

    return app


def contract_of(app: t.Any, spec: t.Any, kit: ContractKit | None = None) -> t.Any:
    kit = kit or ContractKit()
    kit.init_app(app, spec=spec)
    return kit.contract(app)


@pytest.mark.parametrize(
    "spec",
    [
        "openapi.yaml",
        SPEC,
        document(),
        lambda: document(),
    ],
    ids=["relative-path", "absolute-path", "dict", "callable"],
)
def test_every_form_of_spec_gives_the_same_contract(spec: t.Any, framework: str) -> None:
    contract = contract_of(pets_app(framework=framework), spec)
    assert [(op.endpoint, op.method, op.path) for op in contract.operations] == [
        ("list_pets", "GET", "/pets"),
        ("pet", "DELETE", "/pets/{id}"),
        ("pet", "GET", "/pets/{id}"),
    ]
    get = contract.by_endpoint[("pet", "GET")]
    assert sorted(get.responses) == [200, 404, 470]
    assert get.responses[470].fallback == 429
    assert get.name == "GET /pets/{id}"  # the document's name, not the rule's variable


def test_config_key_is_the_same_as_the_argument(framework: str) -> None:
    app = pets_app(framework=framework)
    app.config["CONTRACTKIT_SPEC"] = "openapi.yaml"
    kit = ContractKit(app)
    assert len(kit.contract(app).operations) == 3
    assert kit.spec(app)["info"]["title"] == "Pets (hand-written)"


def test_callable_is_called_at_first_use_inside_an_app_context(framework: str) -> None:
    calls: list[str] = []
    current_app = importlib.import_module(framework).current_app

    def spec() -> dict[str, t.Any]:
        calls.append(current_app.name)
        return document()

    app = pets_app("lazy", framework)
    kit = ContractKit()
    kit.init_app(app, spec=spec)
    assert calls == []
    kit.contract(app)
    kit.spec(app)
    assert calls == ["lazy"]


def test_the_given_dict_is_not_changed() -> None:
    given = document()
    before = copy.deepcopy(given)
    app = pets_app()
    kit = ContractKit()
    kit.init_app(app, spec=given)
    kit.contract(app)
    assert given == before
    assert kit.spec(app)["paths"]["/pets/{id}"]["get"]["responses"]["470"]["x-fallback"] == 429


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("missing.yaml", "is not a file"),
        ("openapi.txt", "must name a .json, .yaml or .yml file"),
        (42, "must be the path of an OpenAPI file, a dict, or a callable"),
    ],
)
def test_bad_spec_setting_fails_in_init_app(spec: t.Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ContractKit().init_app(pets_app(), spec=spec)


def _broken(change: t.Callable[[dict[str, t.Any]], None]) -> dict[str, t.Any]:
    doc = document()
    change(doc)
    return doc


@pytest.mark.parametrize(
    ("spec", "error", "message"),
    [
        (lambda: ["not", "a", "dict"], SpecError, "gave list, not an OpenAPI document"),
        (
            _broken(lambda d: d.update(openapi="2.0")),
            SpecError,
            "openapi is '2.0'; contractkit checks OpenAPI 3.0 and 3.1 documents, and Swagger 2.0",
        ),
        (
            _broken(
                lambda d: d["components"]["schemas"].update(
                    Remote={"$ref": "https://example.com/pet.json"}
                )
            ),
            SpecError,
            r"points outside this document; contractkit follows only references inside it",
        ),
        (
            _broken(lambda d: d["paths"]["/pets"]["get"]["responses"]["200"].pop("description")),
            SpecError,
            r"\$.paths\['/pets'\].get.responses\['200'\]",
        ),
        (
            _broken(lambda d: d.pop("x-status-codes")),
            UnregisteredStatusError,
            r"custom status 470 .* ck.register_status\(470, '<Reason Phrase>', fallback=400\)",
        ),
        (
            _broken(
                lambda d: d["paths"]["/pets/{id}"]["get"]["responses"]["470"].update(
                    {"x-fallback": 400}
                )
            ),
            ContractError,
            r"custom status 470 is given the fallbacks \['400', '429'\]",
        ),
    ],
    ids=["not-a-dict", "openapi-2", "remote-ref", "invalid", "no-phrase", "two-fallbacks"],
)
def test_bad_document_is_a_contract_error(
    spec: t.Any, error: type[Exception], message: str
) -> None:
    app = pets_app()
    kit = ContractKit()
    if isinstance(spec, dict) and error is SpecError:
        # What does not depend on routes or registrations fails at start-up.
        with pytest.raises(error, match=message):
            kit.init_app(app, spec=spec)
        return
    kit.init_app(app, spec=spec)
    with pytest.raises(error, match=message):
        kit.contract(app)
    assert issubclass(error, ContractError)


def test_phrase_and_fallback_may_come_from_a_registration() -> None:
    doc = _broken(lambda d: d.pop("x-status-codes"))
    kit = ContractKit()
    kit.register_status(470, "Quota Exceeded", fallback=429)
    app = pets_app()
    contract = contract_of(app, doc, kit)
    assert contract.by_endpoint[("pet", "GET")].responses[470].fallback == 429
    published = kit.spec(app)
    assert published["x-status-codes"]["470"]["phrase"] == "Quota Exceeded"
    validate(published)


@pytest.mark.parametrize(
    ("phrase", "fallback", "message"),
    [
        ("Quota Used Up", 429, "has the phrase 'Quota Exceeded' in the document's x-status-codes"),
        (
            "Quota Exceeded",
            None,
            "has the fallback 429 in the document but 400 in its registration",
        ),
    ],
)
def test_document_and_registration_must_agree(
    phrase: str, fallback: int | None, message: str
) -> None:
    kit = ContractKit()
    kit.register_status(470, phrase, fallback=fallback)
    app = pets_app()
    kit.init_app(app, spec=document())
    with pytest.raises(ContractError, match=message):
        kit.contract(app)


def test_unmatched_operations_and_routes_warn_once_each(framework: str) -> None:
    app = pets_app(framework=framework)

    @app.get("/owners/<name>")
    def owner(name: str) -> t.Any:
        return {}

    @app.get("/health")
    @exempt
    def health() -> t.Any:
        return "ok"

    @app.get("/openapi_docs_like")
    def openapi_swagger() -> t.Any:  # endpoint names spectree uses: a doc tool's own route
        return "docs"

    doc = document()
    doc["paths"]["/pets/{id}/photo"] = {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {}}],
        "get": {"responses": {"200": {"description": "The photo."}}},
    }
    kit = ContractKit()
    kit.init_app(app, spec=doc)
    with pytest.warns(ContractWarning) as caught:
        contract = kit.contract(app)
    assert len(caught) == 1
    assert contract.unmatched == (
        "route GET /owners/<name> (endpoint 'owner') has no operation in the document",
        "operation GET /pets/{id}/photo has no route in the app",
    )
    message = str(caught[0].message)
    assert message.count("/owners/<name>") == 1 and message.count("/pets/{id}/photo") == 1
    assert {"health", "openapi_swagger", "static"} <= contract.exempt_endpoints


@pytest.mark.parametrize("target", ["view", "app"])
def test_decorators_on_a_spec_driven_app_are_a_contract_error(target: str, framework: str) -> None:
    app = pets_app(framework=framework)

    @app.get("/pets/<int:pet_id>/owner")
    def pet_owner(pet_id: int) -> t.Any:
        return {}

    if target == "view":
        responds(200)(pet_owner)
    else:
        responds(503)(app)
    kit = ContractKit()
    kit.init_app(app, spec=document())
    with pytest.raises(ContractError, match=r"One source of truth per app|declare them in the"):
        kit.contract(app)


def test_rule_and_document_paths_match_by_shape(framework: str) -> None:
    app = new_app(framework, "shapes")

    @app.get("/files/<path:name>.txt")
    def text_file(name: str) -> t.Any:
        return ""

    @app.get("/a/<int:x>/b/<uuid:y>")
    def nested(x: int, y: t.Any) -> t.Any:
        return ""

    def item(*names: str) -> dict[str, t.Any]:
        parameters = [{"name": n, "in": "path", "required": True, "schema": {}} for n in names]
        return {"parameters": parameters, "get": {"responses": {"200": {"description": "ok"}}}}

    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/files/{file}.txt": item("file"),
            "/a/{first}/b/{second}": item("first", "second"),
        },
    }
    contract = contract_of(app, doc)
    assert sorted(op.endpoint for op in contract.operations) == ["nested", "text_file"]
    assert contract.unmatched == ()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("CONTRACTKIT_HIDDEN_ENDPOINTS", ["list_pets"]),
        ("CONTRACTKIT_SPEC_OPTIONS", {"externalDocs": {"url": "https://example.com"}}),
    ],
)
def test_settings_for_built_documents_are_refused(key: str, value: t.Any) -> None:
    app = pets_app()
    app.config[key] = value
    kit = ContractKit()
    kit.init_app(app, spec=document())
    with pytest.raises(ConfigError, match=f"{key}.* spec-driven app|spec-driven app.*{key}"):
        kit.contract(app)
