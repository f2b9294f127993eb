"""Security review: no request data in logs or labels, a guarded violations endpoint,
hidden operations, and status lines no client can change."""

from __future__ import annotations

import logging
import socket
import typing as t

import pytest
from flask import Flask, Request
from marshmallow import Schema, fields
from prometheus_client import CollectorRegistry, generate_latest

from contractkit import ConfigError, ContractKit, responds
from contractkit.openapi.exporting import app_documents
from example_app import create_app

from ..frameworks import client_of, new_app, web_of
from ..servers import serving

SECRET = "Zq9-secret-7Xk"
#: Every place a client can put data: path, query string, headers, cookies, body.
HOSTILE = {
    "path": f"/users/{SECRET}-path",
    "query_string": {"token": f"{SECRET}-query"},
    "headers": {
        "Authorization": f"Bearer {SECRET}-auth",
        "X-Api-Key": f"{SECRET}-header",
        "Cookie": f"session={SECRET}-cookie",
        "User-Agent": f"{SECRET}-agent",
    },
    "json": {"password": f"{SECRET}-body"},
}


class UserSchema(Schema):
    name = fields.String(required=True)


def _users_app(kit: ContractKit, framework: str = "flask", **config: t.Any) -> Flask:
    app: Flask = new_app(framework, "users")
    app.config.update(PROPAGATE_EXCEPTIONS=False, **config)
    request = web_of(app).request

    @app.post("/users/<name>")
    @responds(201, UserSchema)
    def create_user(name: str) -> t.Any:
        request.args.get("token")  # reads the request, as a view does
        return {"name": name}, 409  # undeclared, with request data in the body

    @app.post("/guests/<name>")
    def undocumented(name: str) -> t.Any:
        return {"name": name}

    kit.init_app(app)
    return app


def _record_text(record: logging.LogRecord) -> str:
    """Everything a log handler or JSON formatter could write out of ``record``."""
    return " ".join([record.getMessage(), *(repr(value) for value in vars(record).values())])


@pytest.mark.parametrize("mode", ["report", "strict"])
def test_violation_logs_and_labels_carry_no_request_data(
    kit: ContractKit, mode: str, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    registry = CollectorRegistry()
    app = _users_app(kit, framework, CONTRACTKIT_MODE=mode, CONTRACTKIT_PROMETHEUS=registry)
    client = client_of(app)
    with caplog.at_level(logging.DEBUG, logger="contractkit"):
        answer = client.post(**HOSTILE)  # type: ignore[arg-type]
        client.post(f"/guests/{SECRET}-guest", headers=HOSTILE["headers"], json=HOSTILE["json"])
    records = [r for r in caplog.records if r.name == "contractkit"]
    assert [getattr(r, "endpoint", None) for r in records] == ["create_user", "undocumented"]
    for record in records:
        assert SECRET not in _record_text(record)
    assert SECRET not in generate_latest(registry).decode()
    if mode == "strict":
        assert answer.status_code == 500
        assert SECRET not in answer.get_data(as_text=True)  # the problem body names no input


# The violations endpoint.

PATH = "/_contract/violations"


def _violations_app(kit: ContractKit, framework: str, **config: t.Any) -> Flask:
    app = _users_app(kit, framework, CONTRACTKIT_VIOLATIONS_PATH=PATH, **config)
    client_of(app).post("/users/a", json={})
    return app


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer wrong-token", "Basic dG9rZW4tMTIz", "Bearer token-1234"],
)
def test_a_token_guards_the_violations_endpoint(
    kit: ContractKit, authorization: str | None, framework: str
) -> None:
    app = _violations_app(kit, framework, CONTRACTKIT_VIOLATIONS_TOKEN="token-123")
    headers = {} if authorization is None else {"Authorization": authorization}
    refused = client_of(app).get(PATH, headers=headers)
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"] == 'Bearer realm="contractkit"'
    assert refused.mimetype == "application/problem+json"
    assert "create_user" not in refused.get_data(as_text=True)


@pytest.mark.parametrize("authorization", ["Bearer token-123", "bearer  token-123 "])
def test_the_right_token_reads_the_violations(
    kit: ContractKit, authorization: str, framework: str
) -> None:
    app = _violations_app(kit, framework, CONTRACTKIT_VIOLATIONS_TOKEN="token-123")
    answer = client_of(app).get(PATH, headers={"Authorization": authorization})
    assert answer.status_code == 200
    assert t.cast(dict[str, t.Any], answer.json)["counts"][0]["endpoint"] == "create_user"


