"""What a violation leads to: a record, a log line, a counter, a signal; in strict mode a 500."""

from __future__ import annotations

import logging
import typing as t

from flask import Request, Response
from flask.sansio.app import App

from ..config import Mode
from ..errors import ConfigWarning, warn
from ..http import AUTOMATIC_METHODS
from ..problem import problem_response
from .violations import Violation, ViolationStore, violation_recorded

if t.TYPE_CHECKING:
    from ..recording.records import RecordWriter
    from .metrics import PrometheusMetrics

#: Noted on a request whose response a recorder has recorded (its WSGI environ or ASGI scope).
RECORDED_KEY: t.Final = "contractkit.recorded"


def request_notes(request: t.Any) -> t.MutableMapping[str, t.Any]:
    """What contractkit notes on a request between its hooks and listeners.

    A WSGI request's environ (Flask's), else an ASGI request's scope (Quart's):
    each lives exactly as long as its request, and the framework hands it on
    untouched.
    """
    environ = getattr(request, "environ", None)
    return t.cast(t.MutableMapping[str, t.Any], request.scope if environ is None else environ)


#: contractkit's logger; violations go to it at WARNING (report) or ERROR (strict).
logger = logging.getLogger("contractkit")


def log_fields(violation: Violation, mode: Mode, count: int) -> dict[str, t.Any]:
    """The attributes a violation's log record carries, for JSON log pipelines to index.

    They come from the contract and the app's answer only: endpoint names from
    the url_map, the request's method (one its rule allows), codes. Never the
    path, query string, headers or body, which may hold personal data or secrets.
    """
    return {
        "kind": violation.kind,
        "endpoint": violation.endpoint,
        "method": violation.method,
        "status": violation.status,
        "declared": list(violation.declared),
        "operation": violation.operation,
        "mode": mode,
        #: Occurrences of this endpoint, method, status and kind in this process so far.
        "count": count,
    }


def _worth_logging(count: int) -> bool:
    # The 1st, 10th, 100th... occurrence of a key: production logs show each
    # problem once, then how it grows, never one line per request.
    while count >= 10 and count % 10 == 0:
        count //= 10
    return count == 1


