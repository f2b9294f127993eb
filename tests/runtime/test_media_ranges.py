"""A schema declared under a media range applies to the JSON body sent, on both sides."""

from __future__ import annotations

import typing as t

import httpx
import pytest
from flask import Flask

from contractkit import ClientContract, ContractKit, ContractViolationError

from ..frameworks import client_of, new_app, web_of

BODIES: dict[str, tuple[str, str]] = {
    "good": ('{"id": 1}', "application/json"),
    "bad": ('{"id": "one"}', "application/json"),
    "bad problem": ('{"id": "one"}', "application/problem+json; charset=utf-8"),
    "text": ("one", "text/plain"),
}


def document(media_range: str) -> dict[str, t.Any]:
    """A document as springdoc writes it: the response's schema under ``*/*``."""
    schema = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    content = {media_range: {"schema": {"$ref": "#/components/schemas/Thing"}}}
    return {
        "openapi": "3.0.1",
        "info": {"title": "Things", "version": "1"},
        "servers": [{"url": "http://localhost"}],
        "paths": {
            "/things/{kind}": {
                "get": {
                    "parameters": [
                        {
                            "name": "kind",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {"200": {"description": "A thing", "content": content}},
                }
            }
        },
        "components": {"schemas": {"Thing": schema}},
    }


def things_app(kit: ContractKit, media_range: str, framework: str = "flask") -> Flask:
    app: Flask = new_app(framework, "things")
    app.config.update(CONTRACTKIT_MODE="strict")
    answer = web_of(app).Response

    @app.get("/things/<kind>")
    def thing(kind: str) -> t.Any:
        body, media_type = BODIES[kind]
        return answer(body, content_type=media_type)

    kit.init_app(app, spec=document(media_range))
    return app


CASES = [
    ("*/*", "good", True),
    ("*/*", "bad", False),
    ("*/*", "bad problem", False),
    ("*/*", "text", True),  # not JSON: the schema does not apply to it
    ("application/*", "good", True),
    ("application/*", "bad", False),
]


@pytest.mark.parametrize(("media_range", "kind", "valid"), CASES)
def test_the_server_checks_json_sent_under_a_range(
    kit: ContractKit, media_range: str, kind: str, valid: bool, framework: str
) -> None:
    app = things_app(kit, media_range, framework)
    response = client_of(app).get(f"/things/{kind}")
    assert response.status_code == (200 if valid else 500)
    if not valid:
        assert kit.violations(app).recent()[0].kind == "invalid-body"


@pytest.mark.parametrize(("media_range", "kind", "valid"), CASES)
def test_the_client_checks_json_received_under_a_range(
    media_range: str, kind: str, valid: bool
) -> None:
    contract = ClientContract(document(media_range))
    body, media_type = BODIES[kind]
    url = f"http://localhost/things/{kind}"
    response = httpx.Response(
        200,
        request=httpx.Request("GET", url),
        content=body.encode(),
        headers={"Content-Type": media_type},
    )
    if valid:
        assert contract.check(response) is response
    else:
        with pytest.raises(ContractViolationError, match='at /id: not of type "integer"'):
            contract.check(response)
