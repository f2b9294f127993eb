"""Flask and Quart side by side: one app, one toolkit and one synchronous test client for each.

Tests that hold on both frameworks take the ``framework`` fixture
(``tests/conftest.py``) and build their apps with :func:`new_app` (or the
``make_app`` fixture), as apispec's tests take an OpenAPI version. Their views
are written once, with :func:`web_of`'s names for the framework's functions.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import io
import typing as t
from collections.abc import Generator

from flask import Flask
from flask.sansio.app import App
from werkzeug.datastructures import Headers
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

FRAMEWORKS = ("flask", "quart")
T = t.TypeVar("T")


def new_app(framework: str, name: str, **options: t.Any) -> t.Any:
    """A bare app of ``framework``, named ``name``; ``options`` go to its constructor."""
    if framework == "quart":
        from quart import Quart

        return Quart(name, **options)
    return Flask(name, **options)


def framework_of(app: object) -> str:
    """``"flask"`` or ``"quart"``: which of :data:`FRAMEWORKS` ``app`` is."""
    return "flask" if isinstance(app, Flask) else "quart"


#: A view that calls one of Quart's coroutines (``make_response``, ``send_file``,
#: ``make_conditional``) yields each call and is sent back its answer.
YieldingView = t.Callable[..., Generator[t.Any, t.Any, t.Any]]


class Web:
    """One framework's request, helpers and classes under the names both share.

    Where Quart's helper is a coroutine and Flask's a plain function, a view
    yields the call (``response = yield web.make_response(...)``) and is
    registered through :meth:`view`, which sends Flask's answer straight back
    and awaits Quart's first: the view is written once.
    """

    def __init__(self, framework: str) -> None:
        module: t.Any = importlib.import_module(framework)
        self.framework = framework
        self.request: t.Any = module.request
        self.abort: t.Callable[..., t.NoReturn] = module.abort
        self.jsonify: t.Callable[..., t.Any] = module.jsonify
        self.redirect: t.Callable[..., t.Any] = module.redirect
        self.make_response: t.Callable[..., t.Any] = module.make_response
        self.Response: t.Any = module.Response
        self.Blueprint: t.Any = module.Blueprint
        self.MethodView: t.Any = importlib.import_module(f"{framework}.views").MethodView

    def view(self, function: YieldingView) -> t.Callable[..., t.Any]:
        """``function``, a generator of its framework's answers, as a view of the framework."""
        if self.framework == "quart":

            async def awaiting(**arguments: t.Any) -> t.Any:
                steps = function(**arguments)
                answer = None
                try:
                    while True:
                        step = steps.send(answer)
                        answer = await step if inspect.isawaitable(step) else step
                except StopIteration as done:
                    return done.value

            awaiting.__name__ = function.__name__
            return awaiting

        def calling(**arguments: t.Any) -> t.Any:
            steps = function(**arguments)
            answer = None
            try:
                while True:
                    answer = steps.send(answer)
            except StopIteration as done:
                return done.value

        calling.__name__ = function.__name__
        return calling

    def send_bytes(self, data: bytes, mimetype: str, etag: str) -> t.Any:
        """``data`` as a file download answering conditional and ``Range`` requests.

        Flask's ``send_file`` does both itself; Quart's is told to, and is a coroutine.
        """
        if self.framework == "quart":
            return self._quart_send_bytes(data, mimetype, etag)
        from flask import send_file

        return send_file(io.BytesIO(data), mimetype=mimetype, etag=etag)

    async def _quart_send_bytes(self, data: bytes, mimetype: str, etag: str) -> t.Any:
        from quart import send_file

        response = await send_file(io.BytesIO(data), mimetype=mimetype)
        response.set_etag(etag)
        return await response.make_conditional(
            self.request, accept_ranges=True, complete_length=len(data)
        )

    def conditional(self, response: t.Any) -> t.Any:
        """``response`` answered as the request's conditions say (a coroutine on Quart)."""
        return response.make_conditional(self.request)

    def stream(self, chunks: t.Iterator[str]) -> t.Iterable[str]:
        """A body streamed from ``chunks``, with the request at hand (Flask) or not needed."""
        if self.framework == "quart":
            return chunks  # Quart runs a plain generator as it streams it
        from flask import stream_with_context

        return stream_with_context(chunks)