class Reporter:
    """Records, logs and forwards one app's violations, and answers for them in strict mode."""

    def __init__(
        self,
        app: App,
        mode: Mode,
        store: ViolationStore,
        metrics: PrometheusMetrics | None = None,
        recorder: RecordWriter | None = None,
        *,
        current_request: t.Callable[[], t.Any],
    ) -> None:
        """
        :param current_request: the request being answered, as the app's framework keeps it.
        """
        self._app = app
        self._current_request = current_request
        self._mode = mode
        self._strict = mode == "strict"
        #: Whether a ``CONTRACTKIT_MODE`` changed after the first request was warned about.
        self._warned_mode = False
        self.store = store
        #: Prometheus counters, when ``CONTRACTKIT_PROMETHEUS`` is on.
        self.metrics = metrics
        #: Where the responses of violations are recorded (``CONTRACTKIT_RECORD``).
        self.recorder = recorder

    def use_mode(self, mode: Mode) -> None:
        """Answer in ``mode`` from now on: the app's first request settles it."""
        self._mode = mode
        self._strict = mode == "strict"

    def _warn_of_late_mode(self) -> None:
        # Only on this path, a violation's: a good response pays nothing for it.
        configured = self._app.config.get("CONTRACTKIT_MODE", self._mode)
        if configured != self._mode and not self._warned_mode:
            self._warned_mode = True
            warn(
                f"app {self._app.name!r} changed CONTRACTKIT_MODE to {configured!r} after its "
                f"first request, which settled it as {self._mode!r}: violations are still "
                f"answered in {self._mode!r} mode. Set it before the first request.",
                ConfigWarning,
            )

    def report(self, violation: Violation, response: Response) -> Response:
        """Record ``violation``; return the response to send in its place.

        In report mode that is ``response`` itself, untouched. In strict mode it
        is a 500 problem+json naming the operation and the codes it declares:
        the server broke its contract, so the status is never a 4xx.
        """
        self._warn_of_late_mode()
        count = self.store.record(violation)
        self._record(violation, response)
        if self._strict:
            # Every occurrence, like any other 500 of a staging server.
            extra = log_fields(violation, self._mode, count)
            logger.error("contract violation: %s", violation.detail, extra=extra)
        elif _worth_logging(count):
            seen = "" if count == 1 else f" (seen {count} times)"
            extra = log_fields(violation, self._mode, count)
            logger.warning("contract violation: %s%s", violation.detail, seen, extra=extra)
        return self._answer(
            violation,
            response,
            f"The server broke its API contract: {violation.detail}.",
            violation=violation.kind,
            endpoint=violation.endpoint,
            method=violation.method,
            returned_status=violation.status,
            declared_statuses=list(violation.declared),
        )

    def _record(self, violation: Violation, response: Response) -> None:
        """Record the response the contract lacks, as the view answered it.

        Here, where the violation is found, and before strict mode replaces
        the response: declared traffic never comes this way, so recording
        costs it nothing. A test session's recorder (``--contract-record``)
        takes it when there is one.
        """
        from ..recording.records import session_writer

        writer = session_writer() or self.recorder
        if writer is None or violation.method in AUTOMATIC_METHODS:
            return  # a HEAD response has no body: its GET tells what it answers
        try:
            writer.add(self._app.name, violation.endpoint, violation.method, response)
            request_notes(self._current_request())[RECORDED_KEY] = True
        except Exception:
            logger.exception("contractkit could not record a response of %s", violation.operation)

    def check_failed(
        self,
        error: Exception,
        response: Response,
        req: Request | None,
        *,
        logged: bool = False,
        building: bool = False,
    ) -> Response:
        """The check itself raised: log it once, never crash the request.

        Report mode sends the original response; strict mode reports a
        ``check-failed`` violation and answers 500 like any other violation.
        This never raises either: when recording the failure fails too (a
        broken store or metrics backend), it is logged and the same answer
        is given.

        :param logged: whether this error was logged already (a contract that
            cannot be built, answered for at every response): counted, not logged.
        :param building: the error came from building the app's contract, not
            from checking this response: the log says so, and what follows.
        """
        try:
            return self._check_failed(error, response, req, logged, building)
        except Exception as second:
            logger.error(
                "contractkit could not record a failed check (%s)",
                type(second).__name__,
                exc_info=second,
            )
            if not self._strict:
                return response
            _close(response)
            return problem_response(
                500, "The server could not check its response against its API contract."
            )

    def _check_failed(
        self,
        error: Exception,
        response: Response,
        req: Request | None,
        logged: bool,
        building: bool,
    ) -> Response:
        name = type(error).__name__
        rule = req.url_rule if req is not None else None
        endpoint = rule.endpoint if rule is not None else "(no endpoint)"
        # Only a method the matched rule allows: a request no rule matched may
        # carry any method a client made up, which must not become a label.
        if req is None:
            method = "(no request)"
        elif rule is not None and req.method in (rule.methods or ()):
            method = req.method
        else:
            method = "(other)"
        violation = Violation(
            kind="check-failed",
            endpoint=endpoint,
            method=method,
            status=response.status_code,
            declared=(),
            detail=f"{method} {endpoint}: the response could not be checked ({name}: {error})",
            operation=f"{method} {endpoint}",
            path=req.path if req is not None else "",
        )
        count = self.store.record(violation)
        if count == 1 and not logged:
            extra = {**log_fields(violation, self._mode, count), "error": name}
            if building:
                # Said once for the app: every later response meets the same error.
                logger.error(
                    "contractkit could not build the contract of app %r (first met at %s %s); "
                    "%s until it is fixed: %s",
                    self._app.name,
                    method,
                    endpoint,
                    "every response is a 500" if self._strict else "responses go out unchecked",
                    error,
                    exc_info=error,
                    extra=extra,
                )
            else:
                logger.error(
                    "contractkit could not check a response of %s %s",
                    method,
                    endpoint,
                    exc_info=error,
                    extra=extra,
                )
        return self._answer(
            violation,
            response,
            f"The server could not check its response against its API contract ({name}).",
        )

    def _answer(
        self, recorded: Violation, response: Response, detail: str, /, **members: t.Any
    ) -> Response:
        """Count and forward a recorded violation; the response to send for it."""
        if self.metrics is not None:
            self.metrics.violation(recorded)
        self._forward(recorded)
        if not self._strict:
            return response
        _close(response)
        return problem_response(500, detail, **members)

    def _forward(self, violation: Violation) -> None:
        try:
            violation_recorded.send(self._app, violation=violation)
        except Exception:
            logger.exception("a receiver of contractkit's violation_recorded signal failed")


def _close(response: Response) -> None:
    """Close a replaced response so its generator or file is released, not leaked."""
    try:
        response.close()
    except Exception:
        logger.exception("closing a response replaced by contractkit failed")


__all__: t.Sequence[str] = ["RECORDED_KEY", "Reporter", "log_fields", "logger", "request_notes"]