def test_an_allow_callable_guards_the_violations_endpoint(kit: ContractKit, framework: str) -> None:
    def internal(req: Request) -> bool:
        return req.remote_addr == "10.0.0.7"

    app = _violations_app(kit, framework, CONTRACTKIT_VIOLATIONS_ALLOW=internal)
    client = client_of(app)
    refused = client.get(PATH)
    allowed = client.get(PATH, environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert refused.status_code == 403
    assert "create_user" not in refused.get_data(as_text=True)
    assert allowed.status_code == 200
    assert allowed.headers["Cache-Control"] == "no-store"


def test_token_and_allow_callable_must_both_agree(kit: ContractKit, framework: str) -> None:
    app = _violations_app(
        kit,
        framework,
        CONTRACTKIT_VIOLATIONS_TOKEN="token-123",
        CONTRACTKIT_VIOLATIONS_ALLOW=lambda r: False,
    )
    answer = client_of(app).get(PATH, headers={"Authorization": "Bearer token-123"})
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("CONTRACTKIT_VIOLATIONS_TOKEN", ""),
        ("CONTRACTKIT_VIOLATIONS_TOKEN", "two words"),
        ("CONTRACTKIT_VIOLATIONS_TOKEN", "line\r\nbreak"),
        ("CONTRACTKIT_VIOLATIONS_TOKEN", 12345),
        ("CONTRACTKIT_VIOLATIONS_ALLOW", "127.0.0.1"),
        ("CONTRACTKIT_HIDDEN_ENDPOINTS", "admin"),
    ],
)
def test_bad_security_settings_are_config_errors(
    kit: ContractKit, key: str, value: t.Any, framework: str
) -> None:
    with pytest.raises(ConfigError, match=key):
        _users_app(kit, framework, **{key: value})


# Hidden endpoints.


class AdminSchema(Schema):
    secret_setting = fields.String(required=True)


def _admin_app(
    kit: ContractKit, hidden: list[str], framework: str = "flask", **config: t.Any
) -> Flask:
    app: Flask = new_app(framework, "admin")
    app.config.update(CONTRACTKIT_HIDDEN_ENDPOINTS=hidden, **config)
    request = web_of(app).request

    @app.get("/admin/settings")
    @responds(200, AdminSchema)
    def admin_settings() -> t.Any:
        return {"secret_setting": 7}, int(request.args.get("code", 200))

    @app.get("/users")
    @responds(200, UserSchema(many=True))
    def list_users() -> t.Any:
        return [{"name": "ada"}]

    kit.init_app(app)
    return app


def test_hidden_endpoints_are_left_out_of_every_document(kit: ContractKit, framework: str) -> None:
    app = _admin_app(kit, ["admin_settings"], framework)
    client = client_of(app)
    served = client.get("/openapi.json").get_data(as_text=True)
    yaml = client.get("/openapi.yaml").get_data(as_text=True)
    exported = app_documents(app, "3.0.3").json
    for document in (served, yaml, exported):
        assert "/users" in document
        assert "/admin" not in document
        assert "admin_settings" not in document
        assert "AdminSchema" not in document  # nor its schema, in components
    assert "/admin/settings" not in kit.spec(app)["paths"]
    assert client.get("/docs/").status_code == 200  # the docs page reads the same document


def test_hidden_endpoints_are_still_checked(kit: ContractKit, framework: str) -> None:
    app = _admin_app(kit, ["admin_settings"], framework, CONTRACTKIT_MODE="strict")
    client = client_of(app)
    undeclared = client.get("/admin/settings?code=409")
    bad_body = client.get("/admin/settings")  # secret_setting should be a string
    assert undeclared.status_code == 500
    assert bad_body.status_code == 500
    kinds = [violation.kind for violation in kit.violations(app).recent()]
    assert kinds == ["undeclared-status", "invalid-body"]


def test_a_hidden_name_that_matches_nothing_fails_at_start_up(
    kit: ContractKit, framework: str
) -> None:
    app = _admin_app(kit, ["admin.*"], framework)
    with pytest.raises(ConfigError, match=r"CONTRACTKIT_HIDDEN_ENDPOINTS names 'admin\.\*'"):
        kit.contract(app)


# Nothing a client sends changes the status line or headers.

#: Status lines the search endpoint may answer with once over its limit: its custom
#: code, or the one fallback the contract declares for it.
CUSTOM_LINE = "HTTP/1.1 460 Tier Limit Exceeded"
FALLBACK_LINE = "HTTP/1.1 429 Too Many Requests"
#: The headers such an answer carries, whatever the request.
EXPECTED_HEADERS = {
    # The example app's 460 says when to retry.
    "retry-after",
    "server",
    "date",
    "content-type",
    "content-length",
    "vary",
    "connection",
    "preference-applied",
    "contract-original-status",
}


