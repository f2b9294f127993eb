"""A change in a schema that operations share: found once, reported once, with who reaches it."""

from __future__ import annotations

import json
import typing as t

import pytest

from contractkit.specfile.diff import Change, diff_documents, diff_json, diff_markdown, diff_text

from .diff_documents import Document, document

S = {"type": "string"}
ITEM = "/components/schemas/Item"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _api(operations: int, name_type: str) -> Document:
    """``operations`` operations reaching ``Item``: half directly, half through ``Page``,
    which also reaches itself."""
    paths: dict[str, t.Any] = {}
    for index in range(operations):
        schema = _ref("Item") if index % 2 == 0 else _ref("Page")
        ok = {"description": "OK", "content": {"application/json": {"schema": schema}}}
        paths[f"/items{index}"] = {"get": {"responses": {"200": ok}}}
    page = {"type": "object", "properties": {"items": {"type": "array", "items": _ref("Item")}}}
    page["properties"]["next"] = _ref("Page")
    item = {"type": "object", "required": ["name"], "properties": {"name": {"type": name_type}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Items", "version": "1"},
        "paths": paths,
        "components": {"schemas": {"Item": item, "Page": page}},
    }


@pytest.mark.parametrize("operations", [2, 5, 40])
def test_a_shared_schema_change_is_one_change_with_every_operation(operations: int) -> None:
    (change,) = diff_documents(_api(operations, "string"), _api(operations, "integer"))
    assert (change.id, change.level) == ("response-property-type-changed", "breaking")
    assert (change.operation, change.component) == (None, ITEM)
    assert change.operations == tuple(f"GET /items{index}" for index in range(operations))
    assert change.old_pointer == change.new_pointer == f"{ITEM}/properties/name"
    assert change.message == "property 'name' of schema Item: type changed from string to integer."


def _shared_change() -> list[Change]:
    return diff_documents(_api(3, "string"), _api(3, "integer"))


def test_text_report_lists_a_shared_change_once_with_its_operations() -> None:
    lines = diff_text(_shared_change(), "old.yaml", "new.yaml").splitlines()
    assert lines == [
        "Breaking changes (1):",
        f"  - [response-property-type-changed] {ITEM} (in 3 operations): property 'name' "
        "of schema Item: type changed from string to integer.",
        "    operations: GET /items0, GET /items1, GET /items2",
        "old.yaml -> new.yaml: 1 breaking, 0 warning(s), 0 info.",
    ]


def test_markdown_report_lists_a_shared_change_once_with_its_operations() -> None:
    rows = [row for row in diff_markdown(_shared_change(), "a", "b").splitlines() if "`resp" in row]
    assert rows == [
        f"| `response-property-type-changed` | `{ITEM}`, in 3 operations:<br>GET /items0<br>"
        "GET /items1<br>GET /items2 | property 'name' of schema Item: type changed from "
        "string to integer. |"
    ]


def test_json_report_lists_a_shared_change_once_with_its_operations() -> None:
    report = json.loads(diff_json(_shared_change(), "a", "b"))
    assert report["breaking"] == 1
    (change,) = report["changes"]
    assert change["operation"] is None
    assert (change["method"], change["path"]) == (None, None)
    assert change["component"] == ITEM
    assert change["operations"] == ["GET /items0", "GET /items1", "GET /items2"]


def test_a_schema_one_operation_reaches_is_reported_at_that_operation() -> None:
    (change,) = diff_documents(_api(1, "string"), _api(1, "integer"))
    assert (change.operation, change.operations, change.component) == (
        "GET /items0",
        ("GET /items0",),
        ITEM,
    )
    assert (
        diff_text([change], "a", "b")
        .splitlines()[1]
        .startswith("  - [response-property-type-changed] GET /items0: property 'name'")
    )


def _two_sides(max_length: int) -> Document:
    """Two operations and two properties reach one component; the component reaches itself."""
    built = document(
        request={"type": "object", "properties": {"first": _ref("Node"), "second": _ref("Node")}},
        response=_ref("Node"),
        components={
            "schemas": {
                "Node": {
                    "type": "object",
                    "properties": {
                        "name": {**S, "maxLength": max_length},
                        "children": {"type": "array", "items": _ref("Node")},
                    },
                }
            }
        },
    )
    built["paths"]["/other"] = {
        "put": {
            "requestBody": {"content": {"a/b": {"schema": _ref("Node")}}},
            "responses": {"204": {"description": "OK"}},
        }
    }
    return built


def test_each_side_of_the_wire_rates_a_shared_change_on_its_own() -> None:
    changes = diff_documents(_two_sides(10), _two_sides(5))
    assert [(c.id, c.level, c.operation, c.operations) for c in changes] == [
        (
            "request-property-max-length-decreased",
            "breaking",
            None,
            ("POST /items/{id}", "PUT /other"),
        ),
        (
            "response-property-max-length-decreased",
            "info",
            "POST /items/{id}",
            ("POST /items/{id}",),
        ),
    ]
    # The pointer is where the change is written, in each document.
    assert {c.old_pointer for c in changes} == {"/components/schemas/Node/properties/name"}


def test_renamed_components_compare_by_content() -> None:
    old = _two_sides(5)
    renamed = json.loads(json.dumps(old).replace("schemas/Node", "schemas/Tree"))
    renamed["components"]["schemas"]["Tree"] = renamed["components"]["schemas"].pop("Node")
    assert diff_documents(old, renamed) == []


def test_an_operation_that_stops_using_a_component_is_not_listed() -> None:
    old, new = _api(3, "string"), _api(3, "integer")
    new["paths"]["/items2"]["get"]["responses"]["200"]["content"]["application/json"] = {
        "schema": {"type": "object"}
    }
    changes = diff_documents(old, new)
    shared = [change for change in changes if change.component == ITEM]
    assert [change.operations for change in shared] == [("GET /items0", "GET /items1")]
