"""contractkit's own routes: ``/openapi.json``, ``/openapi.yaml``, ``/docs``, and violations."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, json
from flask_swagger_ui import get_swaggerui_blueprint

from .config import Settings
from .errors import ConfigError


def publishing_blueprint(settings: Settings) -> Blueprint:
    """A blueprint named ``contractkit`` with the routes ``settings`` switch on."""
    from .extension import app_state  # the state module imports this one

    blueprint = Blueprint("contractkit", __name__)

    if settings.json_path:

        @blueprint.get(settings.json_path)
        def openapi_json() -> Response:
            text = app_state(current_app).documents().json
            return Response(text, mimetype="application/json")

    if settings.yaml_path:

        @blueprint.get(settings.yaml_path)
        def openapi_yaml() -> Response:
            text = app_state(current_app).documents().yaml
            return Response(text, mimetype="application/yaml")

    if settings.violations_path:

        @blueprint.get(settings.violations_path)
        def violations() -> Response:
            # Off by default: it shows the app's internals (endpoint names, paths).
            summary = app_state(current_app).violations.as_dict()
            response = Response(json.dumps(summary), mimetype="application/json")
            response.headers["Cache-Control"] = "no-store"
            return response

    if settings.docs_path:
        spec_url = settings.json_path or settings.yaml_path
        if spec_url is None:
            raise ConfigError(
                "CONTRACTKIT_DOCS_PATH needs the spec to be served: set "
                "CONTRACTKIT_OPENAPI_JSON_PATH (or _YAML_PATH), or set "
                "CONTRACTKIT_DOCS_PATH = None."
            )
        docs = get_swaggerui_blueprint(
            settings.docs_path,
            spec_url,
            config={"app_name": settings.title, "showExtensions": True},
            blueprint_name="docs",
        )
        blueprint.register_blueprint(docs)
    return blueprint
