"""The per-response check: tables built once per app, then one dict lookup per response."""

from __future__ import annotations

import random
import typing as t

from flask import Request, Response
from werkzeug.routing import Rule

from ..declare.paths import openapi_path
from ..declare.status_codes import CONDITIONAL_HEADERS, registry_entry, undeclarable_problem
from ..errors import ConfigWarning
from .metrics import PrometheusMetrics
from .operation_table import OperationCheck
from .reporting import Reporter
from .status_lines import StatusLines
from .violations import Violation, ViolationKind

if t.TYPE_CHECKING:
    from .bodies import BodyCheck, FallbackBodyCheck


_DECLARE_ADVICE = "declare its codes with @responds or mark it exempt"
_DOCUMENT_ADVICE = (
    "add its operation to the app's OpenAPI document (CONTRACTKIT_SPEC) or list the endpoint "
    "in CONTRACTKIT_EXEMPT_ENDPOINTS; a route added after the contract was built is in neither"
)


def _standard_only(op: OperationCheck) -> str:
    """The catch-all responses of ``op`` that cover standard codes only, by key."""
    return " or ".join(c.key for c, _ in op.catch_alls if c.standard_only)


class ResponseChecker:
    """The ``after_request`` work of one app: check, report, then set the status line.

    Checking happens on the code the app answered; the fallback rewrite comes
    after, so a negotiated fallback is never mistaken for a violation.
    """

    def __init__(
        self,
        reporter: Reporter,
        load: t.Callable[[], object],
        current_request: t.Callable[[], Request],
        readable: t.Callable[[t.Any], Response] | None = None,
    ) -> None:
        """
        :param current_request: the request being answered; each framework's
            adapter gives its own (Flask's and Quart's are distinct context variables).
        :param readable: the adapter's Werkzeug view of its framework's response,
            where that is no Werkzeug response (Quart's body is awaited): made only
            where a body is checked or a response reported, never on the common path.
        """
        self._reporter = reporter
        self._current_request = current_request
        self._readable = readable
        #: Settles this checker at the first response, loading it (:meth:`load`) unless
        #: ``ck.contract(app)`` did; ``AppState.settle_checker``.
        self._load = load
        #: ``True`` until the first response settled the tables: they depend on routes
        #: that may still change after ``init_app``, and on config a test may set then.
        self._pending = True
        self._loaded = False
        self._table: dict[tuple[str, str], OperationCheck] = {}
        self._metrics: PrometheusMetrics | None = None
        self._status_lines: StatusLines | None = None
        self._customs: dict[int, t.Any] = {}
        self._checking = False
        self._sample_rate = 1.0
        #: Why the tables could not be built, when they could not: kept, so that
        #: each later response is answered for it without building them again.
        self._broken: Exception | None = None
        #: What to do about a route the contract was built without (added later).
        self._unknown_advice = _DECLARE_ADVICE

    @property
    def loaded(self) -> bool:
        """Whether :meth:`load` has set the tables."""
        return self._loaded

    def load(
        self,
        *,
        table: dict[tuple[str, str], OperationCheck],
        status_lines: StatusLines,
        checking: bool,
        sample_rate: float = 1.0,
        metrics: PrometheusMetrics | None = None,
        from_document: bool = False,
    ) -> None:
        """Set the tables, once; the app's lock keeps other threads out meanwhile.

        :param from_document: whether the contract is a document's (spec-driven):
            advice then speaks of the document, not of decorators.
        """
        self._unknown_advice = _DOCUMENT_ADVICE if from_document else _DECLARE_ADVICE
        self._table = table
        self._metrics = metrics
        self._status_lines = status_lines
        self._customs = status_lines.customs
        self._checking = checking
        self._sample_rate = sample_rate
        self._loaded = True

    def __call__(self, response: Response) -> Response:
        """Check ``response``; never raises.

        The common case, a declared code and no body check due, costs one
        tuple, two dict lookups and one set lookup (and one ``inc()`` with
        metrics on). A failure of the check itself is reported, and then the
        status line is still set, so in report mode the client gets exactly
        what it would have got.
        """
        if self._pending:
            return self._first_response(response)
        req: Request | None = None
        code = response.status_code
        try:
            req = self._current_request()
            rule = req.url_rule
            # Requests no rule matched (routing 404/405, slash redirects) belong to no
            # operation of the contract, so they are not checked.
            if rule is not None and self._checking:
                op = self._table.get((rule.endpoint, req.method))
                judged = response
                if op is not None and code in op.codes:
                    if op.count is not None:
                        op.count()
                    body = op.bodies.get(code)
                    if body is not None:
                        judged = self._check_body(response, req, rule, op, body)
                    if op.headers and judged is response and code in op.headers:
                        judged = self._check_headers(response, req, rule, op, op.headers[code])
                elif op is None or not op.exempt:
                    judged = self._judge_status(response, req, rule, op, code)
                if judged is not response:
                    return judged
        except Exception as error:
            judged = self._failed(error, response, req)
            if judged is not response:
                return judged
        custom = self._customs.get(code)
        if custom is None:
            return response
        try:
            self._status_lines.apply(response, req or self._current_request(), custom)  # type: ignore[union-attr]
            return response
        except Exception as error:
            return self._failed(error, response, req)

    def _first_response(self, response: Response) -> Response:
        """Build the tables, or answer for why they cannot be built.

        A contract that cannot be built (a document that cannot be enforced)
        is not built again for every request: in report mode each response
        goes out untouched and is counted as a failed check, logged once; in
        strict mode each is a 500 naming the error.
        """
        req = self._current_request()
        if self._broken is not None:
            return self._failed(self._broken, response, req, logged=True, building=True)
        try:
            self._load()
        except ConfigWarning:
            raise  # made an error by the app's warning filters: its test should fail on it
        except Exception as error:
            self._broken = error
            return self._failed(error, response, req, building=True)
        self._pending = False  # last: a response that sees False sees the tables
        return self(response)

    def _judge_status(
        self, response: Response, req: Request, rule: Rule, op: OperationCheck | None, code: int
    ) -> Response:
        """A code the operation does not list, or an operation the contract lacks."""
        if op is not None:
            for catch_all, body in op.catch_alls:
                if catch_all.covers(code):
                    if op.count is not None:
                        op.count()
                    judged = response
                    if body is not None:
                        judged = self._check_body(response, req, rule, op, body)
                    required = catch_all.required_headers
                    if required and judged is response:
                        judged = self._check_headers(
                            response, req, rule, op, required, f"response {catch_all.key}"
                        )
                    return judged
        if op is not None and op.count is not None:
            op.count()
        elif (op is None or op.advice) and self._metrics is not None:
            self._metrics.checked(rule.endpoint, req.method)()
        never = undeclarable_problem(code)  # 102, 700: to be changed, never declared
        if op is None or op.advice:
            advice = (op.advice if op else None) or self._unknown_advice
            detail = f"it answered {code} but declares nothing; {never or advice}"
            name = f"{req.method} {openapi_path(rule)}"
            return self._violation("undocumented-operation", response, req, rule, name, (), detail)
        if code == 304 and op.revalidates and any(h in req.headers for h in CONDITIONAL_HEADERS):
            return response
        if code == 206 and op.serves_ranges and "Range" in req.headers:
            return response
        detail = f"it answered {code}, which its contract does not declare (declared: {op.listed})"
        if any(c.standard_only and code // 100 in c.classes for c, _ in op.catch_alls):
            detail += f"; {registry_entry(code)}, so {_standard_only(op)} does not cover it"
        if never is not None:
            detail += f"; no contract can declare it: {never}"
        else:
            detail += op.fix.replace("{code}", str(code))
        return self._violation(
            "undeclared-status", response, req, rule, op.name, op.declared, detail
        )

    def _check_body(
        self,
        response: Response,
        req: Request,
        rule: Rule,
        op: OperationCheck,
        body: BodyCheck | FallbackBodyCheck,
    ) -> Response:
        """A declared code whose body has a schema: validate it, if sampled."""
        if self._sample_rate < 1.0 and random.random() >= self._sample_rate:
            return response
        problem = body.problem(response if self._readable is None else self._readable(response))
        if problem is None:
            return response
        kind, detail = problem
        return self._violation(kind, response, req, rule, op.name, op.declared, detail)

    def _check_headers(
        self,
        response: Response,
        req: Request,
        rule: Rule,
        op: OperationCheck,
        required: tuple[str, ...],
        declared_by: str | None = None,
    ) -> Response:
        """A declared code (or range, or default) that requires headers: are they all there?

        :param declared_by: the response that requires them, ``response 4XX``;
            the code answered by default.
        """
        missing = [name for name in required if name not in response.headers]
        if not missing:
            return response
        code = response.status_code
        detail = (
            f"it answered {code} without the header(s) {', '.join(missing)} that "
            f"{declared_by or f'status {code}'} declares required"
        )
        return self._violation("missing-header", response, req, rule, op.name, op.declared, detail)

    def _violation(
        self,
        kind: ViolationKind,
        response: Response,
        req: Request,
        rule: Rule,
        name: str,
        declared: tuple[int, ...],
        detail: str,
    ) -> Response:
        violation = Violation(
            kind=kind,
            endpoint=rule.endpoint,
            method=req.method,
            status=response.status_code,
            declared=declared,
            detail=f"{name} (endpoint {rule.endpoint!r}): {detail}",
            operation=name,
            path=req.path,
        )
        return self._reported(lambda shown: self._reporter.report(violation, shown), response)

    def _failed(
        self, error: Exception, response: Response, req: Request | None, **options: bool
    ) -> Response:
        """The reporter's answer to a check that raised."""
        return self._reported(
            lambda shown: self._reporter.check_failed(error, shown, req, **options), response
        )

    def _reported(self, report: t.Callable[[Response], Response], response: Response) -> Response:
        """What ``report`` answers for ``response``, shown as the adapter's Werkzeug view.

        ``response`` itself when it is the one to send (report mode), not its view.
        """
        if self._readable is None:
            return report(response)
        shown = self._readable(response)
        judged = report(shown)
        return response if judged is shown else judged
