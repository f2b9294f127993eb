"""Views' return values dumped through their declared schemas (``CONTRACTKIT_SERIALIZE``).

flask-smorest's ``Blueprint.response`` and APIFlask's ``output`` dump what a view
returns through the response schema; here that is opt-in, per declaration
(``responds(..., serialize=True)``) or app-wide. It runs in the app's
``make_response``, before Flask turns the value into a response, so the check
then sees what the client gets. Apps that opt in nowhere never install it.
"""

from __future__ import annotations

import typing as t
from collections import abc as cabc
from http import HTTPStatus

from flask import Flask, has_request_context, request
from marshmallow import Schema
from werkzeug.datastructures import Headers
from werkzeug.sansio.response import Response as AnyResponse
from werkzeug.wrappers import Response

from ..declare.decorators import schema_instance
from ..declare.operations import Operation
from ..wire import is_json

#: Schemas to dump through, by ``(endpoint, method)``, then by status code.
SerializerTable = dict[tuple[str, str], dict[int, Schema]]


def response_schemas(
    op: Operation, default: bool, instances: dict[type[Schema], Schema]
) -> dict[int, Schema]:
    """The schema each status code of ``op`` dumps a view's return value through.

    :param default: ``CONTRACTKIT_SERIALIZE``, for declarations that leave
        ``serialize`` out.
    :param instances: one instance per schema class, shared by the app's tables.
    """
    schemas: dict[int, Schema] = {}
    for code, response in op.responses.items():
        for declared in response.content:
            wanted = default if declared.serialize is None else declared.serialize
            if wanted and declared.schema is not None and is_json(declared.content_type or ""):
                schemas[code] = schema_instance(declared.schema, instances)
                break
    return schemas


def serialized(schemas: t.Mapping[int, Schema], rv: t.Any) -> t.Any:
    """``rv``, a view's return value, with its body dumped by the schema of its status.

    Read as Flask's ``make_response`` reads it: a body alone (status 200), or a
    tuple of body and status, body and headers, or all three. What Flask sends
    as it is (see :func:`_sent_as_is`) is left alone, as are statuses without
    a declared schema.
    """
    if isinstance(rv, tuple):
        if not rv:
            return rv
        body, rest = rv[0], rv[1:]
    else:
        body, rest = rv, ()
    if _sent_as_is(body):
        return rv
    status = _status(rest)
    schema = None if status is None else schemas.get(status)
    if schema is None:
        return rv
    dumped = schema.dump(body)
    return (dumped, *rest) if rest else dumped


#: Bodies either framework sends as they are: text, bytes, streams and responses.
_SENT_AS_IS = (str, bytes, bytearray, cabc.Iterator, cabc.AsyncIterator, AnyResponse)


def _sent_as_is(body: object) -> bool:
    """Whether Flask's (or Quart's) ``make_response`` would not turn ``body`` into JSON.

    Text, bytes, iterators and async iterators (a streamed body), responses
    and WSGI callables are sent as they are; ``None`` (a view that forgot to ``return``) is refused
    by Flask with its own ``TypeError``. Dumping any of them would send
    something else than the view meant, or hide its mistake behind ``{}``.
    """
    return body is None or isinstance(body, _SENT_AS_IS) or callable(body)


def _status(rest: tuple[t.Any, ...]) -> int | None:
    """The status code of ``(status, headers)``, ``(status,)``, ``(headers,)`` or ``()``."""
    status = rest[0] if rest else None
    if len(rest) == 1 and isinstance(status, Headers | dict | tuple | list):
        return 200  # (body, headers)
    if status is None:
        return 200  # Flask's default
    if isinstance(status, HTTPStatus | int):
        return int(status)
    if isinstance(status, str):
        code = status.partition(" ")[0]
        return int(code) if code.isdigit() else None
    return None  # Flask rejects it; leave that to Flask


def serializing_make_response(app: Flask, table: t.Callable[[], SerializerTable]) -> None:
    """Wrap ``app``'s own ``make_response`` (this app only) to dump first.

    Flask calls it with the view's return value, before anything turns that into a
    response. ``table`` gives the schemas, building the contract on first use.
    """
    make_response = app.make_response

    def dumping_make_response(rv: t.Any) -> Response:
        if has_request_context():
            rv = dumped(table(), request.endpoint, request.method, rv)
        return make_response(rv)

    app.make_response = dumping_make_response  # type: ignore[method-assign,assignment]


def dumped(table: SerializerTable, endpoint: str | None, method: str, rv: t.Any) -> t.Any:
    """``rv``, returned by the view of ``endpoint`` for ``method``, dumped as it declares."""
    schemas = table.get((endpoint or "", method))
    return serialized(schemas, rv) if schemas else rv


def late_serializer_message(app_name: str, endpoints: str) -> str:
    """Why a ``serialize=True`` that ``init_app`` could not see fails the first request."""
    return (
        f"app {app_name!r} declares serialize=True on {endpoints}, routes added after "
        "init_app, and its contract was first built while serving a request, too late to "
        "dump that response. Call ck.contract(app) at the end of the app factory, or "
        "init_app after registering those routes."
    )
