"""Schema rules in both directions, on both sides of the wire, at every kind of place.

Each row is one thing made narrower and wider: the narrowing is the revision
of the wide schema, the widening the revision of the narrow one. The same row is
checked as a request body, a request property, a query parameter, a response
body, a response property and a response header, so a request rule and its
response mirror are pinned together.
"""

from __future__ import annotations

import re
import typing as t
from pathlib import Path

import pytest

from contractkit.specfile.diff.context import SCHEMA_LEVELS

from .diff_documents import Document, Schema, document, found, query

B, W, I = "breaking", "warning", "info"  # noqa: E741 - short, for tables
RANK = {B: 3, W: 2, I: 1}


class Row(t.NamedTuple):
    wide: Schema
    narrow: Schema
    #: Rule suffix of wide -> narrow, and of narrow -> wide (``None``: nothing reported;
    #: a pair where oasdiff names the request and the response rule differently).
    narrowing: str | tuple[str, str] | None
    widening: str | tuple[str, str] | None
    #: Levels: request narrowing, request widening, response narrowing, response widening.
    levels: tuple[str, str, str, str]


S = {"type": "string"}
N = {"type": "integer"}
A = {"type": "array"}
O = {"type": "object"}  # noqa: E741 - short, for tables
ROWS: dict[str, Row] = {
    "integer vs number": Row(
        {"type": "number"},
        N,
        ("type-changed", "type-specialized"),
        "type-generalized",
        (B, I, I, B),
    ),
    "format added": Row(
        N, {**N, "format": "int32"}, "type-specialized", "type-generalized", (B, I, I, B)
    ),
    "string vs object": Row(S, {"type": "object"}, "type-changed", "type-changed", (B, B, B, B)),
    "array vs scalar": Row(
        {"type": "array", "items": S}, S, "type-changed", "type-changed", (B, B, B, B)
    ),
    "3.1 type list": Row(
        {"type": ["string", "integer"]},
        S,
        "list-of-types-narrowed",
        "list-of-types-widened",
        (B, I, I, B),
    ),
    "oneOf of types": Row(
        {"oneOf": [S, N]}, N, "list-of-types-narrowed", "list-of-types-widened", (B, I, I, B)
    ),
    "3.0 nullable": Row(
        {**S, "nullable": True}, S, "became-not-nullable", "became-nullable", (B, I, I, B)
    ),
    "3.1 null in type": Row(
        {"type": ["string", "null"]}, S, "became-not-nullable", "became-nullable", (B, I, I, B)
    ),
    "oneOf with null": Row(
        {"oneOf": [{"type": "null"}, S]}, S, "became-not-nullable", "became-nullable", (B, I, I, B)
    ),
    "enum value": Row(
        {**S, "enum": ["a", "b"]},
        {**S, "enum": ["a"]},
        "enum-value-removed",
        "enum-value-added",
        (B, I, I, W),
    ),
    "enum": Row(S, {**S, "enum": ["a"]}, "became-enum", None, (B, I, I, I)),
    "x-extensible-enum": Row(
        {**S, "x-extensible-enum": ["a", "b"]},
        {**S, "x-extensible-enum": ["a"]},
        "x-extensible-enum-value-removed",
        None,
        (B, I, I, I),
    ),
    "const": Row(S, {**S, "const": "a"}, "const-added", "const-removed", (B, I, I, W)),
    "const value": Row(
        {**S, "const": "a"}, {**S, "const": "b"}, "const-changed", "const-changed", (B, B, B, B)
    ),
    "minimum": Row(
        {**N, "minimum": 1}, {**N, "minimum": 5}, "min-increased", "min-decreased", (B, I, I, B)
    ),
    "minimum set": Row(N, {**N, "minimum": 1}, "min-set", "min-unset", (W, I, I, B)),
    "maximum": Row(
        {**N, "maximum": 9}, {**N, "maximum": 5}, "max-decreased", "max-increased", (B, I, I, B)
    ),
    "maximum set": Row(N, {**N, "maximum": 9}, "max-set", "max-unset", (W, I, I, B)),
    "3.1 exclusiveMinimum": Row(
        {**N, "exclusiveMinimum": 1},
        {**N, "exclusiveMinimum": 5},
        "exclusive-min-increased",
        "exclusive-min-decreased",
        (B, I, I, B),
    ),
    "3.0 exclusiveMinimum flag": Row(
        {**N, "minimum": 5},
        {**N, "minimum": 5, "exclusiveMinimum": True},
        "exclusive-min-increased",
        "min-decreased",
        (B, I, I, B),
    ),
    "3.1 exclusiveMaximum": Row(
        {**N, "exclusiveMaximum": 9},
        {**N, "exclusiveMaximum": 5},
        "exclusive-max-decreased",
        "exclusive-max-increased",
        (B, I, I, B),
    ),
    "minLength": Row(
        {**S, "minLength": 1},
        {**S, "minLength": 3},
        "min-length-increased",
        "min-length-decreased",
        (B, I, I, B),
    ),
    "maxLength": Row(
        {**S, "maxLength": 9},
        {**S, "maxLength": 3},
        "max-length-decreased",
        "max-length-increased",
        (B, I, I, B),
    ),
    "maxLength set": Row(
        S, {**S, "maxLength": 9}, "max-length-set", "max-length-unset", (W, I, I, B)
    ),
    "minItems": Row(
        {"type": "array", "minItems": 1},
        {"type": "array", "minItems": 2},
        "min-items-increased",
        "min-items-decreased",
        (B, I, I, B),
    ),
    "maxItems": Row(
        {"type": "array", "maxItems": 9},
        {"type": "array", "maxItems": 2},
        "max-items-decreased",
        "max-items-increased",
        (B, I, I, B),
    ),
    "pattern": Row(S, {**S, "pattern": "^a"}, "pattern-added", "pattern-removed", (B, I, I, I)),
    "pattern value": Row(
        {**S, "pattern": "^a"},
        {**S, "pattern": "^b"},
        "pattern-changed",
        "pattern-changed",
        (W, W, I, I),
    ),
    "pattern to anything": Row(
        {**S, "pattern": ".*"},
        {**S, "pattern": "^a"},
        "pattern-added",
        "pattern-generalized",
        (B, I, I, I),
    ),
    "oneOf member": Row(
        {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
        {"oneOf": [{"$ref": "#/components/schemas/A"}]},
        "one-of-removed",
        "one-of-added",
        (B, I, I, B),
    ),
    "anyOf member": Row(
        {"anyOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
        {"anyOf": [{"$ref": "#/components/schemas/A"}]},
        "any-of-removed",
        "any-of-added",
        (B, I, I, I),
    ),
    "allOf member": Row(
        {"allOf": [{"$ref": "#/components/schemas/A"}]},
        {"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
        "all-of-added",
        "all-of-removed",
        (B, W, I, I),
    ),
    "discriminator": Row(
        {"type": "object"},
        {"type": "object", "discriminator": {"propertyName": "kind"}},
        None,
        None,
        (I, I, I, I),
    ),
    "contains": Row(A, {**A, "contains": N}, "contains-added", "contains-removed", (B, I, I, B)),
    "minContains": Row(
        {**A, "contains": N, "minContains": 2},
        {**A, "contains": N, "minContains": 3},
        "min-contains-increased",
        "min-contains-decreased",
        (B, I, I, B),
    ),
    "maxContains": Row(
        {**A, "contains": N, "maxContains": 5},
        {**A, "contains": N, "maxContains": 3},
        "max-contains-decreased",
        "max-contains-increased",
        (B, I, I, B),
    ),
    "prefixItems": Row(
        A, {**A, "prefixItems": [N]}, "prefix-items-added", "prefix-items-removed", (B, I, I, B)
    ),
    "dependentRequired": Row(
        O,
        {**O, "dependentRequired": {"a": ["b"]}},
        "dependent-required-added",
        "dependent-required-removed",
        (B, I, I, B),
    ),
    "dependentSchemas": Row(
        O,
        {**O, "dependentSchemas": {"a": {"required": ["b"]}}},
        "dependent-schema-added",
        "dependent-schema-removed",
        (B, I, I, B),
    ),
    "if/then": Row(
        O,
        {**O, "if": {"required": ["a"]}, "then": {"required": ["b"]}},
        "then-added",
        "then-removed",
        (B, I, I, B),
    ),
    "if/else": Row(
        O,
        {**O, "if": {"required": ["a"]}, "else": {"required": ["b"]}},
        "else-added",
        "else-removed",
        (B, I, I, B),
    ),
    "patternProperties": Row(
        O,
        {**O, "patternProperties": {"^x-": S}},
        "pattern-property-added",
        "pattern-property-removed",
        (B, I, I, B),
    ),
    "propertyNames": Row(
        O,
        {**O, "propertyNames": {"pattern": "^[a-z]+$"}},
        "property-names-added",
        "property-names-removed",
        (B, I, I, B),
    ),
    "unevaluatedProperties": Row(
        O,
        {**O, "unevaluatedProperties": False},
        "unevaluated-properties-added",
        "unevaluated-properties-removed",
        (B, I, I, B),
    ),
    "unevaluatedItems": Row(
        A,
        {**A, "unevaluatedItems": False},
        "unevaluated-items-added",
        "unevaluated-items-removed",
        (B, I, I, B),
    ),
    "contentSchema": Row(
        {**S, "contentMediaType": "application/json"},
        {**S, "contentMediaType": "application/json", "contentSchema": O},
        "content-schema-added",
        "content-schema-removed",
        (B, I, I, B),
    ),
    "not": Row(O, {**O, "not": {"required": ["a"]}}, "not-added", "not-removed", (B, I, I, B)),
    "contentEncoding": Row(
        {**S, "contentEncoding": "base64"},
        {**S, "contentEncoding": "base32"},
        "content-encoding-changed",
        "content-encoding-changed",
        (B, B, B, B),
    ),
    "contentMediaType": Row(
        {**S, "contentMediaType": "application/json"},
        {**S, "contentMediaType": "application/xml"},
        "content-media-type-changed",
        "content-media-type-changed",
        (B, B, B, B),
    ),
}
COMPONENTS = {
    "schemas": {
        "A": {"type": "object", "properties": {"a": S}},
        "B": {"type": "object", "properties": {"b": N}},
    }
}


def _body(side: str) -> t.Callable[[Schema], Document]:
    key = "request" if side == "request" else "response"
    return lambda schema: document(**{key: schema}, components=COMPONENTS)


def _property(side: str) -> t.Callable[[Schema], Document]:
    key = "request" if side == "request" else "response"
    return lambda schema: document(
        **{key: {"type": "object", "properties": {"p": schema}}}, components=COMPONENTS
    )


PLACES: dict[str, tuple[str, str, t.Callable[[Schema], Document]]] = {
    "request body": ("request", "request-body", _body("request")),
    "request property": ("request", "request-property", _property("request")),
    "query parameter": (
        "request",
        "request-parameter",
        lambda schema: document(parameters=[query(schema)], components=COMPONENTS),
    ),
    "response body": ("response", "response-body", _body("response")),
    "response property": ("response", "response-property", _property("response")),
    "response header": (
        "response",
        "response-header",
        lambda schema: document(headers={"X-Rate": {"schema": schema}}, components=COMPONENTS),
    ),
}


#: Where a place changes a row's verdict: a query parameter is form/exploded, so a
#: single value is also a one-element array (test_diff_requests.py has its own table).
EXCEPTIONS: dict[tuple[str, str, str], tuple[str, str]] = {
    ("array vs scalar", "query parameter", "widening"): ("type-generalized", I),
}


@pytest.mark.parametrize("direction", ["narrowing", "widening"])
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("name", ROWS)
def test_schema_rule(name: str, place: str, direction: str) -> None:
    row = ROWS[name]
    side, prefix, build = PLACES[place]
    narrowing = direction == "narrowing"
    old, new = (row.wide, row.narrow) if narrowing else (row.narrow, row.wide)
    level = row.levels[(0 if side == "request" else 2) + (0 if narrowing else 1)]
    suffix = row.narrowing if narrowing else row.widening
    if isinstance(suffix, tuple):
        suffix = suffix[0 if side == "request" else 1]
    suffix, level = EXCEPTIONS.get((name, place, direction), (suffix, level))
    result = found(build(old), build(new))
    if suffix is not None:
        assert (f"{prefix}-{suffix}", level) in result
    # Nothing else found outranks the rule: the level is the verdict.
    assert max((RANK[found_level] for _, found_level in result), default=1) == RANK[level]


@pytest.mark.parametrize("side", ["request", "response"])
def test_discriminator_changes_are_info(side: str) -> None:
    row = ROWS["discriminator"]
    build = _body(side)
    assert found(build(row.wide), build(row.narrow)) == [(f"{side}-body-discriminator-added", I)]
    assert found(build(row.narrow), build(row.wide)) == [(f"{side}-body-discriminator-removed", I)]


@pytest.mark.parametrize(
    ("side", "old", "new", "expected"),
    [
        ("request", {"default": 1}, {"default": 2}, ("request-property-default-value-changed", I)),
        ("request", {}, {"default": 2}, ("request-property-default-value-added", I)),
        ("response", {"default": 1}, {}, ("response-property-default-value-removed", I)),
    ],
)
def test_property_defaults_are_info(
    side: str, old: Schema, new: Schema, expected: tuple[str, str]
) -> None:
    build = _property(side)
    assert found(build({**N, **old}), build({**N, **new})) == [expected]


def test_a_body_wrapped_in_one_of_is_one_change() -> None:
    build = _body("response")
    wrapped = {"oneOf": [{"$ref": "#/components/schemas/A"}, N]}
    assert found(build(COMPONENTS["schemas"]["A"]), build(wrapped)) == [
        ("response-body-wrapped-in-one-of", B)
    ]


def test_a_string_header_that_became_a_number_is_compatible() -> None:
    build = PLACES["response header"][2]
    assert found(build(S), build(N)) == [("response-header-type-compatible", I)]
    assert found(build({**S, "format": "date-time"}), build(N)) == [
        ("response-header-type-changed", B)
    ]


def test_the_docs_list_every_rule() -> None:
    root = Path(__file__).parents[2]
    section = (root / "docs" / "reference" / "diff-rules.md").read_text(encoding="utf-8")
    source = "".join(
        path.read_text(encoding="utf-8")
        for path in (root / "contractkit/specfile/diff").glob("*.py")
    )
    # Rule ids given to Scope.add, and to ContentRules for the media-type rules.
    fixed = set(re.findall(r'(?:add\(\s*|removed=\(|added=)"([a-z-]+)"', source))
    bounds = re.compile(r"(min|max)(-length|-items|-contains)?-(increased|decreased|set|unset)$")
    named = {suffix for suffix in SCHEMA_LEVELS if not bounds.search(suffix)}
    assert len(fixed) > 40
    missing = sorted(rule for rule in fixed | named if f"`{rule}`" not in section)
    assert missing == []


@pytest.mark.parametrize(
    ("keyword", "wrap"),
    [
        ("contains", lambda schema: {**A, "contains": schema}),
        ("propertyNames", lambda schema: {**O, "propertyNames": schema}),
        ("patternProperties", lambda schema: {**O, "patternProperties": {"^x-": schema}}),
        ("dependentSchemas", lambda schema: {**O, "dependentSchemas": {"a": schema}}),
        ("then", lambda schema: {**O, "if": {"required": ["a"]}, "then": schema}),
        ("unevaluatedProperties", lambda schema: {**O, "unevaluatedProperties": schema}),
        ("contentSchema", lambda schema: {**S, "contentSchema": schema}),
        ("prefixItems", lambda schema: {**A, "prefixItems": [schema]}),
    ],
)
@pytest.mark.parametrize("side", ["request", "response"])
def test_a_kept_subschema_is_compared_in_the_same_direction(
    keyword: str, wrap: t.Callable[[Schema], Schema], side: str
) -> None:
    build = _body(side)
    wide, narrow = wrap({**S, "maxLength": 9}), wrap({**S, "maxLength": 3})
    narrowing, widening = found(build(wide), build(narrow)), found(build(narrow), build(wide))
    assert [level for _, level in narrowing] == [B if side == "request" else I]
    assert [level for _, level in widening] == [I if side == "request" else B]
    assert narrowing[0][0] == f"{side}-property-max-length-decreased"


def test_prefix_items_replacing_items_compares_the_position() -> None:
    build = _body("request")
    old = {**A, "items": S}
    assert found(build(old), build({**old, "prefixItems": [N]})) == [
        ("request-property-type-changed", B)
    ]


@pytest.mark.parametrize("side", ["request", "response"])
def test_a_changed_if_or_swapped_dependent_names_break_both_sides(side: str) -> None:
    build = _body(side)
    condition = {**O, "if": {"required": ["a"]}, "then": {"required": ["b"]}}
    moved = {**condition, "if": {"required": ["c"]}}
    assert found(build(condition), build(moved)) == [(f"{side}-body-if-changed", B)]
    excluded = {**O, "not": {"required": ["a"]}}
    other = {**O, "not": {"required": ["a", "b"]}}
    assert found(build(excluded), build(other)) == [(f"{side}-body-not-changed", B)]
    assert (
        found(build(excluded), build({**excluded, "not": {"required": ["a"], "title": "t"}})) == []
    )
    names = {**O, "dependentRequired": {"a": ["b"]}}
    swapped = {**O, "dependentRequired": {"a": ["c"]}}
    assert found(build(names), build(swapped)) == [(f"{side}-body-dependent-required-changed", B)]


@pytest.mark.parametrize("side", ["request", "response"])
@pytest.mark.parametrize("place", ["body", "property"])
def test_an_all_of_member_with_only_annotations_changes_nothing(side: str, place: str) -> None:
    build = _body(side) if place == "body" else _property(side)
    note = {"title": "Note", "description": "documents, constrains nothing"}
    assert found(build(O), build({**O, "allOf": [note]})) == []
    assert found(build({**O, "allOf": [note]}), build(O)) == []
    # Beside a real member, only the real one counts.
    real = {"$ref": "#/components/schemas/A"}
    assert found(build({**O, "allOf": [note]}), build({**O, "allOf": [note, real]})) == [
        (f"{side}-{place}-all-of-added", B if side == "request" else I)
    ]


@pytest.mark.parametrize("side", ["request", "response"])
@pytest.mark.parametrize(
    ("media_type", "level"),
    [
        ("application/xml", I),
        ("application/x-www-form-urlencoded", I),
        ("text/plain", I),
        ("multipart/form-data", I),
        ("application/atom+xml", I),
        ("application/json", B),
        ("application/octet-stream", B),
        ("application/problem+json", B),
    ],
)
def test_a_type_swapped_in_an_xml_form_or_text_body_is_compatible(
    side: str, media_type: str, level: str
) -> None:
    def build(schema: Schema) -> Document:
        built = _body(side)(schema)
        operation = built["paths"]["/items/{id}"]["post"]
        holder = operation["requestBody"] if side == "request" else operation["responses"]["200"]
        holder["content"] = {media_type: holder["content"]["application/json"]}
        return built

    rule = "type-compatible" if level == I else "type-changed"
    assert found(build(O), build(S)) == [(f"{side}-body-{rule}", level)]
    # What is not a type swap keeps its rule: a type dropped is still a widening.
    assert found(build(S), build({})) == [
        (f"{side}-body-type-generalized", I if side == "request" else B)
    ]
