"""Two schemas walked side by side: ``$ref``s followed, cycles ended, no deep recursion.

The walk keeps its own stack, so a deeply nested schema costs memory rather
than Python frames, and it visits each pair of (old, new) schema objects once
per root. A ``$ref`` met on both sides is handed to the scope's shared schemas
(shared.py), which compare each referenced pair once for the whole diff: that
also ends cycles through references.
"""

from __future__ import annotations

import json
import typing as t
from collections.abc import Mapping

from ..locations import pointer
from ..schema_compare import meaning
from .context import Parts, SchemaSite
from .keywords import Schema, compare_keywords, types
from .model import DiffError
from .references import EMPTY, reference, resolve, siblings, type_list, unwrap
from .sunset import compare_sunsets
from .vocabulary import compare_applicators

#: Deeper schemas than this are refused (as spec files nested deeper are): no real API
#: nests so far, and a document that does is hostile or generated wrongly.
MAX_DEPTH: t.Final = 1000
_COMPOSITIONS: t.Final = (("oneOf", "one-of"), ("anyOf", "any-of"), ("allOf", "all-of"))

# old schema, new schema, old location, new location, property path, depth
_Node = tuple[object, object, Parts, Parts, tuple[str, ...], int]


def compare_schemas(site: SchemaSite, old: object, new: object, at: tuple[Parts, Parts]) -> None:
    """Every schema rule between ``old`` and ``new`` and everything below them."""
    old_document, new_document = site.scope.old_document, site.scope.new_document
    shared = site.scope.shared
    stack: list[_Node] = [(old, new, at[0], at[1], (), 0)]
    seen: set[tuple[int, int]] = set()
    merged: dict[int, Schema] = {}
    while stack:
        before, after, old_at, new_at, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise DiffError(
                f"schemas nested more than {MAX_DEPTH} levels deep at {pointer(new_at)}; "
                "flatten them with $ref components."
            )
        old_ref, new_ref = reference(old_document, before), reference(new_document, after)
        old_schema, old_at = resolve(old_document, before, old_at)
        new_schema, new_at = resolve(new_document, after, new_at)
        if shared is not None and old_ref is not None and new_ref is not None:
            nested = site.nested or bool(path)
            shared.reach(
                site, (old_ref, new_ref), (old_schema, new_schema), (old_at, new_at), nested
            )
            continue
        old_schema = siblings(old_document, before, old_schema, merged)
        new_schema = siblings(new_document, after, new_schema, merged)
        old_schema, old_at, old_null = unwrap(old_document, old_schema, old_at)
        new_schema, new_at, new_null = unwrap(new_document, new_schema, new_at)
        key = (id(old_schema), id(new_schema))
        if key in seen:
            continue
        seen.add(key)
        where = (old_at, new_at)
        old_schema = type_list(old_document, old_schema, old_at)
        new_schema = type_list(new_document, new_schema, new_at)
        if _wrapped(old_schema, new_schema):
            # One change, not a cascade of removed properties (oasdiff #702).
            site.rule("wrapped-in-one-of", *where, path, "the schema was wrapped in oneOf")
            continue
        compare_keywords(site, old_schema, new_schema, where, path, old_null, new_null)
        children: list[_Node] = []
        _properties(site, old_schema, new_schema, where, path, depth, children)
        for keyword in ("items", "additionalProperties"):
            if isinstance(old_schema.get(keyword), Mapping) and isinstance(
                new_schema.get(keyword), Mapping
            ):
                children.append(
                    (
                        old_schema[keyword],
                        new_schema[keyword],
                        (*old_at, keyword),
                        (*new_at, keyword),
                        (*path, keyword),
                        depth + 1,
                    )
                )
        for keyword, rule in _COMPOSITIONS:
            _alternatives(site, old_schema, new_schema, keyword, rule, where, path, depth, children)
        for child in compare_applicators(site, old_schema, new_schema, where, path):
            children.append((*child, depth + 1))
        stack.extend(reversed(children))


def _wrapped(old: Schema, new: Schema) -> bool:
    """Whether ``new`` is ``old`` turned into one alternative of a ``oneOf``."""
    shaped = types(old) is not None or "properties" in old
    return shaped and "oneOf" not in old and bool(_list(new.get("oneOf"))) and types(new) is None


def _hidden(site: SchemaSite, schema: Schema) -> bool:
    """A property that never travels this way: readOnly in requests, writeOnly in responses."""
    flag = "readOnly" if site.side == "request" else "writeOnly"
    return schema.get(flag) is True


def _required(schema: Schema) -> set[str]:
    names = schema.get("required")
    return {name for name in names if isinstance(name, str)} if isinstance(names, list) else set()


