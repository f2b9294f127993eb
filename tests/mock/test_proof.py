"""Every response the stub sends passes the client's check and the server's strict check.

For every operation and every declared code of the example app's document
and of each peer app's document, with and without ``Prefer: status-fallback``.
"""

from __future__ import annotations

import re
import typing as t
import warnings
from pathlib import Path

import httpx
import pytest
import yaml
from flask import Flask, request
from werkzeug.test import Client

from contractkit import ClientContract, ContractKit
from contractkit.declare.status_codes import STANDARD_PHRASES
from contractkit.http import BODYLESS
from contractkit.mock import MockApp, app
from contractkit.mock.generation import generate
from contractkit.specfile.locations import follow
from contractkit.specfile.servers import path_prefixes
from tests.peers.test_peers import PEERS

ROOT = Path(__file__).parents[2]
_VARIABLE = re.compile(r"\{([^{}/]+)\}")


def _peer_document(name: str) -> dict[str, t.Any]:
    peer = next(p for p in PEERS if p.name == name)
    served = peer.create_app().test_client()
    url = next(u for u in peer.served if u.endswith((".yaml", ".json")))
    return t.cast(dict[str, t.Any], yaml.safe_load(served.get(url).get_data(as_text=True)))


def _documents() -> dict[str, t.Callable[[], dict[str, t.Any]]]:
    found: dict[str, t.Callable[[], dict[str, t.Any]]] = {
        "example_app": lambda: yaml.safe_load((ROOT / "specs/example_app.yaml").read_text()),
    }
    for peer in PEERS:
        found[peer.name] = lambda name=peer.name: _peer_document(name)
    return found


DOCUMENTS = _documents()
_CACHE: dict[str, tuple[ClientContract, MockApp, Flask]] = {}


def _built(name: str) -> tuple[ClientContract, MockApp, Flask]:
    if name not in _CACHE:
        document = DOCUMENTS[name]()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bodies a document leaves unchecked, said elsewhere
            contract = ClientContract(document)
            stub = app(contract)
            server = _strict_server(document, stub)
        _CACHE[name] = (contract, stub, server)
    return _CACHE[name]


def _strict_server(document: dict[str, t.Any], stub: MockApp) -> Flask:
    """A spec-driven Flask app in strict mode whose every view answers what the stub answers."""
    server = Flask("stub_server")
    prefix = path_prefixes(document)[0]
    for path in document.get("paths", {}):
        parts = _VARIABLE.split(prefix + path)  # Flask names variables; any names will do
        rule = "".join(part if i % 2 == 0 else f"<v{i}>" for i, part in enumerate(parts))
        methods = [m.upper() for m in follow(document, document["paths"][path]) if m.isalpha()]
        methods = [m for m in methods if m in ("GET", "PUT", "POST", "DELETE", "PATCH")]
        server.add_url_rule(
            rule,
            endpoint=path,
            view_func=lambda **_: stub.respond(request._get_current_object()),  # type: ignore[attr-defined]
            methods=methods,
        )
    server.config.update(CONTRACTKIT_SPEC=document, CONTRACTKIT_MODE="strict")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ContractKit(server)
    return server


def _cases() -> list[t.Any]:
    cases = []
    for name in DOCUMENTS:
        contract, stub, _ = _built(name)
        for operation in stub._routes.values:
            for code in (*operation.answers, *map(_covered(operation.answers), operation.covering)):
                fallbacks = [False, True] if code in contract.custom_codes else [False]
                for fallback in fallbacks:
                    case_id = f"{name}:{operation.name}:{code}{':fallback' if fallback else ''}"
                    cases.append(
                        pytest.param(
                            name, operation.method, operation.path, code, fallback, id=case_id
                        )
                    )
    return cases


