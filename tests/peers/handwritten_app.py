"""An app with no OpenAPI tool: plain Flask views and a committed ``openapi.yaml``.

The connexion/openapi-core style: the document is written by hand and
contractkit enforces it. The contractkit lines are the import, the
``CONTRACTKIT_SPEC`` setting (``init_app(app, spec="openapi.yaml")`` is the
same) and ``init_app``.
"""

from __future__ import annotations

import typing as t

from flask import Flask, jsonify

from contractkit import ContractKit  # contractkit

PETS: dict[int, dict[str, t.Any]] = {
    1: {"id": 1, "name": "Rex", "tag": None},
    2: {"id": 2, "name": None, "tag": "dog"},  # a record the schema does not allow
}


def create_app(
    config: t.Mapping[str, t.Any] | None = None, photo: bool = False, framework: str = "flask"
) -> Flask:
    """The app; ``photo=True`` adds a route the document lacks.

    The same views make a Quart app with ``framework="quart"``.
    """
    if framework == "quart":
        from quart import Quart

        app: Flask = Quart(__name__)  # type: ignore[assignment]
    else:
        app = Flask(__name__)
    app.config.update(config or {})

    if photo:

        @app.get("/pets/<int:pet_id>/photo")
        def pet_photo(pet_id: int) -> t.Any:
            return b"", 200

    @app.get("/pets")
    def list_pets() -> t.Any:
        return [PETS[1]] if framework == "quart" else jsonify([PETS[1]])

    @app.get("/pets/<int:pet_id>")
    def get_pet(pet_id: int) -> t.Any:
        if pet_id == 470:
            return {"message": "Daily quota used up."}, 470
        if pet_id not in PETS:
            return {"message": "No such pet."}, 404
        return PETS[pet_id]

    @app.delete("/pets/<int:pet_id>")
    def delete_pet(pet_id: int) -> t.Any:
        if pet_id not in PETS:
            return {"message": "No such pet."}, 404  # covered by the `default` response
        if pet_id == 2:
            return "", 202  # a bug: the document promises 204
        return "", 204

    app.config.setdefault("CONTRACTKIT_SPEC", "openapi.yaml")  # contractkit
    ContractKit().init_app(app)  # contractkit
    return app
