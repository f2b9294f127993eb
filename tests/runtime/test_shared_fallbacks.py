"""Custom codes sharing a fallback the document does not list: each checked as itself."""

from __future__ import annotations

import typing as t

import httpx
import pytest
from flask import Flask

from contractkit import ClientContract, ContractKit, ContractViolationError

from ..frameworks import client_of, new_app, web_of


def _schema(required: str) -> dict[str, t.Any]:
    return {"type": "object", "required": [required], "properties": {required: {"type": "string"}}}


def _response(description: str, required: str) -> dict[str, t.Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _schema(required)}},
        "headers": {"Retry-After": {"required": True, "schema": {"type": "string"}}}
        if required == "quota"
        else {},
    }


DOCUMENT: dict[str, t.Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Limits", "version": "1"},
    "servers": [{"url": "http://localhost"}],
    "paths": {
        "/report": {
            "get": {
                "responses": {
                    "200": _response("The report", "report"),
                    "461": _response("Quota used up", "quota"),
                    "462": _response("Too many at once", "running"),
                }
            }
        }
    },
    "x-status-codes": {
        "461": {"phrase": "Quota Exceeded", "fallback": 429},
        "462": {"phrase": "Too Many Running", "fallback": 429},
    },
}

#: What the app answers for ``?code=``: a custom code's own body and headers.
ANSWERS: dict[str, tuple[dict[str, str], int, dict[str, str]]] = {
    "461": ({"quota": "daily"}, 461, {"Retry-After": "3600"}),
    "462": ({"running": "3"}, 462, {}),
}


def limits_app(kit: ContractKit, framework: str = "flask") -> Flask:
    """A spec-driven app, as Flask's tutorials write views: ``return jsonify(...), code``."""
    app: Flask = new_app(framework, "limits")
    request, jsonify = web_of(app).request, web_of(app).jsonify
    app.config.update(CONTRACTKIT_MODE="strict")

    @app.get("/report")
    def report() -> t.Any:
        body, code, headers = ANSWERS[request.args["code"]]
        return jsonify(body), code, headers

    kit.init_app(app, spec=DOCUMENT)
    return app


@pytest.mark.parametrize("code", ["461", "462"])
def test_the_server_sends_each_fallback_with_its_own_body(
    kit: ContractKit, code: str, framework: str
) -> None:
    app = limits_app(kit, framework)
    sent = client_of(app).get(
        "/report", query_string={"code": code}, headers={"Prefer": "status-fallback"}
    )
    assert sent.status_code == 429
    assert sent.headers["Contract-Original-Status"] == code
    assert kit.violations(app).total == 0


def _as_received(code: str, headers: dict[str, str] | None = None) -> httpx.Response:
    body, _, own_headers = ANSWERS[code]
    return httpx.Response(
        429,
        request=httpx.Request("GET", "http://localhost/report"),
        json=body,
        headers={"Contract-Original-Status": code, **own_headers, **(headers or {})},
    )


@pytest.mark.parametrize("code", ["461", "462"])
def test_the_client_checks_a_fallback_as_the_code_it_stands_for(
    kit: ContractKit, code: str, framework: str
) -> None:
    app = limits_app(kit, framework)
    contract = ClientContract(kit.spec(app))
    sent = client_of(app).get(
        "/report", query_string={"code": code}, headers={"Prefer": "status-fallback"}
    )
    received = httpx.Response(
        sent.status_code,
        request=httpx.Request("GET", "http://localhost/report"),
        content=sent.data,
        headers=list(sent.headers.items()),
    )
    assert contract.check(received) is received


def test_the_client_holds_a_fallback_to_the_headers_of_the_code_it_stands_for() -> None:
    contract = ClientContract(DOCUMENT)
    received = _as_received("461")
    del received.headers["Retry-After"]
    with pytest.raises(ContractViolationError, match="Retry-After that status 461 declares"):
        contract.check(received)


