"""The path a document's ``servers`` put in front of each of its ``paths``.

OpenAPI 3: an operation's URL is a server URL followed by the path, so a
document with ``servers: [{url: https://api.example/api}]`` and a path
``/users`` describes ``/api/users``. A Swagger 2.0 document's ``basePath``
arrives here as its conversion's server URL.
"""

from __future__ import annotations

import re
import typing as t
from collections.abc import Mapping
from urllib.parse import urlsplit

__all__ = ["path_prefixes"]

_VARIABLE = re.compile(r"\{([^{}]*)\}")


def path_prefixes(document: Mapping[str, t.Any]) -> tuple[str, ...]:
    """The path of each server URL of ``document``, without a final slash, once each.

    Server variables take their ``default`` (a server with a variable that has
    none is left out); relative URLs are read against the root of the host
    (``/api``, ``api`` and ``./api`` are all ``/api``). With no servers, or
    servers only at the root, this is ``("",)``.
    """
    servers = document.get("servers")
    found: list[str] = []
    for server in servers if isinstance(servers, list) else []:
        prefix = _prefix(server) if isinstance(server, Mapping) else None
        if prefix is not None and prefix not in found:
            found.append(prefix)
    return tuple(found) or ("",)


def _prefix(server: Mapping[str, t.Any]) -> str | None:
    url = server.get("url")
    if not isinstance(url, str):
        return None
    variables = server.get("variables")
    variables = variables if isinstance(variables, Mapping) else {}
    missing = False

    def default(match: re.Match[str]) -> str:
        nonlocal missing
        variable = variables.get(match.group(1))
        value = variable.get("default") if isinstance(variable, Mapping) else None
        if not isinstance(value, str):
            missing = True
            return ""
        return value

    url = _VARIABLE.sub(default, url)
    if missing:
        return None
    if "://" in url or url.startswith("//"):
        path = urlsplit(url).path
    else:
        path = url.split("?", 1)[0].split("#", 1)[0].removeprefix(".")
    path = "/" + path.strip("/")
    return path.rstrip("/")
