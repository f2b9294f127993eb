from __future__ import annotations

import typing as t
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from contractkit import ContractKit
from example_app import create_app

from .servers import serving


@pytest.fixture
def app() -> Flask:
    """The example app, in strict mode, fresh for each test."""
    return create_app({"TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def kit() -> ContractKit:
    """A fresh ContractKit with no custom codes, for apps built inside a test."""
    return ContractKit()


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    """Base URL of ``app`` served by a real HTTP server on 127.0.0.1."""
    with serving(app) as url:
        yield url


def pytest_configure(config: t.Any) -> None:
    config.addinivalue_line(
        "markers", 'slow: starts a server, browser, fuzzer or subprocess; skip with -m "not slow"'
    )
