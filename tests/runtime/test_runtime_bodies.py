"""Response bodies checked against the schemas the OpenAPI document publishes."""

from __future__ import annotations

import gzip
import typing as t
import uuid

import pytest
from werkzeug.wrappers import Response

from contractkit import ContractKit, accepts, responds

from ..frameworks import client_of, web_of
from ..runtime_apps import ErrorSchema, ThingSchema

if t.TYPE_CHECKING:
    from ..conftest import MakeApp


@pytest.fixture(params=["3.1.0", "3.0.3"])
def openapi_version(request: pytest.FixtureRequest) -> str:
    return t.cast(str, request.param)


@pytest.fixture
def kit() -> ContractKit:
    """A ContractKit with the custom code the routes declare."""
    kit = ContractKit()
    kit.register_status(461, "Tier Limit Exceeded", fallback=429)
    return kit


def _routes(app: t.Any) -> None:
    web = web_of(app)
    request, Answer = web.request, web.Response

    @app.get("/thing")
    @responds(200, ThingSchema)
    @responds(202, content_type="text/html")
    @responds(203)
    @responds(204)
    @responds(302)
    @responds(404, ErrorSchema)
    @responds(461, ErrorSchema)
    def thing() -> t.Any:
        body = request.args.get("body", '{"id": 1, "name": "Teapot"}').encode()
        mimetype = request.args.get("type", "application/json")
        if "gzip" in request.args:
            body = gzip.compress(body)
        response = Answer(body, int(request.args.get("code", "200")), content_type=mimetype)
        if "location" in request.args:
            response.headers["Location"] = request.args["location"]
        if "gzip" in request.args:
            response.headers["Content-Encoding"] = "gzip"
        if "encoding" in request.args:
            response.headers["Content-Encoding"] = request.args["encoding"]
        return response

    @app.get("/export")
    @responds(200, content_type="text/csv")
    def export() -> t.Any:
        if "json" in request.args:
            return {"id": 1}
        return Answer(iter(["id,name\n", "1,Teapot\n"]), mimetype="text/csv")

    @app.get("/things")
    @responds(200, ThingSchema(many=True))
    def things() -> t.Any:
        second: t.Any = int(request.args["second"]) if "second" in request.args else "b"
        return [{"id": 1, "name": "a"}, {"id": 2, "name": second}]

    @app.get("/page")
    @responds(200, ThingSchema, content_type="application/vnd.thing+json")
    def page() -> t.Any:
        valid = "valid" in request.args
        body = '{"id": 1, "name": "a"}' if valid else '{"id": "one", "name": "a"}'
        return Answer(body, mimetype="application/vnd.thing+json")

    @app.post("/things")
    @accepts(ThingSchema)
    @responds(201, ThingSchema)
    def create(body: dict[str, t.Any]) -> t.Any:
        return {"id": 2, "name": body["name"]}, 201


def _get(app: t.Any, path: str, **args: str) -> Response:
    return t.cast(Response, client_of(app).get(path, query_string=args))


VALID = [
    ("declared fields", "/thing", {}),
    ("null for a nullable field", "/thing", {"body": '{"id": 1, "name": "a", "note": null}'}),
    ("a list of items", "/things", {}),
    (
        "a code declared by its media type",
        "/thing",
        {"code": "202", "body": "<p>any</p>", "type": "text/html"},
    ),
    ("a media type in capitals", "/thing", {"type": "Application/JSON; charset=UTF-8"}),
    ("a code declared without a body, sent empty", "/thing", {"code": "203", "body": ""}),
    ("204 without a body", "/thing", {"code": "204", "body": ""}),
    (
        "redirect's HTML stub",
        "/thing",
        {"code": "302", "body": "<p>Go</p>", "type": "text/html", "location": "/x"},
    ),
    ("a gzip body", "/thing", {"gzip": "1"}),
    ("an encoding contractkit cannot read", "/thing", {"encoding": "br", "body": "\x00\x01"}),
    ("a CSV stream", "/export", {}),
    ("a +json media type", "/page", {"valid": "1"}),
    ("a custom code's body", "/thing", {"code": "461", "body": '{"title": "x", "status": 461}'}),
]

