"""The stub reads parameters and form bodies as the document says they are sent, and checks them."""

from __future__ import annotations

import threading
import typing as t
from collections.abc import Iterator

import httpx
import pytest
from werkzeug.serving import make_server
from werkzeug.test import Client

from contractkit import ClientContract
from contractkit.mock import app

UUID = "0b7f1c52-4a8e-4d3e-9a55-0d6f5f7b9e21"
PROBLEM = {"application/problem+json": {"schema": {"type": "object", "required": ["errors"]}}}
ANSWERS = {
    "200": {"description": "Found.", "content": {"application/json": {"example": {"ok": True}}}},
    "422": {"description": "Invalid input.", "content": PROBLEM},
}


def _query(name: str, schema: dict[str, t.Any], **more: t.Any) -> dict[str, t.Any]:
    return {"name": name, "in": "query", "schema": schema, **more}


INTEGERS = {"type": "array", "items": {"type": "integer"}}
DOCUMENT: dict[str, t.Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Inputs", "version": "1"},
    "paths": {
        "/search": {
            "get": {
                "parameters": [
                    _query("q", {"type": "string", "minLength": 2}, required=True),
                    _query("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
                    _query("kind", {"type": "string", "enum": ["cat", "dog"]}),
                    _query("ids", INTEGERS),
                    _query("csv", {**INTEGERS, "maxItems": 2}, explode=False),
                    _query("spaced", INTEGERS, style="spaceDelimited", explode=False),
                    _query("piped", INTEGERS, style="pipeDelimited", explode=False),
                    _query(
                        "filter",
                        {
                            "type": "object",
                            "properties": {
                                "color": {"type": "string", "enum": ["red", "blue"]},
                                "size": {"type": "integer"},
                            },
                        },
                        style="deepObject",
                        explode=True,
                    ),
                    {
                        "name": "where",
                        "in": "query",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"a": {"type": "integer"}},
                                }
                            }
                        },
                    },
                    {
                        "name": "X-Request-Id",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string", "format": "uuid"},
                    },
                    {"name": "session", "in": "cookie", "schema": {"type": "integer"}},
                ],
                "responses": ANSWERS,
            }
        },
        "/items/{item_id}": {
            "get": {
                "parameters": [
                    {
                        "name": "item_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "format": "int32"},
                    }
                ],
                "responses": ANSWERS,
            }
        },
        "/colors/{colors}": {
            "get": {
                "parameters": [
                    {
                        "name": "colors",
                        "in": "path",
                        "required": True,
                        "style": "label",
                        "explode": True,
                        "schema": {"type": "array", "items": {"enum": ["red", "blue"]}},
                    }
                ],
                "responses": ANSWERS,
            }
        },
        "/days/{day}": {
            "get": {
                "parameters": [
                    {
                        "name": "day",
                        "in": "path",
                        "required": True,
                        "style": "matrix",
                        "schema": {"type": "string", "format": "date"},
                    }
                ],
                "responses": ANSWERS,
            }
        },
        "/points/{ids}": {
            "get": {
                "parameters": [
                    {
                        "name": "ids",
                        "in": "path",
                        "required": True,
                        "style": "matrix",
                        "explode": True,
                        "schema": INTEGERS,
                    }
                ],
                "responses": ANSWERS,
            }
        },
        "/forms": {
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string", "minLength": 2},
                                    "age": {"type": "integer", "minimum": 0},
                                    "tags": INTEGERS,
                                },
                                "additionalProperties": False,
                            },
                            "encoding": {"tags": {"style": "form", "explode": False}},
                        },
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["name", "file"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "file": {"type": "string", "format": "binary"},
                                    "meta": {
                                        "type": "object",
                                        "properties": {"a": {"type": "integer"}},
                                    },
                                },
                            },
                            "encoding": {"meta": {"contentType": "application/json"}},
                        },
                    },
                },
                "responses": ANSWERS,
            }
        },
    },
}
HEADERS = {"X-Request-Id": UUID}


