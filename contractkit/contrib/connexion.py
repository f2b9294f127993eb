"""connexion 3's ``FlaskApp``: its documents enforced, and every answer that leaves it checked.

connexion routes requests to Flask views through a stack of ASGI middleware,
and answers errors in its own ``ExceptionMiddleware``: it registers a Flask
handler that turns a view's ``HTTPException`` (``abort(409)``) into a
Starlette one, and sets ``PROPAGATE_EXCEPTIONS``, so both those and a view's
uncaught exceptions leave Flask without an answer, and Flask's
``after_request``, where contractkit checks responses, never sees what the
client gets. :class:`CheckedErrors` sits in front of that middleware
(``MiddlewarePosition.BEFORE_EXCEPTION``, connexion's place for middleware
that must see error answers) and checks the answers to requests that failed
inside a Flask view; Flask's ``after_request`` checks all the others. Answers
connexion gives before any view runs (its request validation's 400, its
security's 401) belong to no view, and are not checked, as Flask's routing
404 is not.

connexion also adds the Flask routes of its APIs only when the app starts (its
first ASGI call), so the contract is built after that.
"""

from __future__ import annotations

import typing as t
from pathlib import Path

from flask import Flask, got_request_exception, request

from ..errors import ConfigError, ContractError
from ..state import AppState, app_state

if t.TYPE_CHECKING:
    from ..extension import ContractKit

Message = t.MutableMapping[str, t.Any]
Receive = t.Callable[[], t.Awaitable[Message]]
Send = t.Callable[[Message], t.Awaitable[None]]
ASGIApp = t.Callable[[Message, Receive, Send], t.Awaitable[None]]

#: The key of the ASGI scope under which a request's failed WSGI environ is kept.
_FAILED = "contractkit.failed"
#: connexion serves each API's document and Swagger UI under the API's base path.
_PUBLISHING_KEYS = (
    "CONTRACTKIT_OPENAPI_JSON_PATH",
    "CONTRACTKIT_OPENAPI_YAML_PATH",
    "CONTRACTKIT_DOCS_PATH",
)


def connexion_flask_app(app: t.Any) -> Flask:
    """The Flask app a connexion ``FlaskApp`` wraps (its public ``app`` attribute)."""
    inner = getattr(app, "app", None)
    if not isinstance(inner, Flask):
        raise ContractError(
            f"contractkit checks Flask apps; connexion's {type(app).__name__} has no Flask "
            "app to check. Use connexion.FlaskApp."
        )
    return inner


def init_connexion(kit: ContractKit, app: t.Any, spec: t.Any) -> None:
    """Enforce ``app``'s documents on the Flask app it wraps, and check its error answers.

    :param spec: ``None`` to enforce every document the app's ``add_api`` calls
        added, each under its base path, as connexion serves it; else what
        :meth:`~contractkit.ContractKit.init_app` takes, a relative path read
        from connexion's ``specification_dir`` (or else the app's root path).
    """
    flask = connexion_flask_app(app)
    middleware = app.middleware
    if spec is None:
        spec = _api_documents(middleware.apis)
    elif isinstance(spec, list | tuple):
        spec = [_located(one, Path(middleware.specification_dir), flask) for one in spec]
    else:
        spec = _located(spec, Path(middleware.specification_dir), flask)
    from connexion.middleware import MiddlewarePosition

    try:  # first: connexion refuses it once the app has started, and then so do we
        app.add_middleware(CheckedErrors, position=MiddlewarePosition.BEFORE_EXCEPTION, flask=flask)
    except RuntimeError as error:
        raise ConfigError(
            f"contractkit was set up on connexion app {flask.name!r} after it started serving; "
            "call init_app in the app factory, after add_api."
        ) from error
    for key in _PUBLISHING_KEYS:
        flask.config.setdefault(key, None)
    kit.init_app(flask, spec=spec)
    app_state(flask).routes_pending = (
        f"connexion adds the routes of app {flask.name!r} when it starts serving (its first "
        "request, or the ASGI server's start-up), and its contract is built from them then; "
        "init_app has read and checked its documents already. Call ck.contract(app) once "
        "the app has started, such as in a test after a first request."
    )
    # Weak references would let the receiver go with this frame.
    got_request_exception.connect(_remember_failure, flask, weak=False)


