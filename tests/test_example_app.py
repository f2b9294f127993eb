"""The example API answers every status code it declares, and only those.

The suite runs with ``--contract-coverage`` on the example app, and CI
requires 100% of its declared codes: a code added to the contract needs a
test here that makes the app answer it.
"""

from __future__ import annotations

import typing as t
import urllib.request

import pytest
from flask import Flask, request
from flask.testing import FlaskClient

from contractkit.state import app_state
from example_app import create_app


def _status(client: FlaskClient, method: str, url: str, body: t.Any = None) -> int:
    return client.open(url, method=method, json=body).status_code


# -- items -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"), [("/items", 200), ("/items?limit=2", 200), ("/items?limit=0", 400)]
)
def test_list_items(client: FlaskClient, url: str, status: int) -> None:
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"name": "Kettle", "price": 20}, 201),
        ({"name": "Teapot", "price": 1}, 409),
        ({"name": "Kettle"}, 400),
        ({"name": "Kettle", "price": -1}, 400),
    ],
)
def test_create_item(client: FlaskClient, body: dict[str, t.Any], status: int) -> None:
    response = client.post("/items", json=body)
    assert response.status_code == status
    if status == 201:
        assert response.headers["Location"] == f"/items/{response.json['id']}"  # type: ignore[index]


def test_get_item(client: FlaskClient) -> None:
    assert client.get("/items/1").json == {"id": 1, "name": "Teapot", "price": 12.5}
    missing = client.get("/items/99")
    assert missing.status_code == 404
    assert missing.json["status"] == 404  # type: ignore[index]


def test_delete_item(client: FlaskClient) -> None:
    assert client.delete("/items/1").status_code == 204
    assert client.delete("/items/1").status_code == 404
    assert client.get("/items/1").status_code == 404


# -- jobs ------------------------------------------------------------------------


def _start_job(client: FlaskClient) -> int:
    response = client.post("/jobs", json={"kind": "export"})
    assert response.status_code == 202
    return t.cast(int, response.json["id"])  # type: ignore[index]


def test_job_lifecycle(app: Flask, client: FlaskClient) -> None:
    job_id = _start_job(client)
    assert client.get(f"/jobs/{job_id}").status_code == 202  # still queued
    # The worker that runs jobs is not part of the example; finish the job as it would.
    app.extensions["example_jobs"][job_id]["state"] = "done"
    finished = client.get(f"/jobs/{job_id}")
    assert finished.status_code == 200
    assert finished.json["state"] == "done"  # type: ignore[index]


def test_cancelled_job_answers_499(client: FlaskClient) -> None:
    job_id = _start_job(client)
    assert client.delete(f"/jobs/{job_id}").status_code == 204
    cancelled = client.get(f"/jobs/{job_id}")
    assert cancelled.status == "499 Client Closed Request"
    assert cancelled.json["status"] == 499  # type: ignore[index]


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_unknown_job(client: FlaskClient, method: str) -> None:
    assert _status(client, method, "/jobs/99") == 404


def test_invalid_job_request(client: FlaskClient) -> None:
    assert client.post("/jobs", json={"kind": "mine bitcoin"}).status_code == 400


def test_full_queue_answers_503() -> None:
    client = create_app({"TESTING": True, "EXAMPLE_JOB_QUEUE_CAPACITY": 1}).test_client()
    _start_job(client)
    full = client.post("/jobs", json={"kind": "reindex"})
    assert full.status_code == 503
    assert full.headers["Retry-After"] == "30"


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [("POST", "/jobs", {"kind": "export"}), ("GET", "/jobs/1", None), ("DELETE", "/jobs/1", None)],
)
def test_paused_queue_answers_503(method: str, url: str, body: t.Any) -> None:
    app = create_app({"TESTING": True, "EXAMPLE_JOBS_PAUSED": True})
    app.extensions["example_jobs"][1] = {"id": 1, "kind": "export", "state": "queued"}
    response = app.test_client().open(url, method=method, json=body)
    assert response.status_code == 503
    assert response.json["detail"] == "The job queue is paused for maintenance."  # type: ignore[index]


# -- reports, custom codes and search ---------------------------------------------


