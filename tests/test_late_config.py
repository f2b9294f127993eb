"""Config a test suite sets after ``init_app``, and keys contractkit does not know.

Written as suites write them: an app factory that calls ``init_app`` (and
maybe ``ck.contract(app)``), then a fixture that changes ``app.config``.
"""

from __future__ import annotations

import typing as t
import warnings

import pytest
from flask import Flask
from marshmallow import Schema, fields

from contractkit import ContractKit, responds
from contractkit.errors import ConfigWarning

from . import frameworks
from .frameworks import client_of, new_app, web_of

ck = ContractKit()


class ItemSchema(Schema):
    id = fields.Integer(required=True)


def create_app(
    config: dict[str, t.Any] | None = None, *, build: bool = False, framework: str = "flask"
) -> Flask:
    """A tutorial-style app: one declared view, answering a code it never declared."""
    app: Flask = new_app(framework, "shop")
    app.config.update(config or {})
    jsonify = web_of(app).jsonify

    @app.get("/items/<int:item_id>")
    @responds(200, ItemSchema)
    @responds(404)
    def get_item(item_id: int) -> t.Any:
        if item_id == 7:
            return jsonify(error="this item was withdrawn"), 410
        if item_id == 8:
            return jsonify(id="eight")
        return jsonify(id=item_id)

    ck.init_app(app)
    if build:
        ck.contract(app)  # what the docs advise at the end of an app factory
    return app


@pytest.fixture(params=[False, True], ids=["lazy", "built-in-factory"])
def strict_app(request: pytest.FixtureRequest, framework: str) -> Flask:
    """The conftest pattern: the factory's app, made strict afterwards."""
    app = create_app(build=request.param, framework=framework)
    app.config["CONTRACTKIT_MODE"] = "strict"
    return app


def test_strict_mode_set_after_init_app_answers_an_undeclared_code(strict_app: Flask) -> None:
    response = client_of(strict_app).get("/items/7")
    assert response.status_code == 500
    assert response.content_type == "application/problem+json"
    assert response.get_json()["returned_status"] == 410


def test_strict_mode_set_after_init_app_checks_bodies(strict_app: Flask) -> None:
    # CONTRACTKIT_CHECK_BODIES=None means on in strict mode: that follows the late mode too.
    response = client_of(strict_app).get("/items/8")
    assert response.status_code == 500
    assert response.get_json()["violation"] == "invalid-body"
    assert client_of(strict_app).get("/items/1").status_code == 200


def test_mode_off_set_after_init_app_checks_nothing(framework: str) -> None:
    app = create_app({"CONTRACTKIT_MODE": "strict"}, build=True, framework=framework)
    app.config["CONTRACTKIT_MODE"] = "off"
    assert client_of(app).get("/items/7").status_code == 410
    assert ck.violations(app).counts() == {}


def test_a_late_mode_contractkit_cannot_use_is_reported_as_a_config_error(
    caplog: pytest.LogCaptureFixture,
    framework: str,
) -> None:
    app = create_app(framework=framework)
    app.config["CONTRACTKIT_MODE"] = "Strict"
    assert client_of(app).get("/items/7").status_code == 410  # report mode goes on
    assert "CONTRACTKIT_MODE='Strict' is not supported" in caplog.text
    (failed,) = ck.violations(app).recent()
    assert failed.kind == "check-failed"


def test_a_key_changed_after_init_app_that_cannot_take_effect_is_named(framework: str) -> None:
    app = create_app(framework=framework)
    app.config["CONTRACTKIT_OPENAPI_JSON_PATH"] = "/spec.json"
    client = client_of(app)
    with pytest.warns(ConfigWarning) as caught:
        client.get("/items/1")
    (warning,) = caught
    assert "changed CONTRACTKIT_OPENAPI_JSON_PATH after init_app" in str(warning.message)
    assert "Set them before init_app" in str(warning.message)
    # The line that sent the request that met it (Quart's client is awaited in frameworks.py).
    assert warning.filename == (__file__ if framework == "flask" else frameworks.__file__)
    assert client.get("/openapi.json").status_code == 200


def test_mode_changed_after_the_first_request_is_warned_about_once(framework: str) -> None:
    app = create_app(framework=framework)
    client = client_of(app)
    assert client.get("/items/1").status_code == 200
    app.config["CONTRACTKIT_MODE"] = "strict"
    with pytest.warns(ConfigWarning, match="after its first request, which settled it as"):
        assert client.get("/items/7").status_code == 410
    assert client.get("/items/7").status_code == 410  # no second warning (it would fail here)


def test_a_misspelt_key_names_the_closest_real_one_at_init_app(framework: str) -> None:
    with pytest.warns(ConfigWarning, match="CONTRACTKIT_MOED.*did you mean CONTRACTKIT_MODE") as w:
        create_app({"CONTRACTKIT_MOED": "strict"}, framework=framework)
    assert w[0].filename == __file__


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("CONTRACTKIT_CHECK_BODY", "did you mean CONTRACTKIT_CHECK_BODIES?"),
        ("CONTRACTKIT_DOC_PATH", "did you mean CONTRACTKIT_DOCS_PATH?"),
        ("CONTRACTKIT_SAMPLE_RATE", "did you mean CONTRACTKIT_BODY_SAMPLE_RATE?"),
        ("CONTRACTKIT_EXEMPT", "did you mean CONTRACTKIT_EXEMPT_ENDPOINTS?"),
        ("CONTRACTKIT_X", "no key is close to it."),
    ],
)
def test_unknown_keys_are_named_with_their_closest_match(
    key: str, hint: str, framework: str
) -> None:
    with pytest.warns(ConfigWarning) as caught:
        create_app({key: True}, framework=framework)
    assert [str(w.message).partition(": ")[2].split(" The ")[0] for w in caught] == [hint]


def test_a_misspelt_key_set_after_init_app_fails_the_first_request_under_warnings_as_errors(
    framework: str,
) -> None:
    app = create_app(framework=framework)
    app.config.update(TESTING=True, CONTRACTKIT_MOED="strict")
    client = client_of(app)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the project's pytest setting, filterwarnings=error
        if framework == "flask":
            with pytest.raises(ConfigWarning, match="did you mean CONTRACTKIT_MODE"):
                client.get("/items/1")
        else:  # Quart's test client answers an error raised in testing with its traceback
            response = client.get("/items/1")
            assert response.status_code == 500
            assert b"did you mean CONTRACTKIT_MODE" in response.data


def test_settling_the_config_costs_nothing_after_the_first_request(framework: str) -> None:
    app = create_app(framework=framework)
    client = client_of(app)
    client.get("/items/1")
    app.config["CONTRACTKIT_MOED"] = "strict"  # never looked at again: no per-request reading
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert client.get("/items/1").status_code == 200