@pytest.mark.parametrize(
    ("prefer", "fallback"),
    [
        ("status-fallback", True),
        ("STATUS-FALLBACK", True),
        ("respond-async, status-fallback; code=200, return=minimal", True),
        ("status-fallback=200", True),
        ('status-fallback="200 OK"', True),
        ("status-fallback;status=200;phrase=OK", True),
        ("status-fallback-200", False),
        ("x-status-fallback", False),
        ("status fallback", False),
        ("st\u00e4tus-fallback", False),
        ("a" * 8000 + ", status-fallback", True),
        (", ".join(["return=minimal"] * 500), False),
    ],
)
def test_hostile_prefer_headers_only_ever_get_the_declared_fallback(
    prefer: str, fallback: bool
) -> None:
    app = create_app({"EXAMPLE_SEARCH_CALLS_PER_HOUR": 0})
    response = app.test_client().get("/search?q=tea", headers={"Prefer": prefer})
    if fallback:
        assert response.status == "429 Too Many Requests"
        assert response.headers["Preference-Applied"] == "status-fallback"
        assert response.headers["Contract-Original-Status"] == "460"
    else:
        assert response.status == "460 Tier Limit Exceeded"
        assert "Preference-Applied" not in response.headers
    assert response.headers["Vary"] == "Prefer"
    assert {name.lower() for name, _ in response.headers.items()} <= EXPECTED_HEADERS


@pytest.mark.parametrize(
    ("path", "custom", "fallback"),
    [
        ("/custom", "299 Completed With Warnings", "200 OK"),
        ("/jobs/1", "499 Client Closed Request", "400 Bad Request"),
    ],
)
def test_each_custom_code_falls_back_to_its_declared_fallback_only(
    path: str, custom: str, fallback: str
) -> None:
    app = create_app()
    app.extensions["example_jobs"][1] = {"id": 1, "kind": "export", "state": "cancelled"}
    client = app.test_client()
    assert client.get(path).status == custom
    for prefer in ("status-fallback", "status-fallback=500", "status-fallback; status=201"):
        assert client.get(path, headers={"Prefer": prefer}).status == fallback


def _raw_exchange(url: str, request_bytes: bytes) -> tuple[str, list[tuple[str, str]]]:
    """Send raw bytes to the server at ``url``; return its status line and headers."""
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request_bytes)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    status_line, *lines = head.split("\r\n")
    headers = [
        (name.strip(), value.strip()) for name, _, value in (x.partition(":") for x in lines)
    ]
    return status_line, headers


@pytest.mark.slow
@pytest.mark.parametrize(
    "hostile",
    [
        # A second header smuggled after the preference: it stays a request header.
        b"Prefer: status-fallback\r\nX-Injected: yes\r\n",
        # CR/LF percent-encoded where a naive server might decode it into the header.
        b"Prefer: status-fallback%0d%0aX-Injected:%20yes\r\n",
        # An obsolete line folding (RFC 9112 obs-fold) continuing the Prefer header.
        b"Prefer: x\r\n X-Injected: yes, status-fallback\r\n",
        # Raw control characters and a status of the client's choosing.
        b"Prefer: status-fallback=\x00\x0b200 OK\r\n",
        # One header of ~60 KB, just under the server's line limit.
        b"Prefer: " + b"z" * 60000 + b", status-fallback\r\n",
        # Ninety Prefer headers (the server refuses more than 100 headers with a 431).
        b"Prefer: status-fallback\r\n" * 90,
        # Headers the response sends, sent by the client.
        b"Contract-Original-Status: 200\r\nPreference-Applied: status-fallback\r\n",
    ],
)
def test_raw_hostile_requests_cannot_change_the_status_line_or_headers(hostile: bytes) -> None:
    app = create_app({"EXAMPLE_SEARCH_CALLS_PER_HOUR": 0})
    with serving(app) as url:
        status_line, headers = _raw_exchange(
            url,
            b"GET /search?q=tea%0d%0aX-Injected:%20yes HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + hostile
            + b"Connection: close\r\n\r\n",
        )
    assert status_line in (CUSTOM_LINE, FALLBACK_LINE)
    names = [name.lower() for name, _ in headers]
    assert set(names) <= EXPECTED_HEADERS
    assert len(names) == len(set(names))  # no header repeated
    values = dict((name.lower(), value) for name, value in headers)
    assert values.get("contract-original-status") in (None, "460")
    assert values.get("preference-applied") in (None, "status-fallback")
    assert values["vary"] == "Prefer"
    assert (status_line == FALLBACK_LINE) == ("preference-applied" in values)
