"""Finished responses, as each framework announces them, for listeners that are not hooks.

The pytest plugins (contract coverage, ``--contract-record``) read every
response once its app has finished with it, the status a client receives.
Flask and Quart each send their own ``request_finished`` signal for that,
inside the request's context; a listener connected here hears both. Quart's
signal is connected only once a Quart app is set up (or Quart is already
imported), so a Flask-only process never imports Quart.
"""

from __future__ import annotations

import sys
import typing as t

from flask import request_finished
from werkzeug.wrappers import Response

#: A listener: ``(app, response=response)`` with the framework's app and response.
Receiver = t.Callable[..., None]

#: The listeners connected by :func:`connect_finished`, in order.
_receivers: list[Receiver] = []


def connect_finished(receiver: Receiver) -> None:
    """Call ``receiver`` for every response any contractkit-supported framework finishes."""
    _receivers.append(receiver)
    request_finished.connect(receiver, weak=False)
    if "quart" in sys.modules:
        _quart_finished().connect(receiver, weak=False)


def disconnect_finished(receiver: Receiver) -> None:
    """Stop calling ``receiver``."""
    _receivers.remove(receiver)
    request_finished.disconnect(receiver)
    if "quart" in sys.modules:
        _quart_finished().disconnect(receiver)


def listen_to_quart() -> None:
    """Connect the listeners to Quart's signal: a Quart app is being set up."""
    signal = _quart_finished()
    for receiver in _receivers:
        signal.connect(receiver, weak=False)  # blinker connects a receiver once


def _quart_finished() -> t.Any:
    from .quart import quart_request_finished

    return quart_request_finished()


def readable_response(response: t.Any) -> Response:
    """``response`` as the core reads one: Werkzeug's, or a view of a Quart response.

    A Quart response's body is awaited; the view reads the bytes it holds in
    memory, and no body of a stream.
    """
    if isinstance(response, Response):
        return response
    from .quart import ResponseView

    return t.cast(Response, ResponseView(response))
