"""Swagger 2.0 schemas, parameter values and security schemes as OpenAPI 3.0's.

Internal to :mod:`.swagger2`. OpenAPI 3.0's schema dialect is JSON Schema
draft 4's subset plus ``nullable``, which is what a 2.0 schema is with
``x-nullable``: a schema moves over unchanged but for its ``$ref`` targets,
``x-nullable``, ``type: file`` and ``discriminator``.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

#: Where 2.0 keeps what 3.0 keeps under ``components``.
_MOVED = {
    "#/definitions/": "#/components/schemas/",
    "#/parameters/": "#/components/parameters/",
    "#/responses/": "#/components/responses/",
}
#: The schema that allows only ``null`` in 3.0: ``nullable`` needs a type beside it.
_NULL: t.Final[Mapping[str, t.Any]] = {"type": "object", "nullable": True, "enum": [None]}
#: Draft 4's exclusive flags, and the bound each one modifies.
_BOUND_OF: t.Final = {"exclusiveMaximum": "maximum", "exclusiveMinimum": "minimum"}
#: Parameter fields that describe the value, so belong in 3.0's ``schema``.
VALUE_FIELDS = (
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
)


def copied(value: t.Any) -> t.Any:
    """``value`` copied, every ``$ref`` pointing where 3.0 keeps its target."""
    if isinstance(value, Mapping):
        return {
            key: moved_ref(item) if key == "$ref" else copied(item) for key, item in value.items()
        }
    if isinstance(value, list):
        return [copied(item) for item in value]
    return value


def convert_schema(schema: t.Any) -> t.Any:
    """A 2.0 Schema Object as a 3.0 one."""
    if not isinstance(schema, Mapping):
        return copied(schema)
    converted: dict[str, t.Any] = {}
    for key, value in schema.items():
        if key == "$ref":
            converted[key] = moved_ref(value)
        elif key == "items" and isinstance(value, list):
            converted[key] = _one_items_schema(value)
        elif key in ("items", "additionalProperties", "not"):
            converted[key] = convert_schema(value)
        elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
            converted[key] = [convert_schema(item) for item in value]
        elif key == "properties" and isinstance(value, Mapping):
            converted[key] = {name: convert_schema(item) for name, item in value.items()}
        elif key == "discriminator" and isinstance(value, str):
            converted[key] = {"propertyName": value}
        elif (
            key == "x-discriminator"
            and isinstance(value, Mapping)
            and "discriminator" not in schema
        ):
            # 3.0's discriminator written ahead of time, mapping and all.
            converted["discriminator"] = copied(value)
            mapping = value.get("mapping")
            if isinstance(mapping, Mapping):
                converted["discriminator"]["mapping"] = {
                    k: moved_ref(v) for k, v in mapping.items()
                }
        elif key in ("x-nullable", "type"):
            continue  # below, once the rest is known
        elif key in _BOUND_OF and _BOUND_OF[key] not in schema:
            # Draft 4's flag modifies its bound and means nothing alone; 2.0's
            # validator lets it stand alone, 3.0's requires the bound.
            continue
        else:
            converted[key] = copied(value)
    null = _set_type(converted, schema["type"]) if "type" in schema else None
    if null == "only":
        return {**converted, **copied(_NULL)}
    if converted.get("type") == "file":
        converted["type"] = "string"
        converted["format"] = "binary"
    if null == "also" or schema.get("x-nullable") is True:
        return _nullable(converted)
    return converted


def _set_type(converted: dict[str, t.Any], declared: object) -> t.Literal["also", "only"] | None:
    """Write a draft 4 ``type`` as 3.0 spells it; whether it allows ``null`` too, or only.

    Draft 4, and so the 2.0 validator, accepts a list of types and ``"null"``;
    3.0 has one type and ``nullable``. Several other types become an ``anyOf``
    of one-type schemas: the type-specific keywords beside it (``maxLength``,
    ``minimum``) constrain only values of their own type, so they can stay.
    """
    named = declared if isinstance(declared, list) else [declared]
    others = [name for name in named if name != "null"]
    if len(others) == 1:
        converted["type"] = others[0]
    elif len(others) > 1:
        converted["anyOf"] = [{"type": name} for name in others]
    elif not named:
        converted["type"] = copied(declared)  # an empty list: the validators judge it
    if len(others) == len(named):
        return None
    return "also" if others else "only"


def _nullable(converted: dict[str, t.Any]) -> dict[str, t.Any]:
    """``converted`` accepting ``null`` too, as 3.0.3's ``nullable`` reads.

    ``nullable`` adds ``null`` only to a ``type`` beside it, and an ``enum``
    still refuses values it does not list: a 2.0 author who marks an enum
    ``x-nullable`` means ``null`` is one of its values, so it is added.
    """
    if "$ref" in converted:
        # 3.0 ignores a $ref's siblings, and nullable needs a type beside it.
        return {"anyOf": [converted, copied(_NULL)]}
    if "anyOf" in converted and "type" not in converted:
        return {**converted, "anyOf": [*converted["anyOf"], copied(_NULL)]}
    if "type" not in converted:
        return converted  # no type: null is allowed already
    enum = converted.get("enum")
    if isinstance(enum, list) and None not in enum:
        converted["enum"] = [*enum, None]
    converted["nullable"] = True
    return converted


def _one_items_schema(items: list[t.Any]) -> t.Any:
    """Draft 4's list form of ``items`` (one schema per position) as 3.0's single schema.

    3.0 has no per-position schemas: each position's schema is allowed anywhere,
    which accepts every array 2.0 accepted.
    """
    if len(items) == 1:
        return convert_schema(items[0])
    return {"anyOf": [convert_schema(item) for item in items]} if items else {}


def value_schema(fields: Mapping[str, t.Any]) -> dict[str, t.Any]:
    """A non-body parameter's or header's value fields as a schema (``items`` nests)."""
    schema = dict(fields)
    items = schema.get("items")
    if isinstance(items, Mapping):
        schema["items"] = value_schema(
            {key: value for key, value in items.items() if key != "collectionFormat"}
        )
    return schema


def security_scheme(scheme: t.Any) -> t.Any:
    """A 2.0 Security Scheme Object as 3.0's (``basic`` is HTTP ``basic``; OAuth2 gets flows)."""
    if not isinstance(scheme, Mapping):
        return scheme
    kind = scheme.get("type")
    extras = {k: v for k, v in scheme.items() if k == "description" or k.startswith("x-")}
    if kind == "basic":
        return {"type": "http", "scheme": "basic", **extras}
    if kind == "apiKey":
        return {"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in"), **extras}
    if kind == "oauth2":
        flow = {
            "implicit": "implicit",
            "password": "password",
            "application": "clientCredentials",
            "accessCode": "authorizationCode",
        }.get(str(scheme.get("flow")), "implicit")
        converted_flow: dict[str, t.Any] = {"scopes": dict(scheme.get("scopes") or {})}
        for key in ("authorizationUrl", "tokenUrl"):
            if key in scheme:
                converted_flow[key] = scheme[key]
        return {"type": "oauth2", "flows": {flow: converted_flow}, **extras}
    return dict(scheme)


def moved_ref(value: object) -> object:
    """A ``$ref`` pointing where 3.0 keeps its target; other references stay as they are."""
    if isinstance(value, str):
        for old, new in _MOVED.items():
            if value.startswith(old):
                return new + value[len(old) :]
    return value