@pytest.fixture(scope="module")
def client() -> Client:
    return Client(app(DOCUMENT))


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/search?q=tea", HEADERS),
        ("/search?q=tea&limit=100&kind=dog", HEADERS),
        ("/search?q=tea&limit=ten&limit=5", HEADERS),  # the last value, as connexion reads it
        ("/search?q=tea&ids=1&ids=2&csv=1,2&spaced=1%202&piped=1|2", HEADERS),
        ("/search?q=tea&filter[color]=red&filter[size]=3", HEADERS),
        ('/search?q=tea&where={"a":1}', HEADERS),
        ("/search?q=tea", {**HEADERS, "Cookie": "session=42"}),
        ("/items/2147483647", {}),
        ("/colors/.red.blue", {}),
        ("/days/;day=2026-12-08", {}),
        ("/points/;ids=1;ids=2", {}),
    ],
)
def test_valid_parameters_are_answered(client: Client, url: str, headers: dict[str, str]) -> None:
    response = _get(client, url, headers)
    assert response.status_code == 200, response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "headers", "location", "name", "message"),
    [
        ("/search", HEADERS, "query", "q", "is required"),
        ("/search?q=t", HEADERS, "query", "q", "shorter than 2"),
        ("/search?q=tea&limit=ten", HEADERS, "query", "limit", 'not of type "integer"'),
        ("/search?q=tea&limit=0", HEADERS, "query", "limit", "less than the minimum of 1"),
        ("/search?q=tea&limit=5&limit=ten", HEADERS, "query", "limit", "integer"),
        ("/search?q=tea&kind=cow", HEADERS, "query", "kind", "not one of"),
        ("/search?q=tea&ids=1&ids=x", HEADERS, "query", "ids", 'at /1: not of type "integer"'),
        ("/search?q=tea&csv=1,2,3", HEADERS, "query", "csv", "more than 2 items"),
        ("/search?q=tea&spaced=1%20x", HEADERS, "query", "spaced", "at /1"),
        ("/search?q=tea&piped=1|x", HEADERS, "query", "piped", "at /1"),
        ("/search?q=tea&filter[color]=green", HEADERS, "query", "filter", "at /color"),
        ("/search?q=tea&filter[size]=big", HEADERS, "query", "filter", "at /size"),
        ("/search?q=tea&where={", HEADERS, "query", "where", "is not JSON text"),
        ('/search?q=tea&where={"a":"b"}', HEADERS, "query", "where", "at /a"),
        ("/search?q=tea&where=" + "[" * 100_000, HEADERS, "query", "where", "is not JSON text"),
        ("/search?q=tea&limit=" + "9" * 5000, HEADERS, "query", "limit", "more than 4300 digits"),
        ("/search?q=tea", {}, "header", "X-Request-Id", "is required"),
        ("/search?q=tea", {"X-Request-Id": "42"}, "header", "X-Request-Id", "not a uuid"),
        ("/search?q=tea", {**HEADERS, "Cookie": "session=x"}, "cookie", "session", "integer"),
        ("/items/abc", {}, "path", "item_id", 'not of type "integer"'),
        ("/items/2147483648", {}, "path", "item_id", "outside the range of int32"),
        ("/colors/red", {}, "path", "colors", "label style"),
        ("/colors/.red.green", {}, "path", "colors", "at /1"),
        ("/days/2026-12-08", {}, "path", "day", "matrix style"),
        ("/days/;day=tomorrow", {}, "path", "day", "not a date"),
        ("/points/;ids=1;ids=x", {}, "path", "ids", 'at /1: not of type "integer"'),
    ],
)
def test_invalid_parameters_are_the_contracts_input_error(
    client: Client, url: str, headers: dict[str, str], location: str, name: str, message: str
) -> None:
    response = _get(client, url, headers)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    (found,) = response.json["errors"][location][name]
    assert message in found
    assert f"the {location} parameter {name} " in response.json["detail"]


def _get(client: Client, url: str, headers: dict[str, str]) -> t.Any:
    """``GET url``; werkzeug's test client sends cookies from its jar, not from a header."""
    cookie = headers.get("Cookie")
    if cookie is not None:
        client = Client(client.application)
        client.set_cookie(*cookie.split("="))
        headers = {name: value for name, value in headers.items() if name != "Cookie"}
    return client.get(url, headers=headers)


@pytest.mark.parametrize(
    ("data", "content_type", "problem"),
    [
        ({"name": "Ann", "age": "3", "tags": "1,2"}, None, None),
        ({"name": "A"}, None, "at /name: shorter than 2"),
        ({"name": "Ann", "age": "old"}, None, 'at /age: not of type "integer"'),
        ({"name": "Ann", "tags": "1,x"}, None, "at /tags/1"),
        ({"name": "Ann", "colour": "red"}, None, 'property "colour" is not declared'),
        ({"age": "3"}, None, 'required property "name" is missing'),
        ({"name": "Ann", "file": (b"\x00", "a.bin")}, "multipart/form-data", None),
        (
            {"name": "Ann", "file": (b"\x00", "a.bin"), "meta": '{"a": 1}'},
            "multipart/form-data",
            None,
        ),
        (
            {"name": "Ann", "file": (b"\x00", "a.bin"), "meta": '{"a": "b"}'},
            "multipart/form-data",
            'at /meta/a: not of type "integer"',
        ),
        (
            {"name": "Ann", "file": (b"\x00", "a.bin"), "meta": "{"},
            "multipart/form-data",
            "at /meta: is not JSON text",
        ),
        ({"name": "Ann"}, "multipart/form-data", 'required property "file" is missing'),
        (None, "text/plain", "is sent as text/plain, which the operation does not accept"),
    ],
)
def test_form_bodies_are_read_as_their_schema_says(
    client: Client, data: dict[str, t.Any] | None, content_type: str | None, problem: str | None
) -> None:
    if data is None:
        response = client.post("/forms", data="name=Ann", content_type=content_type)
    else:
        response = client.post("/forms", data=data, content_type=content_type)
    if problem is None:
        assert response.status_code == 200, response.get_data(as_text=True)
        return
    assert response.status_code == 422
    (found,) = response.json["errors"]["form" if content_type != "text/plain" else "json"][
        "_schema"
    ]
    assert problem in found


