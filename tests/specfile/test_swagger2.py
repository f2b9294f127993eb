"""Swagger 2.0 documents converted to OpenAPI 3.0.3: valid, and meaning the same."""

from __future__ import annotations

import copy
import json
import typing as t

import pytest
from jsonschema_path import SchemaPath
from openapi_spec_validator import OpenAPIV30SpecValidator

from contractkit.runtime.schemas import SchemaCompiler
from contractkit.specfile.rules import check_document
from contractkit.specfile.swagger2 import is_swagger2, to_openapi3

Document = dict[str, t.Any]


def petstore() -> Document:
    """A Swagger 2.0 document using each part the converter handles."""
    return {
        "swagger": "2.0",
        "info": {"title": "Pets", "version": "1.0"},
        "host": "pets.example",
        "basePath": "/v1/",
        "schemes": ["https"],
        "produces": ["application/json"],
        "consumes": ["application/json"],
        "x-status-codes": {
            "460": {"phrase": "Tier Limit", "fallback": 429, "description": "Plan used up."}
        },
        "securityDefinitions": {
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "login": {"type": "basic"},
            "oauth": {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://pets.example/auth",
                "tokenUrl": "https://pets.example/token",
                "scopes": {"read": "Read pets"},
            },
        },
        "security": [{"key": []}],
        "parameters": {
            "limit": {"name": "limit", "in": "query", "type": "integer", "maximum": 50},
            "pet": {
                "name": "pet",
                "in": "body",
                "required": True,
                "schema": {"$ref": "#/definitions/Pet"},
            },
        },
        "responses": {
            "NotFound": {"description": "No such pet", "schema": {"$ref": "#/definitions/Error"}},
            "Gone": {"description": "Removed"},
        },
        "definitions": {
            "Pet": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "id": {"type": "integer", "readOnly": True},
                    "name": {"type": "string"},
                    "tag": {"type": "string", "x-nullable": True},
                    "owner": {"$ref": "#/definitions/Owner", "x-nullable": True},
                    "kind": {"type": "string"},
                },
                "discriminator": "kind",
            },
            "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        },
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "parameters": [
                        {"$ref": "#/parameters/limit"},
                        {
                            "name": "tags",
                            "in": "query",
                            "type": "array",
                            "items": {"type": "string"},
                            "collectionFormat": "multi",
                        },
                        {
                            "name": "ids",
                            "in": "query",
                            "type": "array",
                            "items": {"type": "integer"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The pets",
                            "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
                            "headers": {"X-Total": {"type": "integer", "description": "All pets"}},
                            "examples": {"application/json": [{"name": "Kit"}]},
                        },
                        "460": {"description": "Tier limit", "x-fallback": 429},
                        "default": {
                            "description": "Error",
                            "schema": {"$ref": "#/definitions/Error"},
                        },
                    },
                },
                "post": {
                    "consumes": ["application/json", "application/xml"],
                    "parameters": [{"$ref": "#/parameters/pet"}],
                    "responses": {
                        "201": {"description": "Created", "schema": {"$ref": "#/definitions/Pet"}},
                        "400": {"description": "Bad pet"},
                    },
                },
            },
            "/pets/{pet_id}": {
                "parameters": [
                    {"name": "pet_id", "in": "path", "required": True, "type": "string"},
                    {"name": "X-Trace", "in": "header", "type": "string"},
                ],
                "get": {
                    "produces": ["application/xml"],
                    "parameters": [
                        {"name": "pet_id", "in": "path", "required": True, "type": "integer"}
                    ],
                    "responses": {
                        "200": {"description": "A pet", "schema": {"$ref": "#/definitions/Pet"}},
                        "404": {"$ref": "#/responses/NotFound"},
                    },
                },
                "delete": {
                    "responses": {
                        "204": {"description": "Deleted"},
                        "404": {"$ref": "#/responses/NotFound"},
                        "410": {"$ref": "#/responses/Gone"},
                    }
                },
            },
            "/pets/{pet_id}/photo": {
                "put": {
                    "consumes": ["multipart/form-data"],
                    "parameters": [
                        {"name": "pet_id", "in": "path", "required": True, "type": "string"},
                        {"name": "photo", "in": "formData", "type": "file", "required": True},
                        {
                            "name": "caption",
                            "in": "formData",
                            "type": "string",
                            "description": "Words",
                        },
                    ],
                    "responses": {
                        "200": {"description": "The photo", "schema": {"type": "file"}},
                    },
                },
                "post": {
                    "parameters": [
                        {"name": "pet_id", "in": "path", "required": True, "type": "string"},
                        {"name": "caption", "in": "formData", "type": "string"},
                    ],
                    "responses": {"204": {"description": "Captioned"}},
                },
            },
        },
    }


