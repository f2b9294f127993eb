"""A small document every stub test serves: examples, a schema, a custom code with a fallback."""

from __future__ import annotations

import typing as t

import pytest

TAGS = ["0b7f1c52-4a8e-4d3e-9a55-0d6f5f7b9e21", "5c2a9f1e-8b7d-4c6a-a3e2-1f0e9d8c7b6a"]
PET = {
    "type": "object",
    "required": ["id", "name", "tags"],
    "properties": {
        "id": {"type": "integer", "minimum": 1, "maximum": 1000},
        "name": {"type": "string", "minLength": 3, "maxLength": 20},
        "tags": {"type": "array", "items": {"type": "string", "format": "uuid"}, "minItems": 2},
        "kind": {"type": "string", "enum": ["cat", "dog"]},
        "born": {"type": "string", "format": "date", "nullable": True},
    },
}


@pytest.fixture
def document() -> dict[str, t.Any]:
    problem = {"application/problem+json": {"schema": {"type": "object"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1"},
        "servers": [{"url": "/api"}],
        "x-status-codes": {"460": {"phrase": "Tier Limit Exceeded", "fallback": 429}},
        "paths": {
            "/pets/{pet_id}": {
                "parameters": [
                    {
                        "name": "pet_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "get": {
                    "responses": {
                        "200": {
                            "description": "A pet.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Pet"},
                                    "examples": {
                                        "rex": {"value": {"id": 1, "name": "Rex", "tags": TAGS}},
                                        "tom": {"value": {"id": 2, "name": "Tom", "tags": TAGS}},
                                    },
                                }
                            },
                        },
                        "404": {"description": "No such pet.", "content": problem},
                        "460": {
                            "description": "Over the plan.",
                            "x-fallback": 429,
                            "headers": {
                                "Retry-After": {"required": True, "schema": {"type": "integer"}}
                            },
                            "content": problem,
                        },
                    }
                },
                "delete": {"responses": {"204": {"description": "Gone."}}},
            },
            "/pets": {
                "post": {
                    "parameters": [
                        {
                            "name": "owner",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                    },
                    "responses": {
                        "201": {"description": "Added."},
                        "422": {"description": "Invalid input.", "content": problem},
                    },
                },
                "get": {
                    "responses": {
                        "201": {"description": "Odd but declared."},
                        "200": {
                            "description": "Pets.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Pet"},
                                    }
                                }
                            },
                        },
                    }
                },
            },
        },
        "components": {"schemas": {"Pet": PET}},
    }
