"""The Flask extension: registers status codes and wires contractkit into apps."""

from __future__ import annotations

import dataclasses
import threading
import typing as t
from dataclasses import dataclass

from flask import Flask, Response, current_app, request

from .bodies import BodyCheck, compile_body_checks
from .check import ResponseChecker, build_table
from .config import Settings, read_settings
from .documents import to_json, to_yaml
from .errors import ContractError
from .fallback import StatusLines
from .inputs import InputParser
from .metrics import prometheus_metrics
from .operations import Contract, build_contract, matching_endpoints, without_endpoints
from .registry import CustomStatus, StatusRegistry
from .reporting import Reporter
from .serving import publishing_blueprint
from .spec import build_spec
from .violations import ViolationStore

EXTENSION_KEY = "contractkit"


@dataclass(frozen=True)
class Documents:
    """The app's OpenAPI document, as a dict and as the text served and exported."""

    spec: dict[str, t.Any]
    json: str
    yaml: str


class AppState:
    """Everything contractkit keeps for one app, under ``app.extensions["contractkit"]``.

    The contract and the documents depend on the app's routes, which may still
    change after ``init_app`` (blueprints registered later), so they are built
    on first use and then kept.
    """

    def __init__(self, kit: ContractKit, app: Flask, settings: Settings) -> None:
        self.kit = kit
        self.settings = settings
        self._app = app
        self._lock = threading.Lock()
        self._contract: Contract | None = None
        self._documents: Documents | None = None
        self._parsers: dict[tuple[str, str], InputParser] = {}
        self._checker: ResponseChecker | None = None
        #: Endpoints the published documents leave out (``CONTRACTKIT_HIDDEN_ENDPOINTS``).
        self._hidden: frozenset[str] = frozenset()
        #: The violations this app recorded in this process.
        self.violations = ViolationStore()
        #: Prometheus counters (``CONTRACTKIT_PROMETHEUS``); ``None`` when off.
        self.metrics = prometheus_metrics(settings.prometheus)
        self._reporter = Reporter(app, settings.mode, self.violations, self.metrics)

    def contract(self) -> Contract:
        """The app's contract, built once; raises ContractError for bad declarations."""
        if self._contract is None:
            with self._lock:
                if self._contract is None:
                    contract = build_contract(
                        self._app,
                        self.kit.registry,
                        self.settings.input_error_status,
                        self.settings.exempt_endpoints,
                    )
                    self._parsers = {
                        key: InputParser(op.inputs, self.settings.input_error_status)
                        for key, op in contract.by_endpoint.items()
                        if op.inputs
                    }
                    hidden = self.settings.hidden_endpoints
                    if hidden:
                        key = "CONTRACTKIT_HIDDEN_ENDPOINTS"
                        self._hidden = frozenset(matching_endpoints(self._app, hidden, key))
                    self._contract = contract
        return self._contract

    def documents(self) -> Documents:
        """The app's published OpenAPI document, built once and validated.

        ``CONTRACTKIT_HIDDEN_ENDPOINTS`` are left out, here and so in what is
        served and exported; the runtime check still holds them to the contract.
        """
        if self._documents is None:
            contract = self.contract()
            with self._lock:
                if self._documents is None:
                    self._documents = self._build_documents(contract, self.settings)
        return self._documents

    def documents_for(self, openapi_version: str) -> Documents:
        """The documents the app would serve if configured for ``openapi_version``.

        Built by the same code as :meth:`documents`, from the same contract, so
        ``contractkit export --openapi-version`` writes exactly what such an app
        serves. Only the app's own version is kept; the app is not changed.
        """
        if openapi_version == self.settings.openapi_version:
            return self.documents()
        settings = dataclasses.replace(self.settings, openapi_version=openapi_version)
        return self._build_documents(self.contract(), settings)

    def _build_documents(self, contract: Contract, settings: Settings) -> Documents:
        spec = build_spec(self._published(contract), self.kit.registry, settings, self._app.url_map)
        return Documents(spec, to_json(spec), to_yaml(spec))

    def _published(self, contract: Contract) -> Contract:
        """The contract less ``CONTRACTKIT_HIDDEN_ENDPOINTS``: what the documents show."""
        return without_endpoints(contract, self._hidden)

    def _checked_spec(self, contract: Contract) -> dict[str, t.Any]:
        """The document with every operation, hidden ones too, for compiling body checks."""
        if not self._hidden:
            return self.documents().spec
        return build_spec(contract, self.kit.registry, self.settings, self._app.url_map)

    def checker(self) -> ResponseChecker:
        """The app's response checker, built once with its tables.

        Body checks compile the schemas of the OpenAPI document, so with them
        on, the document is built (and validated) here too.
        """
        if self._checker is None:
            contract = self.contract()
            settings = self.settings
            checking = settings.mode != "off"
            bodies: dict[tuple[str, str], dict[int, BodyCheck]] = {}
            if checking and settings.check_bodies and settings.body_sample_rate > 0:
                bodies = compile_body_checks(contract, self._checked_spec(contract))
            status_lines = StatusLines(self.kit.registry.custom_codes(), settings.status_fallback)
            checker = ResponseChecker(
                table=build_table(
                    contract,
                    self._app.url_map,
                    bodies,
                    self.metrics,
                    fallbacks=settings.status_fallback != "never",
                )
                if checking
                else {},
                reporter=self._reporter,
                status_lines=status_lines,
                checking=checking,
                sample_rate=settings.body_sample_rate,
                metrics=self.metrics,
            )
            with self._lock:
                if self._checker is None:
                    self._checker = checker
        return self._checker

    def parse_inputs(self) -> Response | None:
        """``before_request`` hook: validate declared inputs before the view runs.

        Routes cannot change once an app has served a request, so when the
        contract declares no inputs at all the hook takes itself out of the
        app's hook list: Flask's cost for a hook is then paid only once.
        """
        if self._contract is None:
            self.contract()
        if not self._parsers:
            self._unregister_input_hook()
            return None
        method = "GET" if request.method == "HEAD" else request.method
        parser = self._parsers.get((request.endpoint or "", method))
        return parser.parse(request) if parser is not None else None

    def _unregister_input_hook(self) -> None:
        hooks = self._app.before_request_funcs
        # A new list, not list.remove(): Flask may be iterating the old one right now.
        hooks[None] = [hook for hook in hooks.get(None, []) if not self._is_own(hook)]

    def finish_response(self, response: Response) -> Response:
        """``after_request`` hook: check the response, then set its status line.

        It is the only hook contractkit adds after the view, so Flask runs it
        for error-handler and unhandled-exception responses too. Once the
        checker is built it takes this method's place in the app's hook list,
        so later responses reach it without a call in between.
        """
        checker = self._checker
        if checker is None:
            try:
                checker = self.checker()
            except Exception as error:
                # The contract cannot be built: the request has already failed on it.
                return self._reporter.check_failed(error, response, None)
        hooks = self._app.after_request_funcs
        # A new list, not item assignment: Flask may be iterating the old one right now.
        # The bound method rather than the instance: Flask's iscoroutinefunction() test
        # of every hook, on every request, is quick for methods and slow for callables.
        check = checker.__call__
        hooks[None] = [check if self._is_own(hook) else hook for hook in hooks.get(None, [])]
        return checker(response)

    def _is_own(self, hook: t.Any) -> bool:
        return getattr(hook, "__self__", None) is self


def app_state(app: Flask) -> AppState:
    """The contractkit state of ``app``; a clear error if ``init_app`` was never called."""
    state = app.extensions.get(EXTENSION_KEY)
    if not isinstance(state, AppState):
        raise ContractError(
            f"app {app.name!r} does not use contractkit; call ContractKit().init_app(app) first."
        )
    return state


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
    """

    def __init__(self, app: Flask | None = None) -> None:
        #: Custom status codes shared by every app this instance serves.
        self.registry = StatusRegistry()
        if app is not None:
            self.init_app(app)

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

    def init_app(self, app: Flask) -> None:
        """Publish ``app``'s contract, validate declared inputs, and check every response."""
        if EXTENSION_KEY in app.extensions:
            raise ContractError(f"contractkit is already set up on app {app.name!r}.")
        settings = read_settings(app)
        state = AppState(self, app, settings)
        app.extensions[EXTENSION_KEY] = state
        app.register_blueprint(publishing_blueprint(settings))
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