def test_a_fallback_that_matches_neither_body_is_refused() -> None:
    contract = ClientContract(DOCUMENT)
    received = httpx.Response(
        429,
        request=httpx.Request("GET", "http://localhost/report"),
        json={"other": 1},
        headers={"Contract-Original-Status": "462"},
    )
    with pytest.raises(ContractViolationError, match='required property "running"'):
        contract.check(received)


def test_a_server_that_sends_the_fallback_itself_is_checked_as_the_code_named(
    kit: ContractKit,
    framework: str,
) -> None:
    """A view (or a gateway in front of one) that answers 429 for 461 itself."""
    app = new_app(framework, "gateway")
    app.config.update(CONTRACTKIT_MODE="strict")
    request, jsonify = web_of(app).request, web_of(app).jsonify

    @app.get("/report")
    def report() -> t.Any:
        code = request.args["code"]
        body, _, headers = ANSWERS[code]
        return jsonify(body), 429, {"Contract-Original-Status": code, **headers}

    kit.init_app(app, spec=DOCUMENT)
    client = client_of(app)
    assert client.get("/report", query_string={"code": "461"}).status_code == 429
    assert client.get("/report", query_string={"code": "462"}).status_code == 429
    assert kit.violations(app).total == 0


RANGES: dict[str, t.Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Ranges", "version": "1"},
    "servers": [{"url": "http://localhost"}],
    "paths": {
        "/report": {
            "get": {
                "responses": {
                    "200": {
                        "description": "The report",
                        "headers": {"X-Version": {"required": True, "schema": {}}},
                    },
                    "4XX": {
                        "description": "A client error",
                        "headers": {"X-Request-Id": {"required": True, "schema": {}}},
                    },
                    "default": {
                        "description": "Anything else",
                        "headers": {"Retry-After": {"required": True, "schema": {}}},
                    },
                }
            }
        }
    },
}


@pytest.mark.parametrize(
    ("status", "headers", "missing"),
    [
        (404, {}, "X-Request-Id that response 4XX"),
        (404, {"X-Request-Id": "r1"}, None),
        (503, {}, "Retry-After that response default"),
        (503, {"Retry-After": "60"}, None),
    ],
)
def test_the_client_checks_the_required_headers_of_ranges_and_default(
    status: int, headers: dict[str, str], missing: str | None
) -> None:
    contract = ClientContract(RANGES)
    received = httpx.Response(
        status, request=httpx.Request("GET", "http://localhost/report"), headers=headers
    )
    if missing is None:
        assert contract.check(received) is received
    else:
        with pytest.raises(ContractViolationError, match=missing):
            contract.check(received)


def ranges_app(kit: ContractKit, framework: str = "flask") -> Flask:
    """A spec-driven app answering as Flask's tutorials do: ``return body, code, headers``."""
    app: Flask = new_app(framework, "ranges")
    request = web_of(app).request
    app.config.update(CONTRACTKIT_MODE="strict")

    @app.get("/report")
    def report() -> t.Any:
        headers = {name: value for name, value in request.args.items() if name != "status"}
        return "", int(request.args["status"]), headers

    kit.init_app(app, spec=RANGES)
    return app


@pytest.mark.parametrize(
    ("status", "headers", "missing"),
    [
        (200, {}, "X-Version that status 200"),
        (200, {"X-Version": "2"}, None),
        (404, {}, "X-Request-Id that response 4XX"),
        (404, {"X-Request-Id": "r1"}, None),
        (503, {}, "Retry-After that response default"),
        (503, {"Retry-After": "60"}, None),
    ],
)
def test_the_server_checks_the_required_headers_of_a_document(
    kit: ContractKit, status: int, headers: dict[str, str], missing: str | None, framework: str
) -> None:
    app = ranges_app(kit, framework)
    sent = client_of(app).get("/report", query_string={"status": status, **headers})
    if missing is None:
        assert sent.status_code == status
        assert kit.violations(app).total == 0
    else:
        assert sent.status_code == 500
        [violation] = kit.violations(app).recent()
        assert violation.kind == "missing-header"
        assert missing in violation.detail
