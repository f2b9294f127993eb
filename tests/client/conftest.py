"""Clients of the example app on 127.0.0.1, through requests and through httpx."""

from __future__ import annotations

import typing as t
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import requests
from flask import Flask

from contractkit import ClientContract
from example_app import create_app

from ..servers import serving

SPEC = Path(__file__).resolve().parents[2] / "specs" / "example_app.yaml"


@pytest.fixture(scope="session")
def contract() -> ClientContract:
    """The example app's contract, read from its committed document alone."""
    return ClientContract.from_file(SPEC)


class Checked(t.Protocol):
    """An HTTP client whose every response goes through ``contract.check``."""

    def __call__(
        self, method: str, url: str, **kwargs: t.Any
    ) -> requests.Response | httpx.Response: ...


@pytest.fixture(params=["requests", "httpx"])
def checked(request: pytest.FixtureRequest, contract: ClientContract) -> Iterator[Checked]:
    """A requests session with a response hook, or an httpx client with an event hook."""
    if request.param == "requests":
        session = requests.Session()
        session.hooks["response"].append(contract.check)
        with session:
            yield lambda method, url, **kwargs: session.request(method, url, **kwargs)
    else:
        with httpx.Client(event_hooks={"response": [contract.check]}) as client:
            yield lambda method, url, **kwargs: client.request(method, url, **kwargs)


def drifted_app() -> Flask:
    """A server that has drifted from specs/example_app.yaml, without contractkit.

    Each route breaks the contract one way: ``GET /search`` answers a code the
    document does not declare, ``POST /items`` forgets the ``Location`` its 201
    requires, ``GET /items/<id>`` sends a body its schema rejects.
    """
    app = Flask("drifted")

    @app.get("/search")
    def search() -> t.Any:
        return {"title": "Enhance Your Calm"}, 420

    @app.post("/items")
    def create_item() -> t.Any:
        return {"id": 2, "name": "Kettle", "price": 3.0}, 201

    @app.get("/items/<int:item_id>")
    def get_item(item_id: int) -> t.Any:
        return {"id": "card-4111111111111111", "name": "Teapot", "price": 12.5}

    @app.get("/unknown")
    def unknown() -> t.Any:
        return {"message": "not in the document"}

    return app


@pytest.fixture
def example_url() -> Iterator[str]:
    """The real example app, served on 127.0.0.1; one search allowed, so the next is a 460."""
    with serving(create_app({"EXAMPLE_SEARCH_CALLS_PER_HOUR": 1})) as url:
        yield url


@pytest.fixture
def drifted_url() -> Iterator[str]:
    with serving(drifted_app()) as url:
        yield url
