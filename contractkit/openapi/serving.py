"""contractkit's own routes: ``/openapi.json``, ``/openapi.yaml``, ``/docs``, and violations."""

from __future__ import annotations

import hmac
import typing as t

from flask import Blueprint, Response, current_app, json, request

from ..config import Settings
from ..errors import ConfigError
from ..problem import problem_response
from ..state import app_state
from .docs_page import docs_blueprint


def publishing_blueprint(settings: Settings) -> Blueprint:
    """A blueprint named ``contractkit`` with the routes ``settings`` switch on."""
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
            refused = refused_answer(settings, request._get_current_object())  # type: ignore[attr-defined]
            if refused is not None:
                return refused
            summary = app_state(current_app).violations.as_dict()
            response = Response(json.dumps(summary), mimetype="application/json")
            response.headers["Cache-Control"] = "no-store"
            return response

    if settings.docs_path:
        spec_url = docs_spec_url(settings)
        blueprint.register_blueprint(docs_blueprint(settings.docs_path, spec_url, settings.title))
    return blueprint


def docs_spec_url(settings: Settings) -> str:
    """The URL of the document ``/docs/`` shows; a clear error when none is served."""
    spec_url = settings.json_path or settings.yaml_path
    if spec_url is None:
        raise ConfigError(
            "CONTRACTKIT_DOCS_PATH needs the spec to be served: set "
            "CONTRACTKIT_OPENAPI_JSON_PATH (or _YAML_PATH), or set "
            "CONTRACTKIT_DOCS_PATH = None."
        )
    return spec_url


def refused_answer(settings: Settings, request: t.Any) -> Response | None:
    """The answer to a request the violations endpoint's restrictions refuse, or ``None``.

    A configured token is checked first (401, RFC 6750), then the allow
    callable (403), given ``request`` (Flask's or Quart's). The token is
    compared in constant time, so response timing does not reveal how much of
    a guess was right.
    """
    token = settings.violations_token
    if token is not None:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            response = problem_response(401, "A valid bearer token is required.")
            response.headers["WWW-Authenticate"] = 'Bearer realm="contractkit"'
            response.headers["Cache-Control"] = "no-store"
            return response
    allow = settings.violations_allow
    if allow is not None and not allow(request):
        response = problem_response(403, "This client may not read the contract violations.")
        response.headers["Cache-Control"] = "no-store"
        return response
    return None
