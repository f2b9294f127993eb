"""What a violation leads to: a record, a log line, a signal, and in strict mode a 500."""

from __future__ import annotations

import logging
import typing as t

from flask import Flask, Request, Response

from .config import Mode
from .problem import problem_response
from .violations import Violation, ViolationStore, violation_recorded

#: contractkit's logger; violations go to it at WARNING (report) or ERROR (strict).
logger = logging.getLogger("contractkit")


def _worth_logging(count: int) -> bool:
    # The 1st, 10th, 100th... occurrence of a key: production logs show each
    # problem once, then how it grows, never one line per request.
    while count >= 10 and count % 10 == 0:
        count //= 10
    return count == 1


class Reporter:
    """Records, logs and forwards one app's violations, and answers for them in strict mode."""

    def __init__(self, app: Flask, mode: Mode, store: ViolationStore) -> None:
        self._app = app
        self._strict = mode == "strict"
        self.store = store

    def report(self, violation: Violation, response: Response) -> Response:
        """Record ``violation``; return the response to send in its place.

        In report mode that is ``response`` itself, untouched. In strict mode it
        is a 500 problem+json naming the operation and the codes it declares:
        the server broke its contract, so the status is never a 4xx.
        """
        count = self.store.record(violation)
        if self._strict:
            # Every occurrence, like any other 500 of a staging server.
            logger.error("contract violation: %s", violation.detail)
        elif _worth_logging(count):
            seen = "" if count == 1 else f" (seen {count} times)"
            logger.warning("contract violation: %s%s", violation.detail, seen)
        self._forward(violation)
        if not self._strict:
            return response
        _close(response)
        return problem_response(
            500,
            f"The server broke its API contract: {violation.detail}.",
            violation=violation.kind,
            endpoint=violation.endpoint,
            method=violation.method,
            returned_status=violation.status,
            declared_statuses=list(violation.declared),
        )

    def check_failed(self, error: Exception, response: Response, req: Request | None) -> Response:
        """The check itself raised: log it once, never crash the request.

        Report mode sends the original response; strict mode reports a
        ``check-failed`` violation and answers 500 like any other violation.
        """
        name = type(error).__name__
        rule = req.url_rule if req is not None else None
        endpoint = rule.endpoint if rule is not None else "(no endpoint)"
        method = req.method if req is not None else "(no request)"
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
        if count == 1:
            logger.error(
                "contractkit could not check a response of %s %s", method, endpoint, exc_info=error
            )
        self._forward(violation)
        if not self._strict:
            return response
        _close(response)
        return problem_response(
            500, f"The server could not check its response against its API contract ({name})."
        )

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


__all__: t.Sequence[str] = ["Reporter", "logger"]
