"""Flask and Quart side by side: one app, one abort and one synchronous test client for each.

Tests that hold on both frameworks take the ``framework`` fixture
(``tests/conftest.py``) and build their apps with :func:`new_app`, as apispec's
tests take an OpenAPI version.
"""

from __future__ import annotations

import asyncio
import typing as t

from flask import Flask
from flask.sansio.app import App
from werkzeug.wrappers import Response

FRAMEWORKS = ("flask", "quart")


def new_app(framework: str, name: str) -> t.Any:
    """A bare app of ``framework``, named ``name``."""
    if framework == "quart":
        from quart import Quart

        return Quart(name)
    return Flask(name)


def abort_of(framework: str) -> t.Callable[..., t.NoReturn]:
    """The framework's ``abort``: each reads its own current app's aborter."""
    if framework == "quart":
        from quart import abort as quart_abort

        return quart_abort
    from flask import abort

    return abort


class SyncQuartClient:
    """Quart's test client driven synchronously, answering Werkzeug responses as Flask's does.

    Quart's client speaks ASGI, which carries no reason phrase: a response's
    ``status`` is its code and Werkzeug's phrase for it.
    """

    def __init__(self, app: t.Any) -> None:
        self._client = app.test_client()

    def open(self, path: str, method: str = "GET", **options: t.Any) -> Response:
        async def run() -> Response:
            answer = await self._client.open(path, method=method, **options)
            data = await answer.get_data()
            return Response(data, status=answer.status_code, headers=answer.headers)

        return asyncio.run(run())

    def get(self, path: str, **options: t.Any) -> Response:
        return self.open(path, "GET", **options)

    def post(self, path: str, **options: t.Any) -> Response:
        return self.open(path, "POST", **options)

    def head(self, path: str, **options: t.Any) -> Response:
        return self.open(path, "HEAD", **options)


def client_of(app: App) -> t.Any:
    """A synchronous test client of ``app``, whichever its framework."""
    if isinstance(app, Flask):
        return app.test_client()
    return SyncQuartClient(app)


__all__: t.Sequence[str] = ["FRAMEWORKS", "abort_of", "client_of", "new_app"]
