"""The flask-smorest app in strict mode: every declared code answered, nothing undeclared."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from contractkit.lint.linter import lint_app
from contractkit.state import app_state

from . import stores_api
from .coverage import run_covered


def _client() -> FlaskClient:
    return stores_api.create_app().test_client()


def test_stores_are_created_listed_and_closed() -> None:
    client = _client()
    created = client.post("/stores", json={"name": "Corner"})
    assert (created.status_code, created.headers["Location"]) == (201, "/stores/1")
    assert client.get("/stores").json == [{"id": 1, "name": "Corner"}]
    assert client.get("/stores/1").json == {"id": 1, "name": "Corner"}
    assert client.post("/stores/1/export").json == {"store_id": 1, "state": "queued"}
    assert client.delete("/stores/1").status_code == 204


def test_get_or_404_and_smorest_abort_answer_declared_codes() -> None:
    client = _client()
    assert client.get("/stores/9").status_code == 404
    assert client.delete("/stores/9").status_code == 404
    assert client.post("/stores/9/export").status_code == 404
    client.post("/stores", json={"name": "Corner"})
    taken = client.post("/stores", json={"name": "Corner"})
    assert taken.status_code == 409
    assert taken.json["message"] == "A store with that name already exists."  # type: ignore[index]


def test_the_custom_code_goes_through_smorest_abort() -> None:
    client = _client()
    for number in range(stores_api.STORE_LIMIT):
        assert client.post("/stores", json={"name": f"store {number}"}).status_code == 201
    refused = client.post("/stores", json={"name": "one too many"})
    assert refused.status == "460 Tier Limit Exceeded"
    assert refused.json["status"] == "Tier Limit Exceeded"  # type: ignore[index]


def test_bad_input_and_unexpected_errors() -> None:
    client = _client()
    assert client.post("/stores", json={}).status_code == 422
    app = stores_api.create_app()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.logger.disabled = True
    with app.app_context():
        stores_api.db.drop_all()  # the database lost its tables
    broken = app.test_client()
    for method, path in [
        ("GET", "/stores"),
        ("POST", "/stores"),
        ("GET", "/stores/1"),
        ("DELETE", "/stores/1"),
        ("POST", "/stores/1/export"),
    ]:
        assert broken.open(path, method=method, json={"name": "x"}).status_code == 500, path


def test_smorest_docs_are_no_operations() -> None:
    client = _client()
    assert client.get("/smorest/openapi.json").json["info"]["title"] == "Stores"  # type: ignore[index]


SCENARIO = [
    test_stores_are_created_listed_and_closed,
    test_get_or_404_and_smorest_abort_answer_declared_codes,
    test_the_custom_code_goes_through_smorest_abort,
    test_bad_input_and_unexpected_errors,
    test_smorest_docs_are_no_operations,
]


def test_the_tests_cover_the_whole_contract_without_a_violation() -> None:
    run_covered(stores_api.NAME, SCENARIO)


def test_lint_finds_nothing() -> None:
    report = lint_app(stores_api.create_app())
    assert (report.undeclared, report.skipped) == ([], [])
    assert report.checked == len(app_state(stores_api.create_app()).contract().operations)


@pytest.mark.parametrize("path", ["/stores/abc", "/stores/-1"])
def test_a_path_the_converter_rejects_answers_smorest_json(path: str) -> None:
    response = _client().get(path)
    # flask-smorest's own handler answers, so no problem+json is published for it.
    assert (response.status_code, response.mimetype) == (404, "application/json")