INVALID = [
    ("a missing required field", "/thing", {"body": '{"id": 1}'}, "invalid-body", '"name"'),
    (
        "a wrong type",
        "/thing",
        {"body": '{"id": 1, "name": 5}'},
        "invalid-body",
        'at /name: not of type "string"',
    ),
    (
        "an undeclared field",
        "/thing",
        {"body": '{"id": 1, "name": "a", "x": 1}'},
        "invalid-body",
        "x",
    ),
    ("not JSON", "/thing", {"body": "{oops"}, "invalid-body", "not valid JSON"),
    ("an undeclared media type", "/thing", {"type": "text/html"}, "content-type", "text/html"),
    ("JSON where CSV is declared", "/export", {"json": "1"}, "content-type", "text/csv"),
    (
        "a body where none is declared",
        "/thing",
        {"code": "203"},
        "content-type",
        "@responds(203, content_type='application/json')",
    ),
    (
        "a gzip body that breaks the schema",
        "/thing",
        {"gzip": "1", "body": '{"id": 1}'},
        "invalid-body",
        '"name"',
    ),
    ("a +json body", "/page", {}, "invalid-body", "at /id"),
    (
        "an error body",
        "/thing",
        {"code": "404", "body": '{"title": "x"}'},
        "invalid-body",
        "status",
    ),
]


@pytest.mark.parametrize(("path", "args"), [c[1:] for c in VALID], ids=[c[0] for c in VALID])
def test_bodies_that_match_their_schema_pass_in_strict_mode(
    kit: ContractKit,
    openapi_version: str,
    path: str,
    args: dict[str, str],
    make_app: MakeApp,
    framework: str,
) -> None:
    app = make_app(_routes, CONTRACTKIT_OPENAPI_VERSION=openapi_version, CONTRACTKIT_MODE="strict")
    response = _get(app, path, **args)
    assert response.status_code != 500, response.json
    assert kit.violations(app).total == 0


@pytest.mark.parametrize(
    ("path", "args", "kind", "fragment"),
    [c[1:] for c in INVALID],
    ids=[c[0] for c in INVALID],
)
def test_bodies_that_break_their_schema_are_violations(
    openapi_version: str,
    path: str,
    args: dict[str, str],
    kind: str,
    fragment: str,
    make_app: MakeApp,
    framework: str,
) -> None:
    app = make_app(_routes, CONTRACTKIT_OPENAPI_VERSION=openapi_version, CONTRACTKIT_MODE="strict")
    response = _get(app, path, **args)
    assert response.status_code == 500
    problem = t.cast(dict[str, t.Any], response.json)
    assert problem["violation"] == kind
    assert fragment in problem["detail"]


def test_each_item_of_a_list_is_checked(
    kit: ContractKit, openapi_version: str, make_app: MakeApp, framework: str
) -> None:
    app = make_app(
        _routes,
        CONTRACTKIT_OPENAPI_VERSION=openapi_version,
        CONTRACTKIT_MODE="report",
        CONTRACTKIT_CHECK_BODIES=True,
    )
    assert _get(app, "/things", second="7").status_code == 200  # report: sent as it is
    (violation,) = kit.violations(app).recent()
    assert violation.kind == "invalid-body"
    assert "at /1/name" in violation.detail


