"""The path a document's ``servers`` put in front of each of its ``paths``.

OpenAPI 3: an operation's URL is a server URL followed by the path, so a
document with ``servers: [{url: https://api.example/api}]`` and a path
``/users`` describes ``/api/users``. A Swagger 2.0 document's ``host`` and
``basePath`` arrive here as its conversion's server URL (``//host/v1`` when it
names no scheme). The server side (a spec-driven app's routes) and the client
side (:class:`~contractkit.ClientContract`) both read server URLs here, so
both agree on where an operation lives.
"""

from __future__ import annotations

import re
import typing as t
from collections.abc import Mapping
from urllib.parse import urljoin, urlsplit

__all__ = ["path_prefixes", "server_path"]

_VARIABLE = re.compile(r"\{([^{}]*)\}")
#: What relative server URLs are read against: the root of whichever host serves the API.
_ROOT = "http://host.invalid/"


def path_prefixes(document: Mapping[str, t.Any]) -> tuple[str, ...]:
    """The path of each server URL of ``document``, without a final slash, once each.

    In document order; a server whose URL cannot be read (see
    :func:`server_path`) is left out. With no servers, or servers only at the
    root, this is ``("",)``.
    """
    servers = document.get("servers")
    found: list[str] = []
    for server in servers if isinstance(servers, list) else []:
        prefix = server_path(server) if isinstance(server, Mapping) else None
        if prefix is not None and prefix not in found:
            found.append(prefix)
    return tuple(found) or ("",)


def server_path(server: Mapping[str, t.Any]) -> str | None:
    """The path of one Server object's URL, without a final slash: ``""`` for the root.

    The URL is read as RFC 3986 reads a reference: an absolute URL
    (``https://api.example.com/v1/``) and a network-path reference
    (``//api.example.com/v1``) give their path (``/v1``); a relative one
    (``/v1``, ``v1``, ``./v1``) is read against the root of the host, so all
    three are ``/v1``. Variables take their ``default``; ``None`` when a
    variable has none (OpenAPI requires one) or the URL is not a string.
    """
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
    path = urlsplit(urljoin(_ROOT, url.strip())).path
    return "/" + path.strip("/") if path.strip("/") else ""
