"""Contract coverage: which declared status codes the tests saw each operation answer."""

from __future__ import annotations

import threading
import typing as t
import weakref
from dataclasses import dataclass, field

from flask.sansio.app import App
from werkzeug.sansio.response import Response

from ..adapters.finished import connect_finished, disconnect_finished
from ..client.contract import ClientContract, response_checked
from ..client.operations import ClientOperation
from ..declare.operations import Contract
from ..declare.paths import openapi_path
from ..declare.targets import request_target
from ..errors import ContractError
from ..runtime.reporting import request_notes
from ..runtime.violations import Violation, violation_recorded
from ..state import EXTENSION_KEY, AppState
from ..wire import ORIGINAL_STATUS_HEADER

#: Version of the JSON report layout; bumped on incompatible changes.
REPORT_VERSION = 1
#: Where the recorder keeps, for one request, the code a violation replaced.
_ANSWERED_KEY = "contractkit.coverage.answered"


@dataclass
class OperationCoverage:
    """What one operation (method and spec path) of one app declared and answered."""

    app: str
    method: str
    path: str
    #: Declared codes, merged over every instance of the app seen in the session.
    declared: set[int] = field(default_factory=set)
    #: How many responses of each code the operation answered.
    seen: dict[int, int] = field(default_factory=dict)
    #: ``False`` for a route with no declarations: every code it answers is undeclared.
    documented: bool = True

    @property
    def name(self) -> str:
        """The operation as the spec names it: ``GET /items/{item_id}``."""
        return f"{self.method} {self.path}"

    @property
    def covered(self) -> list[int]:
        return sorted(self.declared & self.seen.keys())

    @property
    def missing(self) -> list[int]:
        return sorted(self.declared - self.seen.keys())

    @property
    def undeclared(self) -> list[int]:
        return sorted(self.seen.keys() - self.declared)

    @property
    def percent(self) -> float | None:
        """The operation's coverage as :attr:`Totals.percent` counts it; ``None`` for no codes."""
        whole = len(self.declared) + len(self.undeclared)
        return percent(len(self.covered), whole) if whole else None


@dataclass(frozen=True)
class Totals:
    """The session's figures over every operation."""

    declared: int
    covered: int
    undeclared: int

    @property
    def percent(self) -> float:
        """Declared codes seen, as a share (:func:`percent`) of those plus the undeclared ones.

        An undeclared code the tests saw is a code the contract lacks: it
        counts as not covered, so an app that declares nothing is at 0%, not
        at "0 of 0 declared (100%)". 100 when nothing is declared or seen.
        """
        return percent(self.covered, self.declared + self.undeclared)


