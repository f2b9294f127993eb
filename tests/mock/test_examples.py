"""Documented examples are checked against their schema when the stub starts, never served bad."""

from __future__ import annotations

import typing as t

import jsonschema
import pytest
from werkzeug.test import Client

from contractkit.errors import ExampleWarning, SpecFileError
from contractkit.mock import app

from .conftest import PET

MEDIA = "$.paths['/pets/{pet_id}'].get.responses['200'].content['application/json']"


def _media(document: dict[str, t.Any]) -> dict[str, t.Any]:
    return t.cast(
        dict[str, t.Any],
        document["paths"]["/pets/{pet_id}"]["get"]["responses"]["200"]["content"][
            "application/json"
        ],
    )


def _started(document: dict[str, t.Any]) -> tuple[Client, str]:
    with pytest.warns(ExampleWarning) as caught:
        stub = app(document)
    (warning,) = caught
    return Client(stub), str(warning.message)


def test_a_bad_named_example_is_named_and_never_served(document: dict[str, t.Any]) -> None:
    _media(document)["examples"]["rex"]["value"]["id"] = "one"
    client, warned = _started(document)
    assert f'- {MEDIA}.examples.rex.value: at /id: not of type "integer"' in warned
    assert client.get("/api/pets/1").json["name"] == "Tom"  # the first valid example
    refused = client.get("/api/pets/1", headers={"Prefer": "example=rex"})
    assert refused.status_code == 400
    assert "breaks its schema" in refused.json["detail"]
    assert refused.json["examples"] == ["tom"]


def test_a_bad_single_example_is_replaced_by_a_generated_body(document: dict[str, t.Any]) -> None:
    media = _media(document)
    del media["examples"]
    media["example"] = {"id": 1, "name": "Rex"}
    client, warned = _started(document)
    assert f'{MEDIA}.example: at (root): required property "tags" is missing' in warned
    jsonschema.validate(client.get("/api/pets/1").json, PET)


def test_a_bad_referenced_example_is_named_where_it_is_defined(
    document: dict[str, t.Any],
) -> None:
    document["components"]["examples"] = {"Bad": {"value": {"id": 0, "name": "Rex", "tags": []}}}
    _media(document)["examples"]["rex"] = {"$ref": "#/components/examples/Bad"}
    _, warned = _started(document)
    assert "$.components.examples.Bad.value: at " in warned


def test_a_bad_schema_example_is_not_taken_as_a_value(document: dict[str, t.Any]) -> None:
    pet = document["components"]["schemas"]["Pet"]
    pet["properties"]["name"]["example"] = "Al"  # minLength 3
    pet["properties"]["id"]["example"] = 7  # valid, but not taken while another is bad
    client, warned = _started(document)
    assert (
        "$.components.schemas.Pet.properties.name.example: at (root): shorter than 3 characters"
        in warned
    )
    pet_body = client.get("/api/pets/1", headers={"Prefer": "dynamic=true"}).json
    jsonschema.validate(pet_body, PET)
    assert pet_body["name"] != "Al"


def test_valid_schema_examples_are_taken(document: dict[str, t.Any]) -> None:
    document["components"]["schemas"]["Pet"]["properties"]["name"]["example"] = "Rover"
    client = Client(app(document))
    assert client.get("/api/pets/1", headers={"Prefer": "dynamic=true"}).json["name"] == "Rover"


def test_bad_examples_of_a_schema_that_cannot_be_generated_stop_the_start(
    document: dict[str, t.Any],
) -> None:
    media = _media(document)
    media["schema"] = {"type": "string", "pattern": "^[a-z]+$"}
    media["examples"] = {"upper": {"value": "ABC"}}
    with pytest.raises(SpecFileError) as raised:
        app(document)
    message = str(raised.value)
    assert "give each a valid example" in message
    assert f"{MEDIA}.examples.upper.value: at (root): does not match the pattern" in message


def test_a_swagger2_response_example_is_checked() -> None:
    document = {
        "swagger": "2.0",
        "info": {"title": "Two", "version": "1"},
        "produces": ["application/json"],
        "paths": {
            "/n": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "A number.",
                            "schema": {"type": "integer", "minimum": 1},
                            "examples": {"application/json": 0},
                        }
                    }
                }
            }
        },
    }
    with pytest.warns(ExampleWarning, match=r"responses\['200'\].* less than the minimum of 1"):
        stub = app(document)
    assert Client(stub).get("/n").json >= 1


def test_a_bad_header_schema_example_is_named_and_not_sent(document: dict[str, t.Any]) -> None:
    custom = document["paths"]["/pets/{pet_id}"]["get"]["responses"]["460"]
    custom["headers"]["Retry-After"]["schema"]["example"] = "soon"
    client, warned = _started(document)
    assert (
        "$.paths['/pets/{pet_id}'].get.responses['460'].headers['Retry-After'].schema.example: "
        'at (root): not of type "integer"' in warned
    )
    sent = client.get("/api/pets/1", headers={"Prefer": "code=460"}).headers["Retry-After"]
    assert sent.lstrip("-").isdigit()
