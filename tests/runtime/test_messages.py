"""Messages where the rule is subtle say what to do."""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask
from marshmallow import Schema, fields

from contractkit import ContractKit, responds
from contractkit.errors import DeclarationError
from contractkit.lint.linter import lint_app, lint_text

from ..frameworks import client_of, new_app, web_of


def test_a_view_of_a_declared_blueprint_is_told_it_needs_its_own(
    kit: ContractKit, framework: str
) -> None:
    app = new_app(framework, "inherits")
    app.config["CONTRACTKIT_MODE"] = "strict"
    bp = web_of(app).Blueprint("pages", __name__)
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
    detail = client_of(app).get("/page").json["detail"]  # type: ignore[index]
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


def test_null_for_a_nested_field_hints_at_allow_none(kit: ContractKit, framework: str) -> None:
    app = new_app(framework, "nested")
    app.config["CONTRACTKIT_MODE"] = "strict"

    @app.get("/pet")
    @responds(200, PetSchema)
    def pet() -> t.Any:
        return {"owner": None}

    kit.init_app(app)
    detail = client_of(app).get("/pet").json["detail"]  # type: ignore[index]
    assert "at /owner" in detail
    assert "declare it with allow_none=True" in detail


#: Codes a view can return but no declaration can hold, as a Flask tutorial writes them.
NEVER_DECLARABLE = [(102, "never send it as one"), (700, "outside 100-599"), (418, "(Unused)")]


def _never_declarable_app(kit: ContractKit, code: int, framework: str = "flask") -> Flask:
    app: Flask = new_app(framework, "never")
    app.config["CONTRACTKIT_MODE"] = "strict"

    @app.post("/jobs")
    @responds(202)
    def start_job() -> t.Any:
        return {"state": "working"}, code

    @app.get("/legacy")
    def legacy() -> t.Any:
        return "still working", code

    kit.init_app(app)
    return app


def _declaration_error(code: int) -> str:
    with pytest.raises(DeclarationError) as raised:
        responds(code)
    return str(raised.value)


@pytest.mark.parametrize(("code", "reason"), NEVER_DECLARABLE)
def test_the_runtime_says_a_code_that_can_never_be_declared_cannot_be_sent(
    kit: ContractKit, code: int, reason: str, framework: str
) -> None:
    app = _never_declarable_app(kit, code, framework)
    client = client_of(app)
    for path, method in (("/jobs", client.post), ("/legacy", client.get)):
        detail = method(path).json["detail"]  # type: ignore[index]
        assert _declaration_error(code) in detail, path
        assert reason in detail
        assert "@responds" not in detail  # never "declare it"


@pytest.mark.parametrize(("code", "reason"), NEVER_DECLARABLE)
def test_the_lint_says_a_code_that_can_never_be_declared_cannot_be_sent(
    kit: ContractKit, code: int, reason: str
) -> None:
    report = lint_app(_never_declarable_app(kit, code))
    text = lint_text(report)
    lines = [line for line in text.splitlines() if f"can answer {code}" in line]
    assert len(lines) == 2
    for line in lines:
        assert line.endswith(_declaration_error(code))
    assert "To declare them" not in text  # the only undocumented code cannot be declared
