"""Responses, operations, security, webhooks, and $refs: each rule in both directions."""

from __future__ import annotations

import typing as t

import pytest

from contractkit.specfile.diff import DiffError, diff_documents

from .diff_documents import Document, document, edited, found, query

B, W, I = "breaking", "warning", "info"  # noqa: E741 - short, for tables
S = {"type": "string"}
OP = "/items/{id}"


def _responses(codes: dict[str, t.Any]) -> Document:
    built = document()
    built["paths"][OP]["post"]["responses"] = codes
    return built


OK = {"description": "OK"}
RESPONSE_RULES = [
    ({"200": OK, "201": OK}, {"200": OK}, [("response-success-status-removed", B)]),
    ({"200": OK}, {"200": OK, "201": OK}, [("response-success-status-added", I)]),
    ({"200": OK, "404": OK}, {"200": OK}, [("response-non-success-status-removed", B)]),
    ({"200": OK}, {"200": OK, "404": OK}, [("response-non-success-status-added", I)]),
    ({"200": OK, "default": OK}, {"200": OK}, [("response-status-range-removed", I)]),
    ({"200": OK, "4XX": OK}, {"200": OK}, [("response-status-range-removed", I)]),
    (
        {"200": {**OK, "content": {"a/b": {}, "c/d": {}}}},
        {"200": {**OK, "content": {"a/b": {}}}},
        [("response-media-type-removed", B)],
    ),
    (
        {"200": {**OK, "content": {"a/b": {}}}},
        {"200": {**OK, "content": {"a/b": {}, "c/d": {}}}},
        [("response-media-type-added", I)],
    ),
    (
        {"461": {**OK, "x-fallback": 429}},
        {"461": {**OK, "x-fallback": 400}},
        [("response-status-fallback-changed", B)],
    ),
    ({"461": {**OK, "x-fallback": 429}}, {"461": OK}, [("response-status-fallback-removed", B)]),
    # A media type renamed compatibly is one change, and its schema is still compared.
    (
        {"200": {**OK, "content": {"application/json": {"schema": S}}}},
        {"200": {**OK, "content": {"application/problem+json": {"schema": {**S, "enum": ["a"]}}}}},
        [("response-media-type-name-specialized", I), ("response-body-became-enum", I)],
    ),
    (
        {"200": {**OK, "content": {"application/problem+json": {}}}},
        {"200": {**OK, "content": {"application/json": {}}}},
        [("response-media-type-name-generalized", B)],
    ),
    (
        {"200": {**OK, "content": {"application/json": {}}}},
        {"200": {**OK, "content": {"application/json; charset=utf-8": {}}}},
        [("response-media-type-name-changed", I)],
    ),
    (
        {"200": {**OK, "content": {"text/*": {}}}},
        {"200": {**OK, "content": {"text/csv": {}}}},
        [("response-media-type-name-specialized", I)],
    ),
    (
        {"200": {**OK, "content": {"application/json": {}}}},
        {"200": {**OK, "content": {"application/xml": {}}}},
        [("response-media-type-removed", B), ("response-media-type-added", I)],
    ),
    ({"461": OK}, {"461": {**OK, "x-fallback": 429}}, [("response-status-fallback-added", I)]),
]


@pytest.mark.parametrize(("old", "new", "expected"), RESPONSE_RULES)
def test_response_rules(
    old: dict[str, t.Any], new: dict[str, t.Any], expected: list[object]
) -> None:
    assert found(_responses(old), _responses(new)) == expected


REQUIRED = {"X-Rate": {"required": True, "schema": S}}
OPTIONAL = {"X-Rate": {"schema": S}}
HEADER_RULES = [
    (REQUIRED, {}, [("required-response-header-removed", B)]),
    (OPTIONAL, {}, [("optional-response-header-removed", W)]),
    ({}, OPTIONAL, [("response-header-added", I)]),
    (REQUIRED, OPTIONAL, [("response-header-became-optional", B)]),
    (OPTIONAL, REQUIRED, []),
    (REQUIRED, {"x-rate": {"required": True, "schema": S}}, []),
]


@pytest.mark.parametrize(("old", "new", "expected"), HEADER_RULES)
def test_response_header_rules(
    old: dict[str, t.Any], new: dict[str, t.Any], expected: list[object]
) -> None:
    assert found(document(headers=old), document(headers=new)) == expected


def _without_operation(built: Document) -> None:
    built["paths"][OP]["get"] = built["paths"][OP].pop("post")


