"""Seeing violations: store, signal, log and endpoint; and a check that never crashes."""

from __future__ import annotations

import logging
import threading
import typing as t

import pytest
from flask import Flask, Response

from contractkit import ContractKit, Violation, ViolationStore, responds, violation_recorded

from ..frameworks import client_of, in_app_context, new_app
from ..runtime_apps import ThingSchema, build


def _violation(status: int, endpoint: str = "e") -> Violation:
    return Violation(
        kind="undeclared-status",
        endpoint=endpoint,
        method="GET",
        status=status,
        declared=(200,),
        detail=f"GET /e answered {status}",
        operation="GET /e",
        path="/e",
    )


def test_the_store_counts_per_key_and_keeps_only_recent_examples() -> None:
    store = ViolationStore(recent=3)
    counts = [store.record(_violation(409)) for _ in range(5)]
    store.record(_violation(410))
    assert counts == [1, 2, 3, 4, 5]
    assert store.counts() == {
        ("e", "GET", 409, "undeclared-status"): 5,
        ("e", "GET", 410, "undeclared-status"): 1,
    }
    assert [v.status for v in store.recent()] == [409, 409, 410]
    assert store.total == 6


def test_the_store_stops_adding_keys_at_its_limit() -> None:
    store = ViolationStore(max_keys=2)
    assert [store.record(_violation(code)) for code in (401, 402, 403, 401)] == [1, 1, 0, 2]
    assert len(store.counts()) == 2
    assert (store.total, store.dropped) == (4, 1)


def test_the_store_is_thread_safe() -> None:
    store = ViolationStore()

    def hammer() -> None:
        for _ in range(2000):
            store.record(_violation(409))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.counts() == {("e", "GET", 409, "undeclared-status"): 8000}


def test_clear_forgets_everything() -> None:
    store = ViolationStore()
    store.record(_violation(409))
    store.clear()
    assert (store.total, store.counts(), store.recent()) == (0, {}, [])


def test_violations_are_kept_per_app(kit: ContractKit, framework: str) -> None:
    first, second = build(kit, framework=framework), build(kit, framework=framework)
    client_of(first).get("/tuple?code=409")
    assert kit.violations(first).total == 1
    assert kit.violations(second).total == 0


def test_inside_a_request_the_kit_reads_its_app(kit: ContractKit, framework: str) -> None:
    app = new_app(framework, "current")

    @app.get("/summary")
    @responds(200, content_type="application/json")
    def summary() -> t.Any:
        operations = kit.contract().operations  # inside the framework's request: its app's
        return {"operations": len(operations), "title": kit.spec()["info"]["title"]}

    kit.init_app(app)
    assert client_of(app).get("/summary").get_json() == {"operations": 1, "title": "current"}
    with pytest.raises(RuntimeError, match="application context"):
        kit.contract()  # outside both frameworks' contexts: Flask's error, on either


def test_the_python_api_reads_the_current_app(kit: ContractKit, framework: str) -> None:
    app = build(kit, framework=framework)
    client_of(app).get("/tuple?code=409")
    # Each framework's own current app.
    summary = in_app_context(app, lambda: kit.violations().as_dict())
    assert summary["total"] == 1
    assert summary["counts"] == [
        {
            "endpoint": "tuple_view",
            "method": "GET",
            "status": 409,
            "kind": "undeclared-status",
            "operation": "GET /tuple",
            "count": 1,
        }
    ]
    assert summary["recent"][0]["path"] == "/tuple"


def test_the_signal_forwards_each_violation_with_its_app(kit: ContractKit, framework: str) -> None:
    app = build(kit, framework=framework)
    received: list[tuple[Flask, Violation]] = []

    def receiver(sender: Flask, violation: Violation, **extra: t.Any) -> None:
        received.append((sender, violation))

    with violation_recorded.connected_to(receiver, app):
        client_of(app).get("/tuple?code=409")
        client_of(app).get("/tuple?code=200")
    assert [(sender, v.status) for sender, v in received] == [(app, 409)]


