"""The runtime check's tables, compiled once per distinct contract and document in a process.

Body checks compile every response schema of the document (jsonschema-rs and
msgspec), and the table holds an entry for each routed endpoint and method;
both depend only on the contract and the document. The next app a test suite
builds from the same factory has the same of each, so they are kept under the
contract's :attr:`~contractkit.declare.operations.Contract.source` and the
document's text. Prometheus counters belong to each app: an app with metrics
gets the kept entries with its own counters bound in.

Checks are compiled from the document's snapshot, the document as built and
served, never from a dict an app may have edited since.
"""

from __future__ import annotations

import dataclasses
import json
import typing as t

from werkzeug.routing import Map

from ..declare.operations import Contract
from ..kept import Kept
from .metrics import PrometheusMetrics
from .operation_table import OperationCheck, build_table

if t.TYPE_CHECKING:
    from .bodies import BodyChecks

_kept: Kept[t.Hashable, CheckTables] = Kept()


class CheckTables(t.NamedTuple):
    """What :meth:`~.checker.ResponseChecker.load` is given, and the bodies left unchecked."""

    table: dict[tuple[str, str], OperationCheck]
    #: A line for each declared body whose schema cannot be compiled.
    unchecked: tuple[str, ...]


def check_tables(
    contract: Contract,
    url_map: Map,
    snapshots: tuple[str, ...] | None,
    metrics: PrometheusMetrics | None,
    *,
    fallbacks: bool,
) -> CheckTables:
    """The tables of ``contract``, the kept ones when an app had the same.

    :param snapshots: the documents' compact JSON, whose schemas the bodies are
        checked against (a spec-driven app may enforce several); ``None`` to check
        status codes and headers only.
    :param fallbacks: whether the fallbacks of declared custom codes are allowed
        (:func:`~.operation_table.build_table`).
    """

    def make() -> CheckTables:
        bodies: dict[tuple[str, str], BodyChecks] = {}
        unchecked: list[str] = []
        if snapshots is not None:
            # Imported here: an app that checks status codes only never loads the
            # schema compilers (msgspec, jsonschema-rs).
            from .body_compiler import compile_body_checks

            bodies, unchecked = compile_body_checks(
                contract, *(json.loads(snapshot) for snapshot in snapshots)
            )
        return CheckTables(
            build_table(contract, url_map, bodies, fallbacks=fallbacks), tuple(unchecked)
        )

    key = None if contract.source is None else (contract.source, snapshots, fallbacks)
    kept = _kept.get_or_make(key, make)
    if metrics is None:
        return kept
    return CheckTables(_with_counters(kept.table, metrics), kept.unchecked)


def forget_tables() -> None:
    """Drop every kept table (for tests that count compilations)."""
    _kept.clear()


def _with_counters(
    table: dict[tuple[str, str], OperationCheck], metrics: PrometheusMetrics
) -> dict[tuple[str, str], OperationCheck]:
    """``table`` with this app's counter bound to each operation's entry."""
    return {
        (endpoint, method): (
            dataclasses.replace(check, count=metrics.checked(endpoint, method))
            if check.name
            else check
        )
        for (endpoint, method), check in table.items()
    }
