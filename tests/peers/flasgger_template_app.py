"""A flasgger app whose shared parts come from ``Swagger(app, template=...)``, enforced.

The template holds what every view shares (``info``, ``produces``,
``definitions``, and ``x-status-codes`` for the custom code, so nothing is
registered in code); each view's docstring refers to it, as flasgger's
template examples do. contractkit adds the two lines marked
``# contractkit`` besides the import.
"""

from __future__ import annotations

import typing as t

from flasgger import Swagger
from flask import Flask, jsonify, request

from contractkit import ContractKit  # contractkit

TEMPLATE: dict[str, t.Any] = {
    "swagger": "2.0",
    "info": {"title": "Users API", "description": "Users, from a template", "version": "1.0"},
    "produces": ["application/json"],
    "definitions": {
        "User": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "email": {"type": "string", "x-nullable": True},
            },
        },
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
    },
    "x-status-codes": {
        "299": {
            "phrase": "Completed With Warnings",
            "fallback": 200,
            "description": "Done, and the body lists what to look at.",
        }
    },
}

USERS: dict[int, dict[str, t.Any]] = {}


def create_app(config: t.Mapping[str, t.Any] | None = None) -> Flask:
    USERS.clear()
    USERS.update(
        {
            1: {"id": 1, "name": "Ada", "email": None},
            2: {"id": 2, "name": 42},  # a record the schema does not allow
            3: {"id": 3, "name": "Grace", "email": "grace@example.com"},
        }
    )
    app = Flask(__name__)
    app.config.update(config or {})
    swagger = Swagger(app, template=TEMPLATE)

    @app.get("/users/<int:user_id>")
    def get_user(user_id: int) -> t.Any:
        """Fetch one user
        ---
        parameters:
          - name: user_id
            in: path
            type: integer
            required: true
        responses:
          200:
            description: The user
            schema:
              $ref: '#/definitions/User'
          404:
            description: No such user
            schema:
              $ref: '#/definitions/Error'
        """
        if user_id not in USERS:
            return jsonify(message=f"no user {user_id}"), 404
        return jsonify(USERS[user_id])

    @app.post("/users")
    def create_user() -> t.Any:
        """Add a user
        ---
        parameters:
          - name: body
            in: body
            required: true
            schema:
              $ref: '#/definitions/User'
        responses:
          201:
            description: The new user
            schema:
              $ref: '#/definitions/User'
          299:
            description: Added, but the email looks wrong
            schema:
              $ref: '#/definitions/User'
        """
        user = {**(request.get_json() or {}), "id": max(USERS) + 1}
        USERS[user["id"]] = user
        if user.get("email") and "@" not in user["email"]:
            return jsonify(user), 299
        if user.get("name") == "Bobby Tables":
            return jsonify(message="no"), 400  # a bug: the document has no 400
        return jsonify(user), 201

    ck = ContractKit()  # contractkit
    ck.init_app(app, spec=lambda: swagger.get_apispecs())  # contractkit
    return app
