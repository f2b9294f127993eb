"""The path each server URL puts in front of a document's paths."""

from __future__ import annotations

import typing as t

import httpx
import pytest

from contractkit import ClientContract
from contractkit.specfile.servers import path_prefixes


@pytest.mark.parametrize(
    ("servers", "prefixes"),
    [
        (None, ("",)),
        ([], ("",)),
        ([{"url": "/"}], ("",)),
        ([{"url": "https://api.example.com"}], ("",)),
        ([{"url": "https://api.example.com/api/v1/"}], ("/api/v1",)),
        ([{"url": "//api.example.com/api"}], ("/api",)),
        # Swagger 2.0's host + basePath without schemes converts to a network-path reference.
        ([{"url": "//petstore.example.com/v1/"}], ("/v1",)),
        ([{"url": "//petstore.example.com"}], ("",)),
        ([{"url": "./api"}, {"url": "api"}, {"url": "/api?x=1"}, {"url": "../api/"}], ("/api",)),
        ([{"url": "."}, {"url": "./"}, {"url": ""}], ("",)),
        ([{"url": "/api/v1///"}], ("/api/v1",)),
        (
            [
                {
                    "url": "https://{host}/{version}",
                    "variables": {
                        "host": {"default": "api.example.com"},
                        "version": {"default": "v2"},
                    },
                }
            ],
            ("/v2",),
        ),
        # A variable without a default names no path: that server is left out.
        ([{"url": "/{version}"}, {"url": "/v1"}], ("/v1",)),
        ([{"url": "/v1"}, {"url": "/v2"}, {"url": "https://x.example/v1"}], ("/v1", "/v2")),
        ([{"url": 42}, "not a server"], ("",)),
    ],
)
def test_path_prefixes(servers: t.Any, prefixes: tuple[str, ...]) -> None:
    document = {} if servers is None else {"servers": servers}
    assert path_prefixes(document) == prefixes


@pytest.mark.parametrize(
    ("url", "prefix"),
    [
        ("//api.example.com/v1", "/v1"),
        ("https://api.example.com/v1/", "/v1"),
        ("v1", "/v1"),
        ("./v1", "/v1"),
        ("/", ""),
    ],
)
def test_the_client_reads_server_urls_as_the_server_side_does(url: str, prefix: str) -> None:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1"},
        "servers": [{"url": url}],
        "paths": {"/things": {"get": {"responses": {"200": {"description": "Things."}}}}},
    }
    assert path_prefixes(document) == (prefix,)
    contract = ClientContract(document)
    request = httpx.Request("GET", f"http://127.0.0.1:5000{prefix}/things")
    assert contract.check(httpx.Response(200, request=request))
