"""CONTRACTKIT_JSON_ERRORS: HTTP errors as problem+json, and the app's own handlers win.

Every test runs on Flask and on Quart (the ``framework`` fixture).
"""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import HTTPException, Unauthorized

from contractkit import ConfigError, ContractKit, responds

from ..frameworks import abort_of, client_of, new_app, web_of


def _app(kit: ContractKit, framework: str = "flask", **config: t.Any) -> t.Any:
    app = new_app(framework, "json_errors")
    app.config.update({"CONTRACTKIT_MODE": "strict", **config})
    abort = abort_of(framework)

    @app.get("/things/<int:thing_id>")
    @responds(200, content_type="text/plain")
    @responds(403)
    def thing(thing_id: int) -> t.Any:
        if thing_id == 0:
            abort(403, description="Not yours.")
        return "thing"

    @app.get("/secret")
    @responds(401)
    def secret() -> t.Any:
        raise Unauthorized(www_authenticate=WWWAuthenticate("bearer"))

    @app.get("/crash")
    @responds(500)
    def crash() -> t.Any:
        raise RuntimeError("the view broke")

    return app


def test_errors_are_problem_json_and_published_so(kit: ContractKit, framework: str) -> None:
    app = _app(kit, framework)
    kit.init_app(app)
    client = client_of(app)
    forbidden = client.get("/things/0")
    assert (forbidden.status_code, forbidden.mimetype) == (403, "application/problem+json")
    assert forbidden.json == {
        "type": "about:blank",
        "title": "Forbidden",
        "status": 403,
        "detail": "Not yours.",
    }
    assert kit.violations(app).total == 0
    spec = kit.spec(app)
    responses = spec["paths"]["/things/{thing_id}"]["get"]["responses"]
    problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
    assert responses["403"]["content"] == {"application/problem+json": problem}
    # The router answers 404 for /things/abc: published, though the view never answers it.
    assert responses["404"]["content"] == {"application/problem+json": problem}
    assert list(spec["components"]["schemas"]) == ["Problem"]


def test_routing_errors_keep_their_headers(kit: ContractKit, framework: str) -> None:
    app = _app(kit, framework)
    kit.init_app(app)
    client = client_of(app)
    not_found = client.get("/things/-1")
    assert (not_found.status_code, not_found.mimetype) == (404, "application/problem+json")
    not_allowed = client.post("/things/1")
    assert not_allowed.status_code == 405
    assert set(not_allowed.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert not_allowed.json["title"] == "Method Not Allowed"  # type: ignore[index]
    unauthorized = client.get("/secret")
    assert unauthorized.headers["WWW-Authenticate"].lower() == "bearer"
    assert unauthorized.mimetype == "application/problem+json"


def test_unhandled_exceptions_answer_problem_json(kit: ContractKit, framework: str) -> None:
    app = _app(kit, framework, PROPAGATE_EXCEPTIONS=False)
    app.logger.disabled = True  # Flask logs the traceback; the test expects it
    kit.init_app(app)
    response = client_of(app).get("/crash")
    assert (response.status_code, response.mimetype) == (500, "application/problem+json")
    assert kit.violations(app).total == 0


def _handled(error: HTTPException) -> t.Any:
    return {"mine": error.code}, error.code or 500


@pytest.mark.parametrize(
    "register",
    [
        pytest.param(lambda app: app.register_error_handler(403, _handled), id="for a code"),
        pytest.param(
            lambda app: app.register_error_handler(HTTPException, _handled), id="HTTPException"
        ),
        pytest.param(lambda app: app.register_error_handler(Exception, _handled), id="Exception"),
    ],
)
@pytest.mark.parametrize("after_init_app", [False, True], ids=["before", "after"])
def test_the_apps_own_handler_wins(
    kit: ContractKit, register: t.Callable[[Flask], None], after_init_app: bool, framework: str
) -> None:
    app = _app(kit, framework, CONTRACTKIT_MODE="off")
    if after_init_app:
        kit.init_app(app)
        register(app)
    else:
        register(app)
        kit.init_app(app)
    response = client_of(app).get("/things/0")
    assert (response.status_code, response.json) == (403, {"mine": 403})


def test_a_blueprints_own_handler_wins(kit: ContractKit, framework: str) -> None:
    app = _app(kit, framework, CONTRACTKIT_MODE="off")
    bp = web_of(app).Blueprint("pages", __name__)
    abort = abort_of(framework)

    @bp.get("/page")
    @responds(404)
    def page() -> t.Any:
        abort(404)

    bp.register_error_handler(HTTPException, _handled)
    app.register_blueprint(bp)
    kit.init_app(app)
    assert client_of(app).get("/page").json == {"mine": 404}


def test_switched_off_flask_answers_html(kit: ContractKit, framework: str) -> None:
    app = _app(kit, framework, CONTRACTKIT_JSON_ERRORS=False, CONTRACTKIT_MODE="off")
    kit.init_app(app)
    assert client_of(app).get("/things/0").mimetype == "text/html"
    assert "404" not in kit.spec(app)["paths"]["/things/{thing_id}"]["get"]["responses"]


def test_the_setting_must_be_a_bool(kit: ContractKit, framework: str) -> None:
    with pytest.raises(ConfigError, match="CONTRACTKIT_JSON_ERRORS='yes' must be True or False"):
        kit.init_app(_app(kit, framework, CONTRACTKIT_JSON_ERRORS="yes"))
