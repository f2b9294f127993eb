"""A custom code's fallback is published as a response too, as clients may receive it."""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask
from marshmallow import Schema, fields
from openapi_spec_validator import validate

from contractkit import ContractKit, responds

from ..feature_app import ErrorSchema, ItemSchema, build_feature_app, register_codes

if t.TYPE_CHECKING:
    from ..conftest import MakeApp


class LimitSchema(Schema):
    retry_in = fields.Integer(required=True)


@pytest.fixture
def kit() -> ContractKit:
    """A ContractKit with the feature app's custom codes, 460 among them."""
    kit = ContractKit()
    register_codes(kit)
    return kit


def _search(*codes: tuple[int, type[Schema] | Schema]) -> t.Callable[[Flask], None]:
    """Routes: ``GET /search``, answering 460 and declaring ``codes``."""

    def routes(app: Flask) -> None:
        def view() -> t.Any:
            return {"title": "Tier Limit Exceeded", "status": 460}, 460

        for code, schema in codes:
            view = responds(code, schema)(view)
        app.add_url_rule("/search", view_func=view)

    return routes


def _responses(kit: ContractKit, app: Flask) -> dict[str, t.Any]:
    return t.cast(dict[str, t.Any], kit.spec(app)["paths"]["/search"]["get"]["responses"])


def test_an_undeclared_fallback_gets_the_custom_codes_body(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    responses = _responses(kit, make_app(_search((200, ItemSchema), (460, ErrorSchema))))
    assert list(responses) == ["200", "429", "460"]
    assert responses["429"]["content"] == responses["460"]["content"]
    assert "x-fallback" not in responses["429"]
    assert responses["429"]["description"] == (
        "Answered in place of 460 when the request carries `Prefer: status-fallback`, with 460's "
        "body and a `Contract-Original-Status: 460` header. 460 Tier Limit Exceeded: No more "
        "calls this hour."
    )


def test_a_declared_fallback_with_the_same_body_keeps_it(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    responses = _responses(kit, make_app(_search((429, ErrorSchema()), (460, ErrorSchema))))
    assert responses["429"]["content"] == responses["460"]["content"]
    assert responses["429"]["description"] == (
        "Too Many Requests. Also answered in place of 460 when the request carries "
        "`Prefer: status-fallback`, with 460's body and a `Contract-Original-Status: 460` header."
    )


@pytest.mark.parametrize("openapi_version", ["3.1.0", "3.0.3"])
def test_a_declared_fallback_with_another_body_may_carry_either(
    kit: ContractKit, openapi_version: str, make_app: MakeApp, framework: str
) -> None:
    app = make_app(
        _search((429, LimitSchema), (460, ErrorSchema)), CONTRACTKIT_OPENAPI_VERSION=openapi_version
    )
    schema = _responses(kit, app)["429"]["content"]["application/json"]["schema"]
    assert schema == {
        "anyOf": [{"$ref": "#/components/schemas/Limit"}, {"$ref": "#/components/schemas/Error"}]
    }
    validate(kit.spec(app))


def test_the_always_policy_needs_no_request_header(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(_search((460, ErrorSchema)), CONTRACTKIT_STATUS_FALLBACK="always")
    assert _responses(kit, app)["429"]["description"].startswith(
        "Answered in place of 460, with 460's body"
    )


def test_the_never_policy_publishes_no_fallback(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(_search((460, ErrorSchema)), CONTRACTKIT_STATUS_FALLBACK="never")
    assert list(_responses(kit, app)) == ["460"]


@pytest.mark.parametrize("prefer", [None, "status-fallback"])
def test_every_code_a_client_receives_is_published(kit: ContractKit, prefer: str | None) -> None:
    app = build_feature_app(kit, CONTRACTKIT_MODE="strict")
    response = app.test_client().get("/custom", headers={"Prefer": prefer} if prefer else {})
    assert response.status_code == (200 if prefer else 299)
    assert str(response.status_code) in kit.spec(app)["paths"]["/custom"]["get"]["responses"]
