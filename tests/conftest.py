from __future__ import annotations

import typing as t
from collections.abc import Iterator

import jsonschema_rs
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from contractkit import ContractKit
from example_app import create_app

from .frameworks import FRAMEWORKS, new_app
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


@pytest.fixture(params=FRAMEWORKS)
def framework(request: pytest.FixtureRequest) -> str:
    """Each web framework contractkit adapts to, for tests that hold on both."""
    return t.cast(str, request.param)


class MakeApp(t.Protocol):
    def __call__(self, routes: t.Callable[[Flask], object], /, **config: t.Any) -> Flask: ...


@pytest.fixture
def make_app(kit: ContractKit, request: pytest.FixtureRequest) -> MakeApp:
    """Build an app inside a test: ``make_app(routes, **config)``.

    An app named after the test module; ``routes(app)`` adds the test's views,
    then ``config`` is applied (so a test overrides what ``routes`` sets), then
    ``kit.init_app``: the app is ready to serve. Custom codes go on ``kit``
    first: a module whose routes declare some overrides the ``kit`` fixture.
    A test that takes the ``framework`` fixture gets an app of each framework.
    """
    framework = (
        request.getfixturevalue("framework") if "framework" in request.fixturenames else "flask"
    )

    def make(routes: t.Callable[[Flask], object], /, **config: t.Any) -> Flask:
        app = new_app(framework, request.module.__name__)
        routes(app)
        app.config.update(config)
        kit.init_app(app)
        return app

    return make


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    """Base URL of ``app`` served by a real HTTP server on 127.0.0.1."""
    with serving(app) as url:
        yield url


def pytest_configure(config: t.Any) -> None:
    config.addinivalue_line(
        "markers", 'slow: starts a server, browser, fuzzer or subprocess; skip with -m "not slow"'
    )


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The schemas jsonschema-rs compiles from now on."""
    compiled: list[object] = []
    real = jsonschema_rs.Draft202012Validator

    def counting(*args: t.Any, **kwargs: t.Any) -> t.Any:
        compiled.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(jsonschema_rs, "Draft202012Validator", counting)
    return compiled
