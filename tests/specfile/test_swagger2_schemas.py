"""Swagger 2.0 schemas in draft 4's spellings converted to OpenAPI 3.0's, and judged the same."""

from __future__ import annotations

import json
import typing as t

import pytest
from jsonschema_path import SchemaPath
from openapi_spec_validator import OpenAPIV2SpecValidator

from contractkit.runtime.schemas import SchemaCompiler
from contractkit.specfile.problems import Problem
from contractkit.specfile.rules import check_document, readable_openapi3
from contractkit.specfile.swagger2 import convert_document, to_openapi3

Document = dict[str, t.Any]


def _api(schema: Document) -> Document:
    return {
        "swagger": "2.0",
        "info": {"title": "Vendor", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "responses": {
                        "200": {"description": "OK", "schema": {"$ref": "#/definitions/Thing"}}
                    }
                }
            }
        },
        "definitions": {"Thing": schema},
    }


def _accepts(schema: Document, value: object) -> bool:
    converted = to_openapi3(_api(schema))
    compiled = SchemaCompiler("3.0.3", converted["components"]["schemas"]).compile(
        {"$ref": "#/components/schemas/Thing"}
    )
    return bool(compiled.validator.is_valid(json.loads(json.dumps(value))))


@pytest.mark.parametrize(
    ("schema", "value", "valid"),
    [
        ({"type": ["number", "null"]}, 1.5, True),
        ({"type": ["number", "null"]}, None, True),
        ({"type": ["number", "null"]}, "1.5", False),
        ({"type": ["null", "string"], "maxLength": 2}, "abc", False),
        ({"type": "null"}, None, True),
        ({"type": "null"}, 0, False),
        ({"type": "null", "description": "Always empty"}, {}, False),
        ({"type": ["string", "integer"]}, 3, True),
        ({"type": ["string", "integer"]}, "3", True),
        ({"type": ["string", "integer"]}, None, False),
        ({"type": ["string", "integer"]}, 1.5, False),
        ({"type": ["string", "integer", "null"]}, None, True),
        ({"type": ["string", "integer", "null"]}, [], False),
        ({"type": ["string"]}, "a", True),
        ({"type": ["string"]}, 1, False),
        ({"type": "array", "items": [{"type": "string"}]}, ["a"], True),
        ({"type": "array", "items": [{"type": "string"}]}, [1], False),
        ({"type": "string", "enum": ["a", "b"], "x-nullable": True}, None, True),
        ({"type": "string", "enum": ["a", "b"], "x-nullable": True}, "a", True),
        ({"type": "string", "enum": ["a", "b"], "x-nullable": True}, "c", False),
        ({"type": "string", "enum": ["a", "b"]}, None, False),
        ({"type": "integer", "exclusiveMaximum": False, "minimum": 1}, 7, True),
    ],
)
def test_draft_4_types_are_judged_as_the_2_0_document_means(
    schema: Document, value: object, valid: bool
) -> None:
    assert _accepts(schema, value) is valid


@pytest.mark.parametrize(
    "schema",
    [
        {"type": ["number", "null"]},
        {"type": "null"},
        {"type": ["string", "integer", "null"], "description": "Vendor id"},
        {"type": "object", "properties": {"n": {"type": ["number", "null"]}}},
        {"type": "string", "enum": ["a"], "x-nullable": True},
    ],
)
def test_what_the_2_0_validator_accepts_check_accepts(schema: Document) -> None:
    document = _api(schema)
    OpenAPIV2SpecValidator(SchemaPath.from_dict(document)).validate()
    assert check_document(document) == []


def test_an_exclusive_flag_without_its_bound_is_accepted_as_the_2_0_validator_does() -> None:
    document = _api({"type": "object"})
    document["paths"]["/things"]["get"]["parameters"] = [
        {"name": "page", "in": "query", "type": "integer", "exclusiveMaximum": False, "minimum": 1}
    ]
    OpenAPIV2SpecValidator(SchemaPath.from_dict(document)).validate()
    assert check_document(document) == []


def test_x_nullable_on_an_enum_adds_null_to_it() -> None:
    schema = {"type": "string", "enum": ["a", "b"], "x-nullable": True}
    converted = to_openapi3(_api(schema))["components"]["schemas"]["Thing"]
    assert converted == {"type": "string", "enum": ["a", "b", None], "nullable": True}


