"""The lint knows other libraries' helpers: smorest/restful aborts, get_or_404, @blp.response."""

from __future__ import annotations

import typing as t

import flask_smorest
from flask import Flask
from flask_smorest import Api, Blueprint
from flask_sqlalchemy import SQLAlchemy
from werkzeug.exceptions import abort as werkzeug_abort

from contractkit import ContractKit, responds
from contractkit.lint.linter import lint_app

db = SQLAlchemy()
blp = Blueprint("things", __name__)


@blp.route("/things", methods=["POST"])
@blp.response(202)
@responds(202, description="Queued.")
def queue() -> t.Any:
    if db is None:
        flask_smorest.abort(409, message="Busy.")
    return {"queued": True}


@blp.route("/things/<int:thing_id>")
@blp.response(200)
@responds(200, description="The thing.")
def thing(thing_id: int) -> t.Any:
    if thing_id < 0:
        werkzeug_abort(410)
    return db.get_or_404(object, thing_id)


@blp.route("/lists/<int:list_id>")
@responds(200, description="The list.")
def listing(list_id: int) -> t.Any:
    first = db.first_or_404(list_id)
    return {"first": first, "one": db.session.one_or_404(list_id)}


def _app() -> Flask:
    app = Flask("lint_helpers")
    app.config.update(API_TITLE="T", API_VERSION="1", OPENAPI_VERSION="3.0.3")
    Api(app).register_blueprint(blp)
    ContractKit(app)
    return app


def test_helpers_are_status_sites() -> None:
    found = {(f.operation.endpoint, f.site.code, f.site.form) for f in lint_app(_app()).undeclared}
    assert found == {
        ("things.queue", 409, "abort"),
        ("things.thing", 410, "abort"),
        ("things.thing", 404, "get_or_404"),
        ("things.listing", 404, "first_or_404"),
        ("things.listing", 404, "one_or_404"),
    }


def test_a_smorest_response_code_is_what_a_bare_return_answers() -> None:
    report = lint_app(_app())
    # queue returns a dict without a status: @blp.response(202) makes it a 202, declared.
    assert not any(f.site.code in (200, 202) for f in report.undeclared)
