"""Properties, parameters and bodies: each rule with its mirror, in both directions."""

from __future__ import annotations

import typing as t

import pytest

from .diff_documents import Document, Schema, document, found, query

B, W, I = "breaking", "warning", "info"  # noqa: E741 - short, for tables
S = {"type": "string"}
N = {"type": "integer"}


def obj(required: list[str] | None = None, **properties: Schema) -> Schema:
    schema: Schema = {"type": "object", "properties": properties}
    if required is not None:
        schema["required"] = required
    return schema


def both(side: str) -> t.Callable[[Schema], Document]:
    return lambda schema: document(**{side: schema})


# (side, old schema, new schema, expected changes; the reverse is the next row)
PROPERTY_RULES = [
    ("request", obj(), obj(["a"], a=S), [("new-required-request-property", B)]),
    ("request", obj(["a"], a=S), obj(), [("request-property-removed", W)]),
    ("request", obj(), obj(a=S), [("new-optional-request-property", I)]),
    ("request", obj(a=S), obj(), [("request-property-removed", W)]),
    ("request", obj(a=S), obj(["a"], a=S), [("request-property-became-required", B)]),
    ("request", obj(["a"], a=S), obj(a=S), [("request-property-became-optional", I)]),
    ("response", obj(["a"], a=S), obj(), [("response-required-property-removed", B)]),
    ("response", obj(), obj(["a"], a=S), [("response-required-property-added", I)]),
    ("response", obj(a=S), obj(), [("response-optional-property-removed", W)]),
    ("response", obj(), obj(a=S), [("response-optional-property-added", I)]),
    ("response", obj(["a"], a=S), obj(a=S), [("response-property-became-optional", B)]),
    ("response", obj(a=S), obj(["a"], a=S), [("response-property-became-required", I)]),
    # readOnly never travels in a request, writeOnly never in a response.
    ("request", obj(), obj(["a"], a={**S, "readOnly": True}), []),
    ("response", obj(["a"], a={**S, "writeOnly": True}), obj(), []),
]


@pytest.mark.parametrize(("side", "old", "new", "expected"), PROPERTY_RULES)
def test_property_rules(side: str, old: Schema, new: Schema, expected: list[object]) -> None:
    build = both(side)
    assert found(build(old), build(new)) == expected


def test_nested_properties_are_named_by_their_path() -> None:
    old = obj(a=obj(b={"type": "array", "items": obj(c=S)}))
    new = obj(a=obj(b={"type": "array", "items": obj(c={**S, "maxLength": 3})}))
    (change,) = document_changes(old, new)
    assert change.id == "request-property-max-length-set"
    assert "property 'a/b/items/c' of the application/json request body" in change.message
    assert change.new_pointer == (
        "/paths/~1items~1{id}/post/requestBody/content/application~1json/schema"
        "/properties/a/properties/b/items/properties/c"
    )


# pipeDelimited does not explode by default, form does: both change for clients.


def document_changes(old: Schema, new: Schema) -> list[t.Any]:
    from contractkit.specfile.diff import diff_documents

    return diff_documents(document(request=old), document(request=new))


