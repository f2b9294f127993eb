"""Every way Flask and Quart make a response, checked in each mode: off, report and strict."""

from __future__ import annotations

import io
import typing as t

import pytest
from flask import send_file
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from contractkit import ConfigError, ContractKit, responds
from contractkit.state import app_state

from ..frameworks import client_of, new_app, web_of
from ..runtime_apps import DECLARED, add_routes, register_codes

if t.TYPE_CHECKING:
    from ..conftest import MakeApp

#: (id, method, path, request headers, status the app sends, violation kind or None)
CASES: list[tuple[str, str, str, dict[str, str], int, str | None]] = [
    ("body-code declared", "GET", "/tuple?code=201", {}, 201, None),
    ("body-code undeclared", "GET", "/tuple?code=409", {}, 409, "undeclared-status"),
    ("with-headers declared", "GET", "/tuple-headers?code=200", {}, 200, None),
    ("with-headers undeclared", "GET", "/tuple-headers?code=409", {}, 409, "undeclared-status"),
    ("HTTPStatus declared", "GET", "/httpstatus?code=201", {}, 201, None),
    ("HTTPStatus undeclared", "GET", "/httpstatus?code=202", {}, 202, "undeclared-status"),
    ("Response declared", "GET", "/response?code=200", {}, 200, None),
    ("Response undeclared", "GET", "/response?code=203", {}, 203, "undeclared-status"),
    ("make_response declared", "GET", "/make-response?code=201", {}, 201, None),
    ("make_response undeclared", "GET", "/make-response?code=206", {}, 206, "undeclared-status"),
    ("abort declared", "GET", "/abort?code=404", {}, 404, None),
    ("abort undeclared", "GET", "/abort?code=409", {}, 409, "undeclared-status"),
    ("error handler declared", "GET", "/handled?code=404", {}, 404, None),
    ("error handler undeclared", "GET", "/handled?code=402", {}, 402, "undeclared-status"),
    ("unhandled exception", "GET", "/crash", {}, 500, "undeclared-status"),
    ("unhandled exception declared", "GET", "/crash-declared", {}, 500, None),
    ("redirect declared", "GET", "/redirect?code=302", {}, 302, None),
    ("redirect undeclared", "GET", "/redirect?code=307", {}, 307, "undeclared-status"),
    ("before_request declared", "GET", "/tuple?short=1&code=201", {}, 201, None),
    ("before_request undeclared", "GET", "/tuple?short=1&code=409", {}, 409, "undeclared-status"),
    ("stream declared", "GET", "/stream?code=200", {}, 200, None),
    ("stream undeclared", "GET", "/stream?code=203", {}, 203, "undeclared-status"),
    ("send_file declared", "GET", "/file", {}, 200, None),
    ("send_file undeclared", "GET", "/file?code=206", {}, 206, "undeclared-status"),
    ("send_file conditional 304", "GET", "/file", {"If-None-Match": '"v1"'}, 304, None),
    ("send_file 206 to a Range request", "GET", "/file", {"Range": "bytes=0-3"}, 206, None),
    ("HEAD send_file 206 to a Range request", "HEAD", "/file", {"Range": "bytes=0-3"}, 206, None),
    ("conditional 304 of a 200", "GET", "/cached", {"If-None-Match": '"v1"'}, 304, None),
    ("304 to a plain request", "GET", "/tuple?code=304", {}, 304, "undeclared-status"),
    ("HEAD as GET declared", "HEAD", "/tuple?code=200", {}, 200, None),
    ("HEAD as GET undeclared", "HEAD", "/tuple?code=409", {}, 409, "undeclared-status"),
    ("conditional HEAD 304", "HEAD", "/cached", {"If-None-Match": '"v1"'}, 304, None),
    ("automatic OPTIONS", "OPTIONS", "/tuple", {}, 200, None),
    ("routing 404", "GET", "/nowhere", {}, 404, None),
    ("routing 405", "POST", "/tuple", {}, 405, None),
    ("slash redirect", "GET", "/tuple/", {}, 404, None),
    ("undocumented view", "GET", "/undocumented", {}, 200, "undocumented-operation"),
    ("exempt view", "GET", "/health", {}, 218, None),
    ("contractkit's own route", "GET", "/openapi.json", {}, 200, None),
    ("custom code declared", "GET", "/custom?code=461", {}, 461, None),
    ("fallback of a declared custom code", "GET", "/custom?code=429", {}, 429, None),
    ("custom code undeclared", "GET", "/tuple?code=461", {}, 461, "undeclared-status"),
    ("code outside 100-599", "GET", "/out-of-range", {}, 600, "undeclared-status"),
]
IDS = [case[0] for case in CASES]
PARAMS = [case[1:] for case in CASES]


#: Bodies are the other file's business; this one is about status codes.
STATUS_ONLY: t.Final = {"CONTRACTKIT_CHECK_BODIES": False}


