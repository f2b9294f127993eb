"""What each ``(endpoint, method)`` may answer: the check table, built once per contract."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from werkzeug.routing import Map

from ..declare.operations import CatchAll, Contract, Operation
from ..declare.targets import routed_targets

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
