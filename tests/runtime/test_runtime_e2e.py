"""The runtime check over real HTTP on 127.0.0.1: status lines and headers as clients read them."""

from __future__ import annotations

import http.client
import json
import typing as t
from dataclasses import dataclass

import pytest

from contractkit import ContractKit
from example_app import create_app

from ..runtime_apps import build
from ..servers import serving

pytestmark = pytest.mark.slow


@dataclass
class Answer:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> t.Any:
        return json.loads(self.body)


def _request(url: str, path: str, method: str = "GET", **headers: str) -> Answer:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, response.reason, response.headers, response.read())
    finally:
        connection.close()


def test_strict_mode_answers_an_undeclared_code_with_a_problem_500(kit: ContractKit) -> None:
    app = build(kit, CONTRACTKIT_MODE="strict")
    with serving(app) as url:
        broken = _request(url, "/tuple?code=409")
        fine = _request(url, "/tuple?code=201")
    assert (broken.status, broken.reason) == (500, "INTERNAL SERVER ERROR")
    assert broken.headers["Content-Type"] == "application/problem+json"
    problem = broken.json()
    assert (problem["returned_status"], problem["endpoint"]) == (409, "tuple_view")
    assert "declared: 200, 201, 302, 404" in problem["detail"]
    assert int(broken.headers["Content-Length"]) == len(broken.body)
    assert (fine.status, fine.reason) == (201, "CREATED")


def test_report_mode_sends_the_undeclared_answer_unchanged(kit: ContractKit) -> None:
    app = build(kit, CONTRACTKIT_MODE="report")
    with serving(app) as url:
        answer = _request(url, "/tuple-headers?code=409")
    assert (answer.status, answer.reason) == (409, "CONFLICT")
    assert answer.headers["X-Kind"] == "tuple-headers"
    assert answer.json() == {"id": 1, "name": "Teapot", "note": None}
    (violation,) = kit.violations(app).recent()
    assert (violation.status, violation.path) == (409, "/tuple-headers")


def test_report_mode_streams_without_buffering(kit: ContractKit) -> None:
    app = build(kit, CONTRACTKIT_MODE="report", CONTRACTKIT_CHECK_BODIES=True)
    with serving(app) as url:
        answer = _request(url, "/stream?code=200")
    assert answer.status == 200
    assert answer.headers["Transfer-Encoding"] == "chunked"  # no Content-Length: not buffered
    assert answer.body == b'{"id": 1, "name": 7}'


def test_fallback_negotiation_on_the_wire() -> None:
    app = create_app({"EXAMPLE_SEARCH_CALLS_PER_HOUR": 0})
    with serving(app) as url:
        custom = _request(url, "/search?q=tea")
        fallback = _request(url, "/search?q=tea", Prefer="status-fallback")
        head = _request(url, "/search?q=tea", "HEAD", Prefer="status-fallback")
    assert (custom.status, custom.reason) == (460, "Tier Limit Exceeded")
    assert custom.headers["Vary"] == "Prefer"
    assert custom.headers["Contract-Original-Status"] is None
    assert (fallback.status, fallback.reason) == (429, "Too Many Requests")
    assert fallback.headers["Preference-Applied"] == "status-fallback"
    assert fallback.headers["Contract-Original-Status"] == "460"
    assert fallback.headers["Vary"] == "Prefer"
    assert fallback.json()["status"] == 460  # the body is the view's own
    assert (head.status, head.body) == (429, b"")
    assert app.extensions["contractkit"].violations.total == 0


def test_the_example_app_answers_within_its_contract_in_strict_mode() -> None:
    app = create_app()
    with serving(app) as url:
        answers = [
            _request(url, "/items/1"),
            _request(url, "/items/999"),
            _request(url, "/custom"),
            _request(url, "/reports/weekly"),
            _request(url, "/items", "HEAD"),
            _request(url, "/openapi.json"),
            _request(url, "/nowhere"),
        ]
    assert [a.status for a in answers] == [200, 404, 299, 299, 200, 200, 404]
    assert app.extensions["contractkit"].violations.total == 0
