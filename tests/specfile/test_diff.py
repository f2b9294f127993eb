"""Diff classification, on documents exported from two variants of a real app and edited copies."""

from __future__ import annotations

import copy
import json
import typing as t

import pytest

from contractkit.openapi.exporting import app_documents
from contractkit.specfile.diff import Change, diff_documents, render_json, render_text

from ..cli_apps import DocumentedItemSchema, ProductSchema, TextPriceSchema, shop_app

Document = dict[str, t.Any]
ITEM = "$.paths['/items/{item_id}'].get.responses"
SEARCH = "$.paths['/search'].get.responses"
TIER = f"{SEARCH}['461']"


def export(**variant: t.Any) -> Document:
    return app_documents(shop_app(**variant)).spec


@pytest.fixture(scope="module")
def base() -> Document:
    return export()


def summary(changes: list[Change]) -> list[tuple[str, bool, str | None, str]]:
    return [(c.kind, c.breaking, c.operation, c.location) for c in changes]


def test_the_same_app_has_no_changes(base: Document) -> None:
    assert diff_documents(base, export()) == []


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        pytest.param(
            {"with_delete": False},
            [
                (
                    "operation-removed",
                    True,
                    "DELETE /items/{item_id}",
                    "$.paths['/items/{item_id}'].delete",
                )
            ],
            id="removed operation",
        ),
        pytest.param(
            {"with_stock": True},
            [("operation-added", False, "GET /stock", "$.paths['/stock'].get")],
            id="added operation",
        ),
        pytest.param(
            {"item_codes": (200,)},
            [("status-removed", True, "GET /items/{item_id}", f"{ITEM}['404']")],
            id="removed status code",
        ),
        pytest.param(
            {"item_codes": (200, 404, 409)},
            [("status-added", False, "GET /items/{item_id}", f"{ITEM}['409']")],
            id="added status code",
        ),
        pytest.param(
            {"tier_fallback": 400},
            # The fallback is published as a response too: clients that ask for
            # fallbacks now receive 400 where they received 429.
            [
                ("status-removed", True, "GET /search", f"{SEARCH}['429']"),
                ("fallback-changed", True, "GET /search", f"{TIER}['x-fallback']"),
                ("status-added", False, "GET /search", f"{SEARCH}['400']"),
            ],
            id="changed x-fallback",
        ),
        pytest.param(
            {"item_schema": TextPriceSchema},
            [
                (
                    "response-schema-changed",
                    True,
                    "GET /items/{item_id}",
                    f"{ITEM}['200'].content['application/json'].schema",
                )
            ],
            id="changed response schema",
        ),
        pytest.param(
            {"item_schema": DocumentedItemSchema},
            [
                (
                    "response-schema-docs-changed",
                    False,
                    "GET /items/{item_id}",
                    f"{ITEM}['200'].content['application/json'].schema",
                )
            ],
            id="documented response schema",
        ),
        pytest.param({"item_schema": ProductSchema}, [], id="renamed schema component"),
        pytest.param(
            {"tier_phrase": "Plan Limit Reached"},
            [("phrase-changed", False, None, "$['x-status-codes']['461'].phrase")],
            id="changed phrase",
        ),
        pytest.param({"CONTRACTKIT_OPENAPI_VERSION": "3.0.3"}, [], id="other OpenAPI version"),
    ],
)
def test_app_changes_are_classified(
    base: Document, variant: dict[str, t.Any], expected: list[tuple[str, bool, str, str]]
) -> None:
    assert summary(diff_documents(base, export(**variant))) == expected


def test_changed_schema_message_says_where_and_how(base: Document) -> None:
    (change,) = diff_documents(base, export(item_schema=TextPriceSchema))
    assert change.message == (
        "the application/json schema of status 200 changed: "
        'schema.properties.price.type "number" → "string".'
    )


def test_changed_fallback_message_names_both_codes(base: Document) -> None:
    changes = diff_documents(base, export(tier_fallback=400))
    (change,) = [change for change in changes if change.kind == "fallback-changed"]
    assert "changed from 429 to 400" in change.message
    assert "now treat it as 400 instead of 429" in change.message


def edited(document: Document, edit: t.Callable[[Document], object]) -> Document:
    changed = copy.deepcopy(document)
    edit(changed)
    return changed


def _responses(document: Document, path: str) -> dict[str, t.Any]:
    return t.cast(dict[str, t.Any], document["paths"][path]["get"]["responses"])


def _to_default(document: Document) -> None:
    responses = _responses(document, "/items/{item_id}")
    responses["default"] = responses.pop("404")


def _to_range(document: Document) -> None:
    responses = _responses(document, "/search")
    responses["4XX"] = responses.pop("461")
    responses["4XX"].pop("x-fallback")


def _rename_parameter(document: Document) -> None:
    document["paths"]["/items/{id}"] = document["paths"].pop("/items/{item_id}")