@pytest.fixture(scope="module")
def converted() -> Document:
    document = petstore()
    assert check_document(document) == []  # valid 2.0, and so is its conversion
    return to_openapi3(document)


def _responses(doc: Document, path: str, method: str) -> dict[str, t.Any]:
    return t.cast(dict[str, t.Any], doc["paths"][path][method]["responses"])


def test_the_conversion_is_valid_openapi_3_0_and_passes_the_contract_rules(
    converted: Document,
) -> None:
    assert converted["openapi"] == "3.0.3"
    OpenAPIV30SpecValidator(SchemaPath.from_dict(converted)).validate()
    assert check_document(converted) == []


def test_the_input_is_left_as_it_was_and_shares_nothing() -> None:
    document = petstore()
    before = copy.deepcopy(document)
    converted = to_openapi3(document)
    assert document == before
    converted["components"]["schemas"]["Pet"]["properties"]["name"]["type"] = "integer"
    assert document["definitions"]["Pet"]["properties"]["name"]["type"] == "string"


def test_is_swagger2() -> None:
    assert is_swagger2(petstore())
    assert not is_swagger2({"openapi": "3.0.3"})
    assert not is_swagger2({"swagger": 2.0})


@pytest.mark.parametrize(
    ("fields", "servers"),
    [
        ({}, None),
        ({"basePath": "/"}, None),
        ({"basePath": "/api"}, [{"url": "/api"}]),
        ({"basePath": "/api/"}, [{"url": "/api"}]),
        ({"host": "h.example"}, [{"url": "//h.example"}]),
        (
            {"host": "h.example:8080", "basePath": "/v2", "schemes": ["http", "https"]},
            [{"url": "http://h.example:8080/v2"}, {"url": "https://h.example:8080/v2"}],
        ),
    ],
)
def test_host_schemes_and_base_path_become_servers(
    fields: Document, servers: list[dict[str, str]] | None
) -> None:
    document = {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, **fields}
    assert to_openapi3(document).get("servers") == servers


