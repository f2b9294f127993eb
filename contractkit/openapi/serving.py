"""contractkit's own routes: ``/openapi.json``, ``/openapi.yaml``, ``/docs``, and violations.

Written once, as plain functions; each framework's adapter says, in a
:class:`Framework`, how its framework finds the current app and request,
builds URLs, sends files and runs a view (Quart's views are coroutines).
"""

from __future__ import annotations

import dataclasses
import hmac
import json
import typing as t

from flask.sansio.app import App
from werkzeug.wrappers import Response as WerkzeugResponse

from ..config import Settings
from ..errors import ConfigError
from ..problem import problem_response
from ..state import app_state
from .docs_page import asset_folder, page_html

View = t.Callable[..., t.Any]


def _as_is(view: View) -> View:
    return view


@dataclasses.dataclass(frozen=True)
class Framework:
    """What contractkit's own routes need of the framework that serves them."""

    #: The framework's ``Blueprint`` class.
    blueprint: t.Callable[..., t.Any]
    #: The framework's ``Response`` class, so the app's own ``after_request`` hooks get theirs.
    response: t.Callable[..., t.Any]
    current_app: t.Callable[[], App]
    current_request: t.Callable[[], t.Any]
    #: ``url_for``, as the framework builds URLs (its app's script root included).
    url_for: t.Callable[..., str]
    #: ``send_from_directory(folder, filename)``; Quart's answers a coroutine.
    send_from_directory: t.Callable[[str, str], t.Any]
    #: The framework's view of one of the routes' functions: the function itself on
    #: Flask, a coroutine function awaiting what it answers on Quart.
    view: t.Callable[[View], View] = _as_is


def publishing_blueprint(settings: Settings, framework: Framework) -> t.Any:
    """A blueprint named ``contractkit`` with the routes ``settings`` switch on."""
    blueprint = framework.blueprint("contractkit", __name__)

    if settings.json_path:

        def openapi_json() -> t.Any:
            text = app_state(framework.current_app()).documents().json
            return framework.response(text, mimetype="application/json")

        blueprint.get(settings.json_path)(framework.view(openapi_json))
    if settings.yaml_path:

        def openapi_yaml() -> t.Any:
            text = app_state(framework.current_app()).documents().yaml
            return framework.response(text, mimetype="application/yaml")

        blueprint.get(settings.yaml_path)(framework.view(openapi_yaml))
    if settings.violations_path:

        def violations() -> t.Any:
            # Off by default: it shows the app's internals (endpoint names, paths).
            refused = refused_answer(settings, framework.current_request())
            if refused is not None:
                return refused
            summary = app_state(framework.current_app()).violations.as_dict()
            text = json.dumps(summary, sort_keys=True)  # as Flask's JSON provider writes it
            response = framework.response(text, mimetype="application/json")
            response.headers["Cache-Control"] = "no-store"
            return response

        blueprint.get(settings.violations_path)(framework.view(violations))
    if settings.docs_path:
        spec_url = docs_spec_url(settings)
        docs = docs_blueprint(settings.docs_path, spec_url, settings.title, framework)
        blueprint.register_blueprint(docs)
    return blueprint


def docs_blueprint(docs_path: str, spec_url: str, title: str, framework: Framework) -> t.Any:
    """A blueprint named ``docs`` serving the page at ``docs_path`` and its assets under it."""
    blueprint = framework.blueprint("docs", __name__, url_prefix=docs_path)

    def asset_url(filename: str, **options: t.Any) -> str:
        return framework.url_for(".asset", filename=filename, **options)

    def page() -> t.Any:
        document = app_state(framework.current_app()).documents().spec
        html = page_html(document, spec_url, title, asset_url)
        return framework.response(html, mimetype="text/html")

    def asset(filename: str) -> t.Any:
        # index.html is the page, served here rather than by a rule of its own:
        # Flask compiles every rule of every app, and a test suite builds many.
        if filename == "index.html":
            return page()
        return framework.send_from_directory(asset_folder(filename), filename)

    blueprint.get("/")(framework.view(page))
    blueprint.get("/<path:filename>")(framework.view(asset))
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


def refused_answer(settings: Settings, request: t.Any) -> WerkzeugResponse | None:
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
