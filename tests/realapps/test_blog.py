"""The tutorial-style blog in strict mode: pages, forms, redirects, per-method contracts."""

from __future__ import annotations

from flask.testing import FlaskClient

from contractkit.lint.linter import lint_app

from . import blog
from .coverage import run_covered


def _client(*, logged_in_as: str | None = None) -> FlaskClient:
    client = blog.create_app().test_client()
    if logged_in_as is not None:
        client.post("/auth/register", data={"username": logged_in_as, "password": "pw"})
        client.post("/auth/login", data={"username": logged_in_as, "password": "pw"})
    return client


def test_register_and_log_in() -> None:
    client = _client()
    assert client.get("/auth/register").mimetype == "text/html"
    done = client.post("/auth/register", data={"username": "ada", "password": "pw"})
    assert (done.status_code, done.headers["Location"]) == (302, "/auth/login")
    again = client.post("/auth/register", data={"username": "ada", "password": "pw"})
    assert b"already registered" in again.data
    assert client.get("/auth/login").status_code == 200
    wrong = client.post("/auth/login", data={"username": "ada", "password": "nope"})
    assert (wrong.status_code, wrong.mimetype) == (200, "text/html")
    assert client.post("/auth/login", data={"username": "ada", "password": "pw"}).status_code == 302
    assert client.get("/auth/logout").headers["Location"] == "/"


def test_incomplete_forms_answer_422() -> None:
    client = _client(logged_in_as="ada")
    client.post("/create", data={"title": "First"})
    for path in ("/auth/register", "/auth/login", "/create", "/1/update"):
        response = client.post(path, data={"other": "field"})
        assert (response.status_code, response.mimetype) == (422, "application/problem+json"), path


def test_posts_are_written_edited_and_deleted_by_their_author() -> None:
    client = _client(logged_in_as="ada")
    assert client.get("/create").status_code == 200
    assert client.post("/create", data={"title": "First", "body": "Hi"}).status_code == 302
    assert b"First" in client.get("/").data
    assert client.get("/1/update").status_code == 200
    assert client.post("/1/update", data={"title": "Edited"}).status_code == 302
    assert client.post("/1/delete").status_code == 302


def test_others_posts_are_forbidden_and_missing_ones_not_found() -> None:
    client = _client(logged_in_as="ada")
    client.post("/create", data={"title": "Ada's"})
    client.get("/auth/logout")
    client.post("/auth/register", data={"username": "bob", "password": "pw"})
    client.post("/auth/login", data={"username": "bob", "password": "pw"})
    assert client.get("/1/update").status_code == 403
    assert client.post("/1/update", data={"title": "Bob's now"}).status_code == 403
    assert client.post("/1/delete").status_code == 403
    missing = client.get("/9/update")
    assert (missing.status_code, missing.mimetype) == (404, "text/html")
    assert client.post("/9/update", data={"title": "x"}).status_code == 404
    assert client.post("/9/delete").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    client = _client()
    # Declared input is validated before the view, and so before login_required runs.
    form = {"title": "Anonymous"}
    for method, path in [
        ("GET", "/create"),
        ("POST", "/create"),
        ("GET", "/1/update"),
        ("POST", "/1/update"),
        ("POST", "/1/delete"),
    ]:
        response = client.open(path, method=method, data=form)
        assert response.headers["Location"] == "/auth/login", path


SCENARIO = [
    test_register_and_log_in,
    test_incomplete_forms_answer_422,
    test_posts_are_written_edited_and_deleted_by_their_author,
    test_others_posts_are_forbidden_and_missing_ones_not_found,
    test_anonymous_visitors_are_sent_to_log_in,
]


def test_the_tests_cover_the_whole_contract_without_a_violation() -> None:
    run_covered(blog.NAME, SCENARIO)


def test_lint_finds_nothing() -> None:
    report = lint_app(blog.create_app())
    assert (report.undeclared, report.skipped) == ([], [])


def test_get_declares_its_page_and_post_its_redirect() -> None:
    spec = blog.ck.spec(blog.create_app())
    login = spec["paths"]["/auth/login"]
    assert set(login["get"]["responses"]) == {"200"}
    assert set(login["post"]["responses"]) == {"200", "302", "422"}
    assert "application/x-www-form-urlencoded" in login["post"]["requestBody"]["content"]
