"""Body shapes: names, types, formats and counts of what was sent, never a value."""

from __future__ import annotations

import json
import typing as t

import pytest

from contractkit.recording.shapes import is_shape, merge_shapes, observe, scaled, seen


@pytest.mark.parametrize(
    ("value", "kind", "found"),
    [
        ("2026-12-24T10:00:00Z", "string", "date-time"),
        ("2026-12-24T10:00:00.5+01:00", "string", "date-time"),
        ("2026-12-24", "string", "date"),
        ("0b6e4f4e-4c1a-4a7e-9f6e-1d2c3b4a5f60", "string", "uuid"),
        ("ada@example.org", "string", "email"),
        ("https://example.org/a?b=c", "string", "uri"),
        ("hello", "string", None),
        (3, "integer", None),
        (3.5, "number", None),
        (True, "boolean", None),
        (None, "null", None),
    ],
)
def test_types_and_formats(value: object, kind: str, found: str | None) -> None:
    shape = observe(value)
    assert shape["types"] == {kind: 1}
    assert shape.get("formats") == ({found: 1} if found else None)


def test_keeps_no_value() -> None:
    secret = {"email": "ada@example.org", "name": "Ada Lovelace", "card": "4111111111111111"}
    text = json.dumps(observe({"user": secret, "tags": ["vip", "early"]}))
    for value in [*secret.values(), "vip", "early"]:
        assert value not in text
    assert "email" in text  # field names are kept


def test_keys_that_are_data_make_a_map_without_keys() -> None:
    by_email = {"ada@example.org": {"score": 1}, "bob@example.org": {"score": 2}}
    shape = observe(by_email)
    assert "fields" not in shape
    assert shape["values"]["fields"]["score"]["types"] == {"integer": 2}
    assert "ada@" not in json.dumps(shape)
    by_id = observe({"17": True, "18": False})
    assert by_id["values"]["types"] == {"boolean": 2}


def test_merging_counts_presence_and_nulls() -> None:
    shapes = [observe({"id": 1, "note": None}), observe({"id": 2, "note": "x"}), observe({"id": 3})]
    merged = shapes[0]
    for shape in shapes[1:]:
        merged = merge_shapes(merged, shape)
    assert merged["types"] == {"object": 3}
    assert seen(merged["fields"]["id"]) == 3
    assert merged["fields"]["note"]["types"] == {"null": 1, "string": 1}
    assert is_shape(merged)


def test_lists_merge_their_items() -> None:
    shape = observe([{"a": 1}, {"a": 2, "b": "x"}])
    assert shape["items"]["types"] == {"object": 2}
    assert seen(shape["items"]["fields"]["b"]) == 1


def test_scaling_is_repeated_merging() -> None:
    one = observe({"a": [1, 2], "b": {"c": None}})
    assert scaled(one, 3) == merge_shapes(merge_shapes(one, one), one)


@pytest.mark.parametrize(
    "bad",
    [None, [], {"types": {"object": -1}}, {"types": {}, "fields": []}, {"types": {"a": "1"}}],
)
def test_is_shape_refuses_what_is_not_one(bad: t.Any) -> None:
    assert not is_shape(bad)
