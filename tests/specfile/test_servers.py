"""The path each server URL puts in front of a document's paths."""

from __future__ import annotations

import typing as t

import pytest

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
        ([{"url": "./api"}, {"url": "api"}, {"url": "/api?x=1"}], ("/api",)),
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
