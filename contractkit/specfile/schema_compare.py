"""Schemas compared by meaning: annotations set aside."""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

#: Keywords that document a schema without changing which values it accepts.
ANNOTATIONS: t.Final = frozenset(
    {"description", "title", "example", "examples", "$comment", "externalDocs"}
)
# Where subschemas live, so that a property *named* "description" is not taken
# for the annotation keyword.
_SCHEMA_MAPS: t.Final = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
_SCHEMA_VALUES: t.Final = frozenset(
    {
        "items",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
        "additionalItems",
        "contentSchema",
        "allOf",
        "anyOf",
        "oneOf",
        "prefixItems",
    }
)
#: Keywords whose list order carries no meaning.
_UNORDERED: t.Final = frozenset({"required", "type"})


def meaning(schema: object) -> object:
    """An inlined ``schema`` without its :data:`ANNOTATIONS`, for comparing what it accepts."""
    if isinstance(schema, list):
        return [meaning(item) for item in schema]
    if not isinstance(schema, Mapping):
        return schema
    kept: dict[str, object] = {}
    for key, value in schema.items():
        if key in ANNOTATIONS:
            continue
        if key in _SCHEMA_MAPS and isinstance(value, Mapping):
            kept[key] = {name: meaning(sub) for name, sub in value.items()}
        elif key in _SCHEMA_VALUES:
            kept[key] = meaning(value)
        elif (
            key in _UNORDERED and isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            kept[key] = sorted(value)
        else:
            kept[key] = value
    return kept
