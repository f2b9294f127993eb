"""JSON Schema objects from recorded body shapes: the one rule every proposal form follows.

A property is ``required`` only where every observation of its object had
it, ``null`` is allowed where it was seen, a ``format`` is given only where
every string had it, several JSON types stay several (``integer`` and
``number`` are one ``number``). :func:`shape_schema` says it in JSON Schema
2020-12's words, as OpenAPI 3.1 does; :func:`for_dialect` says the same in
OpenAPI 3.0's and Swagger 2.0's, and :mod:`.schema_code` turns it into
marshmallow fields.
"""

from __future__ import annotations

import typing as t

from ..recording.shapes import FORMATS, Shape, seen
from ..specfile.validator_rules import Version

#: A schema object, as JSON.
SchemaObject = dict[str, t.Any]

_FORMAT_NAMES: t.Final = frozenset(name for name, _ in FORMATS)
#: How each dialect says that a typed schema also allows ``null``.
_NULLABLE: t.Final = {"3.0": "nullable", "2.0": "x-nullable"}


def shape_schema(shape: Shape) -> SchemaObject:
    """The schema every observation in ``shape`` satisfies, ``null`` written as a type."""
    counts: dict[str, int] = shape.get("types", {})
    kinds = sorted(k for k, n in counts.items() if n and k != "null")
    if set(kinds) == {"integer", "number"}:
        kinds = ["number"]
    schema: SchemaObject = {}
    if kinds == ["object"]:
        if "fields" in shape:
            total = counts["object"]
            fields: dict[str, Shape] = dict(sorted(shape["fields"].items()))
            schema["properties"] = {key: shape_schema(inner) for key, inner in fields.items()}
            required = [key for key, inner in fields.items() if seen(inner) >= total]
            if required:
                schema["required"] = required
        elif "values" in shape:
            schema["additionalProperties"] = shape_schema(shape["values"])
    elif kinds == ["array"]:
        schema["items"] = shape_schema(shape["items"]) if "items" in shape else {}
    elif kinds == ["string"]:
        strings = counts["string"]
        for name, count in shape.get("formats", {}).items():
            if count == strings and name in _FORMAT_NAMES:
                schema["format"] = name
                break
    if counts.get("null"):
        kinds.append("null")
    if kinds:
        return {"type": kinds[0] if len(kinds) == 1 else kinds, **schema}
    return schema


def types_of(schema: SchemaObject) -> list[str]:
    """The JSON types a schema written by :func:`shape_schema` names, ``null`` included."""
    kind = schema.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def for_dialect(schema: SchemaObject, dialect: Version) -> SchemaObject:
    """``schema`` as ``dialect`` writes it: OpenAPI 3.0 and Swagger 2.0 have no type lists.

    A single type with ``null`` gets ``nullable`` (``x-nullable`` in 2.0);
    several types, which those versions cannot name, become no ``type`` at all.
    """
    if dialect == "3.1":
        return schema
    result: SchemaObject = {}
    kinds = types_of(schema)
    named = [kind for kind in kinds if kind != "null"]
    if len(named) == 1:
        result["type"] = named[0]
    for key, value in schema.items():
        if key == "properties":
            result[key] = {name: for_dialect(inner, dialect) for name, inner in value.items()}
        elif key in ("items", "additionalProperties"):
            result[key] = for_dialect(value, dialect)
        elif key != "type":
            result[key] = value
    if len(named) == 1 and "null" in kinds:
        result[_NULLABLE[dialect]] = True
    return result