def test_definitions_become_component_schemas_and_refs_follow(converted: Document) -> None:
    schemas = converted["components"]["schemas"]
    assert set(schemas) == {"Pet", "Owner", "Error"}
    listed = _responses(converted, "/pets", "get")["200"]["content"]["application/json"]
    assert listed["schema"] == {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
    assert schemas["Pet"]["discriminator"] == {"propertyName": "kind"}


def test_produces_gives_the_media_types_of_each_response(converted: Document) -> None:
    assert set(_responses(converted, "/pets", "get")["200"]["content"]) == {"application/json"}
    # The operation's own produces replaces the global one.
    assert set(_responses(converted, "/pets/{pet_id}", "get")["200"]["content"]) == {
        "application/xml"
    }


def test_without_any_produces_bodies_are_json() -> None:
    document = petstore()
    del document["produces"], document["consumes"]
    converted = to_openapi3(document)
    assert set(_responses(converted, "/pets", "get")["default"]["content"]) == {"application/json"}
    body = converted["paths"]["/pets"]["post"]["requestBody"]
    assert set(body["content"]) == {"application/json", "application/xml"}


def test_examples_are_kept_per_media_type(converted: Document) -> None:
    media = _responses(converted, "/pets", "get")["200"]["content"]["application/json"]
    assert media["example"] == [{"name": "Kit"}]


def test_a_response_without_schema_may_carry_any_body_except_where_none_can_be(
    converted: Document,
) -> None:
    assert _responses(converted, "/pets", "post")["400"]["content"] == {"*/*": {}}
    assert "content" not in _responses(converted, "/pets/{pet_id}", "delete")["204"]
    assert converted["components"]["responses"]["Gone"]["content"] == {"*/*": {}}


def test_shared_responses_become_components_or_are_inlined_for_other_media_types(
    converted: Document,
) -> None:
    assert _responses(converted, "/pets/{pet_id}", "delete")["404"] == {
        "$ref": "#/components/responses/NotFound"
    }
    # GET /pets/{pet_id} produces XML only: the shared (JSON) response would say otherwise.
    inlined = _responses(converted, "/pets/{pet_id}", "get")["404"]
    assert set(inlined["content"]) == {"application/xml"}
    assert inlined["content"]["application/xml"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_custom_codes_and_their_fallbacks_are_carried(converted: Document) -> None:
    assert converted["x-status-codes"]["460"]["fallback"] == 429
    assert _responses(converted, "/pets", "get")["460"]["x-fallback"] == 429
    assert "default" in _responses(converted, "/pets", "get")


def test_response_headers_get_a_schema(converted: Document) -> None:
    headers = _responses(converted, "/pets", "get")["200"]["headers"]
    assert headers == {"X-Total": {"description": "All pets", "schema": {"type": "integer"}}}


def test_a_body_parameter_becomes_the_request_body(converted: Document) -> None:
    operation = converted["paths"]["/pets"]["post"]
    assert "parameters" not in operation
    assert operation["requestBody"] == {
        "required": True,
        "content": {
            media_type: {"schema": {"$ref": "#/components/schemas/Pet"}}
            for media_type in ("application/json", "application/xml")
        },
    }
    assert "pet" not in converted["components"].get("parameters", {})


def test_form_parameters_become_a_form_body_with_files_as_binary(converted: Document) -> None:
    operation = converted["paths"]["/pets/{pet_id}/photo"]["put"]
    assert [p["name"] for p in operation["parameters"]] == ["pet_id"]
    schema = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert schema == {
        "type": "object",
        "properties": {
            "photo": {"type": "string", "format": "binary"},
            "caption": {"type": "string", "description": "Words"},
        },
        "required": ["photo"],
    }
    assert operation["requestBody"]["required"] is True
    photo = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert photo == {"type": "string", "format": "binary"}
    # No consumes of a form type: the urlencoded form 2.0 means by default.
    plain = converted["paths"]["/pets/{pet_id}/photo"]["post"]["requestBody"]
    assert set(plain["content"]) == {"application/x-www-form-urlencoded"}


def test_query_path_and_header_parameters_get_a_schema_and_a_style(converted: Document) -> None:
    limit, tags, ids = converted["paths"]["/pets"]["get"]["parameters"]
    assert limit == {"$ref": "#/components/parameters/limit"}
    assert converted["components"]["parameters"]["limit"] == {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "maximum": 50},
    }
    assert (tags["style"], tags["explode"], tags["schema"]["items"]) == (
        "form",
        True,
        {"type": "string"},
    )
    assert (ids["style"], ids["explode"]) == ("form", False)
    item = converted["paths"]["/pets/{pet_id}"]
    assert [p["name"] for p in item["parameters"]] == ["pet_id", "X-Trace"]
    assert item["get"]["parameters"][0]["schema"] == {"type": "integer"}


def test_security_schemes_are_moved_and_reshaped(converted: Document) -> None:
    schemes = converted["components"]["securitySchemes"]
    assert schemes["login"] == {"type": "http", "scheme": "basic"}
    assert schemes["key"] == {"type": "apiKey", "name": "X-Key", "in": "header"}
    assert schemes["oauth"]["flows"] == {
        "authorizationCode": {
            "authorizationUrl": "https://pets.example/auth",
            "tokenUrl": "https://pets.example/token",
            "scopes": {"read": "Read pets"},
        }
    }
    assert converted["security"] == [{"key": []}]


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        ({"name": "Kit"}, True),
        ({"name": "Kit", "tag": None}, True),  # x-nullable
        ({"name": "Kit", "owner": None}, True),  # x-nullable beside a $ref
        ({"name": "Kit", "owner": {"name": "Ann"}}, True),
        ({"name": None}, False),  # not nullable
        ({"name": "Kit", "owner": "Ann"}, False),
        ({"tag": "cat"}, False),  # name is required
    ],
)
def test_bodies_are_judged_as_swagger_2_0_judges_them(
    converted: Document, body: object, valid: bool
) -> None:
    components = converted["components"]["schemas"]
    compiled = SchemaCompiler(converted["openapi"], components).compile(
        {"$ref": "#/components/schemas/Pet"}
    )
    assert compiled.validator.is_valid(json.loads(json.dumps(body))) is valid


@pytest.mark.parametrize(
    ("edit", "location", "fragment"),
    [
        (
            lambda d: d["paths"]["/pets"]["post"].update(responses={}),
            "$.paths['/pets'].post.responses",
            "less than 1 property",
        ),
        (
            lambda d: d["definitions"].pop("Owner"),
            "$.definitions.Pet.properties.owner['$ref']",
            "points to nothing in this document",
        ),
        (
            lambda d: d["paths"]["/pets"]["get"]["responses"]["460"].pop("x-fallback"),
            "$.paths['/pets'].get.responses['460']",
            "custom status 460 has no x-fallback",
        ),
        (lambda d: d.update(swagger="1.2"), "$.swagger", "swagger is '1.2'"),
    ],
)
def test_check_validates_the_2_0_document_and_judges_its_conversion(
    edit: t.Callable[[Document], object], location: str, fragment: str
) -> None:
    document = petstore()
    edit(document)
    problems = check_document(document)
    assert [p.location for p in problems][:1] == [location]
    assert fragment in problems[0].message


def test_a_file_response_is_valid_2_0() -> None:
    # openapi-spec-validator alone refuses it; Swagger 2.0 allows it (§Response Object).
    document = petstore()
    assert document["paths"]["/pets/{pet_id}/photo"]["put"]["responses"]["200"]["schema"] == {
        "type": "file"
    }
    assert check_document(document) == []
