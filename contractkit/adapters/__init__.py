"""One adapter per web framework contractkit hooks into, chosen by the app's type.

The core (``declare/``, ``openapi/``, ``runtime/``) builds the contract, the
documents and the checks from what Flask's sans-IO app holds (routes, views,
blueprints, config), which Flask and Quart share. What differs lives here: how
each framework runs hooks, where it keeps the current request, and how a
response's body is read. :mod:`.flask` is the default; :mod:`.quart` is
imported only for a Quart app, so a Flask-only install needs no Quart.
Apps that wrap a Flask app in another framework's app (connexion's) are
:mod:`contractkit.contrib`'s.
"""

from __future__ import annotations

import sys
import typing as t

from flask import Flask, has_app_context
from flask import current_app as flask_current_app
from flask.sansio.app import App

from ..contrib import flask_app, init_wrapped

if t.TYPE_CHECKING:
    from ..extension import ContractKit


def is_quart(app: object) -> bool:
    """Whether ``app`` is a Quart app, told without importing Quart."""
    return isinstance(app, App) and any(
        cls.__module__.partition(".")[0] == "quart" for cls in type(app).__mro__
    )


def init_adapted(kit: ContractKit, app: object, spec: t.Any) -> None:
    """Set up contractkit on ``app`` through its framework's adapter."""
    if isinstance(app, Flask):
        from .flask import init_flask

        init_flask(kit, app, spec)
    elif is_quart(app):
        from .finished import listen_to_quart
        from .quart import init_quart

        init_quart(kit, t.cast(t.Any, app), spec)
        listen_to_quart()
    else:
        init_wrapped(kit, app, spec)


def served_app(app: object | None) -> App:
    """The app contractkit serves for ``app``: a Flask or Quart app, or the one a wrapper holds.

    With no ``app``, the current one: each framework keeps its own current app
    (Quart's is read only where Quart is imported already).
    """
    if app is None:
        return current_app()
    if is_quart(app):
        return t.cast(App, app)
    return flask_app(app)


def current_app() -> App:
    """The app of the current app context, Flask's or Quart's; Flask's error outside both."""
    quart = sys.modules.get("quart")
    if not has_app_context() and quart is not None and quart.has_app_context():
        return t.cast(App, quart.current_app._get_current_object())
    return t.cast(App, flask_current_app._get_current_object())  # type: ignore[attr-defined]
