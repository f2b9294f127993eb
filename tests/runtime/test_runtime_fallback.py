"""Prefer: status-fallback turns custom codes into their fallback, and the spec says so."""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask

from contractkit import ContractKit, responds
from contractkit.runtime.status_lines import preferences, prefers_fallback

from ..frameworks import client_of, new_app
from ..runtime_apps import ErrorSchema, build


@pytest.mark.parametrize(
    "values",
    [
        ["status-fallback"],
        ["STATUS-FALLBACK"],
        ["respond-async, status-fallback"],
        ["status-fallback; reason=old-client"],
        ["wait=10,Status-Fallback=true"],
        ["return=minimal", "status-fallback"],
        ["status-fallback; foo=bar"],
        ["  status-fallback  "],
        ["\tstatus-fallback\t;\tfoo"],
        ['respond-async , status-fallback ; x="a, b"'],
        ['foo="x, y", status-fallback'],
        ['foo="a \\" status-fallback, b", status-fallback'],
        ["wait=10", "respond-async", "status-fallback"],
        ["status-fallback = yes"],
    ],
)
def test_prefer_values_that_ask_for_the_fallback(values: list[str]) -> None:
    assert prefers_fallback(values)


@pytest.mark.parametrize(
    "values",
    [
        [],
        [""],
        ["return=minimal"],
        ["status-fallbacks"],
        ["x-status-fallback"],
        ['foo="x, status-fallback, y"'],
        ['foo="x; status-fallback"'],
        ["foo=status-fallback"],
        ["foo; status-fallback"],
        ['foo="a \\" status-fallback, b"'],
        ["return=minimal", 'handling="status-fallback"'],
    ],
)
def test_prefer_values_that_do_not(values: list[str]) -> None:
    assert not prefers_fallback(values)


@pytest.mark.parametrize("mode", ["off", "report", "strict"])
def test_a_client_that_prefers_the_fallback_gets_it(
    kit: ContractKit, mode: str, framework: str
) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE=mode)
    response = client_of(app).get(
        "/custom?code=461", headers={"Prefer": "respond-async, status-fallback"}
    )
    assert response.status_code == 429
    assert response.headers["Contract-Original-Status"] == "461"
    assert response.headers["Preference-Applied"] == "status-fallback"
    assert response.headers["Vary"] == "Prefer"
    assert response.json == {"title": "Tier Limit Exceeded", "status": 461}
    assert kit.violations(app).total == 0


@pytest.mark.parametrize(
    ("headers", "asked"),
    [
        ([("Prefer", 'foo="x, status-fallback, y"')], False),
        ([("Prefer", "respond-async"), ("Prefer", "Status-Fallback; foo=bar")], True),
    ],
)
def test_the_prefer_header_is_read_as_rfc_7240(
    kit: ContractKit, headers: list[tuple[str, str]], asked: bool, framework: str
) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE="strict")
    response = client_of(app).get("/custom?code=461", headers=headers)
    assert response.status_code == (429 if asked else 461)
    assert ("Preference-Applied" in response.headers) is asked


def test_other_clients_get_the_custom_code_and_its_phrase(kit: ContractKit, framework: str) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE="strict")
    response = client_of(app).get("/custom?code=461")
    assert response.status_code == 461
    if framework == "flask":  # ASGI carries no reason phrase
        assert response.status == "461 Tier Limit Exceeded"
    assert "Contract-Original-Status" not in response.headers
    assert "Preference-Applied" not in response.headers
    # The answer depends on Prefer, so a cache must not serve it to the other kind of client.
    assert response.headers["Vary"] == "Prefer"


def test_standard_codes_are_untouched_by_the_preference(kit: ContractKit, framework: str) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE="strict")
    response = client_of(app).get("/tuple?code=200", headers={"Prefer": "status-fallback"})
    assert response.status_code == 200
    assert "Vary" not in response.headers
    assert "Preference-Applied" not in response.headers


def test_preferences_the_view_applied_are_kept(kit: ContractKit, framework: str) -> None:
    app = new_app(framework, "applied")
    kit.register_status(461, "Tier Limit Exceeded", fallback=429)

    @app.get("/limited")
    @responds(461, ErrorSchema)
    def limited() -> t.Any:
        body = {"title": "Limited", "status": 461}
        return body, 461, {"Preference-Applied": "respond-async", "Vary": "Accept"}

    kit.init_app(app)
    response = client_of(app).get("/limited", headers={"Prefer": "status-fallback"})
    assert response.status_code == 429
    assert response.headers["Preference-Applied"] == "respond-async, status-fallback"
    assert response.headers["Vary"] == "Accept, Prefer"


@pytest.mark.parametrize("prefer", [{}, {"Prefer": "status-fallback"}])
@pytest.mark.parametrize(
    ("view_vary", "sent_vary"),
    [
        (None, "Prefer"),
        ("Accept", "Accept, Prefer"),
        ("accept, prefer", "accept, prefer"),
        # RFC 9110 §12.5.5: "*" already says the response may never be reused; "*, Prefer"
        # would tell a cache it may reuse it for requests with the same Prefer header.
        ("*", "*"),
        ("Accept, *", "Accept, *"),
    ],
)
def test_vary_names_prefer_unless_the_view_already_covers_it(
    kit: ContractKit, prefer: dict[str, str], view_vary: str | None, sent_vary: str, framework: str
) -> None:
    app = new_app(framework, "vary")
    kit.register_status(461, "Tier Limit Exceeded", fallback=429)

    @app.get("/limited")
    @responds(461, ErrorSchema)
    def limited() -> t.Any:
        headers = {} if view_vary is None else {"Vary": view_vary}
        return {"title": "Limited", "status": 461}, 461, headers

    kit.init_app(app)
    response = client_of(app).get("/limited", headers=prefer)
    assert response.status_code == (429 if prefer else 461)
    assert response.headers.getlist("Vary") == [sent_vary]


