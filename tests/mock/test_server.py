"""The stub's answers: the code, body and status line each ``Prefer`` asks for."""

from __future__ import annotations

import typing as t

import jsonschema
import pytest
from werkzeug.test import Client

from contractkit.errors import SpecFileError
from contractkit.mock import app

from .conftest import PET


@pytest.fixture
def client(document: dict[str, t.Any]) -> Client:
    return Client(app(document))


def test_lowest_2xx_with_a_generated_valid_body(client: Client) -> None:
    response = client.get("/api/pets")
    assert response.status_code == 200  # 200 before 201, whatever the document's order
    assert response.content_type == "application/json"
    pets = response.json
    assert isinstance(pets, list) and pets
    for pet in pets:
        jsonschema.validate(pet, PET, format_checker=jsonschema.FormatChecker())


def test_generation_is_the_same_for_the_same_request(client: Client) -> None:
    first = client.get("/api/pets?page=1", headers={"Prefer": "dynamic=true"}).json
    assert client.get("/api/pets?page=1").json == first
    assert client.get("/api/pets?page=2").json != first


def test_another_seed_generates_other_bodies(document: dict[str, t.Any]) -> None:
    first = Client(app(document, seed=1)).get("/api/pets").json
    assert Client(app(document, seed=1)).get("/api/pets").json == first
    assert Client(app(document, seed=2)).get("/api/pets").json != first


def test_the_first_example_unless_another_is_named(client: Client) -> None:
    assert client.get("/api/pets/1").json["name"] == "Rex"
    assert client.get("/api/pets/1", headers={"Prefer": "example=tom"}).json["name"] == "Tom"


def test_unknown_example_is_a_problem_naming_the_examples(client: Client) -> None:
    response = client.get("/api/pets/1", headers={"Prefer": 'example="felix"'})
    assert response.status_code == 400
    assert response.json["examples"] == ["rex", "tom"]


def test_dynamic_generates_where_an_example_exists(client: Client) -> None:
    pet = client.get("/api/pets/1", headers={"Prefer": "dynamic=true"}).json
    assert pet["name"] not in ("Rex", "Tom")
    jsonschema.validate(pet, PET)


def test_custom_code_with_its_phrase_and_required_header(client: Client) -> None:
    response = client.get("/api/pets/1", headers={"Prefer": "code=460"})
    assert response.status == "460 Tier Limit Exceeded"
    assert response.headers["Retry-After"].lstrip("-").isdigit()
    assert response.content_type == "application/problem+json"
    assert response.headers["Vary"] == "Prefer"


def test_status_fallback_as_the_server_sends_it(client: Client) -> None:
    response = client.get("/api/pets/1", headers={"Prefer": "code=460, Status-Fallback"})
    assert response.status == "429 Too Many Requests"
    assert response.headers["Contract-Original-Status"] == "460"
    assert response.headers["Preference-Applied"] == "status-fallback"
    assert response.headers["Vary"] == "Prefer"


def test_bodyless_code_and_head(client: Client) -> None:
    assert client.delete("/api/pets/1").get_data() == b""
    head = client.head("/api/pets/1")
    assert head.status_code == 200 and head.get_data() == b""


@pytest.mark.parametrize(
    ("method", "url", "status", "member", "names"),
    [
        (
            "GET",
            "/pets",
            404,
            "operations",
            ["GET /pets/{pet_id}", "DELETE /pets/{pet_id}", "GET /pets", "POST /pets"],
        ),
        (
            "GET",
            "/api/owners",
            404,
            "operations",
            ["GET /pets/{pet_id}", "DELETE /pets/{pet_id}", "GET /pets", "POST /pets"],
        ),
        ("POST", "/api/pets/1", 405, "operations", ["GET /pets/{pet_id}", "DELETE /pets/{pet_id}"]),
        ("GET", "/api/pets/1", 400, "declared", [200, 404, 460]),
    ],
)
def test_requests_the_document_does_not_answer(
    client: Client, method: str, url: str, status: int, member: str, names: list[t.Any]
) -> None:
    response = client.open(url, method=method, headers={"Prefer": "code=461"})
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    assert response.json[member] == names