def test_custom_code(client: FlaskClient) -> None:
    response = client.get("/custom")
    assert response.status == "299 Completed With Warnings"


@pytest.mark.parametrize(("name", "status"), [("daily", 200), ("weekly", 299)])
def test_reports(client: FlaskClient, name: str, status: int) -> None:
    response = client.get(f"/reports/{name}")
    assert response.status_code == status
    assert bool(response.json["warnings"]) == (status == 299)  # type: ignore[index]


def test_unknown_report_answers_404(client: FlaskClient) -> None:
    response = client.get("/reports/monthly")
    assert response.status_code == 404
    assert response.json["title"] == "Not Found"  # type: ignore[index]


def test_method_not_allowed_keeps_its_allow_header(client: FlaskClient) -> None:
    # RFC 9110 §15.5.6: a 405 lists the methods the resource supports.
    response = client.open("/reports/daily", method="TRACE")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    # contractkit's JSON errors, not a handler of the app's own.
    assert response.mimetype == "application/problem+json"


def test_a_path_the_converter_rejects_answers_documented_problem_json(
    app: Flask, client: FlaskClient
) -> None:
    response = client.get("/items/-1")  # <int:item_id> takes no sign: the router answers
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    documented = app_state(app).documents().spec["paths"]["/items/{item_id}"]["get"]
    assert "application/problem+json" in documented["responses"]["404"]["content"]


def test_search(client: FlaskClient) -> None:
    response = client.get("/search?q=tea")
    assert response.status_code == 200
    assert [item["name"] for item in response.json["matches"]] == ["Teapot"]  # type: ignore[index]
    assert client.get("/search").status_code == 400


def test_search_limit_answers_460() -> None:
    client = create_app({"TESTING": True, "EXAMPLE_SEARCH_CALLS_PER_HOUR": 1}).test_client()
    assert client.get("/search?q=tea").status_code == 200
    limited = client.get("/search?q=tea")
    assert limited.status == "460 Tier Limit Exceeded"
    assert 0 < int(limited.headers["Retry-After"]) <= 3600


@pytest.mark.slow
def test_live_server_answers_head_and_get(live_url: str) -> None:
    head = urllib.request.Request(live_url + "/items/1", method="HEAD")
    with urllib.request.urlopen(head) as response:
        assert response.status == 200
        assert response.read() == b""
    with urllib.request.urlopen(live_url + "/reports/weekly") as response:
        assert response.status == 299


# -- unexpected failures -----------------------------------------------------------

#: One valid request per operation: they reach the view, so a failure there answers 500.
VALID_REQUESTS: list[tuple[str, str, t.Any]] = [
    ("GET", "/items", None),
    ("POST", "/items", {"name": "Kettle", "price": 20}),
    ("GET", "/items/1", None),
    ("DELETE", "/items/1", None),
    ("POST", "/jobs", {"kind": "export"}),
    ("GET", "/jobs/1", None),
    ("DELETE", "/jobs/1", None),
    ("GET", "/custom", None),
    ("GET", "/reports/daily", None),
    ("GET", "/search?q=tea", None),
]


def test_valid_requests_reach_every_operation(app: Flask) -> None:
    reached = set()
    for method, url, _ in VALID_REQUESTS:
        with app.test_request_context(url, method=method):
            reached.add((request.endpoint, method))
    assert reached == set(app_state(app).contract().by_endpoint)


@pytest.mark.parametrize(("method", "url", "body"), VALID_REQUESTS)
def test_unexpected_errors_answer_500(method: str, url: str, body: t.Any) -> None:
    # Without TESTING, Flask turns the exception into a 500 as in production.
    app = create_app({"PROPAGATE_EXCEPTIONS": False})
    app.extensions["example_jobs"][1] = {"id": 1, "kind": "export", "state": "queued"}

    @app.before_request
    def database_down() -> None:
        raise ConnectionError("the database went away")

    app.logger.disabled = True  # Flask logs the traceback; the test expects it
    response = app.test_client().open(url, method=method, json=body)
    assert response.status_code == 500
    problem = response.json
    assert problem is not None  # contractkit's problem+json, as the 500 is declared
    assert (problem["title"], problem["status"]) == ("Internal Server Error", 500)
