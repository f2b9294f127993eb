"""from_url against real servers on 127.0.0.1: Swagger 2.0, redirects, slow servers, depth."""

from __future__ import annotations

import socket
import threading
import time
import typing as t
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import requests
from flask import Flask, redirect

from contractkit import ClientContract, ContractViolationError, SpecFileError
from contractkit.client.fetching import MAX_REDIRECTS
from contractkit.specfile.parsing import MAX_DEPTH

from ..servers import serving

pytestmark = pytest.mark.slow

#: A Swagger 2.0 document as flask-restx writes one: host and basePath, no schemes.
SWAGGER = {
    "swagger": "2.0",
    "info": {"title": "Widgets", "version": "1.0"},
    "host": "widgets.example.com",
    "basePath": "/v1",
    "produces": ["application/json"],
    "paths": {
        "/widgets/{id}": {
            "get": {
                "parameters": [{"name": "id", "in": "path", "required": True, "type": "integer"}],
                "responses": {
                    "200": {"description": "A widget.", "schema": {"$ref": "#/definitions/Widget"}},
                    "404": {"description": "No such widget."},
                },
            }
        }
    },
    "definitions": {
        "Widget": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            "required": ["id", "name"],
        }
    },
}


def widgets_app() -> Flask:
    """The API SWAGGER describes, under /v1, serving its own document; widget 2 has drifted."""
    app = Flask("widgets")

    @app.get("/swagger.json")
    def document() -> t.Any:
        return SWAGGER

    @app.get("/v1/widgets/<int:widget_id>")
    def widget(widget_id: int) -> t.Any:
        if widget_id == 1:
            return {"id": 1, "name": "Sprocket"}
        if widget_id == 2:
            return {"id": "two", "name": "Cog"}
        return {"message": "not found"}, 404

    @app.get("/v1/widgets/<int:widget_id>/owner")
    def owner(widget_id: int) -> t.Any:
        return {"name": "Ada"}

    return app


@pytest.mark.parametrize("library", ["requests", "httpx"])
def test_a_swagger_2_document_with_a_host_checks_the_responses_of_its_api(library: str) -> None:
    with serving(widgets_app()) as url:
        contract = ClientContract.from_url(f"{url}/swagger.json")
        assert contract.document["servers"] == [{"url": "//widgets.example.com/v1"}]
        get = requests.get if library == "requests" else httpx.get
        assert contract.check(get(f"{url}/v1/widgets/1")).status_code == 200
        assert contract.check(get(f"{url}/v1/widgets/9")).status_code == 404
        with pytest.raises(
            ContractViolationError, match=r"GET /widgets/\{id\}: its body .* at /id"
        ):
            contract.check(get(f"{url}/v1/widgets/2"))
        with pytest.raises(
            ContractViolationError, match=r"matches no operation .*server paths: /v1"
        ):
            contract.check(get(f"{url}/v1/widgets/1/owner"))


def redirecting_app() -> Flask:
    app = Flask("moved")
    app.add_url_rule("/openapi.json", "old", lambda: redirect("/api/openapi.json", 302))
    app.add_url_rule(
        "/api/openapi.json", "ftp", lambda: redirect("ftp://127.0.0.1/openapi.json", 301)
    )
    app.add_url_rule("/loop/<int:hop>", "loop", lambda hop: redirect(f"/loop/{hop + 1}", 307))
    return app


def test_a_redirect_to_ftp_is_refused_naming_every_hop() -> None:
    with serving(redirecting_app()) as url, pytest.raises(SpecFileError) as caught:
        ClientContract.from_url(f"{url}/openapi.json")
    assert str(caught.value) == (
        f"cannot fetch {url}/openapi.json (redirected: {url}/openapi.json → 302 → "
        f"{url}/api/openapi.json → 301 → ftp://127.0.0.1/openapi.json): it redirects to "
        "ftp://127.0.0.1/openapi.json, and only redirects to http:// and https:// URLs are "
        "followed."
    )


def test_redirects_are_followed_a_bounded_number_of_times() -> None:
    with (
        serving(redirecting_app()) as url,
        pytest.raises(SpecFileError, match=f"redirects more than {MAX_REDIRECTS} times") as caught,
    ):
        ClientContract.from_url(f"{url}/loop/0")
    assert f"→ 307 → {url}/loop/{MAX_REDIRECTS + 1}):" in str(caught.value)


@contextmanager
def dripping(at_once: bytes, dripped: bytes) -> Iterator[str]:
    """A server on 127.0.0.1 that answers one request with ``at_once``, then a byte of
    ``dripped`` every half second; it stops when the client hangs up, or after ten seconds."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)
    stop = threading.Event()

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            try:
                connection.recv(65536)
                connection.sendall(at_once)
                for byte in dripped[:20]:
                    if stop.wait(0.5):
                        return
                    connection.sendall(bytes([byte]))
            except OSError:
                return  # the client gave up

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/openapi.json"
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=15)


BODY = b'{"openapi": "3.1.0", "info": {"title": "Slow", "version": "1"}, "paths": {}}'
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(
    BODY
)


@pytest.mark.parametrize(
    ("at_once", "dripped"), [(HEAD, BODY), (b"", HEAD + BODY)], ids=["body", "status-line"]
)
def test_timeout_bounds_the_whole_fetch_of_a_dripping_server(
    at_once: bytes, dripped: bytes
) -> None:
    started = time.monotonic()
    with dripping(at_once, dripped) as url, pytest.raises(SpecFileError) as caught:
        ClientContract.from_url(url, timeout=1)
    # A byte every half second never lets a single read wait a whole second.
    assert time.monotonic() - started < 8
    assert str(caught.value) == (
        f"cannot fetch {url}: it took longer than timeout=1 seconds in all; give a larger "
        "timeout=, or download the document and use ClientContract.from_file()."
    )


def test_a_fast_server_is_read_within_the_timeout() -> None:
    with dripping(HEAD + BODY, b"") as url:
        assert ClientContract.from_url(url, timeout=1).name == "Slow"


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH - 1])
def test_a_served_document_up_to_the_depth_limit_is_read(depth: int) -> None:
    app = Flask("deep")
    head = '{"openapi": "3.1.0", "info": {"title": "Deep", "version": "1"}, "paths": {}, "x-deep": '
    text = head + '{"a": ' * (depth - 2) + "{}" + "}" * (depth - 2) + "}"
    app.add_url_rule(
        "/openapi.json", "deep", lambda: (text, 200, {"Content-Type": "application/json"})
    )
    with serving(app) as url:
        assert ClientContract.from_url(f"{url}/openapi.json").name == "Deep"
