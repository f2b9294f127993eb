"""The Flask extension: registers status codes and wires contractkit into apps."""

from __future__ import annotations

import typing as t

from .adapters import init_adapted, served_app
from .declare.operations import Contract
from .declare.registry import CustomStatus, StatusRegistry
from .runtime.violations import ViolationStore
from .state import app_state


class ContractKit:
    """Makes a Flask app's status codes a published, checked contract.

    One instance may serve several apps; all per-app state lives in
    ``app.extensions["contractkit"]``. :meth:`init_app` reads the
    ``CONTRACTKIT_*`` keys of ``app.config``, each defined with its default and
    meaning in :data:`contractkit.config.KEYS` (rendered in the configuration
    reference of the documentation).
    """

    def __init__(self, app: object | None = None, *, spec: t.Any = None) -> None:
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

    def init_app(self, app: object, spec: t.Any = None) -> None:
        """Publish ``app``'s contract, validate declared inputs, and check every response.

        ``app`` is a Flask app, a Quart app (``contractkit.adapters.quart``),
        or a connexion ``FlaskApp`` (after its
        ``add_api`` calls): then the documents of its APIs are enforced, each
        under its base path, and every answer that leaves it is checked, those
        connexion gives for a view's ``abort()`` or exception included
        (``contractkit.contrib.connexion``).

        :param spec: enforce this OpenAPI 3.0/3.1 or Swagger 2.0 document instead
            of decorators, as ``CONTRACTKIT_SPEC`` does: the path of a ``.json``,
            ``.yaml`` or ``.yml`` file (relative to ``app.root_path``) or a dict,
            read and validated here; or a callable returning one, called when the
            contract is first built (such as ``lambda: api.spec.to_dict()`` or
            ``lambda: api.__schema__``); or a list of them, each enforced on the
            routes under its own ``servers``.
        :raises SpecError: for a dict or file that cannot be enforced.
        """
        init_adapted(self, app, spec)

    def contract(self, app: object | None = None) -> Contract:
        """Build (once) and return the contract of ``app`` or the current app.

        The runtime check's tables are built too, body schemas compiled and
        Prometheus series created, so call it at the end of an app factory:
        a wrong declaration raises, and a body schema that cannot be compiled
        warns (:class:`~contractkit.errors.BodyCheckWarning`), at start-up rather
        than on the first request.
        """
        state = app_state(served_app(app))
        contract = state.contract()
        state.checker(announce=True)
        return contract

    def spec(self, app: object | None = None) -> dict[str, t.Any]:
        """The published OpenAPI document of ``app`` or the current app, as a dict."""
        return app_state(served_app(app)).documents().spec

    def violations(self, app: object | None = None) -> ViolationStore:
        """The contract violations ``app`` (or the current app) recorded in this process.

        Read :meth:`~ViolationStore.counts`, :meth:`~ViolationStore.recent` or
        :meth:`~ViolationStore.as_dict`; to forward each one as it happens,
        connect to :data:`~contractkit.violation_recorded` instead.
        """
        return app_state(served_app(app)).violations
