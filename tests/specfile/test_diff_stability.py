"""``x-stability-level``: draft and alpha operations change freely; lowering a level breaks."""

from __future__ import annotations

import typing as t

import pytest

from contractkit.specfile.diff import diff_documents

from .diff_documents import Document, document, edited, found, query

S = {"type": "string"}


def _marked(level: str | None, **fields: t.Any) -> Document:
    operation = {} if level is None else {"x-stability-level": level}
    return document(parameters=[query(S)], operation=operation, **fields)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, "beta", [("api-stability-decreased", "breaking")]),
        ("stable", "alpha", [("api-stability-decreased", "breaking")]),
        ("alpha", "draft", [("api-stability-decreased", "info")]),
        ("beta", "stable", [("api-stability-increased", "info")]),
        ("beta", None, [("api-stability-increased", "info")]),
        ("stable", None, []),
        # A value the extension does not name counts as stable.
        ("banana", None, []),
    ],
)
def test_a_lowered_stability_level_breaks(
    old: str | None, new: str | None, expected: list[tuple[str, str]]
) -> None:
    assert found(_marked(old), _marked(new)) == expected


@pytest.mark.parametrize("level", ["draft", "alpha"])
def test_changes_to_an_operation_free_to_change_are_info(level: str) -> None:
    old = _marked(level)
    new = edited(old, lambda d: d["paths"]["/items/{id}"]["post"].update(parameters=[]))
    (change,) = diff_documents(old, new)
    assert (change.id, change.level) == ("request-parameter-removed", "info")
    assert change.message.endswith("(x-stability-level: the operation may change freely)")


def test_a_beta_operation_keeps_its_breaking_changes() -> None:
    old = _marked("beta", response={"type": "object", "properties": {"a": S}, "required": ["a"]})
    new = edited(old, lambda d: d["paths"]["/items/{id}"]["post"]["responses"].clear())
    assert ("response-success-status-removed", "breaking") in found(old, new)


def _shared(levels: list[str | None], name_type: str) -> Document:
    built = document(components={"schemas": {"Item": {"type": "object", "properties": {}}}})
    built["components"]["schemas"]["Item"]["properties"]["name"] = {"type": name_type}
    paths: dict[str, t.Any] = {}
    for index, level in enumerate(levels):
        ok = {
            "description": "OK",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
        }
        operation: dict[str, t.Any] = {"responses": {"200": ok}}
        if level is not None:
            operation["x-stability-level"] = level
        paths[f"/items{index}"] = {"get": operation}
    built["paths"] = paths
    return built


@pytest.mark.parametrize(
    ("levels", "level"),
    [(["alpha", "draft"], "info"), (["alpha", None], "breaking"), (["beta", "alpha"], "breaking")],
)
def test_a_shared_change_is_info_only_when_every_operation_is_free(
    levels: list[str | None], level: str
) -> None:
    (change,) = diff_documents(_shared(levels, "string"), _shared(levels, "integer"))
    assert (change.id, change.level) == ("response-property-type-changed", level)
