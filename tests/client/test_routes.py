"""Path templates matched segment by segment, as OpenAPI matches them: one variable, one segment."""

from __future__ import annotations

import typing as t

import pytest

from contractkit.client.routes import Routes

PATHS = (
    "/items",
    "/items/latest",
    "/items/{id}",
    "/items/{id}/parts/{part}",
    "/files/{name}.{ext}",
    "/v{major}/status",
)


def _routes() -> Routes[str]:
    document: dict[str, t.Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Routes", "version": "1"},
        "paths": {path: {"get": {"responses": {}}} for path in PATHS},
    }
    return Routes(document, lambda method, path, operation: path)


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("/items", ("/items", {})),
        ("/items/latest", ("/items/latest", {})),
        ("/items/7", ("/items/{id}", {"id": "7"})),
        ("/items/a%2Fb", ("/items/{id}", {"id": "a%2Fb"})),
        ("/items/7/parts/x", ("/items/{id}/parts/{part}", {"id": "7", "part": "x"})),
        ("/files/a.b.c", ("/files/{name}.{ext}", {"name": "a.b", "ext": "c"})),
        ("/v2/status", ("/v{major}/status", {"major": "2"})),
        ("/items/", None),  # a variable matches no empty segment
        ("/items/7/parts", None),
        ("/items/7/8", None),
        ("/files/abc", None),
        ("/v/status", None),
    ],
)
def test_a_url_finds_its_template_and_variables(
    url: str, found: tuple[str, dict[str, str]] | None
) -> None:
    assert _routes().match("GET", f"http://api.test{url}") == found


def test_a_head_request_goes_to_the_documents_head_operation_else_to_gets() -> None:
    document: dict[str, t.Any] = {
        "openapi": "3.1.0",
        "info": {"title": "HEAD", "version": "1"},
        "paths": {
            "/files/{id}": {"get": {"responses": {}}, "head": {"responses": {}}},
            "/items/{id}": {"get": {"responses": {}}},
            "/uploads": {"post": {"responses": {}}},
        },
    }
    routes = Routes(document, lambda method, path, operation: f"{method} {path}")
    assert routes.request_match("HEAD", "/files/1") == ("HEAD /files/{id}", {"id": "1"})
    assert routes.request_match("HEAD", "/items/1") == ("GET /items/{id}", {"id": "1"})
    assert routes.request_match("HEAD", "/uploads") is None
    # match() itself is exact: a 405's Allow lists only what the document has.
    assert routes.match("HEAD", "/items/1") is None
