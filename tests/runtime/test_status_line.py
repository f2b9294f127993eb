"""Custom codes go out with their registered reason phrase, per app."""

from __future__ import annotations

import http.client

import pytest
from flask import Flask
from werkzeug.http import HTTP_STATUS_CODES

from ..servers import serving


def _get(url: str, path: str) -> http.client.HTTPResponse:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.mark.slow
def test_custom_codes_carry_their_phrase_on_the_wire() -> None:
    from example_app import create_app

    app = create_app({"EXAMPLE_SEARCH_CALLS_PER_HOUR": 1})
    with serving(app) as url:
        custom = _get(url, "/custom")
        first_search = _get(url, "/search?q=tea")
        limited = _get(url, "/search?q=tea")
        standard = _get(url, "/items/1")
    assert (custom.status, custom.reason) == (299, "Completed With Warnings")
    assert (first_search.status, first_search.reason) == (200, "OK")
    assert (limited.status, limited.reason) == (460, "Tier Limit Exceeded")
    assert (standard.status, standard.reason) == (200, "OK")


def test_phrases_are_set_per_app_not_in_werkzeugs_global_table(app: Flask) -> None:
    response = app.test_client().get("/custom")
    assert response.status == "299 Completed With Warnings"
    assert 299 not in HTTP_STATUS_CODES
    assert 460 not in HTTP_STATUS_CODES
