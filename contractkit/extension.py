"""The Flask extension: registers status codes and wires contractkit into apps."""

from __future__ import annotations

import typing as t

from flask import Flask, current_app

from .config import read_settings
from .declare.operations import Contract
from .declare.registry import CustomStatus, StatusRegistry
from .errors import ContractError
from .openapi.serving import free_paths, publishing_blueprint
from .runtime.aborting import install_aborter
from .runtime.json_errors import install_json_errors
from .runtime.violations import ViolationStore
from .state import EXTENSION_KEY, AppState, app_state


class ContractKit:
    """Makes a Flask app's status codes a published, checked contract.

    One instance may serve several apps; all per-app state lives in
    ``app.extensions["contractkit"]``. Config keys, read by :meth:`init_app`:

    - ``CONTRACTKIT_MODE``: ``"off"``, ``"report"`` (default) or ``"strict"``.
    - ``CONTRACTKIT_OPENAPI_VERSION``: ``"3.1.0"`` (default) or ``"3.0.3"``.
    - ``CONTRACTKIT_TITLE``: the document's title; defaults to the app's name.
    - ``CONTRACTKIT_VERSION``: the API's version; defaults to ``"1.0.0"``.
    - ``CONTRACTKIT_DESCRIPTION``: the API's description, Markdown; none by default.
    - ``CONTRACTKIT_SERVERS``: OpenAPI server objects; ``[{"url": "/"}]`` by default.
    - ``CONTRACTKIT_SPEC_OPTIONS``: top-level OpenAPI fields added to the document
      (``info`` contact, license and terms, ``tags`` descriptions, ``components``
      such as ``securitySchemes``, ``security``, ``externalDocs``, ``x-`` extensions);
      fields contractkit writes itself are refused. None by default.
    - ``CONTRACTKIT_SPEC_PLUGINS``: apispec plugin classes (or functions returning a
      new plugin), used after the MarshmallowPlugin; none by default.
    - ``CONTRACTKIT_OPENAPI_JSON_PATH``: ``"/openapi.json"``; ``None`` switches it off.
    - ``CONTRACTKIT_OPENAPI_YAML_PATH``: ``"/openapi.yaml"``; ``None`` switches it off.
    - ``CONTRACTKIT_DOCS_PATH``: ``"/docs"``; ``None`` switches it off.
    - ``CONTRACTKIT_INPUT_ERROR_STATUS``: 422 (default) or 400, for invalid input.
    - ``CONTRACTKIT_CHECK_BODIES``: check bodies against their schemas; ``None``
      (default) means on in strict mode and off in report mode.
    - ``CONTRACTKIT_BODY_SAMPLE_RATE``: share of responses whose body is checked,
      0.0-1.0; 1.0 by default.
    - ``CONTRACTKIT_STATUS_FALLBACK``: send custom codes' fallbacks
      ``"on-request"`` (default, ``Prefer: status-fallback``), ``"always"`` or
      ``"never"``.
    - ``CONTRACTKIT_EXEMPT_ENDPOINTS``: endpoints (or ``"blueprint.*"``) left out
      of the contract, like views marked :func:`~contractkit.exempt`; none by default.
    - ``CONTRACTKIT_VIOLATIONS_PATH``: serve recorded violations as JSON there;
      ``None`` (default) switches it off.
    - ``CONTRACTKIT_VIOLATIONS_TOKEN``: a secret the violations endpoint then
      requires as ``Authorization: Bearer <token>`` (401 otherwise); none by default.
    - ``CONTRACTKIT_VIOLATIONS_ALLOW``: a callable taking the request, returning
      whether it may read the violations endpoint (403 otherwise); none by default.
    - ``CONTRACTKIT_HIDDEN_ENDPOINTS``: endpoints (or ``"blueprint.*"``) left out
      of the published documents (``/openapi.json``, ``/docs``, exports) but still
      checked at runtime; none by default.
    - ``CONTRACTKIT_PROMETHEUS``: count checked responses and violations in
      Prometheus: ``True`` (the default registry), a ``CollectorRegistry``, or
      ``False`` (default). Needs ``contractkit[prometheus]``.
    - ``CONTRACTKIT_JSON_ERRORS``: answer HTTP errors the app has no handler
      for (``abort()``, routing 404/405, unhandled exceptions) as
      ``application/problem+json``; ``True`` (default) or ``False``.
    - ``CONTRACTKIT_SPEC``: an OpenAPI 3.0/3.1 document to enforce instead of
      decorators (the ``spec`` argument of :meth:`init_app`); ``None`` by default.
    - ``CONTRACTKIT_DEFAULT_RESPONSE``: what a document's ``default`` response
      covers: ``"errors"`` (default: unlisted standard 4xx/5xx codes), ``"any"``
      (every unlisted code, as OpenAPI reads it) or ``"ignore"`` (nothing).
    """

    def __init__(self, app: Flask | None = None, *, spec: t.Any = None) -> None:
        #: Custom status codes shared by every app this instance serves.
        self.registry = StatusRegistry()
        if app is not None:
            self.init_app(app, spec=spec)

    def register_status(
        self,
        code: int,
        phrase: str,
        *,
        fallback: int | None = None,
        description: str | None = None,
    ) -> CustomStatus:
        """Register a custom status code so views may declare it.

        :param code: an unassigned code in 200-599, such as 299 or 460.
        :param phrase: the reason phrase sent on the status line.
        :param fallback: the standard code of the same class that clients which do
            not know ``code`` should treat it as; defaults to the class's x00.
        :param description: what the code means, for the OpenAPI document.
        :raises RegistrationError: for a bad code, phrase or fallback.
        """
        return self.registry.register(code, phrase, fallback=fallback, description=description)

    def init_app(self, app: Flask, spec: t.Any = None) -> None:
        """Publish ``app``'s contract, validate declared inputs, and check every response.

        :param spec: enforce this OpenAPI 3.0/3.1 document instead of decorators,
            as ``CONTRACTKIT_SPEC`` does: the path of a ``.json``, ``.yaml`` or
            ``.yml`` file (relative to ``app.root_path``), a dict, or a callable
            returning one, called when the contract is first built (such as
            ``lambda: api.spec.to_dict()``).
        """
        if EXTENSION_KEY in app.extensions:
            raise ContractError(f"contractkit is already set up on app {app.name!r}.")
        if spec is not None:
            app.config["CONTRACTKIT_SPEC"] = spec
        settings = free_paths(app, read_settings(app))
        state = AppState(self, app, settings)
        app.extensions[EXTENSION_KEY] = state
        app.register_blueprint(publishing_blueprint(settings))
        # abort(460) raises the registered code's exception; registered later ones too.
        install_aborter(app, self.registry)
        if settings.json_errors:
            install_json_errors(app)
        app.before_request(state.parse_inputs)
        app.after_request(state.finish_response)

    def contract(self, app: Flask | None = None) -> Contract:
        """Build (once) and return the contract of ``app`` or the current app.

        The runtime check's tables are built too, body schemas compiled and
        Prometheus series created, so call it at the end of an app factory:
        a wrong declaration raises, and a body schema that cannot be compiled
        warns (:class:`~contractkit.BodyCheckWarning`), at start-up rather
        than on the first request.
        """
        state = app_state(app or _current_app())
        contract = state.contract()
        state.checker()
        return contract

    def spec(self, app: Flask | None = None) -> dict[str, t.Any]:
        """The published OpenAPI document of ``app`` or the current app, as a dict."""
        return app_state(app or _current_app()).documents().spec

    def violations(self, app: Flask | None = None) -> ViolationStore:
        """The contract violations ``app`` (or the current app) recorded in this process.

        Read :meth:`~ViolationStore.counts`, :meth:`~ViolationStore.recent` or
        :meth:`~ViolationStore.as_dict`; to forward each one as it happens,
        connect to :data:`~contractkit.violation_recorded` instead.
        """
        return app_state(app or _current_app()).violations


def _current_app() -> Flask:
    return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
