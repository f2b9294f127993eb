"""Rules on one schema's own keywords: type, null, enum, const, bounds, pattern, default,
and how a string's content is encoded."""

from __future__ import annotations

import json
import typing as t
from collections.abc import Mapping

from ..locations import follow
from ..schema_compare import meaning
from .context import Parts, SchemaSite

Schema = Mapping[str, t.Any]

#: Bound keywords and the rule names oasdiff gives them; lower bounds first.
_LOWER: t.Final = (
    ("minimum", "min"),
    ("exclusiveMinimum", "exclusive-min"),
    ("minLength", "min-length"),
    ("minItems", "min-items"),
    ("minContains", "min-contains"),
)
_UPPER: t.Final = (
    ("maximum", "max"),
    ("exclusiveMaximum", "exclusive-max"),
    ("maxLength", "max-length"),
    ("maxItems", "max-items"),
    ("maxContains", "max-contains"),
)
_SCALARS: t.Final = (frozenset({"integer"}), frozenset({"number"}), frozenset({"boolean"}))
#: Keywords that say what type a value has, not what value of that type is valid.
_TYPED: t.Final = frozenset({"type", "nullable", "format"})
#: Patterns that accept every string.
_ANYTHING: t.Final = frozenset({".*", "^.*$", "^.*", ".*$", ""})


