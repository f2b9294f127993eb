"""``pytest --contract-record=DIR``: every response of a contractkit app, recorded as a shape."""

from __future__ import annotations

import typing as t

from flask.sansio.app import App

from ..adapters.finished import connect_finished, disconnect_finished, readable_response
from ..http import AUTOMATIC_METHODS
from ..recording.records import RecordWriter, set_session_writer
from ..runtime.reporting import RECORDED_KEY, request_notes
from ..state import EXTENSION_KEY, AppState
from ..wire import ORIGINAL_STATUS_HEADER


class ContractRecording:
    """The test session's recorder: one file per process (so per xdist worker) in ``DIR``.

    Responses of routes the app's contract holds and of routes it lacks are
    recorded alike; exempt routes, contractkit's own and requests no route
    matched are not. A response that broke the contract is recorded by the
    runtime check, as the view answered it, before strict mode replaces it.
    Nor is a custom code sent as its fallback (``Prefer: status-fallback``):
    the view answered the custom code, which its contract declares (else the
    check recorded it), and the fallback is no answer of the view's to propose.
    """

    def __init__(self, directory: str) -> None:
        self.writer = RecordWriter(directory, "tests", interval=0)
        set_session_writer(self.writer)
        connect_finished(self.on_request_finished)

    def pytest_unconfigure(self) -> None:
        disconnect_finished(self.on_request_finished)
        set_session_writer(None)
        self.writer.close()

    def on_request_finished(self, sender: App, response: t.Any, **extra: t.Any) -> None:
        """``request_finished`` receiver (Flask's or Quart's); runs inside the request context."""
        state = sender.extensions.get(EXTENSION_KEY)
        if not isinstance(state, AppState):
            return
        request = state.current_request()
        rule = request.url_rule
        if rule is None or request_notes(request).get(RECORDED_KEY):
            return
        if request.method in AUTOMATIC_METHODS or ORIGINAL_STATUS_HEADER in response.headers:
            return
        contract = state.contract()
        if rule.endpoint in contract.exempt_endpoints:
            return
        self.writer.add(sender.name, rule.endpoint, request.method, readable_response(response))
