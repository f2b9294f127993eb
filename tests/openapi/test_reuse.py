"""A document kept for the next app built from the same inputs, and never for other inputs."""

from __future__ import annotations

import dataclasses
import typing as t

import pytest
from flask import Flask
from marshmallow import Schema, fields
from prometheus_client import CollectorRegistry

from contractkit import ContractKit, responds
from contractkit.config import Settings
from contractkit.openapi.exporting import app_documents
from contractkit.openapi.reuse import RUNTIME_ONLY, _key, forget_documents
from contractkit.state import app_state


class Pet(Schema):
    name = fields.String(required=True)


class PetWithAge(Schema):
    name = fields.String(required=True)
    age = fields.Integer()


def factory(
    schema: type[Schema] = Pet,
    description: str | None = None,
    doc: str = "Fetch the pet.",
    phrase: str = "Pet Asleep",
    header_type: str = "integer",
    content_type: str | None = None,
    missing: int = 404,
    **config: t.Any,
) -> Flask:
    """One app per call, like a test suite's factory: new views, same declarations."""
    app = Flask("pets")
    app.config.update(config)
    kit = ContractKit()
    kit.register_status(461, phrase, fallback=429)

    @app.get("/pets/<int:pet_id>")
    @responds(200, schema, description=description, content_type=content_type)
    @responds(missing)
    @responds(
        461, headers={"Retry-After": {"description": "Seconds.", "schema": {"type": header_type}}}
    )
    def get_pet(pet_id: int) -> t.Any:
        return {"name": "Rex"}

    get_pet.__doc__ = doc
    kit.init_app(app)
    return app


def test_the_next_app_from_the_same_factory_gets_the_kept_document() -> None:
    first, second = app_documents(factory()), app_documents(factory())
    assert second.spec == first.spec
    assert second.spec is not first.spec  # each app has a dict of its own
    assert second.yaml is first.yaml  # the text is written once for both


def test_an_app_editing_its_dict_changes_no_other_app() -> None:
    first = app_documents(factory())
    expected = first.json
    first.spec["info"]["title"] = "edited"
    second = app_documents(factory())
    assert second.spec["info"]["title"] == "pets"
    assert second.json == expected


CHANGES: list[tuple[str, dict[str, t.Any], t.Callable[[dict[str, t.Any]], object]]] = [
    (
        "a schema",
        {"schema": PetWithAge},
        lambda d: d["components"]["schemas"]["PetWithAge"]["properties"]["age"],
    ),
    (
        "a description",
        {"description": "The pet, asleep or awake."},
        lambda d: (
            d["paths"]["/pets/{pet_id}"]["get"]["responses"]["200"]["description"]
            == "The pet, asleep or awake."
        ),
    ),
    (
        "a docstring",
        {"doc": "Find the pet."},
        lambda d: d["paths"]["/pets/{pet_id}"]["get"]["summary"] == "Find the pet.",
    ),
    (
        "a custom code's registration",
        {"phrase": "Pet Away"},
        lambda d: d["x-status-codes"]["461"]["phrase"] == "Pet Away",
    ),
    (
        "a header's schema",
        {"header_type": "string"},
        lambda d: (
            d["paths"]["/pets/{pet_id}"]["get"]["responses"]["461"]["headers"]["Retry-After"]
            == {"description": "Seconds.", "schema": {"type": "string"}}
        ),
    ),
    (
        "a media type",
        {"content_type": "application/vnd.pet+json"},
        lambda d: (
            list(d["paths"]["/pets/{pet_id}"]["get"]["responses"]["200"]["content"])
            == ["application/vnd.pet+json"]
        ),
    ),
    (
        "a status code",
        {"missing": 410},
        lambda d: "410" in d["paths"]["/pets/{pet_id}"]["get"]["responses"],
    ),
    ("a config key", {"CONTRACTKIT_TITLE": "Pets"}, lambda d: d["info"]["title"] == "Pets"),
    (
        "a config key's nested value",
        {"CONTRACTKIT_SERVERS": [{"url": "/", "x-weight": 1.0}]},
        lambda d: str(d["servers"][0]["x-weight"]) == "1.0",
    ),
    (
        "a value equal in Python but not in JSON",
        {"CONTRACTKIT_SERVERS": [{"url": "/", "x-weight": True}]},
        lambda d: d["servers"][0]["x-weight"] is True,
    ),
    (
        "the OpenAPI version",
        {"CONTRACTKIT_OPENAPI_VERSION": "3.0.3"},
        lambda d: d["openapi"] == "3.0.3",
    ),
    (
        "the fallback policy",
        {"CONTRACTKIT_STATUS_FALLBACK": "never"},
        lambda d: (
            "429" not in d["paths"]["/pets/{pet_id}"]["get"]["responses"]
            and d["x-status-fallback"]["policy"] == "never"
        ),
    ),
]


@pytest.mark.parametrize(("change", "shows"), [c[1:] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_a_changed_input_gets_a_new_document(
    change: dict[str, t.Any], shows: t.Callable[[dict[str, t.Any]], object]
) -> None:
    if "CONTRACTKIT_SERVERS" in change:
        app_documents(factory(CONTRACTKIT_SERVERS=[{"url": "/", "x-weight": 1}]))
    before = app_documents(factory()).spec
    after = app_documents(factory(**change)).spec
    assert after != before
    assert shows(after)


def test_every_setting_but_the_runtime_ones_is_part_of_the_key() -> None:
    app = factory()
    state = app_state(app)
    contract, registry = state.contract(), state.extension_registry
    base = _key(contract, registry, state.settings, app.url_map)
    for field in dataclasses.fields(Settings):
        changed = dataclasses.replace(
            state.settings, **{field.name: _other(getattr(state.settings, field.name))}
        )
        same = _key(contract, registry, changed, app.url_map) == base
        assert same is (field.name in RUNTIME_ONLY), field.name


def _other(value: t.Any) -> t.Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, tuple):
        return (*value, "x")
    return object()  # None, callables, registries: another object


@pytest.mark.parametrize(
    "runtime",
    [
        {"CONTRACTKIT_VIOLATIONS_TOKEN": "s3cret"},
        {"CONTRACTKIT_VIOLATIONS_ALLOW": lambda request: True},
        {"CONTRACTKIT_PROMETHEUS": CollectorRegistry()},
    ],
    ids=["token", "allow", "prometheus"],
)
def test_settings_left_out_of_the_key_leave_the_document_as_it_is(
    runtime: dict[str, t.Any],
) -> None:
    assert {name.upper() for name in RUNTIME_ONLY} >= {
        key.removeprefix("CONTRACTKIT_") for key in runtime
    }
    forget_documents()
    plain = app_documents(factory()).json
    forget_documents()
    assert app_documents(factory(**runtime)).json == plain
