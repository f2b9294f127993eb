"""What a ClientContract reads from a document: codes, phrases, operations, refusals."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import httpx
import pytest
import yaml

from contractkit import ClientContract, ContractViolationError, SpecFileError

from .conftest import SPEC


def _document(**extra: t.Any) -> dict[str, t.Any]:
    """A small OpenAPI 3.1 document served under /v1, with custom codes 299 and 460."""
    document: dict[str, t.Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Small API", "version": "1"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {
            "/things/{id}": {
                "get": {
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "A thing.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        },
                        "299": {"description": "Warned.", "x-fallback": 200},
                        "460": {
                            "description": "Limited.",
                            "headers": {
                                "Retry-After": {"required": True, "schema": {"type": "string"}}
                            },
                        },
                        "4XX": {"description": "Some client error."},
                    },
                }
            },
            "/things/latest": {"get": {"responses": {"204": {"description": "None yet."}}}},
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {"id": {"type": "integer"}},
                    "required": ["id"],
                }
            }
        },
        "x-status-codes": {"460": {"phrase": "Tier Limit Exceeded", "fallback": 429}},
    }
    document.update(extra)
    return document


def _response(status: int, url: str, method: str = "GET", **kwargs: t.Any) -> httpx.Response:
    return httpx.Response(status, request=httpx.Request(method, url), **kwargs)


def test_standard_status_of_460_is_429_from_the_document_alone() -> None:
    contract = ClientContract.from_file(SPEC)
    assert contract.standard_status(460) == 429
    assert contract.phrase(460) == "Tier Limit Exceeded"


@pytest.mark.parametrize(
    ("code", "standard", "phrase"),
    [
        (460, 429, "Tier Limit Exceeded"),  # x-status-codes
        (299, 200, None),  # x-fallback on its response; no phrase anywhere
        (499, 400, None),  # in no document: RFC 9110's class rule
        (404, 404, "Not Found"),
        (418, 400, None),  # IANA "(Unused)": no client knows it
        (99, 500, None),  # outside 100-599: read as a server error
        (600, 500, None),
    ],
)
def test_standard_status_and_phrase(code: int, standard: int, phrase: str | None) -> None:
    contract = ClientContract(_document())
    assert contract.standard_status(code) == standard
    assert contract.phrase(code) == phrase


def test_a_fallback_breaking_the_rules_gives_way_to_the_class_rule() -> None:
    document = _document(**{"x-status-codes": {"460": {"phrase": "Limited", "fallback": 503}}})
    assert ClientContract(document).standard_status(460) == 400


def test_the_server_path_and_the_templates_find_the_operation() -> None:
    contract = ClientContract(_document())
    thing = {"json": {"id": 1}}
    assert contract.check(_response(200, "http://localhost:8000/v1/things/7", **thing))
    # A concrete path wins over the template that also matches it.
    with pytest.raises(ContractViolationError, match=r"^GET /things/latest: it answered 200"):
        contract.check(_response(200, "https://api.example.com/v1/things/latest", **thing))
    with pytest.raises(ContractViolationError, match="server paths: /v1"):
        contract.check(_response(200, "https://api.example.com/things/7", **thing))


def test_ranges_custom_codes_and_fallbacks() -> None:
    contract = ClientContract(_document())
    url = "https://api.example.com/v1/things/7"
    assert contract.check(_response(404, url)).status_code == 404  # 4XX
    assert contract.check(_response(460, url, headers={"Retry-After": "60"}))
    with pytest.raises(ContractViolationError, match="without the header"):
        contract.check(_response(429, url))  # 460's fallback carries 460's headers
    with pytest.raises(ContractViolationError, match="declared: 200, 299, 429, 460"):
        contract.check(_response(503, url))


def test_a_head_request_is_checked_as_get_without_its_body() -> None:
    contract = ClientContract(_document())
    assert contract.check(_response(200, "https://api.example.com/v1/things/7", "HEAD"))


def test_a_body_problem_keeps_the_values_out() -> None:
    contract = ClientContract(_document())
    response = _response(200, "https://api.example.com/v1/things/7", json={"id": "tok-123"})
    with pytest.raises(ContractViolationError) as caught:
        contract.check(response)
    assert "tok-123" not in str(caught.value)
    assert 'at /id: not of type "integer"' in str(caught.value)


def test_check_refuses_what_is_no_response() -> None:
    with pytest.raises(TypeError, match=r"give a requests\.Response or an httpx\.Response"):
        ClientContract(_document()).check({"status": 200})


def test_coverage_name_is_the_title_unless_given() -> None:
    assert ClientContract(_document()).name == "Small API"
    assert ClientContract(_document(), name="example_app").name == "example_app"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"swagger": "2.0", "info": {}, "paths": {}}, r'\$\.info: "title" is a required'),
        ({"swagger": "1.2", "info": {}, "paths": {}}, "swagger is '1.2'"),
        (
            _document(
                components={"schemas": {"Thing": {"$ref": "https://example.com/thing.json"}}}
            ),
            "points outside this document",
        ),
        (_document(paths={"/x": {"get": {"responses": {"999": {}}}}}), r"\$\.paths"),
    ],
    ids=["invalid-swagger-2.0", "swagger-1.2", "remote-ref", "invalid"],
)
def test_documents_a_client_cannot_read(document: dict[str, t.Any], message: str) -> None:
    with pytest.raises(SpecFileError, match=message):
        ClientContract(document)


def test_from_file_reads_yaml_within_the_reading_limits(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdefg", "bcdefgh", strict=True)
        )
    )
    with pytest.raises(SpecFileError, match="aliases that expand"):
        ClientContract.from_file(bomb)
    good = tmp_path / "api.yaml"
    good.write_text(yaml.safe_dump(_document()))
    assert ClientContract.from_file(good).standard_status(460) == 429


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/api.yaml"])
def test_from_url_fetches_only_http(url: str) -> None:
    with pytest.raises(SpecFileError, match=r"give an http:// or https:// URL"):
        ClientContract.from_url(url)


SWAGGER2 = {
    "swagger": "2.0",
    "info": {"title": "Old API", "version": "1"},
    "basePath": "/v1",
    "produces": ["application/json"],
    "paths": {
        "/things/{id}": {
            "get": {
                "parameters": [{"name": "id", "in": "path", "required": True, "type": "integer"}],
                "responses": {
                    "200": {"description": "A thing.", "schema": {"$ref": "#/definitions/Thing"}},
                    "460": {"description": "Limited.", "x-fallback": 429},
                },
            }
        }
    },
    "definitions": {
        "Thing": {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}
    },
    "x-status-codes": {"460": {"phrase": "Tier Limit Exceeded", "fallback": 429}},
}


def test_a_swagger_2_document_is_read_as_its_openapi_3_conversion(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps(SWAGGER2))
    contract = ClientContract.from_file(path)
    assert contract.document["openapi"] == "3.0.3"
    assert contract.standard_status(460) == 429
    assert contract.phrase(460) == "Tier Limit Exceeded"
    url = "http://old.example.com/v1/things/3"
    assert contract.check(_response(200, url, json={"id": 3}))
    assert contract.check(_response(460, url, json={"title": "Limited"}))
    with pytest.raises(ContractViolationError, match=r"^GET /things/\{id\}: its body .* at /id"):
        contract.check(_response(200, url, json={"id": "three"}))
    with pytest.raises(ContractViolationError, match="server paths: /v1"):
        contract.check(_response(200, "http://old.example.com/things/3", json={"id": 3}))


@pytest.mark.parametrize(
    ("status", "headers", "allowed"),
    [
        (304, {"If-None-Match": '"v1"'}, True),
        (304, {"If-Modified-Since": "Mon, 07 Dec 2026 10:00:00 GMT"}, True),
        (304, {}, False),  # not asked for: an answer of its own, undeclared
        (206, {"Range": "bytes=0-9"}, True),
        (206, {}, False),
    ],
)
def test_revalidation_and_ranges_stand_for_the_declared_answer(
    status: int, headers: dict[str, str], allowed: bool
) -> None:
    contract = ClientContract(_document())
    request = httpx.Request("GET", "https://api.example.com/v1/things/7", headers=headers)
    response = httpx.Response(status, request=request)
    if allowed:
        assert contract.check(response) is response
    else:
        with pytest.raises(ContractViolationError, match=f"it answered {status}, which"):
            contract.check(response)


def _fallback_document(custom: dict[str, t.Any]) -> dict[str, t.Any]:
    """``GET /things`` listing 200 and custom code 461 (as ``custom`` describes it)."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Fallbacks", "version": "1"},
        "paths": {
            "/things": {
                "get": {"responses": {"200": {"description": "Things."}, "461": custom}},
            },
            "/others": {"get": {"responses": {"200": {"description": "Others."}}}},
        },
    }