def test_405_names_the_methods_in_allow(client: Client) -> None:
    assert client.post("/api/pets/1").headers["Allow"] == "GET, DELETE"


@pytest.mark.parametrize(
    ("schema", "named"),
    [
        ({"allOf": [{"type": "string"}, {"type": "integer"}]}, "contradict"),
        ({"allOf": [{"enum": [1, 2]}, {"enum": [3]}]}, "enum"),
        ({"type": "integer", "minimum": 10, "maximum": 5}, "between"),
        ({"type": "string", "pattern": "^[a-z]+$"}, "pattern"),
    ],
)
def test_a_body_that_cannot_be_generated_is_named_at_start_up(
    document: dict[str, t.Any], schema: dict[str, t.Any], named: str
) -> None:
    pets = document["paths"]["/pets"]["get"]["responses"]["200"]
    pets["content"]["application/json"]["schema"] = schema
    with pytest.raises(SpecFileError, match=rf"GET /pets 200 \(application/json\): .*{named}"):
        app(document)


def test_an_example_stands_in_for_a_schema_that_cannot_be_generated(
    document: dict[str, t.Any],
) -> None:
    media = document["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]
    media.update(schema={"type": "string", "pattern": "^[a-z]+$"}, example="abc")
    client = Client(app(document))
    assert client.get("/api/pets", headers={"Prefer": "dynamic=true"}).json == "abc"


@pytest.mark.parametrize(
    ("url", "body", "named"),
    [
        ("/api/pets", {"id": 1, "name": "Rex", "tags": []}, "query parameter owner is required"),
        ("/api/pets?owner=ann", None, "body is required"),
        ("/api/pets?owner=ann", {"id": "one", "name": "Rex", "tags": []}, "at /id"),
    ],
)
def test_invalid_input_is_the_contracts_input_error(
    client: Client, url: str, body: object, named: str
) -> None:
    response = client.post(url, json=body)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert named in response.json["detail"]


def test_valid_input_is_answered(client: Client) -> None:
    tags = ["0b7f1c52-4a8e-4d3e-9a55-0d6f5f7b9e21", "5c2a9f1e-8b7d-4c6a-a3e2-1f0e9d8c7b6a"]
    response = client.post("/api/pets?owner=ann", json={"id": 1, "name": "Rex", "tags": tags})
    assert response.status_code == 201


def test_an_input_error_keeps_a_body_the_document_declares(document: dict[str, t.Any]) -> None:
    post = document["paths"]["/pets"]["post"]
    post["responses"] = {
        "201": {"description": "Added."},
        "400": {
            "description": "Invalid input.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["code"],
                        "properties": {"code": {"type": "integer"}},
                    }
                }
            },
        },
    }
    response = Client(app(document)).post("/api/pets?owner=ann")
    assert response.status_code == 400
    assert isinstance(response.json["code"], int)


def _statuses(document: dict[str, t.Any], url: str, seed: int, **headers: str) -> list[int]:
    client = Client(app(document, custom_codes_rate=0.2, seed=seed))
    return [client.get(url, headers=headers).status_code for _ in range(500)]


def test_custom_codes_rate_answers_a_seeded_share(document: dict[str, t.Any]) -> None:
    statuses = _statuses(document, "/api/pets/1", seed=7)
    assert set(statuses) == {200, 460}
    assert 0.15 < statuses.count(460) / len(statuses) < 0.25
    assert _statuses(document, "/api/pets/1", seed=7) == statuses  # the same seed, the same run
    assert _statuses(document, "/api/pets/1", seed=8) != statuses