def test_always_sends_every_client_the_fallback(kit: ContractKit, framework: str) -> None:
    app = build(
        kit, framework=framework, CONTRACTKIT_MODE="strict", CONTRACTKIT_STATUS_FALLBACK="always"
    )
    response = client_of(app).get("/custom?code=461")
    assert response.status_code == 429
    assert response.headers["Contract-Original-Status"] == "461"
    # Nobody asked, so no preference was applied, and nothing varies.
    assert "Preference-Applied" not in response.headers
    assert "Vary" not in response.headers


def test_always_tells_a_client_that_asked_that_its_preference_was_applied(
    kit: ContractKit,
    framework: str,
) -> None:
    app = build(
        kit, framework=framework, CONTRACTKIT_MODE="strict", CONTRACTKIT_STATUS_FALLBACK="always"
    )
    response = client_of(app).get("/custom?code=461", headers={"Prefer": "status-fallback"})
    assert response.status_code == 429
    assert response.headers["Contract-Original-Status"] == "461"
    # RFC 7240 §3: the preference was honoured, so the response says so, as
    # docs/guides/custom-codes.md states; the answer does not depend on it, so nothing varies.
    assert response.headers["Preference-Applied"] == "status-fallback"
    assert "Vary" not in response.headers


def test_never_ignores_the_preference(kit: ContractKit, framework: str) -> None:
    app = build(
        kit, framework=framework, CONTRACTKIT_MODE="strict", CONTRACTKIT_STATUS_FALLBACK="never"
    )
    response = client_of(app).get("/custom?code=461", headers={"Prefer": "status-fallback"})
    assert response.status_code == 461
    assert "Preference-Applied" not in response.headers
    assert "Vary" not in response.headers


@pytest.mark.parametrize(("policy", "violations"), [("on-request", 0), ("never", 1)])
def test_a_view_answering_the_fallback_itself_follows_the_policy(
    kit: ContractKit, policy: str, violations: int, framework: str
) -> None:
    # The published document lists 429 unless the policy is "never"; the check agrees.
    app = build(
        kit, framework=framework, CONTRACTKIT_MODE="report", CONTRACTKIT_STATUS_FALLBACK=policy
    )
    response = client_of(app).get("/custom?code=429")
    assert response.status_code == 429
    assert kit.violations(app).total == violations
    listed = "429" in kit.spec(app)["paths"]["/custom"]["get"]["responses"]
    assert listed is (violations == 0)


def test_a_violation_is_judged_on_the_code_the_view_answered(
    kit: ContractKit, framework: str
) -> None:
    app = build(kit, framework=framework, CONTRACTKIT_MODE="report")
    response = client_of(app).get("/tuple?code=461", headers={"Prefer": "status-fallback"})
    assert response.status_code == 429  # report mode still negotiates
    (violation,) = kit.violations(app).recent()
    assert violation.status == 461


@pytest.mark.parametrize("openapi_version", ["3.1.0", "3.0.3"])
def test_the_spec_documents_the_prefer_header(kit: ContractKit, openapi_version: str) -> None:
    # build_spec validates the document with openapi-spec-validator.
    spec = kit.spec(build(kit, CONTRACTKIT_OPENAPI_VERSION=openapi_version))
    (prefer,) = [p for p in spec["paths"]["/custom"]["get"]["parameters"] if p["name"] == "Prefer"]
    assert prefer["in"] == "header"
    assert prefer["required"] is False
    assert "461 → 429" in prefer["description"]
    assert "Contract-Original-Status" in prefer["description"]
    assert "parameters" not in spec["paths"]["/tuple"]["get"]  # no custom code, no Prefer
    assert spec["x-status-fallback"]["policy"] == "on-request"
    assert spec["x-status-fallback"]["originalStatusHeader"] == "Contract-Original-Status"


@pytest.mark.parametrize("policy", ["always", "never"])
def test_without_negotiation_the_spec_has_no_prefer_header(kit: ContractKit, policy: str) -> None:
    spec = kit.spec(build(kit, CONTRACTKIT_STATUS_FALLBACK=policy))
    assert "parameters" not in spec["paths"]["/custom"]["get"]
    assert spec["x-status-fallback"]["policy"] == policy


def test_an_api_without_custom_codes_documents_no_negotiation(kit: ContractKit) -> None:
    app = Flask("plain")

    @app.get("/ping")
    @responds(200)
    def ping() -> t.Any:
        return ""

    kit.init_app(app)
    spec = kit.spec(app)
    assert "x-status-fallback" not in spec
    assert "parameters" not in spec["paths"]["/ping"]["get"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["code=461"], {"code": "461"}),
        (["Code=461, Status-Fallback"], {"code": "461", "status-fallback": ""}),
        (['example="a, b"; x=1', "dynamic=true"], {"example": "a, b", "dynamic": "true"}),
        (["code=404", "code=500"], {"code": "404"}),  # the first of a repeated preference
        (['foo="x, status-fallback"'], {"foo": "x, status-fallback"}),
    ],
)
def test_preferences_by_name(values: list[str], expected: dict[str, str]) -> None:
    assert preferences(values) == expected
