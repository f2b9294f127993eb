"""Tasks as a MethodView, refusing a task without a title with 422."""

from flask import Flask, jsonify, request
from flask.views import MethodView

from contractkit import ContractKit

app = Flask(__name__)
app.config.from_prefixed_env()
ContractKit(app)

TASKS = [{"id": 1, "title": "write", "done": False, "due": "2026-12-24T10:00:00Z"}]


class TaskList(MethodView):
    def get(self):
        return jsonify(tasks=TASKS, total=len(TASKS))

    def post(self):
        data = request.get_json(force=True)
        if not data.get("title"):
            return jsonify(error="A task needs a title", field="title"), 422
        task = {"id": len(TASKS) + 1, "title": data["title"], "done": False, "due": None}
        TASKS.append(task)
        return jsonify(task), 201


app.add_url_rule("/tasks", view_func=TaskList.as_view("tasks"))