def web_of(app: object) -> Web:
    """The :class:`Web` of ``app``'s framework."""
    return Web(framework_of(app))


def abort_of(framework: str) -> t.Callable[..., t.NoReturn]:
    """The framework's ``abort``: each reads its own current app's aborter."""
    return Web(framework).abort


class SyncQuartClient:
    """Quart's test client driven synchronously, answering Werkzeug responses as Flask's does.

    Quart's client speaks ASGI, which carries no reason phrase: a response's
    ``status`` is its code and Werkzeug's phrase for it. It hands over the body
    a HEAD response's app sent, which a server drops (h11, under hypercorn), as
    Werkzeug's client drops it for Flask: so does this one.
    """

    def __init__(self, app: t.Any) -> None:
        self._client = app.test_client()

    def open(self, path: str, method: str = "GET", **options: t.Any) -> Response:
        """Werkzeug's arguments (``data``, ``content_type``, ``environ_base``) as Quart's."""
        base = options.pop("environ_base", {})
        if "REMOTE_ADDR" in base:  # the client's address, as ASGI's scope holds it
            options["scope_base"] = {"client": (base["REMOTE_ADDR"], 0)}
        headers = Headers(options.pop("headers", None))
        content_type = options.pop("content_type", None)
        if isinstance(options.get("data"), dict):
            # A form, encoded as Werkzeug's client encodes it for Flask.
            built = EnvironBuilder(method=method, data=options["data"], content_type=content_type)
            environ = built.get_environ()
            options["data"] = environ["wsgi.input"].read()
            content_type = environ["CONTENT_TYPE"]
        if content_type is not None:
            headers["Content-Type"] = content_type
        options["headers"] = headers

        async def run() -> Response:
            answer = await self._client.open(path, method=method, **options)
            data = b"" if method == "HEAD" else await answer.get_data()
            length = answer.headers.get("Content-Length")  # sent, not the dropped body's
            response = Response(data, status=answer.status_code, headers=answer.headers)
            if length is not None:
                response.headers["Content-Length"] = length
            return response

        return asyncio.run(run())

    def get(self, path: str, **options: t.Any) -> Response:
        return self.open(path, "GET", **options)

    def post(self, path: str, **options: t.Any) -> Response:
        return self.open(path, "POST", **options)

    def head(self, path: str, **options: t.Any) -> Response:
        return self.open(path, "HEAD", **options)

    def put(self, path: str, **options: t.Any) -> Response:
        return self.open(path, "PUT", **options)

    def patch(self, path: str, **options: t.Any) -> Response:
        return self.open(path, "PATCH", **options)

    def delete(self, path: str, **options: t.Any) -> Response:
        return self.open(path, "DELETE", **options)

    def options(self, path: str, **options: t.Any) -> Response:
        return self.open(path, "OPTIONS", **options)


def in_app_context(app: t.Any, function: t.Callable[[], T]) -> T:
    """``function()`` called in an app context of ``app`` (Quart's is entered with ``await``)."""
    if isinstance(app, Flask):
        with app.app_context():
            return function()

    async def run() -> T:
        async with app.app_context():
            return function()

    return asyncio.run(run())


def client_of(app: App) -> t.Any:
    """A synchronous test client of ``app``, whichever its framework."""
    if isinstance(app, Flask):
        return app.test_client()
    return SyncQuartClient(app)


__all__: t.Sequence[str] = [
    "FRAMEWORKS",
    "Web",
    "abort_of",
    "client_of",
    "framework_of",
    "in_app_context",
    "new_app",
    "web_of",
]
