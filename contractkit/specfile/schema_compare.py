"""Response schemas compared by meaning: ``$ref`` targets inlined, annotations set aside."""

from __future__ import annotations

import typing as t
from collections.abc import Iterator, Mapping

from .locations import resolve_pointer

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


class _Missing:
    def __repr__(self) -> str:
        return "nothing"


#: Stands for the absent side of an added or removed key.
MISSING: t.Final = _Missing()


def inline(document: object, schema: object, _seen: tuple[str, ...] = ()) -> object:
    """``schema`` with every local ``$ref`` replaced by a copy of its target.

    Two documents may name the same schema differently (``Item`` or ``ItemOut``)
    and still promise clients the same thing; comparing inlined schemas sees
    through the names. A reference back into its own ancestry becomes
    ``{"$cycle": n}``, with ``n`` the number of levels up, so recursive schemas
    compare by shape, never by name, and inlining ends.
    """
    if isinstance(schema, Mapping):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            found, target = resolve_pointer(document, ref)
            if found:
                if ref in _seen:
                    return {"$cycle": len(_seen) - _seen.index(ref)}
                resolved = inline(document, target, (*_seen, ref))
                siblings = {
                    str(key): inline(document, value, _seen)
                    for key, value in schema.items()
                    if key != "$ref"
                }
                return {"allOf": [resolved], **siblings} if siblings else resolved
        return {str(key): inline(document, value, _seen) for key, value in schema.items()}
    if isinstance(schema, list):
        return [inline(document, item, _seen) for item in schema]
    return schema


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


def differences(
    old: object, new: object, parts: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], object, object]]:
    """Every place where ``old`` and ``new`` differ, as ``(location, old, new)``.

    :data:`MISSING` stands for the side where a key does not exist.
    """
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key, value in old.items():
            if key in new:
                yield from differences(value, new[key], (*parts, key))
            else:
                yield (*parts, key), value, MISSING
        for key, value in new.items():
            if key not in old:
                yield (*parts, key), MISSING, value
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (before, after) in enumerate(zip(old, new, strict=True)):
            yield from differences(before, after, (*parts, index))
    elif old != new or isinstance(old, bool) != isinstance(new, bool):
        yield parts, old, new
