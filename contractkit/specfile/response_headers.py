"""The headers an OpenAPI document's response requires, read once for the server and the client."""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

from .locations import follow


def required_headers(document: Mapping[str, t.Any], response: object) -> tuple[str, ...]:
    """The names of the headers ``response`` (a Response Object, or a ``$ref`` to one) requires.

    OpenAPI: a ``Content-Type`` listed among a response's headers is ignored.
    """
    response = follow(document, response)
    declared = response.get("headers") if isinstance(response, Mapping) else None
    if not isinstance(declared, Mapping):
        return ()
    required = []
    for name, header in declared.items():
        header = follow(document, header)
        listed = isinstance(header, Mapping) and header.get("required") is True
        if listed and str(name).lower() != "content-type":
            required.append(str(name))
    return tuple(required)