def _api_documents(apis: t.Sequence[t.Any]) -> t.Any:
    """The document of each API connexion's ``add_api`` added, with the base path it serves.

    connexion mounts an API under ``add_api(base_path=...)`` when given, else
    under its document's first server (``basePath`` in Swagger 2.0); the
    document is taken as connexion rendered it (Jinja ``arguments`` filled in).
    """
    if not apis:
        raise ConfigError(
            "the connexion app has no API yet: call ContractKit().init_app(app) after "
            "app.add_api(...), or pass spec=."
        )
    documents = []
    for api in apis:
        specification = api.specification
        if api.base_path is not None:
            specification = specification.with_base_path(api.base_path)
        documents.append(dict(specification.raw))
    return documents[0] if len(documents) == 1 else documents


def _located(source: t.Any, specification_dir: Path, flask: Flask) -> t.Any:
    """A relative path read as connexion reads ``add_api``'s: from ``specification_dir``."""
    if not isinstance(source, str | Path) or Path(source).is_absolute():
        return source
    for folder in (specification_dir, Path(flask.root_path)):
        if (folder / source).is_file():
            return folder / source
    raise ConfigError(
        f"spec={str(source)!r} is in neither connexion's specification_dir "
        f"({specification_dir}) nor the app's root path ({flask.root_path})."
    )


def _remember_failure(sender: Flask, **extra: t.Any) -> None:
    """Keep the environ of a request whose view failed, for :class:`CheckedErrors`.

    Connected to Flask's ``got_request_exception``, sent for exactly the
    requests whose answer Flask leaves to connexion. One that matched no route
    (routing 404/405) belongs to no operation, and is left out.
    """
    if request.url_rule is None:
        return
    failed = request.environ.get("asgi.scope", {}).get(_FAILED)
    if isinstance(failed, list):
        failed.append(request.environ)


class CheckedErrors:
    """ASGI middleware: check the answers connexion gives for requests whose view failed.

    Other answers pass through as they are, already checked by Flask's
    ``after_request``. A failed request's answer is held until complete (an
    error answer is small), checked in a request context of the failed
    request, and sent as the check leaves it: a strict-mode 500 in place of an
    undeclared code, the fallback of a custom code a client asked for.
    """

    def __init__(self, app: ASGIApp, *, flask: Flask) -> None:
        # connexion builds its middleware when the app starts, after init_app.
        self._app = app
        self._state: AppState = app_state(flask)
        self._flask = flask

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        # connexion has added the Flask routes before it calls any middleware.
        self._state.routes_pending = None
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        failed: list[dict[str, t.Any]] = []
        held: list[Message] = []

        async def checked_send(message: Message) -> None:
            if not held and (message["type"] != "http.response.start" or not failed):
                await send(message)  # answered by Flask, or not by a view
                return
            held.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                for checked in self._checked(failed[0], held):
                    await send(checked)

        await self._app({**scope, _FAILED: failed}, receive, checked_send)

    def _checked(self, environ: dict[str, t.Any], held: list[Message]) -> list[Message]:
        start = held[0]
        body = b"".join(message.get("body", b"") for message in held[1:])
        headers = [
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in start["headers"]
        ]
        with self._flask.request_context(environ):
            response = self._flask.response_class(body, status=start["status"], headers=headers)
            checked = self._state.finish_response(response)
        return [
            {
                "type": "http.response.start",
                "status": checked.status_code,
                "headers": [
                    (name.lower().encode("latin-1"), value.encode("latin-1"))
                    for name, value in checked.headers.to_wsgi_list()
                ],
            },
            {"type": "http.response.body", "body": checked.get_data()},
        ]