def _xml_instead_of_json(document: Document) -> None:
    content = _responses(document, "/search")["200"]["content"]
    content["application/xml"] = content.pop("application/json")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            _to_default,
            [
                ("status-covered-only-by-default", True, "GET /items/{item_id}", f"{ITEM}['404']"),
                ("status-added", False, "GET /items/{item_id}", f"{ITEM}.default"),
            ],
            id="code now covered only by default",
        ),
        pytest.param(
            _to_range,
            [
                ("status-covered-only-by-range", True, "GET /search", TIER),
                ("status-added", False, "GET /search", "$.paths['/search'].get.responses['4XX']"),
            ],
            id="code now covered only by a range",
        ),
        pytest.param(
            lambda d: _responses(d, "/search")["461"].pop("x-fallback"),
            [("fallback-removed", True, "GET /search", f"{TIER}['x-fallback']")],
            id="removed x-fallback",
        ),
        pytest.param(
            _xml_instead_of_json,
            [
                (
                    "media-type-removed",
                    True,
                    "GET /search",
                    "$.paths['/search'].get.responses['200'].content['application/json']",
                ),
                (
                    "media-type-added",
                    False,
                    "GET /search",
                    "$.paths['/search'].get.responses['200'].content['application/xml']",
                ),
            ],
            id="changed media type",
        ),
        pytest.param(_rename_parameter, [], id="renamed path parameter"),
    ],
)
def test_edited_documents_are_classified(
    base: Document,
    edit: t.Callable[[Document], object],
    expected: list[tuple[str, bool, str, str]],
) -> None:
    assert summary(diff_documents(base, edited(base, edit))) == expected


def test_added_x_fallback_is_not_breaking(base: Document) -> None:
    old = edited(base, lambda d: _responses(d, "/search")["461"].pop("x-fallback"))
    assert summary(diff_documents(old, base)) == [
        ("fallback-added", False, "GET /search", f"{TIER}['x-fallback']")
    ]


def _tree(leaf_type: str) -> Document:
    """A document whose response schema refers to itself, as trees and threads do."""
    return {
        "openapi": "3.1.0",
        "paths": {
            "/tree": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "A tree.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/N"}}
                            },
                        }
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "N": {
                    "type": "object",
                    "properties": {
                        "value": {"type": leaf_type},
                        "children": {"type": "array", "items": {"$ref": "#/components/schemas/N"}},
                    },
                }
            }
        },
    }


def test_recursive_schemas_compare_by_shape() -> None:
    assert diff_documents(_tree("string"), _tree("string")) == []
    (change,) = diff_documents(_tree("string"), _tree("integer"))
    assert change.kind == "response-schema-changed"
    assert 'schema.properties.value.type "string" → "integer"' in change.message


def test_a_property_named_description_is_not_an_annotation() -> None:
    old = _tree("string")
    new = edited(
        old,
        lambda d: d["components"]["schemas"]["N"]["properties"].update(
            {"description": {"type": "string"}}
        ),
    )
    (change,) = diff_documents(old, new)
    assert change.breaking
    assert "schema.properties.description added" in change.message


def test_long_schema_changes_are_summed_up() -> None:
    old = _tree("string")
    new = edited(
        old,
        lambda d: d["components"]["schemas"]["N"]["properties"].update(
            {f"p{n}": {"type": "string"} for n in range(5)}
        ),
    )
    (change,) = diff_documents(old, new)
    assert change.message.endswith("schema.properties.p2 added; and 2 more.")


def test_text_report_puts_breaking_changes_first(base: Document) -> None:
    changes = diff_documents(base, export(with_delete=False, with_stock=True))
    text = render_text(changes, "old.yaml", "new.yaml")
    assert text.splitlines() == [
        "Breaking changes (1):",
        "  - DELETE /items/{item_id}: the operation was removed; clients that call it will "
        "get an error.",
        "Non-breaking changes (1):",
        "  - GET /stock: the operation was added.",
        "old.yaml -> new.yaml: 1 breaking, 1 non-breaking.",
    ]


def test_text_report_without_changes() -> None:
    assert render_text([], "a.yaml", "b.yaml") == "a.yaml -> b.yaml: no contract changes.\n"


def test_json_report_is_data_for_machines(base: Document) -> None:
    changes = diff_documents(base, export(tier_fallback=400, with_stock=True))
    report = json.loads(render_json(changes, "old.yaml", "new.yaml"))
    assert report["old"] == "old.yaml"
    assert (report["breaking"], report["non_breaking"]) == (2, 2)
    assert report["changes"][1] == {
        "kind": "fallback-changed",
        "breaking": True,
        "operation": "GET /search",
        "location": f"{TIER}['x-fallback']",
        "message": changes[1].message,
    }
    assert render_json(changes, "old.yaml", "new.yaml") == render_json(
        diff_documents(base, export(tier_fallback=400, with_stock=True)), "old.yaml", "new.yaml"
    )
