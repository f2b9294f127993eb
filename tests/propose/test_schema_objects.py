"""Recorded shapes as schema objects, in each OpenAPI version's words, and valid in each."""

from __future__ import annotations

import typing as t

import pytest
from openapi_spec_validator import validate

from contractkit.propose.schema_objects import for_dialect, shape_schema
from contractkit.recording.shapes import merge_shapes, observe
from contractkit.specfile.validator_rules import Version

BODIES = [
    {"id": 1, "name": "Rex", "born": "2020-01-02T03:04:05Z", "tags": ["a"], "owner": None},
    {"id": 2, "name": None, "born": "2021-01-02T03:04:05Z", "tags": [], "score": 1.5},
]


def _shape() -> dict[str, t.Any]:
    first, second = (observe(body) for body in BODIES)
    return merge_shapes(first, second)


def test_required_only_where_always_present_and_null_where_seen() -> None:
    schema = shape_schema(_shape())
    assert schema["type"] == "object"
    assert schema["required"] == ["born", "id", "name", "tags"]
    properties = schema["properties"]
    assert properties["id"] == {"type": "integer"}
    assert properties["name"] == {"type": ["string", "null"]}
    assert properties["born"] == {"type": "string", "format": "date-time"}
    assert properties["tags"] == {"type": "array", "items": {"type": "string"}}
    assert properties["owner"] == {"type": "null"}
    assert properties["score"] == {"type": "number"}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 2.5], {"type": "number"}),
        ([1, "a"], {"type": ["integer", "string"]}),
        (["a@b.io", "c"], {"type": "string"}),  # a format only where every string has it
        ([{"a-1": 1, "2": 2}], {"type": "object", "additionalProperties": {"type": "integer"}}),
        ([[]], {"type": "array", "items": {}}),
    ],
)
def test_shape_rules(values: list[t.Any], expected: dict[str, t.Any]) -> None:
    shapes = [observe(value) for value in values]
    shape = shapes[0]
    for other in shapes[1:]:
        shape = merge_shapes(shape, other)
    assert shape_schema(shape) == expected


@pytest.mark.parametrize(
    ("version", "name"),
    [
        ("3.1", {"type": ["string", "null"]}),
        ("3.0", {"type": "string", "nullable": True}),
        ("2.0", {"type": "string", "x-nullable": True}),
    ],
)
def test_each_version_says_null_its_own_way(version: Version, name: dict[str, t.Any]) -> None:
    schema = for_dialect(shape_schema(_shape()), version)
    assert schema["properties"]["name"] == name
    assert "type" not in schema["properties"]["owner"] or version == "3.1"
    document: dict[str, t.Any]
    if version == "2.0":
        document = {
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "definitions": {"Body": schema},
        }
    else:
        document = {
            "openapi": "3.1.0" if version == "3.1" else "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"Body": schema}},
        }
    validate(document)
