"""A Quart app's contract: async views, blueprints, class-based views, websockets, streams.

The app is ``quart_app.py``, written as Quart's own examples write theirs; the
behaviour Flask and Quart share is tested on both by the ``framework`` fixture
in the runtime tests. What stays here is Quart's own: that example app passing
in strict mode, its websocket route, its async-generator stream and hypercorn
end to end. Quart's test client is driven with ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import json
import typing as t

import pytest

from contractkit.adapters import is_quart

from ..frameworks import client_of, new_app


@pytest.fixture
def todos() -> t.Any:
    from . import quart_app

    quart_app.ck.violations(quart_app.app).clear()
    return quart_app


def test_declared_answers_pass_in_strict_mode(todos: t.Any) -> None:
    client = client_of(todos.app)
    assert client.post("/echo", json={"a": "b"}).json == {"input": {"a": "b"}, "extra": True}
    created = client.post("/todos/", json={"task": "Test"})
    assert created.status_code == 201
    assert created.json["task"] == "Test"
    assert client.get("/todos/1").json == {"id": 1, "task": "Write"}
    assert client.get("/todos/7").mimetype == "application/problem+json"
    assert client.get("/quota").json == {"used": 3}
    assert client.get("/admin/stats").status_code == 200
    assert todos.ck.violations(todos.app).total == 0


def test_input_is_validated_with_the_body_awaited(todos: t.Any) -> None:
    response = client_of(todos.app).post("/todos/", json={"title": "no task"})
    assert response.status_code == 422
    assert response.json["errors"]["json"]["task"] == ["Missing data for required field."]


def test_a_body_that_breaks_its_schema_is_refused(todos: t.Any) -> None:
    todos.TODOS[99] = {}
    response = client_of(todos.app).get("/todos/99")
    assert response.status_code == 500
    assert response.json["violation"] == "invalid-body"


def test_an_undeclared_code_in_a_blueprint_is_refused(todos: t.Any) -> None:
    response = client_of(todos.app).get("/admin/stats?broken=1")
    assert (response.status_code, response.json["returned_status"]) == (500, 299)
    assert response.json["endpoint"] == "admin.stats"


def test_abort_of_a_custom_code_falls_back_when_asked(todos: t.Any) -> None:
    client = client_of(todos.app)
    plain = client.post("/todos/", json={"task": "one too many"})
    assert plain.status_code == 461
    fallback = client.post(
        "/todos/", json={"task": "one too many"}, headers={"Prefer": "status-fallback"}
    )
    assert fallback.status_code == 429
    assert fallback.headers["Contract-Original-Status"] == "461"
    assert fallback.headers["Preference-Applied"] == "status-fallback"
    assert fallback.headers["Vary"] == "Prefer"
    assert todos.ck.violations(todos.app).total == 0


def test_a_stream_has_its_status_checked_and_its_body_left_unbuffered(todos: t.Any) -> None:
    response = client_of(todos.app).get("/ticks")
    assert response.data == b"tick 0\ntick 1\ntick 2\n"
    assert todos.ck.violations(todos.app).total == 0


def test_a_websocket_route_is_no_operation(todos: t.Any) -> None:
    spec = todos.ck.spec(todos.app)
    assert "/ws" not in spec["paths"]
    assert set(spec["paths"]) == {
        "/echo",
        "/todos/",
        "/todos/{todo_id}",
        "/ticks",
        "/quota",
        "/admin/stats",
    }

    async def talk() -> str:
        async with todos.app.test_client().websocket("/ws") as socket:
            await socket.send("hello")
            return t.cast(str, await socket.receive())

    assert asyncio.run(talk()) == "hello"
    assert todos.ck.violations(todos.app).total == 0


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/openapi.json", "application/json"),
        ("/openapi.yaml", "application/yaml"),
        ("/docs/", "text/html"),
        ("/docs/contractkit-docs.css", "text/css"),
    ],
)
def test_the_document_and_docs_page_are_served(todos: t.Any, path: str, media_type: str) -> None:
    response = client_of(todos.app).get(path)
    assert (response.status_code, response.mimetype) == (200, media_type)


def test_the_served_document_names_the_custom_code(todos: t.Any) -> None:
    spec = json.loads(client_of(todos.app).get("/openapi.json").data)
    assert spec["info"]["title"] == "Todos"
    assert spec["x-status-codes"]["461"]["phrase"] == "Quota Exceeded"
    assert "461" in spec["paths"]["/todos/"]["post"]["responses"]


def test_apps_are_told_apart_by_type_without_importing_quart() -> None:
    assert is_quart(new_app("quart", "q"))
    assert not is_quart(new_app("flask", "f"))


@pytest.mark.slow
def test_under_hypercorn_every_answer_is_checked_and_the_fallback_still_speaks(
    todos: t.Any,
) -> None:
    import httpx

    from ..servers import serving_hypercorn

    with serving_hypercorn(todos.app) as url, httpx.Client(base_url=url) as client:
        assert client.get("/todos/1").json() == {"id": 1, "task": "Write"}
        refused = client.get("/admin/stats", params={"broken": "1"})
        assert (refused.status_code, refused.json()["returned_status"]) == (500, 299)
        quota = client.post("/todos/", json={"task": "one too many"})
        assert quota.status_code == 461
        fallback = client.post(
            "/todos/", json={"task": "one too many"}, headers={"Prefer": "status-fallback"}
        )
        assert (fallback.status_code, fallback.headers["Contract-Original-Status"]) == (429, "461")
        assert client.get("/ticks").text == "tick 0\ntick 1\ntick 2\n"
        assert client.get("/openapi.json").json()["info"]["title"] == "Todos"
    assert todos.ck.violations(todos.app).total == 1  # the 299 only
