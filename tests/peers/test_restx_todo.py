"""flask-restx's todo API tested as its users test it, in strict mode: nothing is a violation.

The 404 is documented without a schema (``@ns.response(404, "Todo not found")``)
while ``api.abort`` answers ``{"message": ...}``: in a Swagger 2.0 document a
response without ``schema`` does not constrain its body.
"""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .peer_checks import contractkit_lines
from .restx_todo_app import create_app


@pytest.fixture
def app() -> Flask:
    return create_app({"CONTRACTKIT_MODE": "strict", "TESTING": True})


@pytest.fixture
def client(app: Flask) -> t.Iterator[FlaskClient]:
    yield app.test_client()
    # Every test below is an answer the document declares.
    assert app.extensions["contractkit"].violations.total == 0


def test_list_todos(client: FlaskClient) -> None:
    response = client.get("/todos/")
    assert response.status_code == 200
    assert [todo["task"] for todo in response.get_json()] == ["Build an API", "?????", "profit!"]


def test_create_todo(client: FlaskClient) -> None:
    response = client.post("/todos/", json={"task": "Write tests"})
    assert response.status_code == 201
    assert response.get_json() == {"id": 4, "task": "Write tests"}


def test_get_todo(client: FlaskClient) -> None:
    response = client.get("/todos/1")
    assert response.status_code == 200
    assert response.get_json() == {"id": 1, "task": "Build an API"}


def test_get_missing_todo(client: FlaskClient) -> None:
    response = client.get("/todos/42")
    assert response.status_code == 404
    assert response.get_json()["message"].startswith("Todo 42 doesn't exist")


def test_update_todo(client: FlaskClient) -> None:
    response = client.put("/todos/2", json={"task": "Profit"})
    assert response.status_code == 200
    assert response.get_json() == {"id": 2, "task": "Profit"}
    assert client.get("/todos/2").get_json()["task"] == "Profit"


def test_update_missing_todo(client: FlaskClient) -> None:
    assert client.put("/todos/42", json={"task": "x"}).status_code == 404


def test_delete_todo(client: FlaskClient) -> None:
    response = client.delete("/todos/3")
    assert response.status_code == 204
    assert client.get("/todos/3").status_code == 404


def test_delete_missing_todo(client: FlaskClient) -> None:
    assert client.delete("/todos/42").status_code == 404


def test_swagger_json_is_still_served(client: FlaskClient) -> None:
    assert client.get("/swagger.json").get_json()["swagger"] == "2.0"
    assert client.get("/").status_code == 200  # flask-restx's Swagger UI


def test_contractkit_serves_the_enforced_conversion(client: FlaskClient) -> None:
    document = client.get("/openapi.json").get_json()
    assert document["openapi"] == "3.0.3"
    responses = document["paths"]["/todos/{id}"]["get"]["responses"]
    assert responses["404"] == {"description": "Todo not found", "content": {"*/*": {}}}


def test_two_lines_besides_the_import() -> None:
    from . import restx_todo_app

    assert len(contractkit_lines(restx_todo_app)) - 1 == 2


def test_an_answer_the_document_lacks_is_a_violation(app: Flask) -> None:
    # The view returns what restx's model marshals; a status it never documented:
    # flask-restx's own 400 for a body that is not JSON.
    response = app.test_client().put(
        "/todos/1", data="not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 500
    assert "it answered 400" in response.get_json()["detail"]
