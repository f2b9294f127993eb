"""Check tables kept for the next app built from the same contract and document."""

from __future__ import annotations

import typing as t

from flask import Flask
from marshmallow import Schema, fields
from prometheus_client import CollectorRegistry

from contractkit import ContractKit, responds
from contractkit.runtime.tables import forget_tables

CHECKED = "contractkit_checked_responses_total"


class Pet(Schema):
    name = fields.String(required=True)


class AgedPet(Schema):
    name = fields.String(required=True)
    age = fields.Integer(required=True)


def factory(schema: type[Schema] = Pet, **config: t.Any) -> Flask:
    """One app per call, as a test suite's factory makes them."""
    app = Flask("pets")
    app.config.update(CONTRACTKIT_MODE="strict", **config)

    @app.get("/pets/<name>")
    @responds(200, schema)
    def get_pet(name: str) -> t.Any:
        return {"name": name} if name != "nameless" else {"age": 3}

    ContractKit(app)
    return app


def test_the_next_app_compiles_nothing_and_checks_the_same(compiles: list[object]) -> None:
    forget_tables()
    first = factory().test_client()
    assert first.get("/pets/rex").status_code == 200
    assert compiles
    compiles.clear()
    second = factory().test_client()
    assert second.get("/pets/rex").status_code == 200
    broken = second.get("/pets/nameless")
    assert broken.status_code == 500
    assert broken.json["violation"] == "invalid-body"  # type: ignore[index]
    assert compiles == []


def test_another_schema_gets_tables_of_its_own() -> None:
    factory().test_client().get("/pets/rex")
    aged = factory(AgedPet).test_client().get("/pets/rex")
    assert aged.status_code == 500  # no age: invalid against AgedPet, valid against Pet
    assert factory().test_client().get("/pets/rex").status_code == 200


def test_each_app_counts_its_own_responses() -> None:
    registries = [CollectorRegistry(), CollectorRegistry()]
    for registry, requests in zip(registries, (1, 2), strict=True):
        client = factory(CONTRACTKIT_PROMETHEUS=registry).test_client()
        for _ in range(requests):
            client.get("/pets/rex")
    labels = {"app": "pets", "endpoint": "get_pet", "method": "GET"}
    assert [r.get_sample_value(CHECKED, labels) for r in registries] == [1, 2]


def test_bodies_are_checked_against_the_document_as_built() -> None:
    forget_tables()
    app = factory()
    edited = app.extensions["contractkit"].documents().spec
    edited["components"]["schemas"]["Pet"]["required"] = []
    assert app.test_client().get("/pets/nameless").status_code == 500