def test_custom_codes_rate_sends_the_fallback_to_clients_that_ask(
    document: dict[str, t.Any],
) -> None:
    statuses = _statuses(document, "/api/pets/1", seed=7, Prefer="status-fallback")
    assert set(statuses) == {200, 429}


def test_custom_codes_rate_leaves_operations_without_custom_codes(
    document: dict[str, t.Any],
) -> None:
    assert set(_statuses(document, "/api/pets", seed=7)) == {200}


def test_custom_codes_rate_logs_each_choice(
    document: dict[str, t.Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="contractkit.mock")
    statuses = _statuses(document, "/api/pets/1?x=1", seed=7)
    logged = [r.getMessage() for r in caplog.records if r.name == "contractkit.mock"]
    assert len(logged) == statuses.count(460)
    assert (
        logged[0] == "GET /api/pets/1?x=1: answered custom code 460 (custom codes rate 0.2, seed 7)"
    )


@pytest.mark.parametrize("rate", [-0.1, 1.5])
def test_custom_codes_rate_outside_0_1_is_refused(document: dict[str, t.Any], rate: float) -> None:
    with pytest.raises(ValueError, match="custom_codes_rate"):
        app(document, custom_codes_rate=rate)


def test_a_swagger_2_document_is_served_as_its_conversion() -> None:
    document = {
        "swagger": "2.0",
        "info": {"title": "Old", "version": "1"},
        "basePath": "/v1",
        "produces": ["application/json"],
        "x-status-codes": {"460": {"phrase": "Tier Limit Exceeded", "fallback": 429}},
        "paths": {
            "/things": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "Things.",
                            "schema": {"type": "array", "items": {"type": "string"}},
                        },
                        "460": {"description": "Over the plan.", "x-fallback": 429},
                    }
                }
            }
        },
    }
    client = Client(app(document))
    things = client.get("/v1/things")
    assert things.status_code == 200 and all(isinstance(x, str) for x in things.json)
    assert client.get("/v1/things", headers={"Prefer": "code=460"}).status == (
        "460 Tier Limit Exceeded"
    )


def _ranged(document: dict[str, t.Any]) -> Client:
    responses = document["paths"]["/pets/{pet_id}"]["get"]["responses"]
    del responses["404"]
    problem = {"application/problem+json": {"schema": {"type": "object"}}}
    text = {"text/plain": {"schema": {"type": "string"}, "example": "down"}}
    responses["4XX"] = {"description": "Client errors.", "content": problem}
    responses["default"] = {"description": "Anything else.", "content": text}
    return Client(app(document))


@pytest.mark.parametrize(
    ("code", "status", "content_type"),
    [
        (404, "404 NOT FOUND", "application/problem+json"),
        (460, "460 Tier Limit Exceeded", "application/problem+json"),  # its own response
        (409, "409 CONFLICT", "application/problem+json"),
        (503, "503 SERVICE UNAVAILABLE", "text/plain"),
        (201, "201 CREATED", "text/plain"),
    ],
)
def test_prefer_code_answers_from_a_range_or_default(
    document: dict[str, t.Any], code: int, status: str, content_type: str
) -> None:
    response = _ranged(document).get("/api/pets/1", headers={"Prefer": f"code={code}"})
    assert response.status == status
    assert response.content_type == content_type


@pytest.mark.parametrize("asked", ["99", "600", "1XX", "abc"])
def test_prefer_code_outside_final_codes_is_refused(document: dict[str, t.Any], asked: str) -> None:
    response = _ranged(document).get("/api/pets/1", headers={"Prefer": f"code={asked}"})
    assert response.status_code == 400
    assert response.json["declared"] == [200, 460, "4XX", "default"]


def test_prefer_code_without_range_or_default_is_refused(client: Client) -> None:
    response = client.get("/api/pets/1", headers={"Prefer": "code=409"})
    assert response.status_code == 400
    assert "no 4XX-style range or default" in response.json["detail"]
