"""A response a client received, read the same way from requests and from httpx.

Neither library is imported here: a response is recognised by the module its
class comes from, so ``import contractkit.client`` costs neither.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Received:
    """What the check reads of one response and the request it answers."""

    method: str
    url: str
    status: int
    #: The response headers, a case-insensitive mapping (both libraries' own).
    headers: t.Mapping[str, str]
    #: Request headers, for ``Prefer`` and conditional requests.
    request_headers: t.Mapping[str, str]
    #: The body as received, with any ``Content-Encoding`` undone.
    content: bytes


def received(response: t.Any) -> Received:
    """``response`` (a ``requests.Response`` or an ``httpx.Response``) as :class:`Received`.

    An httpx response given to a ``response`` event hook has not read its
    body yet; it is read here (httpx keeps it, so the caller still has it).

    :raises TypeError: for anything else, naming what is accepted.
    """
    module = type(response).__module__.partition(".")[0]
    if module == "requests":
        content = response.content or b""
    elif module == "httpx":
        import httpx  # loaded already: the response is one of its objects

        try:
            content = response.content
        except httpx.ResponseNotRead:
            # An event hook's response: read here, and kept for the caller. An
            # AsyncClient's hook awaits ClientContract.acheck, which reads first.
            content = response.read()
    else:
        raise TypeError(
            f"cannot check a {type(response).__module__}.{type(response).__qualname__}: "
            "give a requests.Response or an httpx.Response."
        )
    request = response.request
    return Received(
        str(request.method).upper(),
        str(request.url),
        int(response.status_code),
        response.headers,
        request.headers,
        content,
    )
