"""flask-restx's todo API (its README's quick start), in an app factory, enforced by contractkit.

A namespace, a model, ``@ns.expect``, ``@ns.marshal_with``, ``@ns.response``
and ``api.abort``, as the README writes them. contractkit adds the two lines
marked ``# contractkit`` besides the import: the extension and ``init_app``
with flask-restx's own Swagger 2.0 document.
"""

from __future__ import annotations

import typing as t

from flask import Flask
from flask_restx import Api, Resource, fields

from contractkit import ContractKit  # contractkit


class TodoDAO:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.counter = 0
        self.todos: list[dict[str, t.Any]] = []

    def get(self, id: int) -> dict[str, t.Any]:
        for todo in self.todos:
            if todo["id"] == id:
                return todo
        self.api.abort(404, f"Todo {id} doesn't exist")
        raise AssertionError("abort raises")

    def create(self, data: dict[str, t.Any]) -> dict[str, t.Any]:
        todo = data
        todo["id"] = self.counter = self.counter + 1
        self.todos.append(todo)
        return todo

    def update(self, id: int, data: dict[str, t.Any]) -> dict[str, t.Any]:
        todo = self.get(id)
        todo.update(data)
        return todo

    def delete(self, id: int) -> None:
        todo = self.get(id)
        self.todos.remove(todo)


def create_app(config: t.Mapping[str, t.Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(config or {})
    api = Api(app, version="1.0", title="TodoMVC API", description="A simple TodoMVC API")

    ns = api.namespace("todos", description="TODO operations")

    todo = api.model(
        "Todo",
        {
            "id": fields.Integer(readonly=True, description="The task unique identifier"),
            "task": fields.String(required=True, description="The task details"),
        },
    )

    dao = TodoDAO(api)
    dao.create({"task": "Build an API"})
    dao.create({"task": "?????"})
    dao.create({"task": "profit!"})

    @ns.route("/")
    class TodoList(Resource):
        """Shows a list of all todos, and lets you POST to add new tasks"""

        @ns.doc("list_todos")
        @ns.marshal_list_with(todo)
        def get(self) -> t.Any:
            """List all tasks"""
            return dao.todos

        @ns.doc("create_todo")
        @ns.expect(todo)
        @ns.marshal_with(todo, code=201)
        def post(self) -> t.Any:
            """Create a new task"""
            return dao.create(api.payload), 201

    @ns.route("/<int:id>")
    @ns.response(404, "Todo not found")
    @ns.param("id", "The task identifier")
    class Todo(Resource):
        """Show a single todo item and lets you delete them"""

        @ns.doc("get_todo")
        @ns.marshal_with(todo)
        def get(self, id: int) -> t.Any:
            """Fetch a given resource"""
            return dao.get(id)

        @ns.doc("delete_todo")
        @ns.response(204, "Todo deleted")
        def delete(self, id: int) -> t.Any:
            """Delete a task given its identifier"""
            dao.delete(id)
            return "", 204

        @ns.expect(todo)
        @ns.marshal_with(todo)
        def put(self, id: int) -> t.Any:
            """Update a task given its identifier"""
            return dao.update(id, api.payload)

    ck = ContractKit()  # contractkit
    ck.init_app(app, spec=lambda: api.__schema__)  # contractkit
    return app
