"""Diff classification, on documents exported from two variants of a real app and edited copies."""

from __future__ import annotations

import copy
import json
import typing as t

import pytest

from contractkit.openapi.exporting import app_documents
from contractkit.specfile.diff import Change, diff_documents, diff_json, diff_markdown, diff_text

from ..cli_apps import DocumentedItemSchema, ProductSchema, TextPriceSchema, shop_app

Document = dict[str, t.Any]
ITEM = "/paths/~1items~1{item_id}/get/responses"
SEARCH = "/paths/~1search/get/responses"
TIER = f"{SEARCH}/461"


def export(**variant: t.Any) -> Document:
    return app_documents(shop_app(**variant)).spec


@pytest.fixture(scope="module")
def base() -> Document:
    return export()


def summary(changes: list[Change]) -> list[tuple[str, bool, str | None, str | None]]:
    return [(c.id, c.breaking, c.operation, c.new_pointer or c.old_pointer) for c in changes]


def test_the_same_app_has_no_changes(base: Document) -> None:
    assert diff_documents(base, export()) == []


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        pytest.param(
            {"with_delete": False},
            [
                (
                    "api-removed-without-deprecation",
                    True,
                    "DELETE /items/{item_id}",
                    "/paths/~1items~1{item_id}/delete",
                )
            ],
            id="removed operation",
        ),
        pytest.param(
            {"with_stock": True},
            [("endpoint-added", False, "GET /stock", "/paths/~1stock/get")],
            id="added operation",
        ),
        pytest.param(
            {"item_codes": (200,)},
            [("response-non-success-status-removed", True, "GET /items/{item_id}", f"{ITEM}/404")],
            id="removed status code",
        ),
        pytest.param(
            {"item_codes": (200, 404, 409)},
            [("response-non-success-status-added", False, "GET /items/{item_id}", f"{ITEM}/409")],
            id="added status code",
        ),
        pytest.param(
            {"tier_fallback": 400},
            # The fallback is published as a response too: clients that ask for
            # fallbacks now receive 400 where they received 429.
            [
                ("response-non-success-status-removed", True, "GET /search", f"{SEARCH}/429"),
                ("response-status-fallback-changed", True, "GET /search", f"{TIER}/x-fallback"),
                ("response-non-success-status-added", False, "GET /search", f"{SEARCH}/400"),
            ],
            id="changed x-fallback",
        ),
        pytest.param(
            {"item_schema": TextPriceSchema},
            [
                (
                    "response-property-type-changed",
                    True,
                    "GET /items/{item_id}",
                    "/components/schemas/TextPrice/properties/price",
                )
            ],
            id="changed response schema",
        ),
        # Descriptions and examples are not part of the contract (as in oasdiff).
        pytest.param({"item_schema": DocumentedItemSchema}, [], id="documented response schema"),
        pytest.param({"item_schema": ProductSchema}, [], id="renamed schema component"),
        pytest.param(
            {"tier_phrase": "Plan Limit Reached"},
            [("response-status-phrase-changed", False, None, "/x-status-codes/461/phrase")],
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
    # Said of the component it is written in; the operation names where it is reached.
    assert (
        change.message
        == "property 'price' of schema TextPrice: type changed from number to string."
    )
    assert (change.operation, change.component) == (
        "GET /items/{item_id}",
        "/components/schemas/TextPrice",
    )


def test_changed_fallback_message_names_both_codes(base: Document) -> None:
    changes = diff_documents(base, export(tier_fallback=400))
    (change,) = [change for change in changes if change.id == "response-status-fallback-changed"]
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
                (
                    "response-non-success-status-removed",
                    True,
                    "GET /items/{item_id}",
                    f"{ITEM}/404",
                ),
                (
                    "response-non-success-status-added",
                    False,
                    "GET /items/{item_id}",
                    f"{ITEM}/default",
                ),
            ],
            id="code now covered only by default",
        ),
        pytest.param(
            _to_range,
            [
                ("response-non-success-status-removed", True, "GET /search", TIER),
                ("response-non-success-status-added", False, "GET /search", f"{SEARCH}/4XX"),
            ],
            id="code now covered only by a range",
        ),
        pytest.param(
            lambda d: _responses(d, "/search")["461"].pop("x-fallback"),
            [("response-status-fallback-removed", True, "GET /search", f"{TIER}/x-fallback")],
            id="removed x-fallback",
        ),
        pytest.param(
            _xml_instead_of_json,
            [
                (
                    "response-media-type-removed",
                    True,
                    "GET /search",
                    f"{SEARCH}/200/content/application~1json",
                ),
                (
                    "response-media-type-added",
                    False,
                    "GET /search",
                    f"{SEARCH}/200/content/application~1xml",
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
        ("response-status-fallback-added", False, "GET /search", f"{TIER}/x-fallback")
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
    assert (change.id, change.level) == ("response-property-type-changed", "breaking")
    assert change.message == "property 'value' of schema N: type changed from string to integer."


def test_a_property_named_description_is_not_an_annotation() -> None:
    old = _tree("string")
    new = edited(
        old,
        lambda d: d["components"]["schemas"]["N"]["properties"].update(
            {"description": {"type": "string"}}
        ),
    )
    (change,) = diff_documents(old, new)
    # An added response property is something old clients ignore.
    assert (change.id, change.level) == ("response-optional-property-added", "info")
    assert "property 'description'" in change.message


def test_text_report_puts_breaking_changes_first(base: Document) -> None:
    changes = diff_documents(base, export(with_delete=False, with_stock=True))
    text = diff_text(changes, "old.yaml", "new.yaml")
    assert text.splitlines() == [
        "Breaking changes (1):",
        "  - [api-removed-without-deprecation] DELETE /items/{item_id}: the operation was "
        "removed without being deprecated first; clients that call it get an error.",
        "Other changes (1):",
        "  - [endpoint-added] GET /stock: the operation was added.",
        "old.yaml -> new.yaml: 1 breaking, 0 warning(s), 1 info.",
    ]


def test_text_report_without_changes() -> None:
    assert diff_text([], "a.yaml", "b.yaml") == "a.yaml -> b.yaml: no contract changes.\n"


def test_markdown_report_is_a_table_per_level(base: Document) -> None:
    changes = diff_documents(base, export(with_delete=False, with_stock=True))
    text = diff_markdown(changes, "old|1.yaml", "new.yaml")
    assert text.splitlines() == [
        "### Contract changes: `old\\|1.yaml` → `new.yaml`",
        "",
        "#### Breaking changes (1)",
        "",
        "| Rule | Operation | Change |",
        "|---|---|---|",
        "| `api-removed-without-deprecation` | DELETE /items/{item_id} | the operation was "
        "removed without being deprecated first; clients that call it get an error. |",
        "",
        "#### Other changes (1)",
        "",
        "| Rule | Operation | Change |",
        "|---|---|---|",
        "| `endpoint-added` | GET /stock | the operation was added. |",
        "",
        "old|1.yaml -> new.yaml: 1 breaking, 0 warning(s), 1 info.",
    ]
    assert diff_markdown([], "a", "b").endswith("No contract changes.\n")


def test_json_report_is_data_for_machines(base: Document) -> None:
    changes = diff_documents(base, export(tier_fallback=400, with_stock=True))
    report = json.loads(diff_json(changes, "old.yaml", "new.yaml"))
    assert report["old"] == "old.yaml"
    assert (report["breaking"], report["warning"], report["info"]) == (2, 0, 2)
    assert report["changes"][1] == {
        "id": "response-status-fallback-changed",
        "level": "breaking",
        "operation": "GET /search",
        "method": "GET",
        "path": "/search",
        "component": None,
        "operations": ["GET /search"],
        "old_pointer": f"{TIER}/x-fallback",
        "new_pointer": f"{TIER}/x-fallback",
        "message": changes[1].message,
    }
    assert diff_json(changes, "old.yaml", "new.yaml") == diff_json(
        diff_documents(base, export(tier_fallback=400, with_stock=True)), "old.yaml", "new.yaml"
    )