@pytest.mark.parametrize(
    ("custom", "status", "path", "accepted"),
    [
        # The document gives 461 the fallback 429: the server may send 429 in its place.
        ({"description": "Limited.", "x-fallback": 429}, 429, "/things", True),
        # ...only for the operation that lists 461.
        ({"description": "Limited.", "x-fallback": 429}, 429, "/others", False),
        # No fallback given: RFC 9110 says a client reads 461 as 400, not that 400 is sent.
        ({"description": "Limited."}, 400, "/things", False),
        # A fallback breaking the rules is no fallback; its class rule is none either.
        ({"description": "Limited.", "x-fallback": 503}, 400, "/things", False),
        ({"description": "Limited.", "x-fallback": 503}, 503, "/things", False),
    ],
)
def test_a_fallback_is_accepted_only_where_the_document_gives_it(
    custom: dict[str, t.Any], status: int, path: str, accepted: bool
) -> None:
    contract = ClientContract(_fallback_document(custom))
    response = _response(status, f"http://127.0.0.1:5000{path}")
    if accepted:
        assert contract.check(response) is response
    else:
        with pytest.raises(ContractViolationError, match=f"it answered {status}, which"):
            contract.check(response)
    assert contract.standard_status(461) == (429 if custom.get("x-fallback") == 429 else 400)