def test_a_failing_receiver_breaks_nothing(
    kit: ContractKit, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE="report")

    def receiver(sender: Flask, **extra: t.Any) -> None:
        raise RuntimeError("the forwarder is down")

    with violation_recorded.connected_to(receiver, app):
        response = client_of(app).get("/tuple?code=409")
    assert response.status_code == 409
    assert kit.violations(app).total == 1
    assert "violation_recorded signal failed" in caplog.text


def test_report_mode_logs_a_warning_once_then_counts(
    kit: ContractKit, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE="report")
    client = client_of(app)
    with caplog.at_level(logging.WARNING, logger="contractkit"):
        for _ in range(12):
            client.get("/tuple?code=409")
        client.get("/tuple?code=410")
    records = [r for r in caplog.records if r.name == "contractkit"]
    assert [r.levelno for r in records] == [logging.WARNING] * 3
    assert "answered 409" in records[0].getMessage()
    assert records[1].getMessage().endswith("(seen 10 times)")
    assert "answered 410" in records[2].getMessage()
    assert kit.violations(app).counts()[("tuple_view", "GET", 409, "undeclared-status")] == 12


def test_strict_mode_logs_each_violation_as_an_error(
    kit: ContractKit, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE="strict")
    with caplog.at_level(logging.ERROR, logger="contractkit"):
        for _ in range(3):
            client_of(app).get("/tuple?code=409")
    records = [r for r in caplog.records if r.name == "contractkit"]
    assert [r.levelno for r in records] == [logging.ERROR] * 3


def test_the_violations_endpoint_is_off_by_default(kit: ContractKit, framework: str) -> None:
    app = build(kit, framework=framework)
    assert "contractkit.runtime.violations" not in app.view_functions
    assert client_of(app).get("/_contract/violations").status_code == 404


def test_the_violations_endpoint_serves_the_summary(kit: ContractKit, framework: str) -> None:
    app = build(
        kit,
        framework=framework,
        CONTRACTKIT_MODE="strict",
        CONTRACTKIT_VIOLATIONS_PATH="/_contract/violations",
    )
    client = client_of(app)
    client.get("/tuple?code=409")
    response = client.get("/_contract/violations")
    assert response.status_code == 200  # its own route: exempt, even in strict mode
    assert response.headers["Cache-Control"] == "no-store"
    summary = t.cast(dict[str, t.Any], response.json)
    assert summary["total"] == 1
    assert summary["counts"][0]["status"] == 409
    assert "/_contract/violations" not in kit.spec(app)["paths"]


class _FailsOnce(list[bytes]):
    """A response body whose first read raises, as a broken iterable might."""

    def __init__(self) -> None:
        super().__init__([b'{"id": 1, "name": "a"}'])
        self.failed = False

    def __iter__(self) -> t.Iterator[bytes]:
        if not self.failed:
            self.failed = True
            raise RuntimeError("first read fails")
        return super().__iter__()


def _fragile_app(kit: ContractKit, mode: str) -> Flask:
    app = Flask("fragile")
    app.config.update(CONTRACTKIT_MODE=mode, CONTRACTKIT_CHECK_BODIES=True)

    @app.get("/fragile")
    @responds(200, ThingSchema)
    def fragile() -> t.Any:
        return Response(_FailsOnce(), mimetype="application/json")

    kit.init_app(app)
    return app


def test_a_failing_check_sends_the_original_response_in_report_mode(
    kit: ContractKit, caplog: pytest.LogCaptureFixture
) -> None:
    app = _fragile_app(kit, "report")
    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger="contractkit"):
        first = client.get("/fragile")
        client.get("/fragile")
    assert (first.status_code, first.get_data()) == (200, b'{"id": 1, "name": "a"}')
    assert kit.violations(app).recent()[0].kind == "check-failed"
    errors = [r for r in caplog.records if r.name == "contractkit"]
    assert len(errors) == 1  # logged once, with the traceback
    assert errors[0].exc_info is not None


def test_a_failing_check_is_a_violation_in_strict_mode(kit: ContractKit) -> None:
    app = _fragile_app(kit, "strict")
    response = app.test_client().get("/fragile")
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert "RuntimeError" in t.cast(dict[str, t.Any], response.json)["detail"]
    assert kit.violations(app).recent()[0].kind == "check-failed"
