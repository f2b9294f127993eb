"""The quickstart's app: custom codes, declared responses and input, strict mode."""

from __future__ import annotations

import typing as t

from flask import Blueprint, Flask, abort, request, url_for
from marshmallow import Schema, fields

from contractkit import ContractKit, accepts, responds


class ItemSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True)


class ErrorSchema(Schema):
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()


ck = ContractKit()
ck.register_status(  # not 460: AWS load balancers send that one (InfrastructureCodeWarning)
    461,
    "Tier Limit Exceeded",
    fallback=429,
    description="The caller's plan allows no more calls this hour.",
)
ck.register_status(299, "Completed With Warnings")  # fallback: 200

ITEMS = {1: {"id": 1, "name": "Teapot"}}
bp = Blueprint("items", __name__)
responds(401, ErrorSchema, description="No valid API key.")(bp)  # every route of bp


@bp.get("/items/<int:item_id>")
@responds(200, ItemSchema, description="The item")
@responds(404)  # abort(404): answered as problem+json (CONTRACTKIT_JSON_ERRORS)
@responds(461, ErrorSchema)
def get_item(item_id: int) -> t.Any:
    """Fetch one item.

    The first line is the operation's summary, the rest its description.
    """
    if request.args.get("plan") == "free":
        return {"title": "Tier Limit Exceeded", "status": 461}, 461
    if item_id not in ITEMS:
        abort(404)
    return ITEMS[item_id]


@bp.post("/items")
@accepts(ItemSchema)  # validated before the view runs
@responds(201, ItemSchema, headers={"Location": "URL of the new item"})
def create_item(body: dict[str, t.Any]) -> t.Any:  # the loaded data arrives as `body`
    item = {"id": max(ITEMS) + 1, **body}
    ITEMS[item["id"]] = item
    return item, 201, {"Location": url_for(".get_item", item_id=item["id"])}


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["CONTRACTKIT_MODE"] = "strict"
    responds(500, description="Unexpected error.")(app)  # every operation, as problem+json
    app.register_blueprint(bp)
    ck.init_app(app)
    ck.contract(app)  # a bad declaration fails here, at start-up
    return app