OPERATION_RULES = [
    (
        document(),
        lambda d: d["paths"][OP].pop("post"),
        [("api-path-removed-without-deprecation", B)],
    ),
    (
        document(),
        _without_operation,
        [("api-removed-without-deprecation", B), ("endpoint-added", I)],
    ),
    (
        document(operation={"deprecated": True}),
        lambda d: d["paths"].clear(),
        [("api-path-removed-with-deprecation", I)],
    ),
    (
        document(operation={"operationId": "a"}),
        lambda d: d["paths"][OP]["post"].pop("operationId"),
        [("api-operation-id-removed", W)],
    ),
    (
        document(),
        lambda d: d["paths"][OP]["post"].update(operationId="a"),
        [("api-operation-id-added", I)],
    ),
    (
        document(operation={"operationId": "a"}),
        lambda d: d["paths"][OP]["post"].update(operationId="b"),
        [("api-operation-id-changed", W)],
    ),
    (
        document(),
        lambda d: d["paths"][OP]["post"].update(security=[{"key": []}]),
        [("api-security-added", B)],
    ),
    (
        document(operation={"security": [{"key": []}]}),
        lambda d: d["paths"][OP]["post"].update(security=[]),
        [("api-security-removed", I)],
    ),
    (
        document(operation={"security": [{"key": []}, {"oauth": []}]}),
        lambda d: d["paths"][OP]["post"].update(security=[{"oauth": []}]),
        [("api-security-removed", B)],
    ),
    (
        document(operation={"security": [{"oauth": []}]}),
        lambda d: d["paths"][OP]["post"].update(security=[{"key": []}, {"oauth": []}]),
        [("api-security-added", I)],
    ),
    (
        document(operation={"security": [{"oauth": ["read"]}]}),
        lambda d: d["paths"][OP]["post"].update(security=[{"oauth": ["read", "write"]}]),
        [("api-security-scope-added", B)],
    ),
    (
        document(operation={"security": [{"oauth": ["read", "write"]}]}),
        lambda d: d["paths"][OP]["post"].update(security=[{"oauth": ["read"]}]),
        [("api-security-scope-removed", I)],
    ),
    (document(), lambda d: d.update(security=[{"key": []}]), [("api-global-security-added", B)]),
    (
        edited(document(), lambda d: d.update(security=[{"key": []}])),
        lambda d: d.pop("security"),
        [("api-global-security-removed", I)],
    ),
    (
        edited(document(), lambda d: d.update(webhooks={"paid": {}})),
        lambda d: d.pop("webhooks"),
        [("webhook-removed", B)],
    ),
    (document(), lambda d: d.update(webhooks={"paid": {}}), [("webhook-added", I)]),
]


@pytest.mark.parametrize(("base", "edit", "expected"), OPERATION_RULES)
def test_operation_rules(
    base: Document, edit: t.Callable[[Document], object], expected: list[object]
) -> None:
    assert found(base, edited(base, edit)) == expected


def _deep(depth: int, leaf: str = "string") -> Document:
    schema: dict[str, t.Any] = {"type": leaf}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"a": schema}}
    return document(request=schema)


def test_deep_nesting_ends_with_an_error_not_a_crash() -> None:
    # Far deeper than Python's recursion limit allows a recursive walk to go.
    assert [c.id for c in diff_documents(_deep(900), _deep(900, "integer"))] == [
        "request-property-type-changed"
    ]
    with pytest.raises(DiffError, match="nested more than 1000 levels deep"):
        diff_documents(_deep(5000), _deep(5000))


FUTURE, PAST = "9999-08-10", "2000-01-31"


def _deprecated(sunset: object = None, **fields: t.Any) -> Document:
    """The operation deprecated, with a query parameter ``q`` deprecated the same way."""
    marks: dict[str, t.Any] = {"deprecated": True, **fields}
    if sunset is not None:
        marks["x-sunset"] = sunset
    return document(parameters=[{**query(S), **marks}], operation=marks)


SUNSET_RULES = [
    # Removed before the promised date: breaking; after it, or without one: info.
    (FUTURE, [("request-parameter-removed-before-sunset", B)]),
    (PAST, [("request-parameter-removed-with-deprecation", I)]),
    (None, [("request-parameter-removed-with-deprecation", I)]),
    ("soon", [("request-parameter-sunset-parse", B)]),
]


@pytest.mark.parametrize(("sunset", "expected"), SUNSET_RULES)
def test_a_parameter_removed_before_its_sunset(sunset: str | None, expected: list[object]) -> None:
    base = _deprecated(sunset)
    assert found(base, edited(base, lambda d: d["paths"][OP]["post"].pop("parameters"))) == expected


@pytest.mark.parametrize(
    ("sunset", "expected"),
    [(FUTURE, "api-removed-before-sunset"), (PAST, "api-removed-with-deprecation")],
)
@pytest.mark.parametrize("whole_path", [False, True])
def test_an_operation_removed_before_its_sunset(
    sunset: str, expected: str, whole_path: bool
) -> None:
    base = _deprecated(sunset)
    if not whole_path:
        base["paths"][OP]["get"] = {"responses": {"200": OK}}
    revision = edited(base, lambda d: d["paths"][OP].pop("post"))
    if whole_path:
        revision["paths"].pop(OP)
        expected = expected.replace("api-", "api-path-")
    assert found(base, revision) == [(expected, B if "before" in expected else I)]


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        (FUTURE, None, "sunset-deleted"),
        (FUTURE, "2999-01-01", "sunset-date-changed-too-small"),
        (FUTURE, "not a date", "sunset-parse"),
        ("not a date", FUTURE, "sunset-parse"),
        ("2999-01-01", FUTURE, None),
        (None, FUTURE, None),
    ],
)
def test_a_kept_deprecation_keeps_its_date(
    old: str | None, new: str | None, rule: str | None
) -> None:
    result = found(_deprecated(old), _deprecated(new))
    expected = [] if rule is None else [(f"api-{rule}", B), (f"request-parameter-{rule}", B)]
    assert result == expected


def test_a_date_yaml_already_read_is_a_date() -> None:
    import datetime

    result = found(_deprecated(datetime.date(9999, 8, 10)), _deprecated(datetime.date(2999, 1, 1)))
    assert ("api-sunset-date-changed-too-small", B) in result
