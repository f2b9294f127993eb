"""contractkit's request hooks: registered once through Flask's API, never rewritten."""

from __future__ import annotations

import threading
import typing as t

from flask import Flask
from marshmallow import Schema, fields

from contractkit import ContractKit, responds
from contractkit.runtime.tables import forget_tables

from ..frameworks import client_of, new_app


class _ThingSchema(Schema):
    code = fields.String(required=True)


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


def test_hooks_are_registered_once_and_never_rewritten(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(_routes, CONTRACTKIT_MODE="strict")
    state = app.extensions["contractkit"]
    before, after = _hooks(app.before_request_funcs), _hooks(app.after_request_funcs)
    (hook,) = after[None]  # the app's one hook
    assert list(after) == [None]
    if framework == "flask":  # Quart's is a coroutine function around it
        assert hook == state.finish_response
    assert before == {}  # no route declares input: no input hook to pay for
    client = client_of(app)
    assert client.get("/ok").status_code == 200
    # Checking goes on through the same hook, now backed by the built checker.
    assert client.get("/broken").status_code == 500
    assert client.get("/ok").status_code == 200
    assert kit.violations(app).total == 1
    assert _hooks(app.before_request_funcs) == before
    assert _hooks(app.after_request_funcs) == after


def _hooks(registered: t.Mapping[str | None, list[t.Any]]) -> dict[str | None, list[t.Any]]:
    """The hooks registered, by blueprint (Quart's dispatch leaves empty lists behind)."""
    return {key: list(hooks) for key, hooks in registered.items() if hooks}


def _with_body(app: Flask) -> None:
    @app.get("/thing")
    @responds(200, _ThingSchema)
    def thing() -> dict[str, str]:
        return {"code": "A"}


def test_threads_build_the_checker_once(make_app: MakeApp, compiles: list[object]) -> None:
    # The checker compiles every body schema; threads that meet a build under
    # way wait for it. jsonschema-rs's compiles are counted.
    compiled = compiles
    make_app(_with_body, CONTRACTKIT_MODE="strict").extensions["contractkit"].checker()
    once = len(compiled)
    assert once > 0
    compiled.clear()
    forget_tables()  # or the next app would compile nothing: it gets the kept tables
    state = make_app(_with_body, CONTRACTKIT_MODE="strict").extensions["contractkit"]
    threads = 8
    barrier = threading.Barrier(threads)
    checkers: list[object] = []

    def build() -> None:
        barrier.wait()
        checkers.append(state.checker())

    workers = [threading.Thread(target=build) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(checkers) == threads
    assert len({id(checker) for checker in checkers}) == 1
    assert len(compiled) == once


def test_other_hooks_keep_their_place(kit: ContractKit, framework: str) -> None:
    app = new_app(framework, __name__)
    seen: list[int] = []
    app.after_request(lambda response: seen.append(response.status_code) or response)

    @app.get("/ok")
    @responds(200, content_type="text/html")
    def ok() -> str:
        return "ok"

    kit.init_app(app)
    app.after_request(lambda response: seen.append(-response.status_code) or response)
    client = client_of(app)
    client.get("/ok")
    client.get("/ok")
    assert seen == [-200, 200, -200, 200]
    assert len(app.after_request_funcs[None]) == 3
