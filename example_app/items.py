"""The items resource: the usual create, read, list and delete."""

from __future__ import annotations

import typing as t

from flask import Blueprint, abort, current_app

from contractkit import accepts, responds

from .schemas import ErrorSchema, ItemQuerySchema, ItemSchema

bp = Blueprint("items", __name__, url_prefix="/items")

#: The routes of one item answer 404 when no item has the id: abort(404), as problem+json.
item_not_found = responds(404, description="No item with that id.")


def _store() -> dict[int, dict[str, t.Any]]:
    return t.cast(dict[int, dict[str, t.Any]], current_app.extensions["example_items"])


@bp.get("")
@accepts(ItemQuerySchema, location="query")
@responds(200, ItemSchema(many=True), description="Items, oldest first.")
def list_items(query: dict[str, t.Any]) -> t.Any:
    """List items.

    At most ``limit`` items are returned.
    """
    return ItemSchema(many=True).dump(list(_store().values())[: query["limit"]])


@bp.get("/<int:item_id>")
@responds(200, ItemSchema, description="The item.")
@item_not_found
def get_item(item_id: int) -> t.Any:
    """Fetch one item."""
    item = _store().get(item_id)
    if item is None:
        abort(404)
    return ItemSchema().dump(item)


@bp.post("")
@accepts(ItemSchema)
@responds(
    201,
    ItemSchema,
    description="The item was created.",
    headers={"Location": {"description": "URL of the new item.", "required": True}},
)
@responds(409, ErrorSchema, description="An item with that name exists already.")
def create_item(body: dict[str, t.Any]) -> t.Any:
    """Create an item with a unique name."""
    store = _store()
    if any(item["name"] == body["name"] for item in store.values()):
        return {"title": "Conflict", "status": 409, "detail": "Name taken."}, 409
    item_id = max(store, default=0) + 1
    store[item_id] = {"id": item_id, **body}
    return ItemSchema().dump(store[item_id]), 201, {"Location": f"/items/{item_id}"}


@bp.delete("/<int:item_id>")
@responds(204, description="The item was deleted.")
@item_not_found
def delete_item(item_id: int) -> t.Any:
    """Delete an item."""
    if _store().pop(item_id, None) is None:
        abort(404)
    return "", 204