def show(value: object) -> str:
    """A value as it would be written in JSON, shortened for one-line messages."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def types(schema: Schema) -> frozenset[str] | None:
    """The non-null types ``schema`` allows; ``None`` when it does not say (any type)."""
    declared = schema.get("type")
    if isinstance(declared, str):
        found = {declared}
    elif isinstance(declared, list):
        found = {str(item) for item in declared}
    else:
        return None
    found.discard("null")
    return frozenset(found) if found else None


def nullable(schema: Schema) -> bool:
    """Whether null is allowed: 3.0 ``nullable``, 3.1 ``"null"`` in ``type``, or in ``enum``."""
    declared = schema.get("type")
    if schema.get("nullable") is True or declared == "null":
        return True
    return isinstance(declared, list) and "null" in declared


def compare_keywords(
    site: SchemaSite,
    old: Schema,
    new: Schema,
    at: tuple[Parts, Parts],
    path: tuple[str, ...],
    old_null: bool,
    new_null: bool,
) -> None:
    """Every rule on the keywords of one schema pair (not its subschemas)."""
    if old_null != new_null:
        site.rule(
            "became-nullable" if new_null else "became-not-nullable",
            *at,
            path,
            "null is now allowed" if new_null else "null is no longer allowed",
        )
    _types(site, old, new, at, path)
    _enum(site, old, new, at, path)
    _const(site, old, new, at, path)
    _bounds(site, _exclusive(old), _exclusive(new), at, path)
    _pattern(site, old.get("pattern"), new.get("pattern"), at, path)
    if not (site.root_prefix == "request-parameter" and site.root(path)):
        # A parameter's own default has its own rule (see requests.py).
        _default(site, old, new, at, path)
    _discriminator(site, old.get("discriminator"), new.get("discriminator"), at, path)
    for keyword, rule in (
        ("contentEncoding", "content-encoding-changed"),
        ("contentMediaType", "content-media-type-changed"),
    ):
        if old.get(keyword) != new.get(keyword):
            # How the string is encoded: both sides read and write it the old way.
            before, after = show(old.get(keyword)), show(new.get(keyword))
            site.rule(rule, *at, path, f"{keyword} changed from {before} to {after}")


def _types(
    site: SchemaSite, old: Schema, new: Schema, at: tuple[Parts, Parts], path: tuple[str, ...]
) -> None:
    before, after = types(old), types(new)
    if before == after:
        if before is not None and len(before) == 1:
            _format(site, old.get("format"), new.get("format"), at, path, next(iter(before)))
        return
    said = f"type changed from {_named(old, before)} to {_named(new, after)}"
    if after is None:
        site.rule("type-generalized", *at, path, said)
    elif before is None:
        site.rule("type-specialized", *at, path, said)
    elif site.exploded and site.root(path) and _one_element(site, old, new, before, after):
        said += " (a single value is a one-element array in form/explode serialization)"
        site.rule("type-generalized", *at, path, said)
    elif len(before) > 1 or len(after) > 1:
        if after < before:
            site.rule("list-of-types-narrowed", *at, path, said)
        elif after > before:
            site.rule("list-of-types-widened", *at, path, said)
        else:
            site.rule("type-changed", *at, path, said)
    elif site.root_prefix == "response-header" and site.root(path) and _textual(old, new):
        # Header values are text: a client that read a string reads "42" as well.
        site.rule("type-compatible", *at, path, said)
    elif site.loose and len(before) == 1 and len(after) == 1:
        # XML, forms, text: a type there describes text loosely, not a JSON value's kind.
        site.rule("type-compatible", *at, path, said)
    elif site.root_prefix == "request-parameter" and _textual(new, old):
        # Parameter values are text: a server that takes any string takes "42" as well.
        site.rule("type-generalized", *at, path, said)
    elif before == {"integer"} and after == {"number"}:
        site.rule("type-generalized", *at, path, said)
    elif before == {"number"} and after == {"integer"}:
        # oasdiff's names: a request narrowed to integers "changed", a response "specialized".
        site.rule("type-changed" if site.side == "request" else "type-specialized", *at, path, said)
    else:
        site.rule("type-changed", *at, path, said)


def _one_element(
    site: SchemaSite, old: Schema, new: Schema, before: frozenset[str], after: frozenset[str]
) -> bool:
    """Whether a form/explode parameter's scalar became an array whose items accept every
    value the scalar did: ``?tag=a`` is then a one-element array (OpenAPI 3 §4.8.12.4).

    Values travel as text, so items of any string take any scalar; other items must
    list the old types (integers are numbers), and no other keyword may change.
    """
    old_types, new_types = before - {"null"}, after - {"null"}
    items = follow(site.scope.new_document, new.get("items"))
    if new_types != {"array"} or not old_types or "array" in old_types:
        return False
    if not isinstance(items, Mapping) or (item_types := types(items)) is None:
        return False
    item_types -= {"null"}
    textual = item_types == {"string"} and "format" not in items
    if not textual and any(
        kind not in item_types and not (kind == "integer" and "number" in item_types)
        for kind in old_types
    ):
        return False
    return _value_rules(old) == _value_rules(items)


def _value_rules(schema: Schema) -> object:
    """What a schema says of a value besides its type and null."""
    return meaning({key: value for key, value in schema.items() if key not in _TYPED})


def _textual(text: Schema, other: Schema) -> bool:
    """Whether ``text`` is any string and ``other`` a scalar, which travels as text."""
    plain = "format" not in text and "format" not in other
    return plain and types(text) == frozenset({"string"}) and types(other) in _SCALARS


def _named(schema: Schema, found: frozenset[str] | None) -> str:
    if found is None:
        return "any"
    name = "/".join(sorted(found))
    return f"{name}/{schema['format']}" if len(found) == 1 and "format" in schema else name


def _format(
    site: SchemaSite,
    before: object,
    after: object,
    at: tuple[Parts, Parts],
    path: tuple[str, ...],
    kind: str,
) -> None:
    if before == after:
        return
    said = f"format changed from {show(before)} to {show(after)}"
    if after is None:
        site.rule("type-generalized", *at, path, f"{kind} {said}")
    elif before is None:
        site.rule("type-specialized", *at, path, f"{kind} {said}")
    else:
        site.rule("type-changed", *at, path, f"{kind} {said}")


def _enum(
    site: SchemaSite, old: Schema, new: Schema, at: tuple[Parts, Parts], path: tuple[str, ...]
) -> None:
    before, after = old.get("enum"), new.get("enum")
    if isinstance(after, list) and not isinstance(before, list):
        site.rule("became-enum", *at, path, f"values are now restricted to {show(after)}")
    elif isinstance(before, list) and isinstance(after, list):
        for value in before:
            if value is not None and value not in after:
                site.rule("enum-value-removed", *at, path, f"enum value {show(value)} removed")
        for value in after:
            if value is not None and value not in before:
                site.rule("enum-value-added", *at, path, f"enum value {show(value)} added")
    before, after = old.get("x-extensible-enum"), new.get("x-extensible-enum")
    if isinstance(before, list) and isinstance(after, list):
        for value in before:
            if value not in after:
                site.rule(
                    "x-extensible-enum-value-removed",
                    *at,
                    path,
                    f"x-extensible-enum value {show(value)} removed",
                )


def _const(
    site: SchemaSite, old: Schema, new: Schema, at: tuple[Parts, Parts], path: tuple[str, ...]
) -> None:
    if "const" in old and "const" in new:
        if old["const"] != new["const"]:
            site.rule(
                "const-changed",
                *at,
                path,
                f"const changed from {show(old['const'])} to {show(new['const'])}",
            )
    elif "const" in new:
        site.rule("const-added", *at, path, f"value is now fixed to {show(new['const'])}")
    elif "const" in old:
        site.rule("const-removed", *at, path, f"const {show(old['const'])} removed")


def _exclusive(schema: Schema) -> dict[str, object]:
    """The bounds of ``schema``, with 3.0's boolean ``exclusiveMinimum`` in its 3.1 form."""
    bounds = {key: schema.get(key) for key, _ in (*_LOWER, *_UPPER)}
    for flag, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(bounds[flag], bool):
            bounds[flag] = bounds[plain] if bounds[flag] else None
            if bounds[flag] is not None:
                bounds[plain] = None
    return bounds


