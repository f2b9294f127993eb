"""The per-response check: tables built once per app, then one dict lookup per response."""

from __future__ import annotations

import random
import typing as t
from dataclasses import dataclass, field

from flask import Request, Response
from werkzeug.routing import Map, Rule

from ..declare.operations import CatchAll, Contract, Operation
from ..declare.paths import openapi_path
from ..declare.status_codes import CONDITIONAL_HEADERS, registry_entry, undeclarable_problem
from ..declare.targets import routed_targets
from ..errors import ConfigWarning
from .metrics import PrometheusMetrics
from .reporting import Reporter
from .status_lines import StatusLines
from .violations import Violation, ViolationKind

if t.TYPE_CHECKING:
    from .bodies import BodyCheck, BodyChecks, FallbackBodyCheck


@dataclass(frozen=True, slots=True)
class OperationCheck:
    """What one ``(endpoint, method)`` may answer, precomputed from the contract."""

    #: The operation as the spec names it, for messages.
    name: str
    #: Declared codes plus the fallbacks of declared custom codes.
    codes: frozenset[int]
    #: The same codes sorted, for messages.
    declared: tuple[int, ...] = ()
    #: What the operation declares, in words, for a message: ``200, 404, default (...)``.
    listed: str = ""
    #: How to fix an undeclared code, with ``{code}`` to fill in; empty for none.
    fix: str = ""
    #: Body checks by code; empty when body checks are off.
    bodies: dict[int, BodyCheck | FallbackBodyCheck] = field(default_factory=dict)
    #: Headers each code must carry (declared ``required``); empty for most operations.
    headers: dict[int, tuple[str, ...]] = field(default_factory=dict)
    #: Whether a 304 may answer a conditional request without being declared.
    revalidates: bool = False
    #: Whether a 206 may answer a ``Range`` request without being declared.
    serves_ranges: bool = False
    #: Exempt endpoints and automatic OPTIONS: never checked.
    exempt: bool = False
    #: For a route outside the contract: what to do about it. ``None`` for operations.
    advice: str | None = None
    #: Counts one checked response in Prometheus, bound in advance; ``None`` without metrics.
    count: t.Callable[[], None] | None = None
    #: A document's range and ``default`` responses with their body checks: consulted
    #: only for codes not in :attr:`codes`, so listed codes cost nothing more.
    catch_alls: tuple[tuple[CatchAll, BodyCheck | FallbackBodyCheck | None], ...] = ()


_EXEMPT = OperationCheck("", frozenset(), exempt=True)


def build_table(
    contract: Contract,
    url_map: Map,
    bodies: t.Mapping[tuple[str, str], BodyChecks],
    *,
    fallbacks: bool = True,
) -> dict[tuple[str, str], OperationCheck]:
    """Every ``(endpoint, method)`` of the app and what it may answer.

    Which operation each pair belongs to is
    :func:`~contractkit.declare.targets.request_target`'s answer. HEAD is
    checked as GET without bodies (it has none on the wire), a 304 is allowed
    for conditional GET/HEAD requests of an operation that declares a 2xx (it
    revalidates that response rather than being a new answer), and a 206
    answering a ``Range`` request to a GET/HEAD that declares 200 is part of
    that 200 (RFC 9110 §14, §15.3.7: ``send_file`` answers ranges by itself).
    Pairs missing from the table are undocumented operations. Counters are
    bound in per app (:mod:`.tables`), so counting costs no label lookup per
    request. With ``fallbacks``, the fallbacks of declared custom codes are allowed too, as
    the published document lists them then; not under the ``never`` policy.
    """
    table: dict[tuple[str, str], OperationCheck] = {}
    for (endpoint, method), target in routed_targets(contract, url_map):
        op = target.operation
        if target.kind == "exempt":
            table[(endpoint, method)] = _EXEMPT
        elif op is not None:
            # A HEAD response has no body on the wire, so only its code is checked.
            own_bodies = bodies.get((endpoint, method), {}) if method == op.method else {}
            table[(endpoint, method)] = _operation_check(op, own_bodies, fallbacks)
        elif endpoint in contract.undocumented:
            advice = contract.undocumented[endpoint]
            table[(endpoint, method)] = OperationCheck("", frozenset(), advice=advice)
    return table


def _operation_check(op: Operation, bodies: BodyChecks, fallbacks: bool) -> OperationCheck:
    codes = set(op.responses)
    if fallbacks:
        codes.update(r.fallback for r in op.responses.values() if r.fallback is not None)
    headers = {
        code: required
        for code, response in op.responses.items()
        if (required := tuple(h.name for h in response.headers if h.required))
    }
    return OperationCheck(
        name=op.name,
        codes=frozenset(codes),
        declared=tuple(sorted(codes)),
        listed=_listed(op, sorted(codes)),
        fix=(
            f"; add response {{code}} to {op.name} in the app's OpenAPI document"
            if op.document_path is not None
            else ""
        ),
        bodies={code: check for code, check in bodies.items() if isinstance(code, int)},
        headers=headers,
        revalidates=op.method == "GET" and any(200 <= code < 300 for code in codes),
        serves_ranges=op.method == "GET" and 200 in codes,
        catch_alls=tuple((catch_all, bodies.get(catch_all.key)) for catch_all in op.catch_alls),
    )


def _listed(op: Operation, codes: list[int]) -> str:
    """What ``op`` declares, in words: its codes, then its ranges and ``default``.

    Never empty: an operation whose document lists only ``default`` (as
    flask-smorest writes a view without ``@blp.response``) says what that
    ``default`` covers and which setting changes it.
    """
    parts = [str(code) for code in codes]
    for catch_all in op.catch_alls:
        if catch_all.key != "default":
            parts.append(catch_all.key)
        elif catch_all.standard_only:
            parts.append(
                "default, read as unlisted standard 4xx and 5xx codes only "
                "(CONTRACTKIT_DEFAULT_RESPONSE = 'errors'; 'any' makes it cover every code)"
            )
        else:
            parts.append("default")
    if op.ignored_default:
        parts.append(
            "default, which CONTRACTKIT_DEFAULT_RESPONSE = 'ignore' leaves out "
            "('errors' or 'any' makes it count)"
        )
    return ", ".join(parts) or "nothing"


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
    ) -> None:
        """
        :param current_request: the request being answered; each framework's
            adapter gives its own (Flask's and Quart's are distinct context variables).
        """
        self._reporter = reporter
        self._current_request = current_request
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
            judged = self._reporter.check_failed(error, response, req)
            if judged is not response:
                return judged
        custom = self._customs.get(code)
        if custom is None:
            return response
        try:
            self._status_lines.apply(response, req or self._current_request(), custom)  # type: ignore[union-attr]
            return response
        except Exception as error:
            return self._reporter.check_failed(error, response, req)

    def _first_response(self, response: Response) -> Response:
        """Build the tables, or answer for why they cannot be built.

        A contract that cannot be built (a document that cannot be enforced)
        is not built again for every request: in report mode each response
        goes out untouched and is counted as a failed check, logged once; in
        strict mode each is a 500 naming the error.
        """
        req = self._current_request()
        if self._broken is not None:
            return self._reporter.check_failed(
                self._broken, response, req, logged=True, building=True
            )
        try:
            self._load()
        except ConfigWarning:
            raise  # made an error by the app's warning filters: its test should fail on it
        except Exception as error:
            self._broken = error
            return self._reporter.check_failed(error, response, req, building=True)
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
        problem = body.problem(response)
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
        return self._reporter.report(violation, response)
