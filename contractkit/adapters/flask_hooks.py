"""Each app's request hooks: declared input validated before the view, return values dumped after.

Internal. :class:`RequestHooks` installs, per app, only the hooks its
declarations need, and reads the tables :mod:`.runtime.hook_tables` builds with
the contract. The response check is the ``after_request`` hook of
:class:`~.runtime.checker.ResponseChecker`, registered by ``init_app``.
"""

from __future__ import annotations

import typing as t

from flask import Flask, Request, Response, has_request_context, request
from flask.sansio.app import App

from ..config import Settings
from ..declare.decorators import declarations_of
from ..declare.operations import Contract
from ..errors import ConfigError, DeclarationError
from ..runtime.hook_tables import HookTables, hook_tables
from ..runtime.serializing import (
    SerializerTable,
    late_serializer_message,
    serializing_make_response,
)


class RequestHooks:
    """The ``before_request`` input hook and the serialising ``make_response`` of one app.

    Flask charges every request for every hook (about 1% of a small request),
    and its hook lists may not be edited once the app has served, so each is
    installed only on apps that may need it: by :meth:`install` (``init_app``)
    when it can tell, else by :meth:`load` when the contract shows it.
    """

    def __init__(self, app: App, settings: Settings, contract: t.Callable[[], Contract]) -> None:
        """
        :param contract: builds the app's contract, which calls :meth:`load`.
        """
        self._app = app
        self._settings = settings
        self._contract = contract
        self._tables: HookTables | None = None
        #: Whether :meth:`parse_inputs` is one of the app's ``before_request`` hooks.
        self._input_hook = False
        #: Whether the app's ``make_response`` dumps return values first.
        self._serializing = False

    def install(self) -> None:
        """Install the hooks the app, as ``init_app`` finds it, may need."""
        if self._may_declare_inputs():
            self._register_input_hook()
        if self._may_serialize():
            self._install_serializer()

    def load(self, contract: Contract) -> None:
        """Build the tables of a declared ``contract``; add hooks ``install`` could not see."""
        settings = self._settings
        tables = hook_tables(contract, settings.input_error_status, settings.serialize)
        self._tables = tables
        if tables.parsers and not self._input_hook:
            self._register_input_hook_late(_endpoints(tables.parsers))
        if tables.serializers and not self._serializing:
            self._install_serializer_late(_endpoints(tables.serializers))

    def parse_inputs(self) -> Response | None:
        """``before_request`` hook: validate declared inputs before the view runs."""
        if self._tables is None:
            self._contract()
        parsers = self._tables.parsers if self._tables is not None else None
        if not parsers:
            return None
        # One trip through the request proxy, as Quart's hook makes; the parser reads the
        # request object itself.
        current: Request = request._get_current_object()  # type: ignore[attr-defined]
        parser = parsers.get((current.endpoint or "", current.method))
        return parser.parse(current) if parser is not None else None

    def _serializers(self) -> SerializerTable:
        if self._tables is None:
            self._contract()
        return self._tables.serializers if self._tables is not None else {}

    def _may_declare_inputs(self) -> bool:
        """Whether the app may declare input (``@accepts``).

        An app with no routes yet (blueprints registered after ``init_app``)
        may; one with routes does when any view, view class, blueprint or the
        app itself carries an input declaration.
        """
        if self._settings.spec is not None:
            return False
        holders = self._declaration_holders()
        return holders is None or any(declarations_of(holder).inputs for holder in holders)

    def _may_serialize(self) -> bool:
        """Whether the app may dump views' return values.

        Yes under ``CONTRACTKIT_SERIALIZE``; else, as :meth:`_may_declare_inputs`
        tells, for an app with no routes yet or one where some declaration says
        ``serialize=True``.
        """
        if self._settings.spec is not None:
            if self._settings.serialize:
                raise ConfigError(
                    "CONTRACTKIT_SERIALIZE dumps return values through the marshmallow schemas "
                    "of @responds; a spec-driven app's document has none. Leave it False and "
                    "let the app's own tool shape its output."
                )
            return False
        if self._settings.serialize:
            return True
        holders = self._declaration_holders()
        return holders is None or any(
            declared.serialize
            for holder in holders
            for declared in declarations_of(holder).responses
        )

    def _declaration_holders(self) -> list[object] | None:
        """Every view, view class, blueprint and the app itself; ``None`` with no routes yet."""
        app = self._app
        views = [view for endpoint, view in app.view_functions.items() if endpoint != "static"]
        if not views:
            return None
        holders: list[object] = [app, *app.blueprints.values()]
        for view in views:
            view_class = getattr(view, "view_class", None)
            holders.append(view)
            if isinstance(view_class, type):
                holders.append(view_class)
                holders.extend(vars(view_class).values())
        return holders

    def _register_input_hook(self) -> None:
        self._app.before_request(self.parse_inputs)
        self._input_hook = True

    def _install_serializer(self) -> None:
        serializing_make_response(t.cast(Flask, self._app), self._serializers)
        self._serializing = True

    def _serving(self) -> bool:
        """Whether the app is serving a request now."""
        return has_request_context()

    def _register_input_hook_late(self, endpoints: str) -> None:
        """Add the input hook when the contract shows input ``init_app`` could not see."""
        try:
            self._register_input_hook()
        except AssertionError as error:  # Flask: the app has already served a request
            raise DeclarationError(late_input_message(self._app.name, endpoints)) from error

    def _install_serializer_late(self, endpoints: str) -> None:
        """Serialise when the contract shows ``serialize=True`` that ``init_app`` could not see."""
        self._install_serializer()
        if self._serving():  # the response being served may not have been dumped
            raise DeclarationError(late_serializer_message(self._app.name, endpoints))


def late_input_message(app_name: str, endpoints: str) -> str:
    """Why input declared on routes added after ``init_app`` cannot be validated."""
    return (
        f"app {app_name!r} declares input (@accepts) on {endpoints}, routes added "
        "after init_app, and its contract was first built while serving a request, "
        "too late to validate input. Call ck.contract(app) at the end of the app "
        "factory, or init_app after registering those routes."
    )


def _endpoints(table: t.Mapping[tuple[str, str], object]) -> str:
    """The endpoints of a hook table, for a message."""
    return ", ".join(sorted({endpoint for endpoint, _ in table}))
