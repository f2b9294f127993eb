"""Documents up to the depth limit are read; deeper ones are refused, never a RecursionError."""

from __future__ import annotations

import json
import threading
import typing as t
from pathlib import Path

import httpx
import pytest

from contractkit import ClientContract, ContractViolationError, SpecFileError
from contractkit.specfile.parsing import MAX_DEPTH


def _nested(depth: int) -> dict[str, t.Any]:
    """A valid document nesting ``depth`` objects deep (the root is one), through ``x-deep``."""
    value: object = {}
    for _ in range(depth - 2):  # x-deep holds the other depth - 1
        value = {"a": value}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Deep", "version": "1"},
        "paths": {},
        "x-deep": value,
    }


def _text(depth: int) -> str:
    """:func:`_nested` as JSON text, written out (json.dumps would recurse)."""
    head = '{"openapi": "3.1.0", "info": {"title": "Deep", "version": "1"}, "paths": {}, "x-deep": '
    return head + '{"a": ' * (depth - 2) + "{}" + "}" * (depth - 2) + "}"


def _read_nested(how: str, depth: int, tmp_path: Path) -> ClientContract:
    if how == "data":
        return ClientContract(_nested(depth))
    path = tmp_path / "deep.json"
    path.write_text(_text(depth))
    return ClientContract.from_file(path)


@pytest.mark.parametrize("how", ["data", "file"])
@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH - 1, MAX_DEPTH - 50])
def test_a_document_up_to_the_depth_limit_is_read(how: str, depth: int, tmp_path: Path) -> None:
    contract = _read_nested(how, depth, tmp_path)
    assert contract.name == "Deep"


@pytest.mark.parametrize("how", ["data", "file"])
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 50 * MAX_DEPTH])
def test_a_document_past_the_depth_limit_is_refused_clearly(
    how: str, depth: int, tmp_path: Path
) -> None:
    with pytest.raises(SpecFileError, match=f"nests more than {MAX_DEPTH} levels deep"):
        _read_nested(how, depth, tmp_path)


def _deep_schema(levels: int, leaf: str) -> dict[str, t.Any]:
    schema: dict[str, t.Any] = {"type": leaf}
    for _ in range(levels):
        schema = {"type": "object", "properties": {"a": schema}, "required": ["a"]}
    return schema


def _schema_document(levels: int) -> dict[str, t.Any]:
    content = {"application/json": {"schema": _deep_schema(levels, "string")}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Deep", "version": "1"},
        "paths": {
            "/deep": {"get": {"responses": {"200": {"description": "Deep.", "content": content}}}}
        },
    }


def _body(levels: int, leaf: object) -> object:
    for _ in range(levels):
        leaf = {"a": leaf}
    return leaf


@pytest.mark.parametrize("how", ["data", "file"])
def test_a_deep_schema_is_validated_and_checked(how: str, tmp_path: Path) -> None:
    # Far past what Python's default recursion limit lets openapi-spec-validator walk.
    document = _schema_document(100)
    if how == "data":
        contract = ClientContract(document)
    else:
        path = tmp_path / "deep.json"
        path.write_text(json.dumps(document))  # 200 levels: within the default limit
        contract = ClientContract.from_file(path)
    request = httpx.Request("GET", "http://127.0.0.1:5000/deep")
    assert contract.check(httpx.Response(200, json=_body(100, "leaf"), request=request))
    with pytest.raises(ContractViolationError, match='not of type "string"'):
        contract.check(httpx.Response(200, json=_body(100, 7), request=request))


def test_without_room_to_walk_it_a_deep_document_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Where no thread with a large stack can start, the default limit stands (checking
    # validity no longer recurses per level, so the document is deeper than the others).
    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    with pytest.raises(SpecFileError, match="nests too deeply to process"):
        ClientContract(_schema_document(490), name="deep-api")
