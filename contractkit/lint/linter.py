"""The static lint: literal status codes a view can answer that its contract does not declare."""

from __future__ import annotations

import inspect
import os
import types
import typing as t
from dataclasses import dataclass, field

from flask.sansio.app import App

from ..declare.decorators import declarations_of
from ..declare.operations import Operation, view_handler
from ..declare.paths import openapi_path
from ..declare.status_codes import placeholder_problem, undeclarable_problem
from ..http import AUTOMATIC_METHODS
from ..state import app_state
from .helpers import apiflask_output_code
from .status_sites import SourceCache, SourceUnavailable, StatusSite, status_sites


@dataclass(frozen=True)
class Undeclared:
    """A literal code in a view's source that the operation's contract lacks."""

    operation: Operation
    site: StatusSite


@dataclass(frozen=True)
class Undocumented:
    """A literal code in the source of a view that declares nothing, so is in no contract.

    An app that declares nothing yet has only these: each is a code the
    contract will need (``contractkit propose`` writes the declarations).
    """

    endpoint: str
    method: str
    #: How people name the route: ``GET /items/{item_id}``.
    name: str
    site: StatusSite


@dataclass(frozen=True)
class Unproduced:
    """Codes declared on a view that its own code never sets: information, not an error.

    Only the view's own declarations (function, method, view class) count:
    codes declared on a blueprint or the app are meant for error handlers and
    hooks. These may still be answered by an error handler, a hook, or code the
    lint does not follow.
    """

    operation: Operation
    codes: tuple[int, ...]


@dataclass(frozen=True)
class Skipped:
    """An operation or route the lint could not, or need not, read."""

    endpoint: str
    name: str
    reason: str


@dataclass
class LintReport:
    """Everything one lint run found, in source order."""

    undeclared: list[Undeclared] = field(default_factory=list)
    undocumented: list[Undocumented] = field(default_factory=list)
    unproduced: list[Unproduced] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: Why custom codes still have ``propose``'s placeholder phrase.
    placeholders: list[str] = field(default_factory=list)
    #: How many operations were read.
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.undeclared or self.undocumented or self.placeholders)

    def as_dict(self, *, root: str | None = None) -> dict[str, t.Any]:
        """The report as JSON-ready data, for ``--format json``."""
        return {
            "ok": self.ok,
            "checked": self.checked,
            "undeclared": [
                {
                    "file": _relative(f.site.file, root),
                    "line": f.site.line,
                    "code": f.site.code,
                    "form": f.site.form,
                    "via": list(f.site.via),
                    "endpoint": f.operation.endpoint,
                    "operation": f.operation.name,
                    "declared": sorted(f.operation.responses),
                }
                for f in self.undeclared
            ],
            "undocumented": [
                {
                    "file": _relative(u.site.file, root),
                    "line": u.site.line,
                    "code": u.site.code,
                    "form": u.site.form,
                    "via": list(u.site.via),
                    "endpoint": u.endpoint,
                    "operation": u.name,
                }
                for u in self.undocumented
            ],
            "placeholders": list(self.placeholders),
            "unproduced": [
                {
                    "endpoint": u.operation.endpoint,
                    "operation": u.operation.name,
                    "codes": list(u.codes),
                }
                for u in self.unproduced
            ],
            "skipped": [
                {"endpoint": s.endpoint, "name": s.name, "reason": s.reason} for s in self.skipped
            ],
        }