def _bound(bounds: dict[str, object], plain: str, exclusive: str) -> tuple[float, bool] | None:
    """A numeric bound as ``(value, exclusive)``: ``minimum: 5`` and ``exclusiveMinimum: 5``
    are one bound, so moving between them is one change, not a removal and an addition."""
    if _number(bounds[exclusive]):
        return t.cast(float, bounds[exclusive]), True
    if _number(bounds[plain]):
        return t.cast(float, bounds[plain]), False
    return None


def _bounds(
    site: SchemaSite,
    old: dict[str, object],
    new: dict[str, object],
    at: tuple[Parts, Parts],
    path: tuple[str, ...],
) -> None:
    for plain, exclusive, name, lower in (
        ("minimum", "exclusiveMinimum", "min", True),
        ("maximum", "exclusiveMaximum", "max", False),
    ):
        before, after = _bound(old, plain, exclusive), _bound(new, plain, exclusive)
        if before == after:
            continue
        kind = f"exclusive-{name}" if (after or before or (0, False))[1] else name
        keyword = exclusive if kind.startswith("exclusive") else plain
        if before is None or after is None:
            action = "set" if before is None else "unset"
            said = f"{keyword} {show((after or before or (0, False))[0])} {action}"
        else:
            tighter = (after[0] > before[0]) == lower and after[0] != before[0]
            if after[0] == before[0]:
                tighter = after[1] and not before[1]
            action = "increased" if tighter == lower else "decreased"
            said = f"{keyword} changed from {_said(before)} to {_said(after)}"
        site.rule(f"{kind}-{action}", *at, path, said)
    for keyword, name in (*_LOWER[2:], *_UPPER[2:]):
        size_before, size_after = old[keyword], new[keyword]
        size_before = size_before if _number(size_before) else None
        size_after = size_after if _number(size_after) else None
        if size_before == size_after:
            continue
        if name == "min-length" and size_before is None:
            # oasdiff has no "-min-length-set": a minLength from nothing is raised from 0.
            size_before = 0
        if name == "min-contains":
            # Without minContains, ``contains`` needs one match (2020-12 §10.3.1.3).
            size_before = 1 if size_before is None else size_before
            size_after = 1 if size_after is None else size_after
            if size_before == size_after:
                continue
        if size_before is None:
            action, said = "set", f"{keyword} {show(size_after)} set"
        elif size_after is None:
            action, said = "unset", f"{keyword} {show(size_before)} removed"
        else:
            up = t.cast(float, size_after) > t.cast(float, size_before)
            action = "increased" if up else "decreased"
            moved = "raised" if up else "lowered"
            said = f"{keyword} {moved} from {show(size_before)} to {show(size_after)}"
        site.rule(f"{name}-{action}", *at, path, said)


def _said(bound: tuple[float, bool]) -> str:
    return f"{show(bound[0])}{' (exclusive)' if bound[1] else ''}"


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _pattern(
    site: SchemaSite, before: object, after: object, at: tuple[Parts, Parts], path: tuple[str, ...]
) -> None:
    if before == after:
        return
    if before is None or (before in _ANYTHING and after not in _ANYTHING):
        site.rule("pattern-added", *at, path, f"pattern {show(after)} added")
    elif after is None:
        site.rule("pattern-removed", *at, path, f"pattern {show(before)} removed")
    elif after in _ANYTHING:
        site.rule("pattern-generalized", *at, path, f"pattern {show(before)} now accepts anything")
    else:
        site.rule(
            "pattern-changed", *at, path, f"pattern changed from {show(before)} to {show(after)}"
        )


def _default(
    site: SchemaSite, old: Schema, new: Schema, at: tuple[Parts, Parts], path: tuple[str, ...]
) -> None:
    if "default" in old and "default" in new:
        if old["default"] != new["default"]:
            site.rule(
                "default-value-changed",
                *at,
                path,
                f"default changed from {show(old['default'])} to {show(new['default'])}",
            )
    elif "default" in new:
        site.rule("default-value-added", *at, path, f"default {show(new['default'])} added")
    elif "default" in old:
        site.rule("default-value-removed", *at, path, f"default {show(old['default'])} removed")


def _discriminator(
    site: SchemaSite, before: object, after: object, at: tuple[Parts, Parts], path: tuple[str, ...]
) -> None:
    if before == after:
        return
    if before is None:
        site.rule("discriminator-added", *at, path, "discriminator added")
    elif after is None:
        site.rule("discriminator-removed", *at, path, "discriminator removed")
    else:
        site.rule("discriminator-changed", *at, path, "discriminator changed")