def _covered(listed: t.Collection[int]) -> t.Callable[[str], int]:
    """A standard code that a ``4XX`` or ``default`` key stands for: one no response lists."""

    def code(key: str) -> int:
        candidates = [c for c in STANDARD_PHRASES if c >= 400 and c not in listed]
        if key != "default":
            candidates = [c for c in STANDARD_PHRASES if c // 100 == int(key[0])]
        return min(c for c in candidates if c not in listed and c not in BODYLESS)

    return code


def _url(document: dict[str, t.Any], method: str, path: str, **given: str) -> str:
    """A request URL for the operation: each path and required query parameter filled in."""
    item = follow(document, document["paths"][path])
    operation = follow(document, item[method.lower()])
    parameters = [
        follow(document, p) for p in [*item.get("parameters", ()), *operation.get("parameters", ())]
    ]
    values = {p["name"]: generate(document, p.get("schema", {}), p["name"]) for p in parameters}
    values.update(given)
    url = path_prefixes(document)[0] + _VARIABLE.sub(lambda m: str(values.get(m[1], "1")), path)
    query = [
        f"{p['name']}={values[p['name']]}"
        for p in parameters
        if p.get("in") == "query" and p.get("required")
    ]
    return url + ("?" + "&".join(query) if query else "")


def _body(document: dict[str, t.Any], method: str, path: str) -> t.Any:
    """A valid JSON request body for the operation, or ``None`` where it takes none."""
    operation = follow(document, follow(document, document["paths"][path])[method.lower()])
    content = follow(document, follow(document, operation.get("requestBody") or {}).get("content"))
    media = next((m for name, m in (content or {}).items() if "json" in name), None)
    if media is None:
        return None
    return generate(document, follow(document, media).get("schema", {}), "body")


@pytest.mark.filterwarnings("ignore::contractkit.errors.ContractWarning")
@pytest.mark.parametrize(("name", "method", "path", "code", "fallback"), _cases())
def test_every_declared_code_passes_both_checks(
    name: str, method: str, path: str, code: int, fallback: bool
) -> None:
    contract, stub, server = _built(name)
    url = _url(contract.document, method, path)
    prefer = f"code={code}" + (", status-fallback" if fallback else "")
    with httpx.Client(transport=httpx.WSGITransport(app=stub), base_url="http://stub") as client:
        body = _body(contract.document, method, path)
        response = client.request(method, url, headers={"Prefer": prefer}, json=body)
    contract.check(response)
    served = server.test_client().open(url, method=method, headers={"Prefer": prefer}, json=body)
    assert served.status_code == response.status_code, served.get_data(as_text=True)
    assert server.extensions["contractkit"].violations.total == 0, served.get_data(as_text=True)
    custom = contract.custom_codes.get(code)
    if fallback:
        assert custom is not None
        if custom.documented_fallback is not None:
            assert response.status_code == custom.documented_fallback
            assert response.headers["Contract-Original-Status"] == str(code)
            assert response.headers["Preference-Applied"] == "status-fallback"
            assert "Prefer" in response.headers["Vary"]
        return
    assert response.status_code == code
    if custom is not None and custom.phrase:
        # httpx's WSGI transport drops the phrase: read the status line as WSGI sends it.
        sent = Client(stub).open(url, method=method, headers={"Prefer": prefer}, json=body)
        assert sent.status == f"{code} {custom.phrase}"


def _invalid_path_cases() -> list[t.Any]:
    """Each operation with an integer path parameter, by document."""
    cases = []
    for name in DOCUMENTS:
        _, stub, _ = _built(name)
        for operation in stub._routes.values:
            integers = [
                p.name
                for p in operation.inputs.parameters
                if p.location == "path" and p.schema.get("type") == "integer"
            ]
            if integers:
                case_id = f"{name}:{operation.name}:{integers[0]}"
                cases.append(
                    pytest.param(name, operation.method, operation.path, integers[0], id=case_id)
                )
    return cases


@pytest.mark.filterwarnings("ignore::contractkit.errors.ContractWarning")
@pytest.mark.parametrize(("name", "method", "path", "parameter"), _invalid_path_cases())
def test_an_invalid_path_parameter_is_the_input_error_both_checks_accept(
    name: str, method: str, path: str, parameter: str
) -> None:
    contract, stub, server = _built(name)
    operation = next(o for o in stub._routes.values if (o.method, o.path) == (method, path))
    url = _url(contract.document, method, path, **{parameter: "not-a-number"})
    body = _body(contract.document, method, path)
    with httpx.Client(transport=httpx.WSGITransport(app=stub), base_url="http://stub") as client:
        response = client.request(method, url, json=body)
    # Where nothing covers invalid input, Flask's URL converter's answer: 404.
    expected = operation.input_error or 404
    assert response.status_code == expected
    if operation.answer(expected) is None:
        return  # the real server's routing answers it undeclared, and so does the stub
    contract.check(response)
    served = server.test_client().open(url, method=method, json=body)
    assert served.status_code == expected, served.get_data(as_text=True)
    assert server.extensions["contractkit"].violations.total == 0, served.get_data(as_text=True)
