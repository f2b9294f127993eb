"""Fields apispec publishes wrongly or not at all: the document must say what the app sends.

Each case is published in both versions, validated, and then checked against
real responses in strict mode: correct bodies pass, and bodies the published
schema forbids are violations.
"""

from __future__ import annotations

import decimal
import typing as t

import jsonschema
import pytest
from flask import Flask, request
from marshmallow import Schema, fields, validate
from openapi_spec_validator import validate as validate_spec

from contractkit import ContractKit, responds
from contractkit.state import app_state


class Inner(Schema):
    a = fields.Integer(required=True)


class Reading(Schema):
    above_zero = fields.Float(validate=validate.Range(min=0, min_inclusive=False))
    below_ten = fields.Integer(validate=validate.Range(max=10, max_inclusive=False))
    # Two ranges: the strictest bound wins, an exclusive one on a tie.
    strictest = fields.Float(
        validate=[validate.Range(min=0, min_inclusive=False), validate.Range(min=1)]
    )
    tie = fields.Integer(
        validate=[validate.Range(max=5), validate.Range(max=5, max_inclusive=False)]
    )
    price = fields.Decimal(as_string=True)
    amount = fields.Decimal(
        validate=validate.Range(min=decimal.Decimal("0.5"), max=decimal.Decimal("10"))
    )
    inner = fields.Nested(Inner, allow_none=True)
    pair = fields.Tuple((fields.String(), fields.Integer()))
    version = fields.Constant("v1")


#: Each field as each version publishes it.
PUBLISHED: dict[str, dict[str, dict[str, t.Any]]] = {
    "above_zero": {
        "3.1.0": {"type": "number", "exclusiveMinimum": 0.0},
        "3.0.3": {"type": "number", "minimum": 0.0, "exclusiveMinimum": True},
    },
    "below_ten": {
        "3.1.0": {"type": "integer", "exclusiveMaximum": 10},
        "3.0.3": {"type": "integer", "maximum": 10, "exclusiveMaximum": True},
    },
    "strictest": {
        "3.1.0": {"type": "number", "minimum": 1.0},
        "3.0.3": {"type": "number", "minimum": 1.0},
    },
    "tie": {
        "3.1.0": {"type": "integer", "exclusiveMaximum": 5},
        "3.0.3": {"type": "integer", "maximum": 5, "exclusiveMaximum": True},
    },
    "price": {
        "3.1.0": {"type": "string", "format": "decimal"},
        "3.0.3": {"type": "string", "format": "decimal"},
    },
    "amount": {
        "3.1.0": {"type": "number", "minimum": 0.5, "maximum": 10},
        "3.0.3": {"type": "number", "minimum": 0.5, "maximum": 10},
    },
    "inner": {
        "3.1.0": {"anyOf": [{"$ref": "#/components/schemas/Inner"}, {"type": "null"}]},
        "3.0.3": {
            "anyOf": [
                {"type": "object", "nullable": True, "enum": [None]},
                {"$ref": "#/components/schemas/Inner"},
            ]
        },
    },
    "pair": {
        "3.1.0": {
            "type": "array",
            "prefixItems": [{"type": "string"}, {"type": "integer"}],
            "minItems": 2,
            "maxItems": 2,
        },
        "3.0.3": {
            "type": "array",
            "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "minItems": 2,
            "maxItems": 2,
        },
    },
    "version": {
        "3.1.0": {"default": "v1", "const": "v1"},
        "3.0.3": {"default": "v1", "enum": ["v1"]},
    },
}

GOOD = {
    "above_zero": 0.5,
    "below_ten": 9,
    "strictest": 1.0,
    "tie": 4,
    "price": "12.50",
    "amount": 2.5,
    "inner": None,
    "pair": ["a", 1],
    "version": "v1",
}

#: One field at a time made wrong in a way only the corrected schema catches.
BAD = [
    ("above_zero", 0),
    ("below_ten", 10),
    ("tie", 5),
    ("price", 12.5),
    ("inner", {"b": "any object passed the old 3.0 anyOf"}),
    ("pair", ["a", 1, "extra"]),
    ("version", "v2"),
]


@pytest.fixture(params=["3.1.0", "3.0.3"])
def version(request: pytest.FixtureRequest) -> str:
    return t.cast(str, request.param)


def _app(kit: ContractKit, version: str) -> Flask:
    app = Flask("fields")
    app.config.update(CONTRACTKIT_OPENAPI_VERSION=version, CONTRACTKIT_MODE="strict")

    @app.post("/readings")
    @responds(200, Reading)
    def reading() -> t.Any:
        return request.get_json()

    @app.get("/dumped")
    @responds(200, Reading)
    def dumped() -> t.Any:
        # What the schema itself sends for Python values: a Decimal, a tuple, a constant.
        # (Not `amount`: Flask's JSON provider writes a Decimal object as a string.)
        values = {key: value for key, value in GOOD.items() if key != "amount"}
        dumped = {**values, "price": decimal.Decimal("12.50"), "pair": ("a", 1), "inner": {"a": 1}}
        return Reading().dump(dumped)

    kit.init_app(app)
    return app


def test_fields_are_published_as_the_app_sends_them(kit: ContractKit, version: str) -> None:
    app = _app(kit, version)
    document = app.test_client().get("/openapi.json").get_json()
    validate_spec(document)
    properties = document["components"]["schemas"]["Reading"]["properties"]
    assert properties == {name: published[version] for name, published in PUBLISHED.items()}


def test_decimal_bounds_do_not_break_the_build(kit: ContractKit, version: str) -> None:
    # Decimal bounds and defaults were not JSON: /openapi.json answered 500.
    class Money(Schema):
        total = fields.Decimal(
            load_default=decimal.Decimal("1"),
            validate=validate.Range(min=decimal.Decimal(0), max=decimal.Decimal("99.5")),
        )

    app = Flask("money")
    app.config["CONTRACTKIT_OPENAPI_VERSION"] = version

    @app.get("/money")
    @responds(200, Money)
    def money() -> t.Any:
        return {}

    kit.init_app(app)
    answer = app.test_client().get("/openapi.json")
    assert answer.status_code == 200
    total = answer.get_json()["components"]["schemas"]["Money"]["properties"]["total"]
    assert total == {"type": "number", "default": 1, "minimum": 0, "maximum": 99.5}


def test_strict_mode_passes_what_the_app_sends(kit: ContractKit, version: str) -> None:
    app = _app(kit, version)
    client = app.test_client()
    assert client.post("/readings", json=GOOD).status_code == 200
    assert client.get("/dumped").status_code == 200
    assert app_state(app).violations.total == 0


@pytest.mark.parametrize(("name", "value"), BAD)
def test_strict_mode_flags_what_the_published_schema_forbids(
    kit: ContractKit, version: str, name: str, value: object
) -> None:
    app = _app(kit, version)
    document = app.test_client().get("/openapi.json").get_json()
    answer = app.test_client().post("/readings", json={**GOOD, name: value})
    assert answer.status_code == 500
    assert app_state(app).violations.total == 1
    if version == "3.1.0":  # the published schema itself rejects it, for any 2020-12 validator
        schema = {**document["components"]["schemas"]["Reading"], **document}
        schema.pop("openapi")
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft202012Validator(schema).validate({**GOOD, name: value})