def lint_app(app: App) -> LintReport:
    """Read the source of every operation of ``app`` and compare it with the contract.

    :raises ContractError: when the app does not use contractkit or its
        contract cannot be built.
    """
    contract = app_state(app).contract()
    input_error_status = app_state(app).settings.input_error_status
    report = LintReport()
    cache = SourceCache()
    done: set[tuple[str, str]] = set()
    # A function view serving several methods is one body of code: which branch runs
    # for which method is beyond the lint, so it is held to every method's codes.
    by_function: dict[str, set[int]] = {}
    for operation in contract.operations:
        by_function.setdefault(operation.endpoint, set()).update(operation.responses)
    for operation in contract.operations:
        # Several URL rules may share one endpoint: its code is read once.
        if (operation.endpoint, operation.method) in done:
            continue
        done.add((operation.endpoint, operation.method))
        view = _View.find(app, operation.endpoint, operation.method)
        sites = view_sites(app, operation.endpoint, operation.method, cache)
        if isinstance(sites, str):
            report.skipped.append(Skipped(operation.endpoint, operation.name, sites))
            continue
        report.checked += 1
        allowed = operation.responses.keys() if view.owner else by_function[operation.endpoint]
        _compare(operation, sites, allowed, view.own_codes(), input_error_status, report)
    for (endpoint, method, name), found in undocumented_sites(app, cache).items():
        if isinstance(found, str):
            report.skipped.append(Skipped(endpoint, name, found))
            continue
        report.checked += 1
        unique = {(s.code, s.file, s.line): s for s in found}.values()
        report.undocumented += [Undocumented(endpoint, method, name, s) for s in unique]
    for custom in app_state(app).registry.custom_codes():
        problem = placeholder_problem(custom.phrase, custom.code)
        if problem is not None:
            report.placeholders.append(problem)
    report.undeclared.sort(key=lambda f: (f.site.file, f.site.line, f.site.code))
    report.undocumented.sort(key=lambda f: (f.site.file, f.site.line, f.site.code))
    return report


def undocumented_sites(
    app: App, cache: SourceCache
) -> dict[tuple[str, str, str], list[StatusSite] | str]:
    """The status sites of each route and method that no declaration makes an operation.

    Keyed by endpoint, method and the route's name (``GET /items/{id}``); the
    value is the reason instead when the view's source cannot be read.
    """
    contract = app_state(app).contract()
    found: dict[tuple[str, str, str], list[StatusSite] | str] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        advice = contract.undocumented.get(rule.endpoint)
        if advice is None:
            continue
        if rule.endpoint not in app.view_functions:
            name = f"{openapi_path(rule)} (endpoint {rule.endpoint!r})"
            found[(rule.endpoint, "", name)] = f"not in the contract: {advice}"
            continue
        for method in sorted((rule.methods or set()) - AUTOMATIC_METHODS):
            key = (rule.endpoint, method, f"{method} {openapi_path(rule)}")
            if any(k[:2] == key[:2] for k in found):
                continue  # several URL rules of one endpoint: its code is read once
            found[key] = view_sites(app, rule.endpoint, method, cache)
    return found


def view_sites(app: App, endpoint: str, method: str, cache: SourceCache) -> list[StatusSite] | str:
    """The status sites of the code answering ``method`` at ``endpoint``, or why none."""
    view = _View.find(app, endpoint, method)
    try:
        if view.handler is None:
            raise SourceUnavailable("the view is not a Python function")
        implied = apiflask_output_code(app.view_functions[endpoint])
        return status_sites(view.handler, cache, owner=view.owner, implied=implied)
    except SourceUnavailable as error:
        return str(error)


def _compare(
    operation: Operation,
    sites: list[StatusSite],
    allowed: t.Collection[int],
    own_codes: set[int],
    input_error_status: int,
    report: LintReport,
) -> None:
    declared = operation.responses.keys()
    seen: set[tuple[int, str, int]] = set()
    for site in sorted(sites, key=lambda s: (s.file, s.line, s.code)):
        # A spec-driven app's "4XX" or "default" response declares the codes it covers.
        covered = any(catch_all.covers(site.code) for catch_all in operation.catch_alls)
        if (
            (site.code not in allowed or _routing_only(operation, site))
            and not covered
            and (site.code, site.file, site.line) not in seen
        ):
            seen.add((site.code, site.file, site.line))
            report.undeclared.append(Undeclared(operation, site))
    produced = {site.code for site in sites}
    if operation.inputs:
        produced.add(input_error_status)  # contractkit answers it for the view
    unproduced = tuple(sorted(own_codes & declared - produced))
    if unproduced:
        report.unproduced.append(Unproduced(operation, unproduced))


#: Forms by which a view sends a body of its own, not an error handler's.
_OWN_BODY_FORMS = frozenset({"return", "make_response", "Response", "status attribute"})


def _routing_only(operation: Operation, site: StatusSite) -> bool:
    """Whether the view sends its own body with a code declared only for the router.

    ``CONTRACTKIT_JSON_ERRORS`` publishes the 404 the router answers when a
    path converter refuses a value; that problem+json response is not the
    view's own JSON 404, which needs a declaration of its own.
    """
    response = operation.responses.get(site.code)
    return response is not None and response.routing and site.form in _OWN_BODY_FORMS