@pytest.fixture
def kit() -> ContractKit:
    """A ContractKit with the custom code the routes declare."""
    kit = ContractKit()
    register_codes(kit)
    return kit


def _send(app: t.Any, method: str, path: str, headers: dict[str, str]) -> Response:
    return t.cast(Response, client_of(app).open(path, method=method, headers=headers))


def _wire(response: Response) -> tuple[str, list[tuple[str, str]], bytes]:
    # Date is the clock's, not the check's: two requests may fall in different seconds.
    headers = [(k, "<now>" if k == "Date" else v) for k, v in response.headers.to_wsgi_list()]
    return response.status, sorted(headers), response.get_data()


@pytest.mark.parametrize(("method", "path", "headers", "sent", "kind"), PARAMS, ids=IDS)
def test_report_mode_sends_every_response_as_off_mode_does_and_records_violations(
    method: str,
    path: str,
    headers: dict[str, str],
    sent: int,
    kind: str | None,
    make_app: MakeApp,
    framework: str,
) -> None:
    off = _send(make_app(add_routes, CONTRACTKIT_MODE="off", **STATUS_ONLY), method, path, headers)
    app = make_app(add_routes, CONTRACTKIT_MODE="report", **STATUS_ONLY)
    reported = _send(app, method, path, headers)
    assert reported.status_code == sent
    assert _wire(reported) == _wire(off)
    store = app.extensions["contractkit"].violations
    if kind is None:
        assert store.total == 0, store.recent()
    else:
        (violation,) = store.recent()
        assert (violation.kind, violation.status, violation.method) == (kind, sent, method)


@pytest.mark.parametrize(("method", "path", "headers", "sent", "kind"), PARAMS, ids=IDS)
def test_strict_mode_answers_500_problem_for_each_violation(
    kit: ContractKit,
    method: str,
    path: str,
    headers: dict[str, str],
    sent: int,
    kind: str | None,
    make_app: MakeApp,
    framework: str,
) -> None:
    app = make_app(add_routes, CONTRACTKIT_MODE="strict", **STATUS_ONLY)
    response = _send(app, method, path, headers)
    store = kit.violations(app)
    if kind is None:
        assert response.status_code == sent
        assert store.total == 0, store.recent()
        return
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert store.recent()[0].kind == kind
    if method == "HEAD":
        assert response.get_data() == b""  # a HEAD response has no body
        return
    problem = t.cast(dict[str, t.Any], response.json)
    assert problem["status"] == 500
    assert problem["violation"] == kind
    assert problem["returned_status"] == sent
    assert problem["method"] == method
    assert problem["endpoint"] in problem["detail"]
    assert str(sent) in problem["detail"]


@pytest.mark.parametrize(("method", "path", "headers", "sent", "kind"), PARAMS, ids=IDS)
def test_off_mode_checks_nothing(
    kit: ContractKit,
    method: str,
    path: str,
    headers: dict[str, str],
    sent: int,
    kind: str | None,
    make_app: MakeApp,
    framework: str,
) -> None:
    app = make_app(add_routes, CONTRACTKIT_MODE="off", **STATUS_ONLY)
    assert _send(app, method, path, headers).status_code == sent
    assert kit.violations(app).total == 0


def test_strict_detail_names_operation_code_and_declared_codes(
    make_app: MakeApp, framework: str
) -> None:
    app = make_app(add_routes, CONTRACTKIT_MODE="strict", **STATUS_ONLY)
    problem = t.cast(dict[str, t.Any], client_of(app).get("/tuple?code=409").json)
    assert problem["detail"] == (
        "The server broke its API contract: GET /tuple (endpoint 'tuple_view'): it answered "
        "409, which its contract does not declare (declared: 200, 201, 302, 404)."
    )
    assert problem["declared_statuses"] == list(DECLARED)
    assert problem["title"] == "Internal Server Error"


