"""The lint on a Quart app: Quart's ``abort``, ``make_response``, ``redirect`` and body helpers."""

from __future__ import annotations

import typing as t

import quart
from quart import Quart, abort, jsonify, make_response, redirect, render_template_string, request

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

    @app.put("/todos/<int:todo_id>")
    async def replace_todo(todo_id: int) -> t.Any:
        # Quart's get_json() gives None for a body that is not JSON: only malformed
        # JSON answers (400), never 415 as Flask's does.
        data = await request.get_json()
        return jsonify(id=todo_id, **data)

    @app.patch("/todos/<int:todo_id>")
    async def patch_todo(todo_id: int) -> t.Any:
        await quart.request.get_json(silent=True)
        data = await quart.request.json
        return jsonify(id=todo_id, **data)

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
        ("replace_todo", "PUT", 400, "request.get_json()"),
        ("replace_todo", "PUT", 200, "return without a status"),
        ("patch_todo", "PATCH", 400, "request.get_json()"),
        ("patch_todo", "PATCH", 200, "return without a status"),
        ("old", "GET", 302, "redirect"),
        ("page", "GET", 200, "return without a status"),
    }
