"""Contract coverage counts the responses clients checked with ClientContract.check."""

from __future__ import annotations

import json

import pytest

pytest_plugins = ["pytester"]

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Partner API", "version": "1"},
    "servers": [{"url": "https://partner.example.com/api"}],
    "paths": {
        "/orders": {
            "get": {
                "responses": {
                    "200": {"description": "Orders."},
                    "460": {"description": "Limited.", "x-fallback": 429},
                    "429": {"description": "Limited, as a standard code."},
                    "5XX": {"description": "The partner failed."},
                }
            },
            "post": {"responses": {"201": {"description": "Created."}}},
        }
    },
    "x-status-codes": {"460": {"phrase": "Tier Limit Exceeded", "fallback": 429}},
}

TESTS = """
import httpx
import pytest

from contractkit import ClientContract, ContractViolationError

contract = ClientContract.from_file("partner.json")
URL = "https://partner.example.com/api/orders"


def answer(status, method="GET", url=URL, **headers):
    request = httpx.Request(method, url)
    return contract.check(httpx.Response(status, request=request, headers=headers))


def test_orders():
    answer(200)
    answer(200)
    answer(429, **{"Contract-Original-Status": "460"})  # 460, sent as its fallback
    answer(503)  # under 5XX


def test_undeclared_is_counted_and_raised():
    with pytest.raises(ContractViolationError):
        answer(418, "POST")


def test_no_operation():
    with pytest.raises(ContractViolationError):
        answer(200, url="https://partner.example.com/api/nothing")
"""


@pytest.fixture
def partner(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".json", partner=json.dumps(DOCUMENT))
    pytester.makepyfile(test_partner=TESTS)
    return pytester


def test_client_checked_responses_count_towards_coverage(partner: pytest.Pytester) -> None:
    result = partner.runpytest("--contract-coverage", "--contract-coverage-json=cov.json")
    result.assert_outcomes(passed=3)
    report = json.loads((partner.path / "cov.json").read_text())
    assert [
        (op["app"], op["operation"], op["declared"], op["seen"]) for op in report["operations"]
    ] == [
        ("Partner API", "GET /orders", [200, 429, 460, 503], {"200": 2, "460": 1, "503": 1}),
        ("Partner API", "POST /orders", [201], {"418": 1}),
    ]
    assert report["unrouted"] == [{"app": "Partner API", "status": 200, "count": 1}]
    result.stdout.fnmatch_lines(
        [
            "Partner API",
            "  GET /orders * 200 460 503 * 429 * - * 75.00%",
            "  POST /orders * - * 201 * 418 * 0.00%",
        ]
    )


def test_the_app_filter_applies_to_client_names(partner: pytest.Pytester) -> None:
    result = partner.runpytest("--contract-coverage-app=shop", "--contract-coverage-json=cov.json")
    result.assert_outcomes(passed=3)
    assert json.loads((partner.path / "cov.json").read_text())["operations"] == []
