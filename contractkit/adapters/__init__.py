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

import typing as t

from flask import Flask
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
        from .quart import init_quart

        init_quart(kit, t.cast(t.Any, app), spec)
    else:
        init_wrapped(kit, app, spec)


def served_app(app: object) -> App:
    """The app contractkit serves for ``app``: a Flask or Quart app, or the one a wrapper holds."""
    if is_quart(app):
        return t.cast(App, app)
    return flask_app(app)
