"""A flask-smorest API in its usual style: MethodViews on Flask-SQLAlchemy models.

Stores and their items, with ``get_or_404``, ``smorest.abort`` (a registered
custom code among them) and a ``@blp.response(202)`` view, as such APIs are
written; contractkit's declarations sit beside flask-smorest's own.
"""

from __future__ import annotations

import typing as t
import warnings

import flask_smorest
from flask import Flask
from flask.views import MethodView
from flask_smorest import Api, Blueprint
from flask_sqlalchemy import SQLAlchemy
from marshmallow import Schema, fields
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contractkit import ContractKit, InfrastructureCodeWarning, accepts, responds

NAME = "stores_api"
#: Stores one account may open; one more answers 460.
STORE_LIMIT = 3


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
ck = ContractKit()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", InfrastructureCodeWarning)
    ck.register_status(460, "Tier Limit Exceeded", fallback=429)


class StoreModel(db.Model):  # type: ignore[name-defined,misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)


class StoreSchema(Schema):
    id = fields.Integer(dump_only=True, required=True)
    name = fields.String(required=True)


class ExportSchema(Schema):
    store_id = fields.Integer(required=True)
    state = fields.String(required=True)


class SmorestErrorSchema(Schema):
    """The body flask-smorest's own error handler writes."""

    code = fields.Integer(required=True)
    status = fields.String(required=True)
    message = fields.String()
    errors = fields.Dict()


blp = Blueprint("stores", __name__, url_prefix="/stores", description="Stores")
# flask-smorest answers every error with its own JSON body; every route may fail.
responds(500, SmorestErrorSchema, description="Unexpected error.")(blp)
not_found = responds(404, SmorestErrorSchema, description="No store with that id.")


@blp.route("")
class Stores(MethodView):
    @blp.response(200, StoreSchema(many=True))
    @responds(200, StoreSchema(many=True), description="Every store.")
    def get(self) -> t.Any:
        return db.session.scalars(db.select(StoreModel).order_by(StoreModel.id)).all()

    @accepts(StoreSchema)
    @blp.response(201, StoreSchema)
    @responds(201, StoreSchema, description="The store.", headers={"Location": "The store's URL."})
    @responds(409, SmorestErrorSchema, description="A store with that name exists.")
    @responds(460, SmorestErrorSchema, description="The account has all its stores.")
    def post(self, body: dict[str, t.Any]) -> t.Any:
        if db.session.scalar(db.select(db.func.count(StoreModel.id))) >= STORE_LIMIT:
            flask_smorest.abort(460, message=f"An account has at most {STORE_LIMIT} stores.")
        if db.session.scalar(db.select(StoreModel).filter_by(name=body["name"])) is not None:
            flask_smorest.abort(409, message="A store with that name already exists.")
        store = StoreModel(name=body["name"])
        db.session.add(store)
        db.session.commit()
        return store, 201, {"Location": f"/stores/{store.id}"}


@blp.route("/<int:store_id>")
@not_found
class Store(MethodView):
    @blp.response(200, StoreSchema)
    @responds(200, StoreSchema, description="The store.")
    def get(self, store_id: int) -> t.Any:
        return db.get_or_404(StoreModel, store_id)

    @blp.response(204)
    @responds(204, description="The store was closed.")
    def delete(self, store_id: int) -> t.Any:
        store = db.session.get(StoreModel, store_id) or db.first_or_404(
            db.select(StoreModel).filter_by(id=store_id)
        )
        db.session.delete(store)
        db.session.commit()
        return ""


@blp.route("/<int:store_id>/export", methods=["POST"])
@blp.response(202, ExportSchema)
@responds(202, ExportSchema, description="The export was queued.")
@not_found
def export_store(store_id: int) -> t.Any:
    store = db.one_or_404(db.select(StoreModel).filter_by(id=store_id))
    return {"store_id": store.id, "state": "queued"}


def create_app() -> Flask:
    app = Flask(NAME)
    app.config.update(
        CONTRACTKIT_MODE="strict",
        API_TITLE="Stores",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        # flask-smorest's own spec and docs pages, beside contractkit's.
        OPENAPI_URL_PREFIX="/smorest",
        OPENAPI_JSON_PATH="openapi.json",
        SQLALCHEMY_DATABASE_URI="sqlite://",
    )
    db.init_app(app)
    api = Api(app)
    api.register_blueprint(blp)
    ck.init_app(app)
    with app.app_context():
        db.create_all()
    ck.contract(app)
    return app