PATH_ID = {"name": "id", "in": "path", "required": True, "schema": S}
PARAMETER_RULES = [
    ([query(S)], [], [("request-parameter-removed", W)]),
    ([], [query(S)], [("new-optional-request-parameter", I)]),
    ([query(S, deprecated=True)], [], [("request-parameter-removed-with-deprecation", I)]),
    ([], [query(S, required=True)], [("new-required-request-parameter", B)]),
    ([query(S)], [query(S, required=True)], [("request-parameter-became-required", B)]),
    ([query(S, required=True)], [query(S)], [("request-parameter-became-optional", I)]),
    ([], [PATH_ID], [("new-request-path-parameter", B)]),
    (
        [query({**S, "default": "a"})],
        [query({**S, "default": "b"})],
        [("request-parameter-default-value-changed", B)],
    ),
    ([query(S)], [query({**S, "default": "b"})], [("request-parameter-default-value-added", B)]),
    ([query({**S, "default": "a"})], [query(S)], [("request-parameter-default-value-removed", B)]),
    # A required parameter's default is never used: clients always send it.
    (
        [query({**S, "default": "a"}, required=True)],
        [query({**S, "default": "b"}, required=True)],
        [],
    ),
    (
        [query(S)],
        [query(S, style="pipeDelimited")],
        [("request-parameter-style-changed", B), ("request-parameter-explode-changed", B)],
    ),
    (
        [query(S, style="pipeDelimited")],
        [query(S)],
        [("request-parameter-style-changed", B), ("request-parameter-explode-changed", B)],
    ),
    ([query(S)], [query(S, explode=False)], [("request-parameter-explode-changed", B)]),
    ([query(S, explode=False)], [query(S)], [("request-parameter-explode-changed", B)]),
    ([query(S, explode=True)], [query(S)], []),
    # Moved from the query to a header: gone from one place, new in the other.
    (
        [query(S)],
        [{**query(S), "in": "header"}],
        [("request-parameter-removed", W), ("new-optional-request-parameter", I)],
    ),
    (
        [{"name": "X-A", "in": "header", "schema": S}],
        [{"name": "x-a", "in": "header", "schema": S}],
        [],
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), PARAMETER_RULES)
def test_parameter_rules(
    old: list[dict[str, t.Any]], new: list[dict[str, t.Any]], expected: list[object]
) -> None:
    assert found(document(parameters=old), document(parameters=new)) == expected


def test_path_level_parameters_count_for_each_operation() -> None:
    old, new = document(), document()
    old["paths"]["/items/{id}"]["parameters"] = [query(S)]
    new["paths"]["/items/{id}"]["parameters"] = [query({**S, "maxLength": 3})]
    assert found(old, new) == [("request-parameter-max-length-set", W)]


def _body(body: dict[str, t.Any] | None) -> Document:
    built = document()
    if body is not None:
        built["paths"]["/items/{id}"]["post"]["requestBody"] = body
    return built


JSON = {"application/json": {"schema": S}}
XML = {"application/xml": {"schema": S}}
BODY_RULES = [
    ({"content": JSON}, None, [("request-body-removed", B)]),
    (None, {"content": JSON}, [("request-body-added-optional", I)]),
    (None, {"content": JSON, "required": True}, [("request-body-added-required", B)]),
    ({"content": JSON}, {"content": JSON, "required": True}, [("request-body-became-required", B)]),
    ({"content": JSON, "required": True}, {"content": JSON}, [("request-body-became-optional", I)]),
    ({"content": {**JSON, **XML}}, {"content": JSON}, [("request-body-media-type-removed", B)]),
    ({"content": JSON}, {"content": {**JSON, **XML}}, [("request-body-media-type-added", I)]),
    # Clients keep sending the old media type: a narrower one refuses them.
    (
        {"content": JSON},
        {"content": {"application/merge-patch+json": {"schema": S}}},
        [("request-body-media-type-name-specialized", B)],
    ),
    (
        {"content": {"application/merge-patch+json": {"schema": S}}},
        {"content": JSON},
        [("request-body-media-type-name-generalized", I)],
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), BODY_RULES)
def test_request_body_rules(
    old: dict[str, t.Any] | None, new: dict[str, t.Any] | None, expected: list[object]
) -> None:
    assert found(_body(old), _body(new)) == expected


def test_property_names_that_yaml_reads_as_numbers() -> None:
    old = obj(**{"a": obj()})
    old["properties"]["a"]["properties"][404] = S
    new = obj(**{"a": obj()})
    new["properties"]["a"]["properties"][404] = {**S, "maxLength": 3}
    (change,) = document_changes(old, new)
    assert "property 'a/404'" in change.message
    assert change.new_pointer is not None and change.new_pointer.endswith(
        "/properties/a/properties/404"
    )


@pytest.mark.parametrize(("version", "expected"), [("3.1.0", 1), ("3.0.3", 0)])
def test_keywords_beside_a_ref_count_in_3_1_only(version: str, expected: int) -> None:
    components = {"schemas": {"Name": S}}
    ref = {"$ref": "#/components/schemas/Name"}
    old = document(request=obj(p=ref), components=components, version=version)
    new = document(request=obj(p={**ref, "maxLength": 3}), components=components, version=version)
    assert found(old, new) == [("request-property-max-length-set", W)] * expected