@dataclass(frozen=True)
class _View:
    """The code that answers one operation, and where its own declarations live."""

    #: The function to read, unwrapped; ``None`` when it is not Python source.
    handler: types.FunctionType | None
    #: The ``View`` class, for ``self.helper()`` calls; ``None`` for function views.
    owner: type | None
    #: Declaration targets, as :mod:`~contractkit.operations` reads them.
    targets: tuple[object, ...]

    @classmethod
    def find(cls, app: App, endpoint: str, method: str) -> _View:
        view_class, method_handler = view_handler(app.view_functions[endpoint], method)
        if view_class is None:
            return cls(_function(inspect.unwrap(method_handler)), None, (method_handler,))
        # A plain View answers every method with its one dispatch_request().
        found = method_handler or getattr(view_class, "dispatch_request", None)
        handler = _function(inspect.unwrap(found)) if callable(found) else None
        return cls(handler, view_class, (view_class, method_handler))

    def own_codes(self) -> set[int]:
        return {d.code for target in self.targets for d in declarations_of(target).responses}


def _function(found: object) -> types.FunctionType | None:
    return found if isinstance(found, types.FunctionType) else None


def lint_text(report: LintReport, *, root: str | None = None) -> str:
    """One line per finding, ``file:line:`` first, as compilers and linters print them."""
    lines = []
    for finding in report.undeclared:
        op, site = finding.operation, finding.site
        via = f" (in {' -> '.join(site.via)})" if site.via else ""
        never = undeclarable_problem(site.code)  # as the runtime check says it
        lines.append(
            f"{_where(site, root)}: {op.name} (endpoint {op.endpoint!r}) can answer "
            f"{site.code} by {site.form}{via}, which its contract does not declare "
            f"(declared: {_codes(op.responses)})"
            + (f"; no contract can declare it: {never}" if never else "")
        )
    for found in report.undocumented:
        via = f" (in {' -> '.join(found.site.via)})" if found.site.via else ""
        never = undeclarable_problem(found.site.code)
        lines.append(
            f"{_where(found.site, root)}: {found.name} (endpoint {found.endpoint!r}) can answer "
            f"{found.site.code} by {found.site.form}{via}, and declares nothing"
            + (f"; {never}" if never else "")
        )
    lines += [f"error: {problem}" for problem in report.placeholders]
    for info in report.unproduced:
        op = info.operation
        it, they = ("it", "it") if len(info.codes) == 1 else ("them", "they")
        lines.append(
            f"info: {op.name} (endpoint {op.endpoint!r}) declares {_codes(info.codes)} but "
            f"its own code never answers {it}; {they} may still come from an error handler, "
            "a hook or code the lint does not follow."
        )
    for skipped in report.skipped:
        lines.append(f"info: skipped {skipped.name}: {skipped.reason}")
    declarable = [u for u in report.undocumented if not undeclarable_problem(u.site.code)]
    views = {(u.endpoint, u.method) for u in declarable}
    if views:
        lines.append(
            f"{len(declarable)} status code(s) in {len(views)} view(s) that declare "
            "nothing. To declare them: run the tests with 'pytest --contract-record=records', "
            "then 'contractkit propose --app APP records' writes each view's @responds for "
            "review ('--apply' writes them); or mark a view exempt."
        )
    count = len(report.undeclared)
    lines.append(
        f"{count} undeclared status code(s) in {report.checked} operation(s)."
        if count
        else f"No undeclared status codes in {report.checked} operation(s)."
    )
    return "\n".join(lines)


def _where(site: StatusSite, root: str | None) -> str:
    return f"{_relative(site.file, root)}:{site.line}"


def _relative(path: str, root: str | None) -> str:
    """``path`` relative to ``root`` (the working directory) when it lies inside it."""
    base = os.path.abspath(root or os.getcwd())
    full = os.path.abspath(path)
    return os.path.relpath(full, base) if full.startswith(base + os.sep) else full


def _codes(codes: t.Iterable[int]) -> str:
    return ", ".join(map(str, sorted(codes))) or "none"
