"""One app's contractkit state: its contract, documents and checker, each built once.

Internal.
"""

from __future__ import annotations

import dataclasses
import threading
import typing as t

from flask.sansio.app import App

from .collector import collector_paused
from .config import Settings
from .declare.contracts import (
    build_contract,
    matching_endpoints,
    publishable,
    without_endpoints,
)
from .declare.operations import Contract
from .declare.registry import StatusRegistry
from .errors import ConfigError, ContractError, SpecError
from .late_config import read_keys, runtime_settings, warn_late_keys, warn_unknown_keys
from .openapi.documents import Documents, DocumentText, snapshot
from .openapi.options import check_tags
from .openapi.own_paths import warn_shadowed
from .recording.settings import production_recorder
from .runtime.checker import ResponseChecker
from .runtime.json_errors import answers_errors
from .runtime.metrics import prometheus_metrics
from .runtime.reporting import Reporter, logger
from .runtime.status_lines import StatusLines
from .runtime.violations import ViolationStore

EXTENSION_KEY = "contractkit"


class ContractHooks(t.Protocol):
    """An adapter's request hooks, which read tables built with the declared contract."""

    def load(self, contract: Contract) -> None:
        """Build the hooks' tables from ``contract``."""


# The document build (apispec, openapi-spec-validator's rules), the spec-driven
# reader and the body checks' compilers are imported where they are first used:
# an app in report mode that serves requests and is never asked for its document
# runs none of them, and importing them would be most of its start-up.


