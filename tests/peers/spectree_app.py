"""A spectree app written as its documentation teaches, enforced by contractkit.

A Flask app, ``SpecTree("flask", annotations=True, mode="strict")``, pydantic models for
the body and the responses, ``@spec.validate`` and ``spec.register(app)``
(spectree's quickstart). contractkit adds the three lines marked
``# contractkit``: the import, the extension, and ``init_app`` with
spectree's own document (built inside an app context, as spectree needs).
"""

from __future__ import annotations

import typing as t

from flask import Flask
from pydantic import BaseModel, Field
from spectree import Response, SpecTree

from contractkit import ContractKit  # contractkit

PROFILES: dict[int, dict[str, t.Any]] = {}


class Profile(BaseModel):
    name: str = Field(..., min_length=2, max_length=40)
    age: int = Field(..., gt=0, lt=150)


class StoredProfile(Profile):
    uid: int


class Message(BaseModel):
    text: str


def create_app(config: t.Mapping[str, t.Any] | None = None) -> Flask:
    PROFILES.clear()
    PROFILES.update(
        {
            1: {"uid": 1, "name": "Ada", "age": 36},
            2: {"uid": 2, "name": "Bob", "age": 0},  # a record the model does not allow
            3: {"uid": 3, "name": "Old Tom", "age": 99, "archived": True},
        }
    )
    app = Flask(__name__)
    app.config.update(config or {})
    # mode="strict": document the routes spectree validates. In its default mode it
    # documents every route of the app, contractkit's and other extensions' too, with
    # an empty `responses`, which is invalid OpenAPI.
    spec = SpecTree("flask", annotations=True, mode="strict")

    @app.post("/api/user")
    @spec.validate(resp=Response(HTTP_201=StoredProfile), tags=["api"])
    def create_user(json: Profile) -> t.Any:
        profile = {"uid": max(PROFILES) + 1, **json.model_dump()}
        PROFILES[profile["uid"]] = profile
        return StoredProfile(**profile), 201

    # spectree's own response validation would answer a bad body with its own 500;
    # this view leaves response checks to contractkit (spectree's skip_validation).
    @app.get("/api/user/<int:uid>")
    @spec.validate(resp=Response(HTTP_200=StoredProfile, HTTP_404=Message), skip_validation=True)
    def get_user(uid: int) -> t.Any:
        if uid not in PROFILES:
            return Message(text="no such user").model_dump(), 404
        return {key: PROFILES[uid][key] for key in ("uid", "name", "age")}

    @app.delete("/api/user/<int:uid>")
    @spec.validate(resp=Response("HTTP_204", HTTP_404=Message))
    def delete_user(uid: int) -> t.Any:
        if uid not in PROFILES:
            return Message(text="no such user"), 404
        if PROFILES[uid].get("archived"):
            return "", 202  # a bug: the document promises 204
        del PROFILES[uid]
        return "", 204

    spec.register(app)
    ck = ContractKit()  # contractkit
    ck.init_app(app, spec=lambda: spec.spec)  # contractkit
    return app
