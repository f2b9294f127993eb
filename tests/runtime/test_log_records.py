"""Violation log records carry their fields as attributes, for JSON log pipelines."""

from __future__ import annotations

import json
import logging
import typing as t

import pytest

from contractkit import ContractKit, responds

from ..frameworks import client_of, new_app, web_of
from ..runtime_apps import ThingSchema, build


def _contractkit_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "contractkit"]


@pytest.mark.parametrize(("mode", "level"), [("report", "WARNING"), ("strict", "ERROR")])
def test_an_undeclared_status_record_carries_its_fields(
    kit: ContractKit, caplog: pytest.LogCaptureFixture, mode: str, level: str, framework: str
) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE=mode)
    with caplog.at_level(logging.WARNING, logger="contractkit"):
        client_of(app).get("/tuple?code=409")
    (record,) = _contractkit_records(caplog)
    assert record.levelname == level
    assert (
        vars(record).items()
        >= {
            "kind": "undeclared-status",
            "endpoint": "tuple_view",
            "method": "GET",
            "status": 409,
            "declared": [200, 201, 302, 404],
            "operation": "GET /tuple",
            "mode": mode,
            "count": 1,
        }.items()
    )


def test_the_fields_are_json_ready(
    kit: ContractKit, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE="report", CONTRACTKIT_CHECK_BODIES=True)
    with caplog.at_level(logging.WARNING, logger="contractkit"):
        client_of(app).get("/tuple?code=404")
    (record,) = _contractkit_records(caplog)
    fields = ("kind", "endpoint", "method", "status", "declared", "operation", "mode", "count")
    document = json.loads(json.dumps({name: getattr(record, name) for name in fields}))
    assert document["kind"] == "invalid-body"
    assert document["declared"] == [200, 201, 302, 404]


def test_repeated_records_carry_the_count_they_report(
    kit: ContractKit, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE="report")
    with caplog.at_level(logging.WARNING, logger="contractkit"):
        for _ in range(10):
            client_of(app).get("/tuple?code=409")
    assert [getattr(r, "count", None) for r in _contractkit_records(caplog)] == [1, 10]


def test_an_undocumented_operation_declares_nothing(
    kit: ContractKit, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE="report")
    with caplog.at_level(logging.WARNING, logger="contractkit"):
        client_of(app).get("/undocumented")
    (record,) = _contractkit_records(caplog)
    assert (record.kind, record.endpoint, record.declared) == (  # type: ignore[attr-defined]
        "undocumented-operation",
        "undocumented",
        [],
    )


def test_a_failed_check_record_names_the_error(
    kit: ContractKit, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    app = new_app(framework, "broken_body")
    app.config.update(CONTRACTKIT_MODE="report", CONTRACTKIT_CHECK_BODIES=True)
    answer = web_of(app).Response

    @app.get("/thing")
    @responds(200, ThingSchema)
    def thing() -> t.Any:
        return answer(b'{"id": 1, "name": "a"}', mimetype="application/json")

    kit.init_app(app)
    kit.contract(app)
    checks = app.extensions["contractkit"].checker()._table[("thing", "GET")].bodies

    class Exploding:
        def problem(self, response: t.Any) -> None:
            raise ZeroDivisionError("validator bug")

    checks[200] = Exploding()
    with caplog.at_level(logging.WARNING, logger="contractkit"):
        assert client_of(app).get("/thing").status_code == 200
    (record,) = _contractkit_records(caplog)
    assert (
        vars(record).items()
        >= {
            "kind": "check-failed",
            "endpoint": "thing",
            "method": "GET",
            "status": 200,
            "mode": "report",
            "error": "ZeroDivisionError",
        }.items()
    )
