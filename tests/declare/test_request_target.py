"""Which operation a request belongs to: the one answer the check, inputs and coverage share."""

from __future__ import annotations

import pytest
from flask import Flask

from contractkit import ContractKit, exempt, responds
from contractkit.declare.targets import request_target

from ..frameworks import new_app


@pytest.fixture
def app(kit: ContractKit, framework: str) -> Flask:
    """An app of each framework: contractkit's own routes and ``static`` are exempt on both."""
    app: Flask = new_app(framework, "targets")

    @app.get("/items")
    @responds(200)
    def list_items() -> str:
        return ""

    @app.post("/items")
    def create_item() -> str:
        return ""

    @app.get("/health")
    @exempt
    def health() -> str:
        return ""

    kit.init_app(app)
    return app


@pytest.mark.parametrize(
    ("endpoint", "method", "kind", "known_as", "operation"),
    [
        ("list_items", "GET", "operation", "GET", "GET /items"),
        ("list_items", "HEAD", "operation", "GET", "GET /items"),
        ("list_items", "OPTIONS", "exempt", "OPTIONS", None),
        ("create_item", "POST", "undocumented", "POST", None),
        ("health", "GET", "exempt", "GET", None),
        ("static", "GET", "exempt", "GET", None),
        ("contractkit.openapi_json", "GET", "exempt", "GET", None),
        (None, "GET", "unrouted", "GET", None),
        (None, "DELETE", "unrouted", "DELETE", None),
    ],
)
def test_request_target(
    app: Flask,
    kit: ContractKit,
    endpoint: str | None,
    method: str,
    kind: str,
    known_as: str,
    operation: str | None,
) -> None:
    target = request_target(kit.contract(app), endpoint, method)
    assert target.kind == kind
    assert target.method == known_as
    assert (target.operation.name if target.operation else None) == operation
