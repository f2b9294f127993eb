"""A small shop API whose contract the CLI tests export, check and diff, one knob at a time.

Each call builds a fresh app with a fresh :class:`ContractKit`, so two variants
in one test are two independent contracts, as two commits of one API would be.
It is importable as ``tests.cli_apps:shop_app()`` for ``--app``.
"""

from __future__ import annotations

import typing as t

from flask import Flask
from marshmallow import Schema, fields

from contractkit import ContractKit, responds


class ItemSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    price = fields.Float(required=True)


class ProductSchema(Schema):
    """The same fields as ItemSchema under another component name."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    price = fields.Float(required=True)


class TextPriceSchema(Schema):
    """ItemSchema with the price as a string: a different contract."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    price = fields.String(required=True)


class DocumentedItemSchema(Schema):
    """ItemSchema with documentation added, and nothing else."""

    id = fields.Integer(required=True, metadata={"description": "The item's id."})
    name = fields.String(required=True, metadata={"title": "Name"})
    price = fields.Float(required=True, metadata={"example": 9.5})


class ErrorSchema(Schema):
    title = fields.String(required=True)
    status = fields.Integer(required=True)


def shop_app(
    *,
    item_schema: type[Schema] = ItemSchema,
    item_codes: t.Sequence[int] = (200, 404),
    tier_fallback: int = 429,
    tier_phrase: str = "Tier Limit Exceeded",
    with_delete: bool = True,
    with_stock: bool = False,
    **config: t.Any,
) -> Flask:
    """The shop API; every keyword changes one thing about its contract."""
    kit = ContractKit()
    # 461: an unassigned 4xx code that no proxy or load balancer sends either.
    kit.register_status(461, tier_phrase, fallback=tier_fallback, description="Plan exhausted.")
    kit.register_status(299, "Completed With Warnings")
    app = Flask(__name__)
    # Its documents are compared code by code: with JSON errors on, the router's own
    # 404 for /items/<int:item_id> would stand in for a 404 a variant leaves out.
    app.config.update(CONTRACTKIT_TITLE="Shop", CONTRACTKIT_JSON_ERRORS=False)
    app.config.update(config)

    def get_item(item_id: int) -> t.Any:
        """Fetch one item."""
        return {"id": item_id, "name": "Teapot", "price": 12.5}

    for code in item_codes:
        responds(code, item_schema if code < 400 else ErrorSchema)(get_item)
    app.add_url_rule("/items/<int:item_id>", view_func=get_item, methods=["GET"])

    @app.get("/search")
    @responds(200, ItemSchema(many=True))
    @responds(299, ItemSchema(many=True), description="Partial results.")
    @responds(461, ErrorSchema)
    def search() -> t.Any:
        """Search items."""
        return []

    if with_delete:

        @app.delete("/items/<int:item_id>")
        @responds(204, description="Deleted.")
        def delete_item(item_id: int) -> t.Any:
            return "", 204

    if with_stock:

        @app.get("/stock")
        @responds(200, description="Stock level.")
        def stock() -> t.Any:
            return ""

    kit.init_app(app)
    return app
