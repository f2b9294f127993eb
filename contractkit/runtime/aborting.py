"""``abort()`` for registered custom codes: per-app exception classes in the app's aborter."""

from __future__ import annotations

import functools
import typing as t

from flask.sansio.app import App
from werkzeug.exceptions import HTTPException

from ..declare.registry import CustomStatus, StatusRegistry


@functools.cache
def exception_class(status: CustomStatus) -> type[HTTPException]:
    """The :class:`~werkzeug.exceptions.HTTPException` that ``abort(status.code)`` raises.

    Its ``name`` is the registered phrase, so error handlers that write
    ``error.name`` say "Tier Limit Exceeded" rather than werkzeug's "Unknown Error".
    """
    attributes: dict[str, t.Any] = {
        "code": status.code,
        # A class attribute hides HTTPException's ``name`` property, which would
        # look the code up in werkzeug's process-wide table.
        "name": status.phrase,
        "description": status.description or status.phrase,
        "__doc__": f"``{status.status_line}``, a custom code registered with contractkit.",
        "__module__": __name__,
    }
    return type(f"Status{status.code}", (HTTPException,), attributes)


class RegisteredCodes(dict[t.Any, type[HTTPException]]):
    """The aborter's table plus every custom code of a registry, read when abort() runs.

    Codes registered after ``init_app`` are found too, and werkzeug's global
    tables are never touched: another app in the process keeps its own aborter.
    """

    def __init__(self, base: t.Mapping[t.Any, type[HTTPException]], registry: StatusRegistry):
        super().__init__(base)
        self._registry = registry

    def __contains__(self, code: object) -> bool:
        return super().__contains__(code) or self._custom(code) is not None

    def __missing__(self, code: t.Any) -> type[HTTPException]:
        status = self._custom(code)
        if status is None:
            raise KeyError(code)
        return exception_class(status)

    def _custom(self, code: object) -> CustomStatus | None:
        return self._registry.custom(code) if isinstance(code, int) else None


def install_aborter(app: App, registry: StatusRegistry) -> None:
    """Let ``flask.abort`` (and helpers that call it) raise ``registry``'s custom codes in ``app``.

    ``flask.abort`` uses ``app.aborter`` inside an app context (Flask ≥ 2.2);
    its ``mapping`` is the app's own copy of werkzeug's table.
    """
    aborter = app.aborter
    if not isinstance(aborter.mapping, RegisteredCodes):
        aborter.mapping = RegisteredCodes(aborter.mapping, registry)
