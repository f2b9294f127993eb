"""Flask, the default: the response check as an ``after_request`` hook, run for every answer.

Flask runs ``after_request`` for error-handler and unhandled-exception
responses too (``handle_exception → finalize_request → process_response``),
and it needs the matched rule, so the check is a hook rather than WSGI
middleware.
"""

from __future__ import annotations

import typing as t

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    request,
    send_from_directory,
    url_for,
)

from ..openapi.serving import Framework, publishing_blueprint
from ..runtime.aborting import install_aborter
from ..runtime.json_errors import install_json_errors
from .flask_hooks import RequestHooks
from .shared import start_state

if t.TYPE_CHECKING:
    from ..extension import ContractKit

#: How contractkit's own routes run on Flask: as they are written.
FLASK = Framework(
    blueprint=Blueprint,
    response=Response,
    current_app=current_app._get_current_object,  # type: ignore[attr-defined]
    current_request=request._get_current_object,  # type: ignore[attr-defined]
    url_for=url_for,
    send_from_directory=send_from_directory,
)


def init_flask(kit: ContractKit, app: Flask, spec: t.Any) -> None:
    """Publish ``app``'s contract, validate declared inputs, and check every response."""
    # Flask's own proxy method, bound once: per response it costs what the
    # module-level ``request._get_current_object()`` did.
    state = start_state(kit.registry, app, spec, request._get_current_object)  # type: ignore[attr-defined]
    settings = state.settings
    hooks = RequestHooks(app, settings, state.contract)
    state.hooks = hooks
    # Before contractkit adds its own routes, which take no input and dump nothing.
    hooks.install()
    app.register_blueprint(publishing_blueprint(settings, FLASK))
    # abort(460) raises the registered code's exception; registered later ones too.
    install_aborter(app, kit.registry)
    if settings.json_errors:
        install_json_errors(app)
    app.after_request(state.finish_response)
