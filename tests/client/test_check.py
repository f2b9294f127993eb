"""``ClientContract.check`` through requests and httpx, against real servers on 127.0.0.1."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from contractkit import ClientContract, ContractError, ContractViolationError

from .conftest import Checked

pytestmark = pytest.mark.slow


def test_the_real_example_app_keeps_its_contract(checked: Checked, example_url: str) -> None:
    answers = [
        checked("GET", f"{example_url}/items", params={"limit": 5}),
        checked("GET", f"{example_url}/items/1"),
        checked("HEAD", f"{example_url}/items/1"),
        checked("GET", f"{example_url}/items/99"),
        checked("POST", f"{example_url}/items", json={"name": "Kettle", "price": 3.0}),
        checked("POST", f"{example_url}/items", json={"name": "Kettle", "price": 3.0}),
        checked("POST", f"{example_url}/items", json={"name": ""}),
        checked("DELETE", f"{example_url}/items/1"),
        checked("GET", f"{example_url}/search", params={"q": "ket"}),
        checked("GET", f"{example_url}/search", params={"q": "ket"}),
        checked(
            "GET",
            f"{example_url}/search",
            params={"q": "ket"},
            headers={"Prefer": "status-fallback"},
        ),
        checked("GET", f"{example_url}/custom"),
        checked("GET", f"{example_url}/reports/weekly"),
    ]
    codes = [answer.status_code for answer in answers]
    assert codes == [200, 200, 200, 404, 201, 409, 400, 204, 200, 460, 429, 299, 299]


def test_an_undeclared_code_names_the_operation_and_the_declared_codes(
    checked: Checked, drifted_url: str
) -> None:
    with pytest.raises(ContractViolationError) as caught:
        checked("GET", f"{drifted_url}/search", params={"q": "tea"})
    assert str(caught.value) == (
        "GET /search: it answered 420, which its contract does not declare "
        "(declared: 200, 400, 429, 460, 500)"
    )
    assert caught.value.kind == "undeclared-status"
    assert caught.value.status == 420
    assert isinstance(caught.value, ContractError)


def test_a_missing_declared_header_is_named(checked: Checked, drifted_url: str) -> None:
    with pytest.raises(ContractViolationError) as caught:
        checked("POST", f"{drifted_url}/items", json={"name": "Kettle", "price": 3.0})
    assert str(caught.value) == (
        "POST /items: it answered 201 without the header(s) Location that status 201 "
        "declares required"
    )
    assert caught.value.kind == "missing-header"


def test_a_wrong_body_is_named_by_pointer_and_rule_never_by_value(
    checked: Checked, drifted_url: str
) -> None:
    with pytest.raises(ContractViolationError) as caught:
        checked("GET", f"{drifted_url}/items/1")
    message = str(caught.value)
    assert message == (
        "GET /items/{item_id}: its body does not match the schema declared for status 200: "
        'at /id: not of type "integer"'
    )
    assert "4111" not in message
    assert caught.value.kind == "invalid-body"
    assert caught.value.path == "/items/1"


def test_a_request_no_operation_matches_is_a_violation(checked: Checked, drifted_url: str) -> None:
    with pytest.raises(ContractViolationError, match="matches no operation of the document"):
        checked("GET", f"{drifted_url}/unknown?token=secret")


def test_the_message_never_holds_the_query_string(checked: Checked, drifted_url: str) -> None:
    with pytest.raises(ContractViolationError) as caught:
        checked("GET", f"{drifted_url}/search", params={"q": "tea", "api_key": "s3cret"})
    assert "s3cret" not in str(caught.value)
    assert caught.value.path == "/search"


def test_from_url_reads_the_served_document(example_url: str) -> None:
    contract = ClientContract.from_url(f"{example_url}/openapi.json")
    assert contract.standard_status(460) == 429
    assert contract.phrase(460) == "Tier Limit Exceeded"
    with httpx.Client(event_hooks={"response": [contract.check]}) as client:
        assert client.get(f"{example_url}/custom").status_code == 299


def test_acheck_is_an_async_httpx_event_hook(
    contract: ClientContract, example_url: str, drifted_url: str
) -> None:
    async def calls() -> None:
        hooks = {"response": [contract.acheck]}
        async with httpx.AsyncClient(event_hooks=hooks) as client:
            answer = await client.get(f"{example_url}/items/1")
            assert answer.json()["name"] == "Teapot"
            with pytest.raises(ContractViolationError, match=r"GET /items/\{item_id\}: its body"):
                await client.get(f"{drifted_url}/items/1")

    asyncio.run(calls())


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing.json", "the server answered 404"),
        ("/text", "is not valid YAML"),
        ("/swagger.json", r'\$: "info" is a required property'),
    ],
)
def test_from_url_says_what_is_wrong(path: str, message: str) -> None:
    from flask import Flask

    from ..servers import serving

    app = Flask("documents")
    app.add_url_rule(
        "/text", "text", lambda: ("key: [unclosed", 200, {"Content-Type": "text/plain"})
    )
    app.add_url_rule("/swagger.json", "swagger", lambda: {"swagger": "2.0", "paths": {}})
    with serving(app) as url, pytest.raises(ContractError, match=message):
        ClientContract.from_url(url + path)
