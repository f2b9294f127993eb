"""A small app that uses every declaration feature, for spec and runtime tests."""

from __future__ import annotations

import typing as t
import warnings

from flask import Blueprint, Flask
from flask.views import MethodView
from marshmallow import Schema, fields
from werkzeug.routing import BaseConverter

from contractkit import ContractKit, InfrastructureCodeWarning, accepts, exempt, responds


class ItemSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True, allow_none=True)


class ErrorSchema(Schema):
    title = fields.String(required=True)
    status = fields.Integer(required=True)


class QuerySchema(Schema):
    limit = fields.Integer(load_default=10)
    tags = fields.List(fields.String())


class SlugConverter(BaseConverter):
    regex = r"[a-z-]+"


def register_codes(kit: ContractKit) -> None:
    kit.register_status(299, "Completed With Warnings")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InfrastructureCodeWarning)
        kit.register_status(
            460, "Tier Limit Exceeded", fallback=429, description="No more calls this hour."
        )


def build_feature_app(kit: ContractKit, **config: t.Any) -> Flask:
    """Routes of every kind, declared every way contractkit supports."""
    app = Flask("feature_app")
    app.config.update(config)
    app.url_map.converters["slug"] = SlugConverter
    responds(500, ErrorSchema, description="Unexpected failure.")(app)

    @app.get("/custom")
    @responds(299, ItemSchema)
    def custom() -> t.Any:
        """Answer with a custom code.

        The body is an item.
        """
        return {"id": 1, "name": "x"}, 299

    @app.route("/both", methods=["GET", "POST"])
    @responds(200)
    def both() -> t.Any:
        return ""

    @app.get("/typed/<int:a>/<float:b>/<uuid:c>/<path:d>")
    @responds(200)
    def typed(a: int, b: float, c: t.Any, d: str) -> t.Any:
        return ""

    @app.get("/words/<string(length=2):lang>/<any(red, blue):color>/<slug:s>")
    @app.get("/words/<int(min=1, max=9, signed=True):n>")
    @responds(204)
    def words(**kwargs: t.Any) -> t.Any:
        return "", 204

    @app.get("/undeclared")
    def undeclared() -> t.Any:
        return ""

    @app.get("/health")
    @exempt
    @responds(200)
    def health() -> t.Any:
        return "ok"

    api = Blueprint("api", __name__, url_prefix="/api")
    responds(401, ErrorSchema, description="Missing credentials.")(api)
    inner = Blueprint("inner", __name__, url_prefix="/inner")

    @api.get("/items")
    @accepts(QuerySchema, location="query")
    @responds(200, ItemSchema(many=True))
    def list_items(query: dict[str, t.Any]) -> t.Any:
        return [{"id": 1, "name": None}][: query["limit"]]

    @api.post("/items")
    @accepts(ItemSchema)
    @responds(201, ItemSchema)
    @responds(460, ErrorSchema)
    def create_item(body: dict[str, t.Any]) -> t.Any:
        return body, 201

    @inner.get("/ping")
    @responds(200, description="Pong.")
    @responds(500, description="Inner failure, no body.")
    def ping() -> t.Any:
        return ""

    @responds(404, ErrorSchema)
    class ItemView(MethodView):
        """One item."""

        @responds(200, ItemSchema)
        def get(self, item_id: int) -> t.Any:
            return {"id": item_id, "name": "x"}

        def put(self, item_id: int) -> t.Any:
            """Replace an item."""
            return ""

    api.add_url_rule("/items/<int:item_id>", view_func=ItemView.as_view("item"))
    api.register_blueprint(inner)
    app.register_blueprint(api)
    kit.init_app(app)
    return app
