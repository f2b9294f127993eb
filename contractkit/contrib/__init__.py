"""Adapters for apps that wrap a Flask app in another framework's app (connexion's).

The core takes a Flask app and imports no other framework; each adapter here
is chosen by the type of app :meth:`~contractkit.ContractKit.init_app` is
given, and imports its framework only then.
"""

from __future__ import annotations

import typing as t

from flask import Flask

from ..errors import ContractError

if t.TYPE_CHECKING:
    from ..extension import ContractKit


def _framework(app: object) -> str:
    """The top-level package of ``app``'s class or of a base class: ``"connexion"``."""
    for cls in type(app).__mro__:
        package = cls.__module__.partition(".")[0]
        if package == "connexion":
            return package
    return type(app).__module__.partition(".")[0]


def flask_app(app: object) -> Flask:
    """The Flask app behind ``app``: ``app`` itself, or the one a connexion app wraps."""
    if isinstance(app, Flask):
        return app
    if _framework(app) == "connexion":
        from .connexion import connexion_flask_app

        return connexion_flask_app(app)
    raise ContractError(
        f"contractkit checks Flask apps and connexion's FlaskApp; got {type(app).__name__}."
    )


def init_wrapped(kit: ContractKit, app: object, spec: t.Any) -> None:
    """Set up contractkit on the Flask app ``app`` wraps, through its framework's adapter."""
    if _framework(app) == "connexion":
        from .connexion import init_connexion

        init_connexion(kit, app, spec)
        return
    flask_app(app)  # raises, naming what is supported