def _properties(
    site: SchemaSite,
    old: Schema,
    new: Schema,
    at: tuple[Parts, Parts],
    path: tuple[str, ...],
    depth: int,
    children: list[_Node],
) -> None:
    old_properties = old.get("properties")
    new_properties = new.get("properties")
    old_properties = old_properties if isinstance(old_properties, Mapping) else EMPTY
    new_properties = new_properties if isinstance(new_properties, Mapping) else EMPTY
    old_required, new_required = _required(old), _required(new)
    scope = site.scope
    request = site.side == "request"
    for name in [*old_properties, *(name for name in new_properties if name not in old_properties)]:
        old_at = (*at[0], "properties", name)
        new_at = (*at[1], "properties", name)
        inside = (*path, str(name))
        where = site.name(inside)
        before = resolve(scope.old_document, old_properties.get(name), old_at)[0]
        after = resolve(scope.new_document, new_properties.get(name), new_at)[0]
        if (name in old_properties and _hidden(site, before)) or (
            name in new_properties and _hidden(site, after)
        ):
            continue
        if name not in new_properties:
            if request:
                scope.add(
                    "request-property-removed",
                    "warning",
                    old_at,
                    None,
                    f"{where} was removed; clients that still send it may be rejected.",
                )
            elif name in old_required:
                scope.add(
                    "response-required-property-removed",
                    "breaking",
                    old_at,
                    None,
                    f"required {where} was removed; clients that read it break.",
                )
            else:
                scope.add(
                    "response-optional-property-removed",
                    "warning",
                    old_at,
                    None,
                    f"optional {where} was removed; clients lose what it meant.",
                )
            continue
        if name not in old_properties:
            required = name in new_required
            if request and required:
                scope.add(
                    "new-required-request-property",
                    "breaking",
                    None,
                    new_at,
                    f"required {where} was added; clients that do not send it are rejected.",
                )
            elif request:
                scope.add(
                    "new-optional-request-property",
                    "info",
                    None,
                    new_at,
                    f"optional {where} was added.",
                )
            else:
                kind = "required" if required else "optional"
                scope.add(
                    f"response-{kind}-property-added",
                    "info",
                    None,
                    new_at,
                    f"{kind} {where} was added.",
                )
            continue
        compare_sunsets(scope, f"{site.side}-property", before, after, (old_at, new_at), where)
        was, now = name in old_required, name in new_required
        if was != now:
            if request and now:
                scope.add(
                    "request-property-became-required",
                    "breaking",
                    old_at,
                    new_at,
                    f"{where} became required; clients that omit it are rejected.",
                )
            elif request:
                scope.add(
                    "request-property-became-optional",
                    "info",
                    old_at,
                    new_at,
                    f"{where} became optional.",
                )
            elif now:
                scope.add(
                    "response-property-became-required",
                    "info",
                    old_at,
                    new_at,
                    f"{where} became required.",
                )
            else:
                scope.add(
                    "response-property-became-optional",
                    "breaking",
                    old_at,
                    new_at,
                    f"{where} became optional; clients that expect it break.",
                )
        children.append(
            (old_properties[name], new_properties[name], old_at, new_at, inside, depth + 1)
        )


def _key(alternative: object) -> str:
    """What identifies a ``oneOf``/``anyOf``/``allOf`` member: its ``$ref``, or its meaning."""
    if isinstance(alternative, Mapping) and isinstance(alternative.get("$ref"), str):
        return "$ref:" + str(alternative["$ref"])
    try:
        text: str = json.dumps(meaning(alternative), sort_keys=True, default=str)
    except (RecursionError, ValueError) as error:
        raise DiffError(f"a schema is nested too deeply or refers to itself: {error}") from None
    return text


def _annotation(document: Mapping[str, t.Any], member: object) -> bool:
    """Whether an ``allOf`` member only documents: no keyword of it constrains a value."""
    schema = resolve(document, member, ())[0]
    return isinstance(member, Mapping) and not meaning(schema)


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _alternatives(
    site: SchemaSite,
    old: Schema,
    new: Schema,
    keyword: str,
    rule: str,
    at: tuple[Parts, Parts],
    path: tuple[str, ...],
    depth: int,
    children: list[_Node],
) -> None:
    before = _list(old.get(keyword))
    after = _list(new.get(keyword))
    if not before and not after:
        return
    old_keys: list[str | None] = [_key(item) for item in before]
    new_keys = [_key(item) for item in after]
    unmatched_new = list(range(len(after)))
    unmatched_old: list[int] = []
    if keyword == "allOf":
        # A member with nothing but annotations accepts every value: it changes nothing.
        scope = site.scope
        unmatched_new = [j for j in unmatched_new if not _annotation(scope.new_document, after[j])]
        kept = [i for i, item in enumerate(before) if not _annotation(scope.old_document, item)]
        old_keys = [key if index in kept else None for index, key in enumerate(old_keys)]
    pairs: list[tuple[int, int]] = []
    for index, key in enumerate(old_keys):
        if key is None:
            continue
        match = next((j for j in unmatched_new if new_keys[j] == key), None)
        if match is None:
            unmatched_old.append(index)
        else:
            unmatched_new.remove(match)
            pairs.append((index, match))
    if len(unmatched_old) == len(unmatched_new):
        # Same number of members: read as edits of each member, in order.
        pairs.extend(zip(unmatched_old, unmatched_new, strict=True))
        unmatched_old, unmatched_new = [], []
    for index in unmatched_old:
        site.rule(
            f"{rule}-removed",
            (*at[0], keyword, index),
            at[1],
            path,
            f"{keyword} member #{index + 1} was removed",
        )
    for index in unmatched_new:
        site.rule(
            f"{rule}-added",
            at[0],
            (*at[1], keyword, index),
            path,
            f"{keyword} member #{index + 1} was added",
        )
    for old_index, new_index in sorted(pairs):
        children.append(
            (
                before[old_index],
                after[new_index],
                (*at[0], keyword, old_index),
                (*at[1], keyword, new_index),
                path,
                depth + 1,
            )
        )