def test_a_cycle_through_a_ref_with_keywords_beside_it_ends() -> None:
    node = {
        "type": "object",
        "properties": {"next": {"$ref": "#/components/schemas/N", "maxLength": 1}},
    }
    old = document(request={"$ref": "#/components/schemas/N"}, components={"schemas": {"N": node}})
    assert found(old, old) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # Values travel as text: any string takes what a number or boolean took.
        ({"type": "integer"}, S, ("request-parameter-type-generalized", I)),
        ({"type": "boolean"}, S, ("request-parameter-type-generalized", I)),
        ({"type": "integer"}, {"type": "number"}, ("request-parameter-type-generalized", I)),
        (
            {"type": "integer"},
            {"type": ["integer", "string"]},
            ("request-parameter-list-of-types-widened", I),
        ),
        (S, {"type": "integer"}, ("request-parameter-type-changed", B)),
        ({"type": "integer"}, {**S, "format": "uuid"}, ("request-parameter-type-changed", B)),
    ],
)
def test_a_widened_parameter_type_is_reported_once_and_breaks_nothing(
    old: Schema, new: Schema, expected: tuple[str, str]
) -> None:
    assert found(document(parameters=[query(old)]), document(parameters=[query(new)])) == [expected]
    deep = {"name": "f", "in": "query", "style": "deepObject", "explode": True}
    nested = [
        found(
            document(parameters=[{**deep, "schema": obj(a=old)}]),
            document(parameters=[{**deep, "schema": obj(a=new)}]),
        )
    ]
    assert nested == [[(expected[0].replace("parameter-", "parameter-property-"), expected[1])]]


def _array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


HEADER = {"name": "q", "in": "header"}
#: A form/exploded parameter's scalar made an array: ``?q=a`` is a one-element array,
#: so it breaks nothing when the items take every old value (as text, or by type).
ONE_ELEMENT = [
    pytest.param(query(S), query(_array(S)), "type-generalized", I, id="string to strings"),
    pytest.param(
        query({"type": ["string", "integer"]}),
        query(_array(S)),
        "type-generalized",
        I,
        id="string or integer to strings",
    ),
    pytest.param(query(N), query(_array({"type": "number"})), "type-generalized", I, id="numbers"),
    pytest.param(
        query({"type": ["string", "integer"]}),
        query(_array(N)),
        "type-changed",
        B,
        id="items drop a type",
    ),
    pytest.param(
        query(S), query(_array({**S, "maxLength": 3})), "type-changed", B, id="items constrained"
    ),
    pytest.param(query(S), query(_array(S), explode=False), "type-changed", B, id="not exploded"),
    pytest.param(
        {**HEADER, "schema": S}, {**HEADER, "schema": _array(S)}, "type-changed", B, id="header"
    ),
]


@pytest.mark.parametrize(("old", "new", "rule", "level"), ONE_ELEMENT)
def test_a_form_exploded_scalar_becomes_a_one_element_array(
    old: dict[str, t.Any], new: dict[str, t.Any], rule: str, level: str
) -> None:
    changes = found(document(parameters=[old]), document(parameters=[new]))
    assert (f"request-parameter-{rule}", level) in changes
    assert max(changes, key=lambda change: [I, W, B].index(change[1]))[1] == level


@pytest.mark.parametrize("side", ["request", "response"])
def test_a_property_deprecated_with_an_unreadable_sunset_fails_closed(side: str) -> None:
    def build(**marks: t.Any) -> Document:
        schema = {"type": "object", "properties": {"a": {**S, **marks}}}
        return document(**{side: schema})

    changes = found(build(), build(deprecated=True, **{"x-sunset": "soon"}))
    assert changes == [(f"{side}-property-sunset-parse", B)]
    moved = found(
        build(deprecated=True, **{"x-sunset": "2999-01-31"}),
        build(deprecated=True, **{"x-sunset": "2998-01-31"}),
    )
    assert moved == [(f"{side}-property-sunset-date-changed-too-small", B)]
