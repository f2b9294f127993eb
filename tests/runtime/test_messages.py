"""Messages where the rule is subtle say what to do."""

from __future__ import annotations

import typing as t

from flask import Blueprint, Flask
from marshmallow import Schema, fields

from contractkit import ContractKit, responds
from contractkit.lint.linter import lint_app


def test_a_view_of_a_declared_blueprint_is_told_it_needs_its_own(kit: ContractKit) -> None:
    app = Flask("inherits")
    app.config["CONTRACTKIT_MODE"] = "strict"
    bp = Blueprint("pages", __name__)
    responds(200, content_type="text/html")(bp)

    @bp.get("/page")
    def page() -> str:
        return "page"

    @bp.get("/declared")
    @responds(204)
    def declared() -> t.Any:
        return "", 204

    app.register_blueprint(bp)
    kit.init_app(app)
    detail = app.test_client().get("/page").json["detail"]  # type: ignore[index]
    assert "it answered 200 but declares nothing" in detail
    assert "blueprint 'pages' add codes only to views with a declaration of their own" in detail


def test_a_rule_without_a_view_is_told_to_use_the_exempt_setting(kit: ContractKit) -> None:
    app = Flask("alias")

    @app.get("/home")
    @responds(200, content_type="text/html")
    def home() -> str:
        return "home"

    app.add_url_rule("/", endpoint="index")
    kit.init_app(app)
    (skipped,) = lint_app(app).skipped
    assert skipped.endpoint == "index"
    assert "no view function to decorate" in skipped.reason
    assert "list 'index' in CONTRACTKIT_EXEMPT_ENDPOINTS" in skipped.reason


class OwnerSchema(Schema):
    name = fields.String(required=True)


class PetSchema(Schema):
    owner = fields.Nested(OwnerSchema, required=True)


def test_null_for_a_nested_field_hints_at_allow_none(kit: ContractKit) -> None:
    app = Flask("nested")
    app.config["CONTRACTKIT_MODE"] = "strict"

    @app.get("/pet")
    @responds(200, PetSchema)
    def pet() -> t.Any:
        return {"owner": None}

    kit.init_app(app)
    detail = app.test_client().get("/pet").json["detail"]  # type: ignore[index]
    assert "at /owner" in detail
    assert "declare it with allow_none=True" in detail
