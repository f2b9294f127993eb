"""Body-check messages name where and which rule, never what the body held, in bounded space."""

from __future__ import annotations

import gc
import json
import logging
import re
import tracemalloc
import typing as t

import pytest
from flask import Flask, Response, request
from marshmallow import Schema, fields, validate

from contractkit import ContractKit, responds

CARD = "4111-1111-1111-1111"


class EchoSchema(Schema):
    amount = fields.Integer(required=True)
    kind = fields.String(validate=validate.OneOf(["debit", "credit"]))
    code = fields.String(validate=validate.Regexp(r"^[A-Z]{3}$"))
    short = fields.String(validate=validate.Length(max=4))
    count = fields.Integer(validate=validate.Range(max=9))
    tags = fields.List(fields.Integer())
    extra = fields.Dict(keys=fields.String(), values=fields.Integer())


def _app(kit: ContractKit, mode: str, openapi_version: str = "3.1.0") -> Flask:
    app = Flask("echo")
    app.config.update(
        CONTRACTKIT_MODE=mode,
        CONTRACTKIT_CHECK_BODIES=True,
        CONTRACTKIT_OPENAPI_VERSION=openapi_version,
    )

    @app.post("/echo")
    @responds(200, EchoSchema)
    def echo() -> t.Any:
        # A careless view: it sends back what the client sent.
        return Response(request.get_data(), mimetype="application/json")

    kit.init_app(app)
    kit.contract(app)
    return app


#: Bodies that break one rule each with a value that must not be repeated anywhere.
ECHOES = {
    "type": {"amount": CARD},
    "enum": {"amount": 1, "kind": CARD},
    "pattern": {"amount": 1, "code": CARD},
    "maxLength": {"amount": 1, "short": CARD},
    "maximum": {"amount": 1, "count": 41111111111111111},
    "an item's type": {"amount": 1, "tags": [1, CARD]},
    "a dict value's type": {"amount": 1, "extra": {"n": CARD}},
    "an undeclared field's value": {"amount": 1, "card": CARD},
}


@pytest.mark.parametrize("openapi_version", ["3.1.0", "3.0.3"])
@pytest.mark.parametrize("mode", ["strict", "report"])
@pytest.mark.parametrize("body", list(ECHOES.values()), ids=list(ECHOES))
def test_an_echoed_card_number_appears_in_no_log_problem_or_store(
    kit: ContractKit,
    caplog: pytest.LogCaptureFixture,
    openapi_version: str,
    mode: str,
    body: dict[str, t.Any],
) -> None:
    app = _app(kit, mode, openapi_version)
    caplog.set_level(logging.DEBUG)
    response = app.test_client().post("/echo", json=body)
    secret = CARD if CARD in json.dumps(body) else "41111111111111111"
    if mode == "strict":
        assert response.status_code == 500
        assert secret not in response.get_data(as_text=True)
    else:
        assert response.get_data(as_text=True) == json.dumps(body)  # sent as it was
    store = kit.violations(app)
    assert store.total == 1
    (violation,) = store.recent()
    assert violation.kind == "invalid-body"
    assert re.search(r": at (/\S+|\(root\)): ", violation.detail), violation.detail  # where
    assert secret not in json.dumps(store.as_dict())
    logged = [record.getMessage() + repr(record.__dict__) for record in caplog.records]
    assert logged and not [line for line in logged if secret in line]


def test_the_message_names_the_location_and_the_rule(kit: ContractKit) -> None:
    app = _app(kit, "strict")
    response = app.test_client().post("/echo", json={"amount": 1, "tags": [1, CARD]})
    detail = t.cast(dict[str, t.Any], response.json)["detail"]
    assert 'at /tags/1: not of type "integer"' in detail


def _huge_invalid_body(megabytes: int) -> bytes:
    return json.dumps({"amount": 1, "short": CARD * (megabytes * 2**20 // len(CARD))}).encode()


def test_a_10_mb_invalid_body_gives_bounded_messages(
    kit: ContractKit, caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(kit, "strict")
    response = app.test_client().post(
        "/echo", data=_huge_invalid_body(10), content_type="application/json"
    )
    assert response.status_code == 500
    assert len(response.get_data()) < 1024
    assert all(len(record.getMessage()) < 1024 for record in caplog.records)
    assert len(json.dumps(kit.violations(app).as_dict())) < 2048


def test_the_store_stays_small_whatever_the_bodies(kit: ContractKit) -> None:
    app = _app(kit, "report")
    client = app.test_client()
    body = _huge_invalid_body(1)
    client.post("/echo", data=body, content_type="application/json")  # warm up
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(50):
            client.post("/echo", data=body, content_type="application/json")
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kit.violations(app).total == 51
    # 50 MB of bodies went through; the store keeps 50 short examples and one count.
    assert kept < 256 * 1024, kept


def test_long_request_paths_are_cut_short_in_the_store(kit: ContractKit) -> None:
    app = _app(kit, "report")
    long_path = "/echo-" + "x" * 10_000
    app.add_url_rule(long_path, "long", lambda: {"x": CARD})  # undocumented operation
    app.test_client().get(long_path)
    (violation,) = kit.violations(app).recent()
    assert len(violation.path) <= 200
