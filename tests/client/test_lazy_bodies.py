"""Body checks compiled when an operation's first response is checked: once, in any thread."""

from __future__ import annotations

import threading
import typing as t

import httpx
import pytest

from contractkit import BodyCheckWarning, ClientContract, ContractViolationError


def _document(name: dict[str, t.Any]) -> dict[str, t.Any]:
    """Two operations whose 200 bodies are the same ``Item``, its ``name`` as ``name`` says."""
    ok = {
        "200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Lazy", "version": "1"},
        "paths": {"/a": {"get": {"responses": ok}}, "/b": {"get": {"responses": ok}}},
        "components": {
            "schemas": {
                "Item": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": name},
                }
            }
        },
    }


def _get(path: str, body: bytes) -> httpx.Response:
    request = httpx.Request("GET", f"http://api.test{path}")
    return httpx.Response(
        200, content=body, request=request, headers={"Content-Type": "application/json"}
    )


def test_checks_answer_alike_from_threads_racing_for_the_first_compile() -> None:
    contract = ClientContract(_document({"type": "string", "pattern": "^[a-z]+$"}))
    verdicts: list[str] = []

    def check(path: str, body: bytes) -> None:
        try:
            contract.check(_get(path, body))
            verdicts.append("kept")
        except ContractViolationError as error:
            verdicts.append(error.kind)

    threads = [
        threading.Thread(target=check, args=(path, body))
        for path in ("/a", "/b")
        for body in (b'{"name": "x"}', b'{"name": "X1"}') * 4
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(verdicts) == ["invalid-body"] * 8 + ["kept"] * 8
    for operation in contract.operations:
        assert operation.bodies is operation.bodies  # compiled once, kept


def test_a_body_left_unchecked_is_named_when_its_operation_is_first_checked() -> None:
    # A $dynamicRef to no anchor: valid, not compilable. Reading warns of nothing
    # (filterwarnings = error): the schema is compiled when /a is first checked.
    contract = ClientContract(_document({"$dynamicRef": "#node"}))
    with pytest.warns(
        BodyCheckWarning, match=r"GET /a 200 application/json \(schema #/components/schemas/Item\)"
    ):
        contract.check(_get("/a", b'{"name": "anything"}'))
