"""msgspec types from JSON Schemas must accept exactly what jsonschema-rs accepts."""

from __future__ import annotations

import json
import typing as t

import jsonschema_rs
import msgspec
import pytest

from contractkit.runtime.bodies import SchemaCheck
from contractkit.runtime.schema_types import typed_decoder
from contractkit.runtime.schemas import PATTERN_KEYWORD, EcmaPattern

COMPONENTS: dict[str, t.Any] = {
    "Item": {
        "type": "object",
        "properties": {"id": {"type": "integer", "readOnly": True}, "name": {"type": "string"}},
        "required": ["id", "name"],
        "additionalProperties": False,
    },
    "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}},
}

CLOSED = {
    "type": "object",
    "properties": {"a": {"type": "integer"}, "b": {"type": "string", "description": "B."}},
    "required": ["a"],
    "additionalProperties": False,
}

#: (id, schema, JSON Schema draft, [(instance, valid), ...])
CASES: list[tuple[str, dict[str, t.Any], str, list[tuple[t.Any, bool]]]] = [
    (
        "closed object",
        CLOSED,
        "2020-12",
        [
            ({"a": 1}, True),
            ({"a": 1, "b": "x"}, True),
            ({"b": "x"}, False),
            ({"a": "1"}, False),
            ({"a": True}, False),
            ({"a": 1, "c": 2}, False),
            ({"a": 1, "b": None}, False),
            ([], False),
            (None, False),
        ],
    ),
    (
        "open object",
        {**CLOSED, "additionalProperties": True},
        "2020-12",
        [({"a": 1, "c": [1]}, True), ({}, False)],
    ),
    (
        "nullable bounded string",
        {"type": ["string", "null"], "maxLength": 3, "minLength": 1},
        "2020-12",
        [("abc", True), ("é", True), ("abcd", False), ("", False), (None, True), (1, False)],
    ),
    (
        "bounded integer",
        {"type": "integer", "minimum": 1, "maximum": 3},
        "2020-12",
        [(1, True), (3, True), (0, False), (4, False), (2.5, False), ("2", False)],
    ),
    (
        "exclusive minimum, OpenAPI 3.0",
        {"type": "number", "minimum": 0, "exclusiveMinimum": True},
        "4",
        [(0, False), (0.1, True), (5, True), (-1, False)],
    ),
    (
        "exclusive maximum, OpenAPI 3.1",
        {"type": "number", "exclusiveMaximum": 10},
        "2020-12",
        [(10, False), (9.5, True), (-3, True)],
    ),
    (
        "string enum",
        {"type": "string", "enum": ["queued", "done", None]},
        "2020-12",
        [("queued", True), ("done", True), ("other", False), (None, False), (1, False)],
    ),
    (
        "nullable enum",
        {"type": ["string", "null"], "enum": ["a", None]},
        "2020-12",
        [("a", True), (None, True), ("b", False)],
    ),
    (
        "array of strings",
        {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
        "2020-12",
        [(["a"], True), ([], False), (["a", "b", "c"], False), ([1], False), ("a", False)],
    ),
    (
        "nullable reference, OpenAPI 3.0",
        {"anyOf": [{"$ref": "#/components/schemas/Item"}, {"type": "null"}]},
        "4",
        [
            (None, True),
            ({"id": 1, "name": "x"}, True),
            ({"id": 1}, False),
            ({"id": 1, "name": "x", "extra": 1}, False),
        ],
    ),
    (
        "list of references",
        {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
        "2020-12",
        [([{"id": 1, "name": "x"}], True), ([{"id": "1", "name": "x"}], False)],
    ),
    (
        "dict",
        {"type": "object"},
        "2020-12",
        [({}, True), ({"a": [1, None]}, True), ([], False), ("x", False)],
    ),
    (
        "dict of integers",
        {"type": "object", "additionalProperties": {"type": "integer"}},
        "2020-12",
        [({"a": 1}, True), ({"a": "x"}, False)],
    ),
    ("anything", {}, "2020-12", [(1, True), (None, True), ({"a": []}, True)]),
    (
        "an ECMA-262 pattern, rewritten for Python",
        {"type": "string", PATTERN_KEYWORD: r"^[a-z]+\d?$"},
        "2020-12",
        [("abc", True), ("abc1", True), ("abc\n", False), ("abc\u0661", False), ("aBc", False)],
    ),
    (
        "keys that are not identifiers",
        {
            "type": "object",
            "properties": {"class": {"type": "integer"}, "two words": {"type": "string"}},
            "required": ["class"],
            "additionalProperties": False,
        },
        "2020-12",
        [({"class": 1, "two words": "x"}, True), ({"two words": "x"}, False)],
    ),
    (
        "required without a property",
        {"type": "object", "required": ["z"]},
        "2020-12",
        [({"z": None}, True), ({"y": 1}, False)],
    ),
]


def _resolve(ref: str) -> t.Mapping[str, t.Any]:
    return t.cast(t.Mapping[str, t.Any], COMPONENTS[ref.rsplit("/", 1)[1]])


def _validator(schema: dict[str, t.Any], draft: str) -> t.Any:
    root = {**schema, "components": {"schemas": COMPONENTS}}
    keywords = {PATTERN_KEYWORD: EcmaPattern}
    if draft == "4":
        return jsonschema_rs.Draft4Validator(root, validate_formats=False, keywords=keywords)
    return jsonschema_rs.Draft202012Validator(root, validate_formats=False, keywords=keywords)


def _accepts(decoder: msgspec.json.Decoder[t.Any], data: bytes) -> bool:
    try:
        decoder.decode(data)
    except msgspec.ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("schema", "draft", "instances"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_msgspec_and_jsonschema_agree(
    schema: dict[str, t.Any], draft: str, instances: list[tuple[t.Any, bool]]
) -> None:
    decoder = typed_decoder(schema, _resolve)
    assert decoder is not None, "this schema should be translated"
    validator = _validator(schema, draft)
    for instance, valid in instances:
        data = json.dumps(instance).encode()
        assert validator.is_valid(instance) is valid, instance
        assert _accepts(decoder, data) is valid, instance


@pytest.mark.parametrize(
    "schema",
    [
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"allOf": [{"$ref": "#/components/schemas/Item"}]},
        {"type": "integer", "multipleOf": 2},
        {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        {"$ref": "#/components/schemas/Node"},  # recursive
        {"$ref": "#/components/schemas/Item", "maxProperties": 3},
        {"type": "object", "properties": {"a": {}}, "additionalProperties": {"type": "string"}},
        {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        {"minLength": 1},  # no type: applies to strings only
        {"type": "array", "items": [{"type": "string"}]},
        {"$ref": "https://example.org/schema.json"},
        # ECMA-262 and Python's re (which msgspec matches with) differ on \b: left to regress.
        {"type": "string", PATTERN_KEYWORD: r"\bok\b"},
        # Compared as a double, 2**53 + 1 is 2**53.
        {"type": "number", "maximum": 2**53},
        {"type": "number", "minimum": -(2**60)},
    ],
)
def test_what_msgspec_cannot_check_exactly_is_left_to_jsonschema(schema: dict[str, t.Any]) -> None:
    assert typed_decoder(schema, _resolve) is None


def test_a_body_msgspec_is_stricter_about_is_not_a_violation() -> None:
    schema = {"type": "integer"}
    decoder = typed_decoder(schema, _resolve)
    assert decoder is not None and not _accepts(decoder, b"1.0")  # msgspec: not an int
    check = SchemaCheck(_validator(schema, "2020-12"), decoder)
    assert check.problem(b"1.0") is None  # JSON Schema: 1.0 is an integer
    assert check.problem(b"1.5") == ("invalid-body", 'at (root): not of type "integer"')


def test_integers_in_number_fields_are_compared_exactly() -> None:
    schema = {"type": "number", "maximum": 2**53}
    check = SchemaCheck(_validator(schema, "2020-12"), typed_decoder(schema, _resolve))
    assert check.problem(b"9007199254740992") is None
    assert check.problem(b"9007199254740993") == (
        "invalid-body",
        "at (root): greater than the maximum of 9007199254740992",
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{oops", "not valid JSON"),
        (b"NaN", "not valid JSON"),
        (b'{"f": Infinity}', "not valid JSON"),
        (b"-Infinity", "not valid JSON"),
        (b"\xef\xbb\xbf{}", "byte order mark"),
        ('{"a": 1}'.encode("utf-16"), "not UTF-8"),
        ('{"a": 1}'.encode("utf-16-le"), "not valid JSON"),
        (b'"\xed\xa0\x80"', "not UTF-8"),  # a surrogate encoded as UTF-8 (CESU-8)
        (b'"\xc0\xaf"', "not UTF-8"),  # an overlong encoding
        (b'"a\x01"', "not valid JSON"),  # a control character in a string
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_bodies_that_are_not_rfc_8259_json_are_named_so(body: bytes, reason: str) -> None:
    check = SchemaCheck(_validator({}, "2020-12"), typed_decoder({}, _resolve))
    problem = check.problem(body)
    assert problem is not None and problem[0] == "invalid-body"
    assert reason in problem[1]
