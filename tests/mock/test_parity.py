"""The stub refuses what the real app refuses: the same requests, the same status codes.

The stub serves each app's own document; the app checks its input with
``@accepts`` (the example app) or its framework's own validation (the peers).
"""

from __future__ import annotations

import typing as t
import warnings

import pytest
from flask import Flask
from werkzeug.test import Client

from contractkit.mock import app as mock
from contractkit.openapi.exporting import app_documents
from example_app import create_app
from tests.peers.test_peers import PEERS

from .test_proof import _body, _peer_document, _url

#: (method, URL, JSON body): valid and invalid input to the example app.
EXAMPLE_REQUESTS = [
    ("GET", "/items?limit=5", None),
    ("GET", "/items?limit=abc", None),
    ("GET", "/items?limit=0", None),
    ("GET", "/items?limit=101", None),
    ("GET", "/search?q=tea", None),
    ("GET", "/search", None),
    ("GET", "/search?q=" + "x" * 81, None),
    ("POST", "/items", {"name": "tea", "price": 1}),  # id is readOnly: not required here
    ("POST", "/items", {"name": ""}),
    ("POST", "/items", {"name": "tea", "price": -1}),
    ("POST", "/items", {"name": "tea", "price": 1, "colour": "red"}),
    ("POST", "/jobs", {"kind": "export"}),
    ("POST", "/jobs", {"kind": "bake"}),
    ("GET", "/items/abc", None),  # GET /items/{item_id} declares no input error: 404
    ("GET", "/reports/monthly", None),
    ("GET", "/reports/daily", None),
]


@pytest.fixture(scope="module")
def example() -> tuple[Flask, Client]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        real = create_app()
        stub = mock(app_documents(real).spec)
    return real, Client(stub)


@pytest.mark.filterwarnings("ignore::contractkit.errors.ContractWarning")
@pytest.mark.parametrize(("method", "url", "body"), EXAMPLE_REQUESTS)
def test_the_stub_answers_the_example_app_s_status(
    example: tuple[Flask, Client], method: str, url: str, body: object
) -> None:
    real, stub = example
    expected = real.test_client().open(url, method=method, json=body).status_code
    assert stub.open(url, method=method, json=body).status_code == expected


def test_a_bad_path_variable_is_the_declared_input_error_where_flask_answers_404(
    example: tuple[Flask, Client],
) -> None:
    """The one documented difference: Flask's ``int`` converter matches no route."""
    real, stub = example
    assert real.test_client().get("/jobs/abc").status_code == 404
    assert stub.get("/jobs/abc").status_code == 400  # GET /jobs/{job_id} declares 400


def _body_cases() -> list[t.Any]:
    cases = []
    for peer in PEERS:
        document = _peer_document(peer.name)
        for path, item in document["paths"].items():
            for method in ("post", "put", "patch"):
                if isinstance(item.get(method), dict) and isinstance(
                    _body(document, method, path), dict
                ):
                    case_id = f"{peer.name}:{method.upper()} {path}"
                    cases.append(pytest.param(peer.name, method.upper(), path, id=case_id))
    return cases


@pytest.mark.filterwarnings("ignore::contractkit.errors.ContractWarning")
@pytest.mark.parametrize(("name", "method", "path"), _body_cases())
def test_a_body_of_the_wrong_shape_gets_the_peer_app_s_status(
    name: str, method: str, path: str
) -> None:
    peer = next(p for p in PEERS if p.name == name)
    document = _peer_document(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stub = Client(mock(document))
        real = peer.create_app()
    url = _url(document, method, path)
    real.logger.disabled = True  # one peer's view raises on a list body: its 500 is the point
    expected = real.test_client().open(url, method=method, json=[1]).status_code
    assert stub.open(url, method=method, json=[1]).status_code == expected
    assert expected in (400, 422, 500)
