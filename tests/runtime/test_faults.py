"""Faults: the check's own failures, schemas that cannot compile, clients that hang up."""

from __future__ import annotations

import copy
import dataclasses
import http.client
import socket
import struct
import threading
import time
import typing as t
import warnings
from collections.abc import Callable, Iterator

import pytest
from flask import Flask, Response, stream_with_context
from marshmallow import Schema, fields, validate
from prometheus_client import CollectorRegistry

from contractkit import BodyCheckWarning, ContractKit, responds
from contractkit.errors import SpecError
from contractkit.runtime.body_compiler import compile_body_checks, warn_unchecked
from contractkit.state import AppState

from ..frameworks import client_of
from ..runtime_apps import build
from ..servers import serving

#: One request per way a response goes through the check: a declared code with a
#: body check, an undeclared code, a custom code (whose status line is rewritten),
#: an undocumented operation, and a streamed body.
REQUESTS = (
    "/tuple?code=200",
    "/tuple?code=409",
    "/custom?code=461",
    "/undocumented",
    "/stream?code=200",
)


def _boom(*args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    raise RuntimeError("injected fault")


class _ExplodingBody:
    def problem(self, response: Response) -> t.NoReturn:
        raise RuntimeError("injected fault in a body validator")


def _break_bodies(state: AppState) -> None:
    # This app's own copy: the table is kept per contract, and later apps with the
    # same declarations must not meet the fault.
    checker = state.checker()
    checker._table = {
        key: dataclasses.replace(op, bodies=dict.fromkeys(op.bodies, _ExplodingBody()))  # type: ignore[arg-type]
        for key, op in checker._table.items()
    }


def _break_store(state: AppState) -> None:
    state.violations.record = _boom  # type: ignore[method-assign]


def _break_metrics(state: AppState) -> None:
    assert state.metrics is not None
    state.metrics.violation = _boom  # type: ignore[method-assign]
    table = state.checker()._table
    for key, op in table.items():
        if op.count is not None:
            table[key] = dataclasses.replace(op, count=_boom)


def _break_everything(state: AppState) -> None:
    _break_bodies(state)
    _break_store(state)
    _break_metrics(state)


FAULTS: dict[str, Callable[[AppState], None]] = {
    "body validator": _break_bodies,
    "violation store": _break_store,
    "metrics": _break_metrics,
    "store, metrics and validators at once": _break_everything,
}


def _answers(app: Flask) -> list[tuple[str, list[tuple[str, str]], bytes]]:
    client = client_of(app)
    answers = []
    for path in REQUESTS:
        response = client.get(path)
        answers.append((response.status, sorted(response.headers.items()), response.get_data()))
    return answers


def _report_app(kit: ContractKit, framework: str) -> Flask:
    app: Flask = build(
        kit,
        framework=framework,
        CONTRACTKIT_MODE="report",
        CONTRACTKIT_CHECK_BODIES=True,
        CONTRACTKIT_PROMETHEUS=CollectorRegistry(),
    )
    kit.contract(app)
    return app


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_a_fault_inside_the_check_never_changes_a_report_mode_response(
    fault: Callable[[AppState], None], caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    expected = _answers(_report_app(ContractKit(), framework))
    app = _report_app(ContractKit(), framework)
    fault(app.extensions["contractkit"])
    assert _answers(app) == expected
    if framework == "flask":  # ASGI carries no reason phrase
        assert expected[2][0] == "461 Tier Limit Exceeded"  # the custom phrase survives
    assert "injected fault" in caplog.text  # and the fault is not silent


def test_a_fault_inside_the_check_is_a_500_in_strict_mode(framework: str) -> None:
    kit = ContractKit()
    app = build(
        kit,
        framework=framework,
        CONTRACTKIT_MODE="strict",
        CONTRACTKIT_PROMETHEUS=CollectorRegistry(),
    )
    _break_everything(app.extensions["contractkit"])
    answer = client_of(app).get("/tuple?code=200")
    assert answer.status_code == 500
    assert answer.mimetype == "application/problem+json"


# A schema that cannot be compiled.


class _CodeSchema(Schema):
    # Named groups written (?P<name>...) are Python-only: JSON Schema patterns are ECMA-262.
    code = fields.String(required=True, validate=validate.Regexp(r"^(?P<letters>[A-Z]+)$"))


def _python_regex_app(kit: ContractKit) -> Flask:
    app = Flask("python_regex")
    app.config["CONTRACTKIT_MODE"] = "strict"

    @app.get("/code")
    @responds(200, _CodeSchema)
    def code() -> t.Any:
        return {"code": "ABC"}

    kit.init_app(app)
    return app


def test_a_pattern_that_is_not_ecma_262_is_refused_at_each_start_up(kit: ContractKit) -> None:
    """Clients' validators could not read that pattern either: the document is wrong."""
    app = _python_regex_app(kit)
    for _ in range(2):
        with pytest.raises(SpecError, match=r"\(\?P<letters>"):
            kit.contract(app)  # the end of an app factory: start-up


def _unchecked_bodies(kit: ContractKit) -> list[str]:
    """The unchecked-bodies lines for a document whose pattern got past its validation."""
    app = build(kit, CONTRACTKIT_MODE="strict")
    document = copy.deepcopy(kit.spec(app))
    document["components"]["schemas"]["Thing"]["properties"]["name"]["pattern"] = "(?P<x>a)"
    _checks, unchecked = compile_body_checks(kit.contract(app), document)
    return unchecked


def test_bodies_whose_schema_cannot_be_compiled_are_each_named(kit: ContractKit) -> None:
    unchecked = _unchecked_bodies(kit)
    assert unchecked, "the Item bodies should be unchecked"
    assert all("Invalid group modifier" in line for line in unchecked)
    assert any(
        line.startswith("GET /tuple 200 application/json (schema #/components/schemas/Thing):")
        for line in unchecked
    )


def test_each_start_up_says_again_which_bodies_go_unchecked(kit: ContractKit) -> None:
    """Python shows a warning once per code location by default; this one is never hidden."""
    unchecked = _unchecked_bodies(kit)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(3):
            warn_unchecked(unchecked, "items")
        warn_unchecked([], "items")  # nothing unchecked: nothing said
    messages = [str(w.message) for w in caught if w.category is BodyCheckWarning]
    assert len(messages) == 3
    assert all(f"{len(unchecked)} declared response bodies are not checked" in m for m in messages)
    assert all("cannot be compiled" in m and unchecked[0] in m for m in messages)


# A client that disconnects mid-stream.


class _Stream:
    """Counts what the streaming view did, from the server's threads."""

    def __init__(self) -> None:
        self.started = 0
        self.closed = threading.Event()
        self.chunks_sent = 0
        #: Request contexts popped after the stream's generator was closed.
        self.teardowns_after_close = 0


def _streaming_app(
    kit: ContractKit, mode: str, stream: _Stream, registry: CollectorRegistry
) -> Flask:
    app = Flask("streaming")
    app.config.update(CONTRACTKIT_MODE=mode, CONTRACTKIT_PROMETHEUS=registry)

    @app.get("/feed")
    @responds(200, content_type="text/plain")
    def feed() -> Response:
        def chunks() -> Iterator[bytes]:
            stream.started += 1
            try:
                for _ in range(10_000):  # ~160 MB at most: the client hangs up long before
                    stream.chunks_sent += 1
                    yield b"x" * 16384
            finally:
                stream.closed.set()

        return Response(stream_with_context(chunks()), mimetype="text/plain")

    @app.get("/ping")
    @responds(200, content_type="text/plain")
    def ping() -> Response:
        return Response("pong", mimetype="text/plain")

    @app.teardown_request
    def count_teardown(error: BaseException | None) -> None:
        if stream.closed.is_set():
            stream.teardowns_after_close += 1

    kit.init_app(app)
    kit.contract(app)
    return app


def _hang_up_mid_stream(url: str) -> int:
    """Start reading /feed, then reset the connection; return the bytes read."""
    port = int(url.rsplit(":", 1)[1])
    conn = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        conn.sendall(b"GET /feed HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        received = 0
        while received < 100_000:
            chunk = conn.recv(65536)
            assert chunk, "the server closed the stream before the client did"
            received += len(chunk)
        # SO_LINGER 0: close with a RST, as a client that crashes or times out does.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        return received
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["report", "strict"])
def test_a_client_that_disconnects_mid_stream_leaves_no_stale_state(
    kit: ContractKit, mode: str
) -> None:
    stream, registry = _Stream(), CollectorRegistry()
    app = _streaming_app(kit, mode, stream, registry)
    state: AppState = app.extensions["contractkit"]
    threads_before = threading.active_count()
    with serving(app) as url:
        received = _hang_up_mid_stream(url)
        # The server notices on its next write, closes the body, and pops the context.
        assert stream.closed.wait(10), "the stream's generator was never closed"
        deadline = time.monotonic() + 10
        while not stream.teardowns_after_close and time.monotonic() < deadline:
            time.sleep(0.01)
        popped_by_stream = stream.teardowns_after_close
        # The app goes on serving, checked as before.
        host, port = url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", "/ping")
        ping = conn.getresponse()
        assert (ping.status, ping.read()) == (200, b"pong")
        conn.close()
    assert received >= 100_000
    assert stream.started == 1
    assert stream.chunks_sent < 10_000  # it stopped when the client went away
    # stream_with_context keeps the request context until the generator closes: it was popped.
    assert popped_by_stream >= 1
    assert state.violations.total == 0
    checked = "contractkit_checked_responses_total"
    assert (
        registry.get_sample_value(
            checked, {"app": "streaming", "endpoint": "feed", "method": "GET"}
        )
        == 1
    )
    # Server threads end with their requests: none is left behind.
    deadline = time.monotonic() + 10
    while threading.active_count() > threads_before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() == threads_before
