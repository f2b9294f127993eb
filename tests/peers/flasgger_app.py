"""A flasgger app documented in its views' docstrings, enforced by contractkit.

``Swagger(app)`` and a YAML block after ``---`` in each docstring, as
flasgger's README and examples write them: parameters, ``definitions``,
responses with ``schema``, and a custom code. contractkit adds the three
lines marked ``# contractkit`` besides the import.
"""

from __future__ import annotations

import typing as t

from flasgger import Swagger
from flask import Flask, abort, jsonify

from contractkit import ContractKit  # contractkit

COLORS: dict[str, list[t.Any]] = {}


def create_app(config: t.Mapping[str, t.Any] | None = None) -> Flask:
    COLORS.clear()
    COLORS.update({"cmyk": ["cyan", "magenta", "yellow", "black"], "rgb": ["red", "green", "blue"]})
    COLORS["broken"] = ["red", 7]  # a palette the schema does not allow
    app = Flask(__name__)
    app.config["SWAGGER"] = {"title": "Colors API", "uiversion": 3}
    app.config.update(config or {})
    swagger = Swagger(app)

    @app.route("/colors/<palette>/")
    def colors(palette: str) -> t.Any:
        """Example endpoint returning a list of colors by palette
        This is using docstrings for specifications.
        ---
        tags:
          - colors
        parameters:
          - name: palette
            in: path
            type: string
            required: true
            description: Which palette to filter?
        definitions:
          Palette:
            type: object
            additionalProperties:
              type: array
              items:
                $ref: '#/definitions/Color'
          Color:
            type: string
        responses:
          200:
            description: A list of colors (may be filtered by palette)
            schema:
              $ref: '#/definitions/Palette'
          404:
            description: No such palette
          470:
            description: The palette is being repainted
        """
        if palette == "wet":
            return jsonify(message="Come back when the paint is dry."), 470
        if palette == "secret":
            return jsonify(message="Not for you."), 403  # a bug: the document has no 403
        if palette != "all" and palette not in COLORS:
            abort(404)
        if palette == "all":
            return jsonify({k: v for k, v in COLORS.items() if k != "broken"})
        return jsonify({palette: COLORS[palette]})

    @app.route("/colors/<palette>/", methods=["DELETE"])
    def delete_palette(palette: str) -> t.Any:
        """Remove a palette
        ---
        tags:
          - colors
        parameters:
          - name: palette
            in: path
            type: string
            required: true
        responses:
          204:
            description: Removed
          404:
            description: No such palette
        """
        if palette not in COLORS:
            abort(404)
        del COLORS[palette]
        return "", 204

    ck = ContractKit()  # contractkit
    ck.register_status(470, "Wet Paint", fallback=409)  # contractkit
    ck.init_app(app, spec=lambda: swagger.get_apispecs())  # contractkit
    return app
