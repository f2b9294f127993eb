"""responds(methods=...), accepts(methods=...), response headers and form input."""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask
from marshmallow import Schema, fields

from contractkit import ContractKit, DeclarationError, accepts, responds

from ..frameworks import client_of, new_app, web_of


class LoginSchema(Schema):
    username = fields.String(required=True)
    tags = fields.List(fields.String())


class ItemSchema(Schema):
    id = fields.Integer(required=True)


@pytest.fixture(params=["3.1.0", "3.0.3"])
def openapi_version(request: pytest.FixtureRequest) -> str:
    return t.cast(str, request.param)


def _login_app(
    kit: ContractKit, *, openapi_version: str = "3.1.0", framework: str = "flask"
) -> Flask:
    app: Flask = new_app(framework, "login")
    web = web_of(app)
    request, redirect = web.request, web.redirect
    app.config.update(CONTRACTKIT_MODE="strict", CONTRACTKIT_OPENAPI_VERSION=openapi_version)

    @app.route("/login", methods=("GET", "POST"))
    @responds(200, content_type="text/html", methods=["GET"])
    @accepts(LoginSchema, location="form", methods=["POST"])
    @responds(
        302, methods=["POST"], headers={"Location": {"description": "Home.", "required": True}}
    )
    def login(form: dict[str, t.Any] | None = None) -> t.Any:
        if request.method == "POST":
            assert form is not None
            if "no-location" in request.args:
                return "", 302
            return redirect(f"/home?user={form['username']}&tags={len(form.get('tags', []))}")
        return "<form method=post>...</form>"

    @app.post("/items")
    @responds(201, ItemSchema, headers={"Location": "URL of the new item"})
    def create() -> t.Any:
        return {"id": 1}, 201

    kit.init_app(app)
    return app


def test_declarations_hold_for_their_methods_only(kit: ContractKit, openapi_version: str) -> None:
    app = _login_app(kit, openapi_version=openapi_version)
    path = kit.spec(app)["paths"]["/login"]
    assert set(path["get"]["responses"]) == {"200"}
    assert "requestBody" not in path["get"]
    assert set(path["post"]["responses"]) == {"302", "422"}
    body = path["post"]["requestBody"]["content"]
    assert set(body) == {"application/x-www-form-urlencoded", "multipart/form-data"}
    html = path["get"]["responses"]["200"]["content"]["text/html"]
    assert html == {"schema": {"type": "string"}}


def test_form_input_reaches_the_view_and_bad_forms_answer_422(
    kit: ContractKit, framework: str
) -> None:
    app = _login_app(kit, framework=framework)
    client = client_of(app)
    assert client.get("/login").status_code == 200
    done = client.post("/login", data={"username": "ada", "tags": ["a", "b"]})
    assert (done.status_code, done.headers["Location"]) == (302, "/home?user=ada&tags=2")
    multipart = client.post("/login", data={"username": "ada"}, content_type="multipart/form-data")
    assert multipart.status_code == 302
    missing = client.post("/login", data={"tags": "a"})
    assert (missing.status_code, missing.mimetype) == (422, "application/problem+json")
    errors = missing.json["errors"]  # type: ignore[index]
    assert errors == {"form": {"username": ["Missing data for required field."]}}
    as_json = client.post("/login", json={"username": "ada"})
    assert as_json.status_code == 422
    assert kit.violations(app).total == 0


def test_headers_are_published(kit: ContractKit) -> None:
    spec = kit.spec(_login_app(kit))
    created = spec["paths"]["/items"]["post"]["responses"]["201"]
    assert created["headers"] == {
        "Location": {"description": "URL of the new item", "schema": {"type": "string"}}
    }
    moved = spec["paths"]["/login"]["post"]["responses"]["302"]
    assert moved["headers"]["Location"]["required"] is True


def test_a_header_schema_edited_after_declaring_changes_nothing(kit: ContractKit) -> None:
    schema: dict[str, t.Any] = {"type": "array", "items": {"type": "integer"}}
    app = Flask(__name__)

    @app.get("/count")
    @responds(200, headers={"X-Count": {"description": "How many.", "schema": schema}})
    def count() -> str:
        return ""

    schema["items"]["type"] = "string"
    kit.init_app(app)
    published = kit.spec(app)["paths"]["/count"]["get"]["responses"]["200"]["headers"]
    assert published["X-Count"]["schema"] == {"type": "array", "items": {"type": "integer"}}


def test_a_missing_required_header_is_a_violation(kit: ContractKit, framework: str) -> None:
    app = _login_app(kit, framework=framework)
    response = client_of(app).post("/login?no-location", data={"username": "ada"})
    assert response.status_code == 500
    assert response.json["violation"] == "missing-header"  # type: ignore[index]
    assert "Location" in response.json["detail"]  # type: ignore[index]


def test_a_method_the_route_does_not_serve_is_an_error(kit: ContractKit) -> None:
    app = Flask("typo")

    @app.get("/page")
    @responds(200, content_type="text/html", methods=["GET"])
    @responds(302, methods=["PSOT"])
    def page() -> t.Any:
        return "page"

    kit.init_app(app)
    with pytest.raises(DeclarationError, match=r"methods=\['PSOT'\].*serves GET"):
        kit.contract(app)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"methods": "POST"}, "must be a list of HTTP methods"),
        ({"methods": []}, "holds for no method"),
        ({"headers": ["Location"]}, "must map header names"),
        ({"headers": {"Bad Name": "x"}}, "is not a header name"),
        ({"headers": {"Location": {"desc": "x"}}}, "must map header names"),
        ({"headers": {"Location": {"description": " "}}}, "has no description"),
        ({"headers": {"Location": {"description": "x", "required": "yes"}}}, "a bool"),
        (
            {"headers": {"Retry-After": {"description": "x", "schema": {"maximum": float("inf")}}}},
            "schema of header 'Retry-After' must be JSON",
        ),
        ({"content_type": "csv"}, "must be a media type"),
    ],
)
def test_bad_responds_arguments_fail_early(kwargs: dict[str, t.Any], message: str) -> None:
    with pytest.raises(DeclarationError, match=message):
        responds(200, **kwargs)


def test_one_code_split_by_method_is_no_conflict() -> None:
    def view() -> None: ...

    responds(200, ItemSchema, methods=["GET"])(view)
    responds(200, LoginSchema, methods=["POST"])(view)
    with pytest.raises(DeclarationError, match="declared twice"):
        responds(200, LoginSchema)(view)


def test_bodies_without_schema_follow_the_versions_binary_convention(
    kit: ContractKit, openapi_version: str
) -> None:
    app = Flask("files")
    app.config["CONTRACTKIT_OPENAPI_VERSION"] = openapi_version

    @app.get("/report.pdf")
    @responds(200, content_type="application/pdf")
    @responds(200, content_type="text/csv")
    def report() -> t.Any: ...

    kit.init_app(app)
    content = kit.spec(app)["paths"]["/report.pdf"]["get"]["responses"]["200"]["content"]
    assert content["text/csv"] == {"schema": {"type": "string"}}
    binary = (
        {} if openapi_version == "3.1.0" else {"schema": {"type": "string", "format": "binary"}}
    )
    assert content["application/pdf"] == binary
