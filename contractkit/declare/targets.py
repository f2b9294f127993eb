"""Which operation of the contract a request belongs to, decided in one place."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from werkzeug.routing import Map

from .operations import Contract, Operation
from .paths import http_rules

#: How a request relates to the contract; see :func:`request_target`.
TargetKind = t.Literal["operation", "undocumented", "exempt", "unrouted"]


def operation_method(method: str) -> str:
    """The method of the operation a request of ``method`` belongs to.

    Flask answers ``HEAD`` with the ``GET`` view (without the body), so a
    ``HEAD`` request belongs to ``GET``'s operation; every other method to its own.
    """
    return "GET" if method == "HEAD" else method


def request_methods(method: str) -> tuple[str, ...]:
    """The methods requests of an operation of ``method`` come as: the inverse of
    :func:`operation_method`, for tables keyed by ``(endpoint, request method)``."""
    return ("GET", "HEAD") if method == "GET" else (method,)


@dataclass(frozen=True, slots=True)
class RequestTarget:
    """The operation a request belongs to, or why it belongs to none."""

    kind: TargetKind
    #: The method the contract knows the request by: ``GET`` for a ``HEAD`` request.
    method: str
    #: The operation, for kind ``"operation"``.
    operation: Operation | None = None


def request_target(contract: Contract, endpoint: str | None, method: str) -> RequestTarget:
    """Which operation of ``contract`` a request belongs to: the one place that decides.

    The runtime check, the input hook and contract coverage all ask this, so
    they always agree:

    - ``endpoint`` ``None``: no URL rule matched (routing 404 or 405, slash
      redirects), so the request belongs to no operation (``"unrouted"``);
    - ``OPTIONS``, which Flask answers by itself, and exempt endpoints (marked
      :func:`~contractkit.exempt`, configured, contractkit's own routes,
      static files) are ``"exempt"``;
    - ``HEAD`` is answered by the ``GET`` view, so it belongs to ``GET``'s operation;
    - a routed request the contract has no operation for is ``"undocumented"``.
    """
    if endpoint is None:
        return RequestTarget("unrouted", method)
    if method == "OPTIONS" or endpoint in contract.exempt_endpoints:
        return RequestTarget("exempt", method)
    known_as = operation_method(method)
    operation = contract.by_endpoint.get((endpoint, known_as))
    if operation is None:
        return RequestTarget("undocumented", known_as)
    return RequestTarget("operation", known_as, operation)


def routed_targets(
    contract: Contract, url_map: Map
) -> t.Iterator[tuple[tuple[str, str], RequestTarget]]:
    """Every ``(endpoint, method)`` the app routes, with its :func:`request_target`.

    For tables built once and then read with one dict lookup per request.
    """
    for rule in http_rules(url_map):
        for method in sorted(rule.methods or ()):
            yield (rule.endpoint, method), request_target(contract, rule.endpoint, method)