def test_report_mode_leaves_bodies_unchecked_by_default(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(_routes, CONTRACTKIT_MODE="report")
    assert _get(app, "/thing", body='{"id": 1}').status_code == 200
    assert kit.violations(app).total == 0


def test_report_mode_checks_bodies_when_asked(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(_routes, CONTRACTKIT_MODE="report", CONTRACTKIT_CHECK_BODIES=True)
    response = _get(app, "/thing", body='{"id": 1}')
    assert (response.status_code, response.get_data()) == (200, b'{"id": 1}')
    assert kit.violations(app).recent()[0].kind == "invalid-body"


def test_strict_mode_can_switch_body_checks_off(make_app: MakeApp, framework: str) -> None:
    app = make_app(_routes, CONTRACTKIT_MODE="strict", CONTRACTKIT_CHECK_BODIES=False)
    assert _get(app, "/thing", body='{"id": 1}').status_code == 200
    assert _get(app, "/thing", code="409").status_code == 500  # codes are still checked


def test_a_sample_rate_of_zero_checks_no_body(make_app: MakeApp, framework: str) -> None:
    app = make_app(_routes, CONTRACTKIT_MODE="strict", CONTRACTKIT_BODY_SAMPLE_RATE=0.0)
    assert _get(app, "/thing", body='{"id": 1}').status_code == 200
    assert _get(app, "/thing", code="409").status_code == 500


def test_a_sample_rate_checks_about_that_share_of_bodies(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(_routes, CONTRACTKIT_CHECK_BODIES=True, CONTRACTKIT_BODY_SAMPLE_RATE=0.5)
    client = client_of(app)
    for _ in range(400):
        client.get("/thing", query_string={"body": '{"id": 1}'})
    # 200 expected; the odds of leaving this band are about 1e-11.
    assert 120 < kit.violations(app).total < 280


def test_head_responses_are_not_body_checked(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(_routes, CONTRACTKIT_MODE="strict")
    response = client_of(app).head("/thing", query_string={"body": '{"id": 1}'})
    assert response.status_code == 200
    assert kit.violations(app).total == 0


def test_contractkits_own_input_problems_match_their_schema(
    kit: ContractKit, openapi_version: str, make_app: MakeApp, framework: str
) -> None:
    app = make_app(_routes, CONTRACTKIT_OPENAPI_VERSION=openapi_version, CONTRACTKIT_MODE="strict")
    response = client_of(app).post("/things", json={"name": 7})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert kit.violations(app).total == 0


def test_a_fallback_carries_the_custom_codes_body_check(make_app: MakeApp, framework: str) -> None:
    app = make_app(_routes, CONTRACTKIT_MODE="strict")
    response = client_of(app).get("/thing", query_string={"code": "429", "body": '{"title": "x"}'})
    assert response.status_code == 500
    assert "status 461" in t.cast(dict[str, t.Any], response.json)["detail"]


def test_an_unreadable_encoding_is_said_once(
    kit: ContractKit, caplog: pytest.LogCaptureFixture, make_app: MakeApp, framework: str
) -> None:
    app = make_app(_routes, CONTRACTKIT_MODE="strict")
    coding = f"x-unknown-{uuid.uuid4().hex}"  # said once per process: a fresh one
    for _ in range(3):
        response = _get(app, "/thing", encoding=coding, body="\x00")
        assert response.status_code == 200
    said = [r for r in caplog.records if f"Content-Encoding: {coding}" in r.getMessage()]
    assert len(said) == 1
    assert kit.violations(app).total == 0


def test_each_content_type_value_is_judged_as_itself(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    # Each Content-Type value's check is resolved once and remembered; one value's
    # verdict must never answer for another, also past the number remembered.
    app = make_app(_routes, CONTRACTKIT_MODE="strict")
    valid = [f"application/json; charset=utf-8; n={n}" for n in range(80)]
    for round_ in range(2):
        for n, media_type in enumerate(valid):
            assert _get(app, "/thing", type=media_type).status_code == 200, (round_, n)
            wrong = _get(app, "/thing", type=f"text/plain; n={n}")
            assert wrong.status_code == 500
            assert "its body is text/plain" in t.cast(dict[str, t.Any], wrong.json)["detail"]
    assert _get(app, "/thing", type="application/json", gzip="1").status_code == 200
    bad = _get(app, "/thing", type="application/json", gzip="1", body='{"id": 1}')
    assert bad.status_code == 500
    assert kit.violations(app).total == 161