def percent(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent, rounded down to two decimals: the one rounding rule.

    The table, the total line, ``--contract-coverage-min`` and the JSON report
    all show this figure, so 2 of 3 is 66.66 everywhere. Down, so 99.996% never
    passes as 100%; in integers, so 29 of 100 is 29.0 and not 28.99.
    """
    return part * 10_000 // whole / 100 if whole else 100.0


class CoverageData:
    """Responses recorded over a session, keyed by app name and operation.

    Apps are keyed by :attr:`flask.Flask.name`, so the fresh app each test
    builds from one factory adds up to a single record per operation.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.operations: dict[tuple[str, str, str], OperationCoverage] = {}
        #: Responses no URL rule matched (routing 404, 405, redirects), by app and code.
        self.unrouted: dict[tuple[str, int], int] = {}

    def add_contract(self, app: str, contract: Contract) -> None:
        """Add every operation of ``contract``, so operations never called count as missed."""
        with self._lock:
            for operation in contract.operations:
                record = self._record(app, operation.method, operation.path)
                # A 404 only the router answers never reaches a view, so no test sees it.
                record.declared.update(
                    code for code, response in operation.responses.items() if not response.routing
                )

    def add_declared(self, app: str, method: str, path: str, codes: t.Iterable[int]) -> None:
        """Add one operation that declares ``codes``, as a client's contract reads it."""
        with self._lock:
            self._record(app, method, path).declared.update(codes)

    def add_contract_code(self, app: str, method: str, path: str, code: int) -> None:
        """Count ``code`` as declared: a range or ``default`` response stood for it."""
        with self._lock:
            self._record(app, method, path).declared.add(code)

    def add_response(
        self, app: str, method: str, path: str, status: int, *, documented: bool = True
    ) -> None:
        """Count one response of an operation."""
        with self._lock:
            record = self._record(app, method, path)
            record.documented = record.documented and documented
            record.seen[status] = record.seen.get(status, 0) + 1

    def add_unrouted(self, app: str, status: int, count: int = 1) -> None:
        """Count a response to a request that matched no URL rule."""
        with self._lock:
            self.unrouted[app, status] = self.unrouted.get((app, status), 0) + count

    def _record(self, app: str, method: str, path: str) -> OperationCoverage:
        key = (app, method, path)
        if key not in self.operations:
            self.operations[key] = OperationCoverage(app, method, path)
        return self.operations[key]

    def sorted_operations(self) -> list[OperationCoverage]:
        """Records by app, then path, then method, as the spec lists operations."""
        return sorted(self.operations.values(), key=lambda r: (r.app, r.path, r.method))

    def totals(self) -> Totals:
        records = self.operations.values()
        return Totals(
            declared=sum(len(r.declared) for r in records),
            covered=sum(len(r.covered) for r in records),
            undeclared=sum(len(r.undeclared) for r in records),
        )

    def merge(self, other: CoverageData) -> None:
        """Add another session's records (an xdist worker's) to these."""
        for record in other.sorted_operations():
            with self._lock:
                mine = self._record(record.app, record.method, record.path)
                mine.declared |= record.declared
                mine.documented = mine.documented and record.documented
                for code, count in record.seen.items():
                    mine.seen[code] = mine.seen.get(code, 0) + count
        for (app, status), count in sorted(other.unrouted.items()):
            self.add_unrouted(app, status, count)

    def as_dict(self) -> dict[str, t.Any]:
        """The JSON report; also what xdist workers send to the controller."""
        totals = self.totals()
        return {
            "version": REPORT_VERSION,
            "totals": {
                "declared": totals.declared,
                "covered": totals.covered,
                "undeclared": totals.undeclared,
                "percent": totals.percent,
            },
            "operations": [
                {
                    "app": r.app,
                    "operation": r.name,
                    "method": r.method,
                    "path": r.path,
                    "documented": r.documented,
                    "declared": sorted(r.declared),
                    # JSON object keys are strings.
                    "seen": {str(code): r.seen[code] for code in sorted(r.seen)},
                    "covered": r.covered,
                    "missing": r.missing,
                    "undeclared": r.undeclared,
                }
                for r in self.sorted_operations()
            ],
            "unrouted": [
                {"app": app, "status": status, "count": count}
                for (app, status), count in sorted(self.unrouted.items())
            ],
        }

    @classmethod
    def from_dict(cls, data: t.Mapping[str, t.Any]) -> CoverageData:
        """Read back :meth:`as_dict`'s output."""
        if data.get("version") != REPORT_VERSION:
            raise ValueError(f"unsupported contract coverage data version {data.get('version')!r}")
        loaded = cls()
        for item in data["operations"]:
            record = loaded._record(item["app"], item["method"], item["path"])
            record.declared = {int(code) for code in item["declared"]}
            record.seen = {int(code): int(count) for code, count in item["seen"].items()}
            record.documented = bool(item["documented"])
        for item in data["unrouted"]:
            loaded.add_unrouted(item["app"], int(item["status"]), int(item["count"]))
        return loaded


class Recorder:
    """Records every response of every contractkit app in this process.

    It listens to the ``request_finished`` signal Flask and Quart each send
    after an app's ``after_request`` hooks, so it sees the final status of
    requests made through either's test client and through a live server
    alike. Policy:

    - Which operation a response belongs to is
      :func:`~contractkit.declare.targets.request_target`'s answer, as for
      the runtime check: ``HEAD`` counts as ``GET``; ``OPTIONS`` and the app's
      exempt and own routes (spec, docs, static files) are left out.
    - A route without declarations is recorded as an undocumented operation:
      every code it answers is undeclared.
    - A request no URL rule matched (routing 404 or 405, slash redirects)
      belongs to no operation; it is counted apart, per app and code.
    - A custom code sent as its fallback (``Prefer: status-fallback``) counts
      as the custom code, which ``Contract-Original-Status`` names: the view
      answered it, and the contract publishes the fallback with it.
    - In strict mode a violation is answered with 500; the code the view
      answered, which the violation carries, is recorded instead, so an
      undeclared code is never hidden as a declared 500.
    - Responses a client checked with :meth:`ClientContract.check
      <contractkit.client.ClientContract.check>` are recorded under the
      contract's :attr:`~contractkit.client.ClientContract.name`, against the
      operations of its document, by the same rules: a client's test suite
      sees which declared responses it ever received, whoever served them.
    """

    def __init__(self, data: CoverageData, apps: t.Collection[str] = ()) -> None:
        self.data = data
        #: Names of the apps to record; every contractkit app when empty.
        self.apps = frozenset(apps)
        self._known: weakref.WeakSet[App | ClientContract] = weakref.WeakSet()
        self._known_lock = threading.Lock()

    def connect(self) -> None:
        connect_finished(self.on_request_finished)
        violation_recorded.connect(self.on_violation, weak=False)
        response_checked.connect(self.on_client_response, weak=False)

    def disconnect(self) -> None:
        disconnect_finished(self.on_request_finished)
        violation_recorded.disconnect(self.on_violation)
        response_checked.disconnect(self.on_client_response)

    def on_client_response(
        self,
        sender: ClientContract,
        operation: ClientOperation | None,
        status: int,
        **extra: t.Any,
    ) -> None:
        """``response_checked`` receiver: a response a client checked against its contract."""
        name = sender.name
        if self.apps and name not in self.apps:
            return
        with self._known_lock:
            first_time = sender not in self._known
            self._known.add(sender)
        if first_time:
            for each in sender.operations:
                self.data.add_declared(name, each.method, each.path, each.listed)
        if operation is None:
            self.data.add_unrouted(name, status)
            return
        if status not in operation.listed and operation.catch_all(status) is not None:
            self.data.add_contract_code(name, operation.method, operation.path, status)
        self.data.add_response(name, operation.method, operation.path, status)

    def on_violation(self, sender: App, violation: Violation, **extra: t.Any) -> None:
        """``violation_recorded`` receiver: keep the code the view answered."""
        state = sender.extensions.get(EXTENSION_KEY)
        if violation.kind == "check-failed" or not isinstance(state, AppState):
            return
        try:
            current = state.current_request()
        except RuntimeError:
            return  # sent outside a request: no response of it to record
        request_notes(current)[_ANSWERED_KEY] = violation.status

    def on_request_finished(self, sender: App, response: Response, **extra: t.Any) -> None:
        """``request_finished`` receiver (Flask's or Quart's); runs inside the request context."""
        state = sender.extensions.get(EXTENSION_KEY)
        if not isinstance(state, AppState) or (self.apps and sender.name not in self.apps):
            return
        try:
            contract = state.contract()
        except ContractError:
            return  # the app fails on its own; coverage has nothing to measure
        with self._known_lock:
            first_time = sender not in self._known
            self._known.add(sender)
        if first_time:
            self.data.add_contract(sender.name, contract)
        self.record(sender.name, contract, state.current_request(), response)

    def record(self, app: str, contract: Contract, request: t.Any, response: Response) -> None:
        """Record the response to ``request`` (Flask's or Quart's) against ``contract``."""
        status = int(request_notes(request).get(_ANSWERED_KEY, response.status_code))
        rule = request.url_rule
        endpoint = rule.endpoint if rule is not None else None
        target = request_target(contract, endpoint, request.method)
        if target.kind == "unrouted" or rule is None:
            self.data.add_unrouted(app, status)
            return
        if target.kind == "exempt":
            return
        operation = target.operation
        if operation is None:
            self.data.add_response(app, target.method, openapi_path(rule), status, documented=False)
            return
        original = response.headers.get(ORIGINAL_STATUS_HEADER, "")
        declared = operation.responses.get(int(original)) if original.isdigit() else None
        if declared is not None and declared.fallback == status:
            status = declared.code
        if status not in operation.responses and any(
            catch_all.covers(status) for catch_all in operation.catch_alls
        ):
            # Answered under a document's "4XX" or "default": declared by it, so covered.
            self.data.add_contract_code(app, target.method, operation.path, status)
        self.data.add_response(app, target.method, operation.path, status)