class AppState:
    """Everything contractkit keeps for one app, under ``app.extensions["contractkit"]``.

    The contract and the documents depend on the app's routes, which may still
    change after ``init_app`` (blueprints registered later), so they are built
    on first use and then kept.
    """

    def __init__(
        self,
        registry: StatusRegistry,
        app: App,
        settings: Settings,
        current_request: t.Callable[[], t.Any],
        readable: t.Callable[[t.Any], t.Any] | None = None,
    ) -> None:
        """
        :param registry: the custom codes of the extension that serves the app;
            shared with it, so codes it registers later count here too.
        :param current_request: the request being answered, as the app's framework
            keeps it (its adapter in :mod:`contractkit.adapters` says how).
        :param readable: the adapter's Werkzeug view of a response of its
            framework, where a response is no Werkzeug one (Quart's).
        """
        #: The extension's custom codes (:attr:`ContractKit.registry`).
        self.extension_registry = registry
        self.settings = settings
        self._app = app
        # One lock for everything built once: the contract, the documents and
        # the checker (which needs both, so the lock is reentrant). A thread
        # that finds a build under way waits for it instead of repeating it.
        self._lock = threading.RLock()
        self._contract: Contract | None = None
        #: A spec-driven app's documents, read and validated (and converted, if
        #: Swagger 2.0) by :meth:`read_document`; ``None`` until then.
        self._readable: list[dict[str, t.Any]] | None = None
        self._documents: Documents | None = None
        #: The input hook and serialising ``make_response``, where the app's adapter has
        #: them; it sets and installs them. Loaded with each declared contract.
        self.hooks: ContractHooks | None = None
        #: Each enforced document's snapshot, for body checks; a spec-driven app's only.
        self._snapshots: tuple[str, ...] = ()
        #: A line for each declared body whose schema cannot be compiled, so goes unchecked.
        self.unchecked_bodies: list[str] = []
        #: Endpoints the published documents leave out (``CONTRACTKIT_HIDDEN_ENDPOINTS``).
        self._hidden: frozenset[str] = frozenset()
        #: The custom codes this app uses: the extension's, plus a spec-driven app's
        #: document's own.
        self.registry: StatusRegistry = registry
        #: The violations this app recorded in this process.
        self.violations = ViolationStore()
        #: Why the app's routes are not there yet, while a framework that adds them
        #: when it starts (connexion) has not started; ``None`` once they are.
        self.routes_pending: str | None = None
        #: The request being answered, found as the app's framework keeps it.
        self.current_request = current_request
        #: Prometheus counters (``CONTRACTKIT_PROMETHEUS``); ``None`` when off.
        self.metrics = prometheus_metrics(settings.prometheus, app.name)
        self._reporter = Reporter(
            app,
            settings.mode,
            self.violations,
            self.metrics,
            recorder=production_recorder(settings.record),
            current_request=current_request,
        )
        self._checker = ResponseChecker(
            self._reporter,
            load=self.settle_checker,
            current_request=current_request,
            readable=readable,
        )
        #: The ``CONTRACTKIT_*`` values ``init_app`` read, until the first request
        #: settles the runtime keys; ``None`` after.
        self._read_config: dict[str, t.Any] | None = read_keys(app.config)
        #: The ``after_request`` hook: check the response, then set its status
        #: line. The checker's own bound method, registered once by ``init_app``;
        #: it builds the tables on the first response. Flask runs it for
        #: error-handler and unhandled-exception responses too.
        self.finish_response = self._checker.__call__

    @property
    def spec_driven(self) -> bool:
        """Whether the app's contract is an OpenAPI document (``CONTRACTKIT_SPEC``)."""
        return self.settings.spec is not None

    def read_document(self) -> None:
        """Read and validate a spec-driven app's document now, where that can be done.

        ``init_app`` calls it: a dict or a file does not depend on routes
        registered later, so a document that cannot be enforced fails at
        start-up. A callable is called when the contract is first built, since
        the tool behind it may still be adding routes.
        """
        sources = self._sources()
        if sources and not any(callable(source) for source in sources):
            from .declare.document import load_source, readable_document

            self._readable = [
                readable_document(load_source(source, self._app)) for source in sources
            ]

    def _sources(self) -> tuple[t.Any, ...]:
        """``CONTRACTKIT_SPEC`` as a tuple of documents; empty in decorator mode."""
        spec = self.settings.spec
        if spec is None:
            return ()
        return spec if isinstance(spec, tuple) else (spec,)

    def contract(self) -> Contract:
        """The app's contract, built once; raises ContractError for bad declarations."""
        if self._contract is None:
            if self.routes_pending is not None:
                # Built now, it would hold no route: every answer would be a violation.
                raise ConfigError(self.routes_pending)
            with self._lock, collector_paused():
                if self._contract is None:
                    if self.spec_driven:
                        self._contract = self._document_contract()
                    else:
                        self._contract = self._declared_contract()
                    warn_shadowed(self._app, self.settings)
        return self._contract

    def _declared_contract(self) -> Contract:
        """The contract of the app's declarations, with its input parsers and hidden endpoints."""
        contract = build_contract(
            self._app,
            self.extension_registry,
            self.settings.input_error_status,
            self.settings.exempt_endpoints,
            json_errors=answers_errors(self._app),
        )
        if self.hooks is not None:
            self.hooks.load(contract)
        hidden = self.settings.hidden_endpoints
        if hidden:
            key = "CONTRACTKIT_HIDDEN_ENDPOINTS"
            self._hidden = frozenset(matching_endpoints(self._app, hidden, key))
        described = self.settings.spec_options.get("tags", [])
        check_tags(described, {tag for op in contract.operations for tag in op.tags})
        return contract

    def _document_contract(self) -> Contract:
        """Decorator mode's contract, and documents, from a spec-driven app's document."""
        if self.settings.hidden_endpoints:
            raise ConfigError(
                "CONTRACTKIT_HIDDEN_ENDPOINTS does not apply to a spec-driven app: leave the "
                "operations out of the document (or hide them in the tool that writes it)."
            )
        if self.settings.spec_options or self.settings.spec_plugins:
            raise ConfigError(
                "CONTRACTKIT_SPEC_OPTIONS and CONTRACTKIT_SPEC_PLUGINS shape the document "
                "contractkit builds from decorators; a spec-driven app enforces the document "
                "it is given (CONTRACTKIT_SPEC): put those fields in that document."
            )
        from .declare.document import enforced_document, load_source, readable_document
        from .declare.document_routes import document_contract
        from .openapi.fallback_responses import add_document_fallbacks

        readable = self._readable
        if readable is None:
            readable = [
                readable_document(load_source(source, self._app)) for source in self._sources()
            ]
        self._readable = None  # completed in place from here on; kept in the documents
        # Each document adds its custom codes to the registry the next one is read with,
        # so two documents that give one code different phrases are refused.
        registry = self.extension_registry
        documents = []
        for source in readable:
            document, registry = enforced_document(source, registry)
            documents.append(document)
        contract = document_contract(
            self._app,
            documents,
            registry,
            default_policy=self.settings.default_response,
            exempt_endpoints=self.settings.exempt_endpoints,
        )
        for index, document in enumerate(documents):
            own = tuple(op for op in contract.operations if op.document == index)
            own_contract = dataclasses.replace(contract, operations=own)
            add_document_fallbacks(document, own_contract, self.settings.status_fallback)
        self.registry = registry
        self._snapshots = tuple(snapshot(document) for document in documents)
        self._documents = Documents(documents[0], DocumentText(self._snapshots[0]))
        return contract

    def documents(self) -> Documents:
        """The app's published OpenAPI document, built once and validated.

        ``CONTRACTKIT_HIDDEN_ENDPOINTS`` are left out, here and so in what is
        served and exported; the runtime check still holds them to the contract.
        """
        if len(self._sources()) > 1:
            raise ConfigError(
                f"app {self._app.name!r} enforces {len(self._sources())} OpenAPI documents "
                "(CONTRACTKIT_SPEC); contractkit publishes and exports one. Read each from "
                "where it lives."
            )
        if self._documents is None:
            contract = self.contract()
            with self._lock, collector_paused():
                if self._documents is None:
                    self._documents = self._build_documents(contract, self.settings)
        return self._documents

    def documents_for(self, openapi_version: str) -> Documents:
        """The documents the app would serve if configured for ``openapi_version``.

        Built by the same code as :meth:`documents`, from the same contract, so
        ``contractkit export --openapi-version`` writes exactly what such an app
        serves. Only the app's own version is kept; the app is not changed.
        """
        if self.spec_driven:
            documents = self.documents()
            if documents.spec["openapi"] == openapi_version:
                return documents
            raise ConfigError(
                f"this app enforces its own OpenAPI {documents.spec['openapi']} document "
                f"(CONTRACTKIT_SPEC), which contractkit does not convert to {openapi_version}."
            )
        if openapi_version == self.settings.openapi_version:
            return self.documents()
        settings = dataclasses.replace(self.settings, openapi_version=openapi_version)
        contract = self.contract()
        with collector_paused():
            return self._build_documents(contract, settings)

    def _build_documents(self, contract: Contract, settings: Settings) -> Documents:
        from .openapi.reuse import build_document

        published = self._published(contract)
        return build_document(published, self.registry, settings, self._app.url_map)

    def _published(self, contract: Contract) -> Contract:
        """The contract less ``CONTRACTKIT_HIDDEN_ENDPOINTS``: what the documents show."""
        return without_endpoints(contract, self._hidden)

    def _checked_snapshots(self, contract: Contract) -> tuple[str, ...]:
        """The documents with every operation, hidden ones too, for compiling body checks.

        Operations of methods no document holds (``PURGE``) are left out; the
        app has to hide them, and their status codes are still checked.
        """
        if self._snapshots:
            return self._snapshots  # a spec-driven app's own documents
        if not self._hidden:
            return (self.documents().text.snapshot,)
        from .openapi.reuse import build_document

        full = publishable(contract)
        documents = build_document(full, self.registry, self.settings, self._app.url_map)
        return (documents.text.snapshot,)

    def checker(self, *, announce: bool = False) -> ResponseChecker:
        """The app's response checker, built once with its tables.

        Body checks compile the schemas of the OpenAPI document, so with them
        on, the document is built (and validated) here too. Bodies left
        unchecked are warned about when it is built, and with ``announce``
        (start-up: :meth:`ContractKit.contract`) every time.
        """
        checker = self._checker
        if not checker.loaded:
            with self._lock, collector_paused():
                if not checker.loaded:
                    self._load_checker(checker)  # warns about unchecked bodies
                    return checker
        if announce and self.unchecked_bodies:
            from .runtime.body_compiler import warn_unchecked

            warn_unchecked(self.unchecked_bodies, self._app.name)
        return checker

    def settle_checker(self) -> None:
        """At the first request: take up config set since ``init_app``, then load the checker.

        A test fixture that sets ``CONTRACTKIT_MODE`` after the app factory ran
        ``init_app`` (or ``ck.contract(app)``) gets the mode it set; tables
        built before with other runtime settings are built again, once.
        """
        with self._lock:
            read = self._read_config
            if read is not None:
                config, name = self._app.config, self._app.name
                warn_unknown_keys(config, name, known=read)
                warn_late_keys(config, read, name)
                settled = runtime_settings(self._app, self.settings)
                self._read_config = None
                if settled != self.settings:
                    self.settings = settled
                    self._reporter.use_mode(settled.mode)
                    if self._checker.loaded:
                        with collector_paused():
                            self._load_checker(self._checker)
        self.checker()

    def _load_checker(self, checker: ResponseChecker) -> None:
        contract = self.contract()
        settings = self.settings
        checking = settings.mode != "off"
        table = {}
        if checking:
            from .runtime.tables import check_tables

            bodies = settings.check_bodies and settings.body_sample_rate > 0
            tables = check_tables(
                contract,
                self._app.url_map,
                self._checked_snapshots(contract) if bodies else None,
                self.metrics,
                fallbacks=settings.status_fallback != "never",
            )
            table = tables.table
            self.unchecked_bodies = list(tables.unchecked)
            if self.unchecked_bodies:
                self._say_unchecked(self.unchecked_bodies)
        checker.load(
            table=table,
            status_lines=StatusLines(self.registry.custom_codes(), settings.status_fallback),
            checking=checking,
            sample_rate=settings.body_sample_rate,
            metrics=self.metrics,
            from_document=self.spec_driven,
        )

    def _say_unchecked(self, unchecked: list[str]) -> None:
        """Bodies whose schema cannot be compiled: an error in strict mode, else said once.

        Strict mode promises that every declared body is checked, so it refuses
        to start without; report mode logs the reason once and warns
        (:class:`~contractkit.errors.BodyCheckWarning`) at each start-up.
        """
        from .runtime.body_compiler import unchecked_message, warn_unchecked

        message = unchecked_message(unchecked, self._app.name)
        where = "the app's OpenAPI document" if self.spec_driven else "the declared schemas"
        if self.settings.mode == "strict":
            raise SpecError(
                f"{message}. Strict mode checks every declared body: fix {where}, or set "
                "CONTRACTKIT_CHECK_BODIES = False to check status codes and headers only."
            )
        logger.warning("%s", message)
        warn_unchecked(unchecked, self._app.name)


def app_state(app: App) -> AppState:
    """The contractkit state of ``app``; a clear error if ``init_app`` was never called."""
    state = app.extensions.get(EXTENSION_KEY)
    if not isinstance(state, AppState):
        raise ContractError(
            f"app {app.name!r} does not use contractkit; call ContractKit().init_app(app) first."
        )
    return state