def test_a_problem_in_the_conversion_is_reported_where_the_2_0_file_has_it() -> None:
    conversion = convert_document(_api({"type": "object", "properties": {"a": {}}}))
    dump = "{" + ", ".join(f"'p{i}': {{'type': 'string'}}" for i in range(80)) + "}"
    found = conversion.relocate(
        Problem("$.components.schemas.Thing.properties.a", f"{dump} is not valid under any schema")
    )
    assert found.location == "$.definitions.Thing.properties.a"
    assert len(found.message) < 200
    assert found.message.endswith("is not valid under any schema")
    unmoved = Problem("$.paths['/things'].get.responses['200']", "m")
    assert conversion.relocate(unmoved) == unmoved


def test_contractkits_own_rules_keep_their_whole_message() -> None:
    document = _api({"type": "object"})
    document["paths"]["/things"]["get"]["responses"]["512"] = {"description": "Shed " * 40}
    problems = check_document(document)
    assert {p.kind for p in problems} == {"contract"}
    assert any(p.message.endswith("fallback: 500}}.") for p in problems), problems
    assert not any("…" in p.message for p in problems)


@pytest.mark.parametrize(
    ("converted", "original"),
    [
        (
            "$.paths['/things'].get.responses['200'].content['application/json'].schema",
            "$.paths['/things'].get.responses['200'].schema",
        ),
        ("$.components.parameters.q.schema.items", "$.parameters.q.items"),
        ("$.paths['/things'].get.parameters[1]", "$.paths['/things'].get.parameters[2]"),
        (
            "$.paths['/things'].get.requestBody.content['application/json'].schema.required",
            "$.paths['/things'].get.parameters[1].schema.required",
        ),
    ],
)
def test_every_moved_part_is_traced_to_its_2_0_place(converted: str, original: str) -> None:
    document = _api({"type": "object"})
    document["parameters"] = {"q": {"name": "q", "in": "query", "type": "integer", "maximum": 9}}
    document["paths"]["/things"]["get"]["parameters"] = [
        {"$ref": "#/parameters/q"},
        {"name": "body", "in": "body", "schema": {"type": "object", "required": ["a"]}},
        {"name": "h", "in": "header", "type": "string"},
    ]
    assert convert_document(document).relocate(Problem(converted, "m")).location == original


def test_readable_openapi3_gives_no_problem_for_a_vendor_file_that_writes_null_types() -> None:
    document = _api(
        {
            "type": "object",
            "properties": {
                "price": {"type": ["number", "null"]},
                "gone": {"type": "null"},
                "kind": {"type": "string", "enum": ["a"], "x-nullable": True},
            },
        }
    )
    readable, problems = readable_openapi3(document)
    assert problems == []
    assert readable["components"]["schemas"]["Thing"]["properties"]["price"] == {
        "type": "number",
        "nullable": True,
    }


def test_a_reference_into_a_moved_part_follows_it() -> None:
    # swagger2openapi's fixture issue51d: a $ref into an operation's response schema.
    document = _api({"type": "object"})
    document["produces"] = ["application/json", "text/xml"]
    document["paths"]["/things"]["get"]["responses"]["200"]["schema"] = {
        "type": "object",
        "properties": {
            "default": {"type": "object", "title": "Check"},
            "database": {"$ref": "#/paths/~1things/get/responses/200/schema/properties/default"},
        },
    }
    assert check_document(document) == []
    content = to_openapi3(document)["paths"]["/things"]["get"]["responses"]["200"]["content"]
    moved = "#/paths/~1things/get/responses/200/content/application~1json/schema"
    assert content["text/xml"]["schema"]["properties"]["database"] == {
        "$ref": f"{moved}/properties/default"
    }


def test_x_discriminator_becomes_3_0s_discriminator_with_its_mapping_moved() -> None:
    schema = {
        "type": "object",
        "properties": {"kind": {"type": "string"}},
        "x-discriminator": {"propertyName": "kind", "mapping": {"cat": "#/definitions/Thing"}},
    }
    converted = to_openapi3(_api(schema))["components"]["schemas"]["Thing"]
    assert converted["discriminator"] == {
        "propertyName": "kind",
        "mapping": {"cat": "#/components/schemas/Thing"},
    }
    assert "x-discriminator" not in converted