SWAGGER2: dict[str, t.Any] = {
    "swagger": "2.0",
    "info": {"title": "Two", "version": "1"},
    "paths": {
        "/list/{ids}": {
            "get": {
                "parameters": [
                    {
                        "name": "ids",
                        "in": "path",
                        "required": True,
                        "type": "array",
                        "items": {"type": "integer"},
                    },
                    *(
                        {
                            "name": fmt,
                            "in": "query",
                            "type": "array",
                            "items": {"type": "integer"},
                            "collectionFormat": fmt,
                        }
                        for fmt in ("csv", "ssv", "tsv", "pipes", "multi")
                    ),
                ],
                "responses": {"200": {"description": "Listed."}, "400": {"description": "Bad."}},
            }
        }
    },
}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/list/1,2", 200),
        ("/list/1,x", 400),
        ("/list/1?csv=1,2&ssv=1%202&tsv=1%092&pipes=1|2&multi=1&multi=2", 200),
        ("/list/1?csv=1,x", 400),
        ("/list/1?ssv=1%20x", 400),
        ("/list/1?tsv=1%09x", 400),
        ("/list/1?pipes=1|x", 400),
        ("/list/1?multi=1&multi=x", 400),
    ],
)
def test_swagger2_collection_formats(url: str, status: int) -> None:
    response = Client(app(SWAGGER2)).get(url)
    assert response.status_code == status, response.get_data(as_text=True)


def _covering(responses: dict[str, t.Any]) -> dict[str, t.Any]:
    limit = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Covering", "version": "1"},
        "paths": {
            "/items/{n}": {
                "get": {
                    "parameters": [
                        {
                            "name": "n",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        limit,
                    ],
                    "responses": responses,
                }
            }
        },
    }
    return document


@pytest.mark.parametrize("key", ["4XX", "default"])
def test_a_range_or_default_response_answers_invalid_input_with_422(key: str) -> None:
    document = _covering(
        {"200": ANSWERS["200"], key: {"description": "Error.", "content": PROBLEM}}
    )
    response = Client(app(document)).get("/items/x")
    assert response.status_code == 422
    assert response.json["errors"]["path"]["n"]
    ClientContract(document).check(_httpx(response.status_code, response))


def test_no_response_for_an_invalid_path_is_flasks_404() -> None:
    missing = {"description": "No such item.", "content": PROBLEM}
    document = _covering({"200": ANSWERS["200"], "404": missing})
    response = Client(app(document)).get("/items/x")
    assert response.status_code == 404
    assert response.json["errors"]["path"]["n"]
    ClientContract(document).check(_httpx(404, response))


def test_an_input_error_declared_without_a_body_is_sent_without_one() -> None:
    document = _covering({"200": ANSWERS["200"], "400": {"description": "Bad input."}})
    response = Client(app(document)).get("/items/x")
    assert response.status_code == 400
    assert response.get_data() == b""
    ClientContract(document).check(_httpx(400, response))


def test_no_response_for_invalid_input_is_the_strict_servers_500() -> None:
    document = _covering({"200": ANSWERS["200"]})
    response = Client(app(document)).get("/items/1?limit=x")
    assert response.status_code == 500
    assert response.json["violation"] == "undeclared-status"
    assert response.json["returned_status"] == 422
    assert response.json["declared_statuses"] == [200]
    assert "declares no response for invalid input" in response.json["detail"]


def _httpx(status: int, response: t.Any) -> httpx.Response:
    return httpx.Response(
        status,
        headers=dict(response.headers),
        content=response.get_data(),
        request=httpx.Request("GET", "http://stub/items/x"),
    )


@pytest.fixture
def served() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app(DOCUMENT), threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.mark.slow  # a real server on 127.0.0.1
def test_inputs_are_checked_by_a_served_stub(served: str) -> None:
    contract = ClientContract(DOCUMENT)
    with httpx.Client(base_url=served, event_hooks={"response": [contract.check]}) as http:
        assert http.get("/items/7").status_code == 200
        refused = http.get("/items/seven")
        assert refused.status_code == 422
        assert refused.json()["errors"]["path"]["item_id"]
        assert http.get("/search?q=tea&ids=1&ids=2", headers=HEADERS).status_code == 200
        assert http.get("/search?q=tea&ids=x", headers=HEADERS).status_code == 422
        form = http.post("/forms", data={"name": "Ann", "tags": "1,2"})
        assert form.status_code == 200
        assert http.post("/forms", data={"name": "Ann", "tags": "1,y"}).status_code == 422
