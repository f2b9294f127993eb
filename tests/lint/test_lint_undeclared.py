"""The lint on apps that declare nothing yet, and on what Flask answers for a view."""

from __future__ import annotations

import importlib
import sys
import typing as t
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask, abort, jsonify, request

from contractkit import ContractKit, responds
from contractkit.cli.lint import lint_command
from contractkit.lint.linter import LintReport, lint_app, lint_text

ROOT = Path(__file__).resolve().parents[2]

#: Every code each tutorial app's source sends, by endpoint and method.
TUTORIAL_CODES: dict[str, set[tuple[str, str, int]]] = {
    "greetings": {("hello", "GET", 200), ("hello_name", "GET", 200), ("hello_name", "GET", 299)},
    "orders": {("create_order", "POST", code) for code in (201, 499, 400, 415)},
    "tiers": {("quota", "GET", 200), ("quota", "GET", 460)},
    "items": {("get_item", "GET", 200), ("get_item", "GET", 404)}
    | {("delete_item", "DELETE", code) for code in (204, 404, 409)},
    "tasks": {("tasks", "GET", 200)} | {("tasks", "POST", code) for code in (201, 400, 422)},
    "library": {
        ("books.get_book", "GET", 200),
        ("books.get_book", "GET", 404),
        ("books.loan_book", "POST", 202),
        ("books.loan_book", "POST", 404),
    },
}


def _tutorial(name: str) -> Flask:
    return t.cast(Flask, importlib.import_module(f"tests.tutorials.{name}").app)


@pytest.mark.parametrize("name", sorted(TUTORIAL_CODES))
def test_finds_every_code_of_an_app_that_declares_nothing(name: str) -> None:
    report = lint_app(_tutorial(name))
    found = {(u.endpoint, u.method, u.site.code) for u in report.undocumented}
    assert found == TUTORIAL_CODES[name]
    assert report.undeclared == []
    assert not report.ok


def test_text_points_to_the_way_forward() -> None:
    text = lint_text(lint_app(_tutorial("orders")), root=str(ROOT))
    lines = text.splitlines()
    assert any(
        line.startswith("tests/tutorials/orders.py:")
        and "POST /orders (endpoint 'create_order') can answer 499 by return" in line
        for line in lines
    )
    assert "4 status code(s) in 1 view(s) that declare nothing" in text
    assert "pytest --contract-record=records" in text
    assert "contractkit propose --app APP records" in text


def test_command_exits_1_not_2_on_an_app_that_declares_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "path", list(sys.path))
    result = CliRunner().invoke(lint_command, ["--app", "tests.tutorials.greetings"])
    assert result.exit_code == 1, result.output
    assert "contractkit propose" in result.output


def _json_views(app: Flask) -> None:
    @app.post("/plain")
    @responds(200)
    def plain() -> t.Any:
        return request.get_json()

    @app.post("/forced")
    @responds(200)
    def forced() -> t.Any:
        return request.get_json(force=True)

    @app.post("/silent")
    @responds(200)
    def silent() -> t.Any:
        return request.get_json(silent=True) or {}

    @app.post("/positional")
    @responds(200)
    def positional() -> t.Any:
        return request.get_json(False, True) or {}

    @app.post("/property")
    @responds(200)
    def property_() -> t.Any:
        return request.json

    @app.post("/local-import")
    @responds(200)
    def local_import() -> t.Any:
        from flask import request as req

        return req.get_json()

    @app.post("/declared")
    @responds(200)
    @responds(400)
    @responds(415)
    def declared() -> t.Any:
        return request.get_json()


@pytest.mark.parametrize(
    ("endpoint", "codes"),
    [
        ("plain", {400, 415}),
        ("forced", {400}),
        ("silent", set()),
        ("positional", set()),
        ("property_", {400, 415}),
        ("local_import", {400, 415}),
        ("declared", set()),
    ],
)
def test_reading_the_request_json_can_answer_415_and_400(
    kit: ContractKit, endpoint: str, codes: set[int]
) -> None:
    app = Flask(__name__)
    _json_views(app)
    kit.init_app(app)
    report = lint_app(app)
    found = {f.site.code for f in report.undeclared if f.operation.endpoint == endpoint}
    assert found == codes
    assert all(f.site.form == "request.get_json()" for f in report.undeclared)


def test_flask_answers_what_the_lint_reports(kit: ContractKit) -> None:
    app = Flask(__name__)
    _json_views(app)
    kit.init_app(app)
    client = app.test_client()
    assert client.post("/plain", data="{}").status_code == 415
    assert client.post("/plain", data="{", content_type="application/json").status_code == 400
    assert client.post("/forced", data="{").status_code == 400


def _own_404(app: Flask) -> None:
    @app.get("/books/<isbn>")
    @responds(200)
    def book(isbn: str) -> t.Any:
        if isbn == "0":
            return jsonify(error="No such book"), 404
        return {"isbn": isbn}

    @app.get("/films/<int:film_id>")
    @responds(200)
    def film(film_id: int) -> t.Any:
        if film_id == 0:
            abort(404)
        return {"id": film_id}


def test_a_views_own_json_404_is_not_the_routing_one(kit: ContractKit) -> None:
    app = Flask(__name__)
    _own_404(app)
    app.config["CONTRACTKIT_JSON_ERRORS"] = True
    kit.init_app(app)
    report: LintReport = lint_app(app)
    # abort(404) goes through the problem+json error handler, as the router's 404 does.
    assert [(f.operation.endpoint, f.site.code, f.site.form) for f in report.undeclared] == [
        ("book", 404, "return")
    ]
