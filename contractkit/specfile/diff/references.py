"""What a schema node means before two are compared: ``$ref``s followed, spellings read alike.

``oneOf: [{type: "null"}, X]`` is a nullable X, ``oneOf`` of bare types is a
type list, and in 3.1 keywords beside a ``$ref`` apply too: the walk compares
what each spelling means, not how it is written.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping
from types import MappingProxyType

from ..locations import pointer_parts, resolve_pointer
from ..schema_compare import ANNOTATIONS
from .context import Parts
from .keywords import Schema, nullable

#: Longer ``$ref`` chains are cycles of references to references.
_MAX_HOPS: t.Final = 32
#: What a node that is not an object (or a ``$ref`` to nothing) reads as.
EMPTY: t.Final[Schema] = MappingProxyType({})


def resolve(document: Mapping[str, t.Any], node: object, parts: Parts) -> tuple[Schema, Parts]:
    """``node`` with local ``$ref``s followed, and where it really is in ``document``."""
    for _ in range(_MAX_HOPS):
        if not (isinstance(node, Mapping) and isinstance(node.get("$ref"), str)):
            break
        ref = node["$ref"]
        found, target = resolve_pointer(document, ref)
        ref_parts = pointer_parts(ref)
        if not found or ref_parts is None:
            break
        node, parts = target, tuple(ref_parts)
    return (node if isinstance(node, Mapping) else EMPTY), parts


def unwrap(
    document: Mapping[str, t.Any], schema: Schema, parts: Parts
) -> tuple[Schema, Parts, bool]:
    """``oneOf: [{type: "null"}, X]`` read as a nullable X: one concept, three spellings."""
    null = nullable(schema)
    if "type" in schema or "properties" in schema:
        return schema, parts, null
    for key in ("oneOf", "anyOf"):
        alternatives = schema.get(key)
        if not (isinstance(alternatives, list) and len(alternatives) == 2):
            continue
        resolved = [
            resolve(document, alternative, (*parts, key, index))
            for index, alternative in enumerate(alternatives)
        ]
        others = [pair for pair in resolved if pair[0].get("type") != "null"]
        if len(others) == 1:
            other, where = others[0]
            return other, where, True
    return schema, parts, null


def reference(document: Mapping[str, t.Any], node: object) -> str | None:
    """The ``$ref`` of ``node`` if the node is only that: in 3.1 keywords beside it count."""
    if not (isinstance(node, Mapping) and isinstance(node.get("$ref"), str)):
        return None
    plain = len(node) == 1 or str(document.get("openapi", "")).startswith("3.0")
    if not plain and any(key != "$ref" and key not in ANNOTATIONS for key in node):
        return None
    return str(node["$ref"])


def siblings(
    document: Mapping[str, t.Any], raw: object, target: Schema, merged: dict[int, Schema]
) -> Schema:
    """In 3.1 keywords beside a ``$ref`` apply too (3.0 ignores them): ``target`` with them.

    The merged schema is made once per ``$ref`` object, so a cycle through it
    still meets the same object again and ends.
    """
    if not (isinstance(raw, Mapping) and "$ref" in raw):
        return target
    if str(document.get("openapi", "")).startswith("3.0"):
        return target
    siblings = {
        key: value for key, value in raw.items() if key != "$ref" and key not in ANNOTATIONS
    }
    if not siblings or target is raw:
        return target
    if id(raw) not in merged:
        merged[id(raw)] = {**target, **siblings}
    return merged[id(raw)]


def type_list(document: Mapping[str, t.Any], schema: Schema, parts: Parts) -> Schema:
    """``oneOf: [{type: string}, {type: integer}]`` read as ``type: [string, integer]``."""
    if "type" in schema:
        return schema
    for key in ("oneOf", "anyOf"):
        alternatives = schema.get(key)
        if not isinstance(alternatives, list) or len(alternatives) < 2:
            continue
        resolved = [resolve(document, item, parts)[0] for item in alternatives]
        if all(set(item) == {"type"} and isinstance(item["type"], str) for item in resolved):
            plain = {name: value for name, value in schema.items() if name != key}
            return {**plain, "type": [item["type"] for item in resolved]}
    return schema
