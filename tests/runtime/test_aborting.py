"""abort() with a registered custom code, in the app that registered it and only there.

On Flask and Quart alike: ``quart.abort`` reads the app's aborter as ``flask.abort`` does.
"""

from __future__ import annotations

import typing as t
import warnings

import flask_smorest
import pytest
from flask import Flask, abort
from werkzeug.exceptions import HTTPException, default_exceptions
from werkzeug.http import HTTP_STATUS_CODES

from contractkit import ContractKit, InfrastructureCodeWarning, responds

from ..frameworks import abort_of, client_of, new_app


def _register(kit: ContractKit) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InfrastructureCodeWarning)
        kit.register_status(460, "Tier Limit Exceeded", fallback=429)


def _app(kit: ContractKit, *, register_first: bool, framework: str = "flask") -> t.Any:
    app = new_app(framework, __name__)
    app.config.update(CONTRACTKIT_MODE="strict", CONTRACTKIT_JSON_ERRORS=False)
    abort = abort_of(framework)

    @app.get("/limited")
    @responds(460, content_type="application/json", description="The plan's limit is spent.")
    def limited() -> t.Any:
        abort(460)

    @app.get("/described")
    @responds(460, content_type="application/json")
    def described() -> t.Any:
        abort(460, description="30 calls an hour.")

    if framework == "flask":

        @app.get("/smorest")
        @responds(460, content_type="application/json")
        def smorest() -> t.Any:
            flask_smorest.abort(460, message="Upgrade your plan.")

    @app.errorhandler(HTTPException)
    def handler(error: HTTPException) -> t.Any:
        data = getattr(error, "data", {})
        body = {"name": error.name, "description": error.description, **data}
        return body, error.code

    if register_first:
        _register(kit)
        kit.init_app(app)
    else:
        kit.init_app(app)
        _register(kit)
    return app


@pytest.mark.parametrize("register_first", [True, False], ids=["before", "after init_app"])
def test_abort_raises_the_registered_code_with_its_phrase(
    kit: ContractKit, register_first: bool, framework: str
) -> None:
    client = client_of(_app(kit, register_first=register_first, framework=framework))
    response = client.get("/limited")
    # ASGI carries no reason phrase: Quart's test client shows Werkzeug's for the code.
    assert response.status_code == 460
    if framework == "flask":
        assert response.status == "460 Tier Limit Exceeded"
    assert response.json == {
        "name": "Tier Limit Exceeded",
        "description": "Tier Limit Exceeded",
    }


def test_abort_takes_a_description(kit: ContractKit, framework: str) -> None:
    response = client_of(_app(kit, register_first=True, framework=framework)).get("/described")
    assert response.status_code == 460
    assert response.json == {"name": "Tier Limit Exceeded", "description": "30 calls an hour."}


def test_flask_smorest_abort_works_the_same(kit: ContractKit) -> None:
    response = _app(kit, register_first=True).test_client().get("/smorest")
    assert response.status_code == 460
    assert response.json is not None
    assert response.json["name"] == "Tier Limit Exceeded"
    assert response.json["message"] == "Upgrade your plan."


def test_other_apps_and_werkzeug_tables_are_untouched(kit: ContractKit) -> None:
    _app(kit, register_first=True).test_client().get("/limited")
    assert 460 not in default_exceptions
    assert 460 not in HTTP_STATUS_CODES
    other = Flask("other")
    with other.app_context(), pytest.raises(LookupError):
        abort(460)


def test_unregistered_codes_still_fail_loudly(kit: ContractKit) -> None:
    app = _app(kit, register_first=True)
    with app.app_context(), pytest.raises(LookupError, match="461"):
        abort(461)


def test_unregistered_codes_fail_loudly_on_quart_too(kit: ContractKit) -> None:
    app = _app(kit, register_first=True, framework="quart")
    with pytest.raises(LookupError, match="461"):
        app.aborter(461)