def test_codes_outside_the_range_are_explained(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(add_routes, CONTRACTKIT_MODE="report", **STATUS_ONLY)
    client_of(app).get("/out-of-range")
    (violation,) = kit.violations(app).recent()
    assert (
        "outside 100-599: RFC 9110 §15 defines no other codes and clients treat" in violation.detail
    )


def test_a_stream_is_not_started_by_the_check(make_app: MakeApp) -> None:
    # Straight through WSGI: werkzeug's test client reads a first chunk itself.
    app = make_app(add_routes, CONTRACTKIT_MODE="strict", CONTRACTKIT_CHECK_BODIES=True)
    streamed = app.extensions["runtime_app_streamed"]
    statuses: list[str] = []
    environ = EnvironBuilder(path="/stream", query_string="code=200").get_environ()
    body = app(environ, lambda status, headers, exc_info=None: statuses.append(status))
    assert statuses == ["200 OK"]
    assert streamed == []  # the generator has not run: nothing was buffered
    assert b"".join(body) == b'{"id": 1, "name": 7}'
    assert streamed == ["started"]
    body.close()  # type: ignore[attr-defined]


def test_strict_mode_closes_the_stream_it_replaces(make_app: MakeApp, framework: str) -> None:
    app = make_app(add_routes, CONTRACTKIT_MODE="strict", **STATUS_ONLY)
    response = client_of(app).get("/stream?code=203")
    assert response.status_code == 500
    assert app.extensions["runtime_app_streamed"] == []


def test_endpoints_can_be_exempted_by_config(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(add_routes, CONTRACTKIT_MODE="strict", CONTRACTKIT_EXEMPT_ENDPOINTS=["metrics"])
    assert client_of(app).get("/metrics").status_code == 219
    assert kit.violations(app).total == 0
    assert "/metrics" not in kit.spec(app)["paths"]


def test_without_the_exemption_the_same_view_is_undocumented(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    app = make_app(add_routes, CONTRACTKIT_MODE="strict")
    assert client_of(app).get("/metrics").status_code == 500
    assert kit.violations(app).recent()[0].kind == "undocumented-operation"


@pytest.mark.parametrize("names", [["nope"], ["nope.*"]])
def test_exempt_endpoints_must_exist(
    kit: ContractKit, names: list[str], make_app: MakeApp, framework: str
) -> None:
    app = make_app(add_routes, CONTRACTKIT_EXEMPT_ENDPOINTS=names)
    with pytest.raises(ConfigError, match="matches no endpoint"):
        kit.contract(app)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("CONTRACTKIT_CHECK_BODIES", "yes"),
        ("CONTRACTKIT_BODY_SAMPLE_RATE", 1.5),
        ("CONTRACTKIT_BODY_SAMPLE_RATE", True),
        ("CONTRACTKIT_STATUS_FALLBACK", "sometimes"),
        ("CONTRACTKIT_EXEMPT_ENDPOINTS", "health"),
        ("CONTRACTKIT_VIOLATIONS_PATH", "violations"),
    ],
)
def test_runtime_config_is_checked(
    key: str, value: object, make_app: MakeApp, framework: str
) -> None:
    with pytest.raises(ConfigError, match=key):
        make_app(add_routes, **{key: value})


def test_report_is_the_default_mode(kit: ContractKit, make_app: MakeApp, framework: str) -> None:
    app = make_app(add_routes)
    response = client_of(app).get("/tuple?code=409")
    assert response.status_code == 409
    assert kit.violations(app).total == 1


def test_static_files_are_exempt(kit: ContractKit, tmp_path: t.Any, framework: str) -> None:
    (tmp_path / "hello.txt").write_text("hello")
    app = new_app(framework, "with_static", static_folder=str(tmp_path), static_url_path="/static")
    app.config["CONTRACTKIT_MODE"] = "strict"
    kit.init_app(app)
    client = client_of(app)
    with client.get("/static/hello.txt") as first:
        assert first.status_code == 200
        etag = first.headers["ETag"]
    with client.get("/static/hello.txt", headers={"If-None-Match": etag}) as revalidated:
        assert revalidated.status_code == 304
    with client.get("/static/missing.txt") as missing:
        assert missing.status_code == 404
    assert kit.violations(app).total == 0


def test_a_whole_blueprint_can_be_exempted_by_config(kit: ContractKit, framework: str) -> None:
    app = new_app(framework, "with_admin")
    admin = web_of(app).Blueprint("admin", __name__, url_prefix="/admin")

    @admin.get("/stats")
    def stats() -> t.Any:
        return {"requests": 1}

    app.config.update(CONTRACTKIT_MODE="strict", CONTRACTKIT_EXEMPT_ENDPOINTS=["admin.*"])
    app.register_blueprint(admin)
    kit.init_app(app)
    assert client_of(app).get("/admin/stats").status_code == 200
    assert kit.violations(app).total == 0


@pytest.mark.parametrize(
    ("declared", "method", "kind"),
    [(200, "GET", None), (201, "GET", "undeclared-status"), (200, "POST", "undeclared-status")],
)
def test_a_206_is_part_of_a_declared_200_of_a_get(
    kit: ContractKit, declared: int, method: str, kind: str | None
) -> None:
    # RFC 9110 §14: a Range request to a resource whose full answer is 200 may get a 206.
    app = new_app("flask", __name__)
    app.config["CONTRACTKIT_MODE"] = "report"

    @app.route("/report", methods=[method])
    @responds(declared, content_type="text/plain")
    def report() -> t.Any:
        response = send_file(io.BytesIO(b"0123456789"), mimetype="text/plain")
        if method == "POST":  # werkzeug answers ranges of GET only; a view might anyway
            response.status_code = 206
        return response

    kit.init_app(app)
    answer = app.test_client().open("/report", method=method, headers={"Range": "bytes=2-5"})
    assert answer.status_code == 206
    assert [v.kind for v in app_state(app).violations.recent()] == ([kind] if kind else [])
