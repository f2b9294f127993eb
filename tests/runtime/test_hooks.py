"""contractkit's request hooks get out of the way once the contract is built."""

from __future__ import annotations

import typing as t

from flask import Flask

from contractkit import ContractKit, responds

if t.TYPE_CHECKING:
    from ..conftest import MakeApp


def _routes(app: Flask) -> None:
    @app.get("/ok")
    @responds(200, content_type="text/html")
    def ok() -> str:
        return "ok"

    @app.get("/broken")
    @responds(200)
    def broken() -> tuple[str, int]:
        return "nope", 409


def test_the_checker_replaces_the_first_request_hook(kit: ContractKit, make_app: MakeApp) -> None:
    app = make_app(_routes, CONTRACTKIT_MODE="strict")
    state = app.extensions["contractkit"]
    assert app.after_request_funcs[None] == [state.finish_response]
    client = app.test_client()
    assert client.get("/ok").status_code == 200
    (hook,) = app.after_request_funcs[None]
    assert hook == state.checker().__call__
    # Checking goes on through the new hook.
    assert client.get("/broken").status_code == 500
    assert client.get("/ok").status_code == 200
    assert kit.violations(app).total == 1


def test_other_hooks_keep_their_place(kit: ContractKit) -> None:
    app = Flask(__name__)
    seen: list[int] = []
    app.after_request(lambda response: seen.append(response.status_code) or response)

    @app.get("/ok")
    @responds(200, content_type="text/html")
    def ok() -> str:
        return "ok"

    kit.init_app(app)
    app.after_request(lambda response: seen.append(-response.status_code) or response)
    client = app.test_client()
    client.get("/ok")
    client.get("/ok")
    assert seen == [-200, 200, -200, 200]
    assert len(app.after_request_funcs[None]) == 3
