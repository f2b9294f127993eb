"""The lint on a Quart app: Quart's ``abort``, ``make_response``, ``redirect`` and body helpers."""

from __future__ import annotations

import typing as t

from quart import Quart, abort, jsonify, make_response, redirect, render_template_string

from contractkit import ContractKit
from contractkit.lint.linter import lint_app


def todos_app() -> Quart:
    """A Quart app that declares nothing yet, its views awaiting Quart's helpers."""
    app = Quart("quart_lint")

    @app.get("/todos/<int:todo_id>")
    async def read_todo(todo_id: int) -> t.Any:
        if todo_id == 0:
            abort(404)
        return jsonify(id=todo_id)

    @app.post("/todos/")
    async def create_todo() -> t.Any:
        return await make_response(jsonify(id=2), 201)

    @app.get("/old")
    async def old() -> t.Any:
        return redirect("/todos/1")

    @app.get("/page")
    async def page() -> t.Any:
        return await render_template_string("<p>{{ n }}</p>", n=1)

    ContractKit(app)
    return app


def test_finds_every_code_quarts_helpers_answer() -> None:
    report = lint_app(todos_app())
    found = {(u.endpoint, u.method, u.site.code, u.site.form) for u in report.undocumented}
    assert found == {
        ("read_todo", "GET", 404, "abort"),
        ("read_todo", "GET", 200, "return without a status"),
        ("create_todo", "POST", 201, "make_response"),
        ("old", "GET", 302, "redirect"),
        ("page", "GET", 200, "return without a status"),
    }
