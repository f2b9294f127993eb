"""A Quart app written the way Quart's own examples write theirs (pallets/quart ``examples/``).

A module-level ``app``, ``async def`` views that await the request body,
quart-schema beside it as in the ``api`` example, a blueprint, a class-based
view, a websocket route and a streamed answer. contractkit's lines are the
``@responds``/``@accepts`` decorators and the two lines after ``app = Quart``.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from marshmallow import Schema, fields
from quart import Blueprint, Quart, abort, request, websocket
from quart.views import MethodView
from quart_schema import QuartSchema

from contractkit import ContractKit, accepts, responds

app = Quart(__name__)
app.config.update(CONTRACTKIT_MODE="strict", CONTRACTKIT_TITLE="Todos")
QuartSchema(app, openapi_path=None, swagger_ui_path=None, redoc_ui_path=None, scalar_ui_path=None)
ck = ContractKit()
ck.register_status(461, "Quota Exceeded", fallback=429, description="The day's quota is spent.")


class TodoIn(Schema):
    task = fields.String(required=True)


class Todo(TodoIn):
    id = fields.Integer(required=True)


@dataclass
class Quota:
    used: int


TODOS: dict[int, dict[str, t.Any]] = {1: {"id": 1, "task": "Write"}}


@app.post("/echo")
@responds(200, content_type="application/json")
async def echo() -> t.Any:
    data = await request.get_json()
    return {"input": data, "extra": True}


@app.post("/todos/")
@accepts(TodoIn)
@responds(201, Todo)
@responds(461)
async def create_todo(body: dict[str, t.Any]) -> t.Any:
    if body["task"] == "one too many":
        abort(461)
    todo = {"id": len(TODOS) + 1, **body}
    TODOS[todo["id"]] = todo
    return todo, 201


@app.get("/todos/<int:todo_id>")
@responds(200, Todo)
@responds(404)
async def read_todo(todo_id: int) -> t.Any:
    if todo_id not in TODOS:
        abort(404)
    if todo_id == 99:
        return {"id": "ninety-nine"}  # breaks its schema: strict mode refuses it
    return TODOS[todo_id]


@app.get("/ticks")
@responds(200, content_type="text/plain")
async def ticks() -> t.Any:
    async def generate() -> t.AsyncIterator[bytes]:
        for tick in range(3):
            yield f"tick {tick}\n".encode()

    return generate(), 200, {"Content-Type": "text/plain"}


@app.websocket("/ws")
async def ws() -> None:
    while True:
        await websocket.send(await websocket.receive())


class QuotaView(MethodView):
    @responds(200, content_type="application/json")
    async def get(self) -> t.Any:
        return {"used": Quota(used=3).used}


app.add_url_rule("/quota", view_func=QuotaView.as_view("quota"))

admin = Blueprint("admin", __name__, url_prefix="/admin")


@admin.get("/stats")
@responds(200, content_type="application/json")
async def stats() -> t.Any:
    if request.args.get("broken"):
        return {"todos": len(TODOS)}, 299
    return {"todos": len(TODOS)}


app.register_blueprint(admin)
ck.init_app(app)
ck.contract(app)
