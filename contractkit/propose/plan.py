"""What to propose: each view's codes from its records and its source, against its contract.

Nothing declared is changed: a declared code is only compared with its
records (drift). Records of endpoints the app no longer has are reported,
not applied.
"""

from __future__ import annotations

import inspect
import json
import os
import sysconfig
import types
import typing as t
from dataclasses import dataclass, field, replace

import werkzeug.http
from flask.sansio.app import App

from ..declare.operations import Operation, view_handler
from ..declare.paths import openapi_path
from ..declare.status_codes import PLACEHOLDER_PHRASE, STANDARD_PHRASES, VALID_CODES
from ..http import AUTOMATIC_METHODS, BODYLESS
from ..lint.linter import view_sites
from ..lint.status_sites import SourceCache, StatusSite
from ..problem import PROBLEM_JSON
from ..recording.reading import Observed, Records
from ..state import app_state
from ..wire import is_json
from .drift import drift_lines
from .schema_code import SchemaSource, camel

#: Forms by which a view sends a body of its own (not an error handler's).
_OWN_BODY_FORMS: t.Final = frozenset({"return", "make_response", "Response", "status attribute"})


@dataclass(frozen=True)
class Row:
    """One line of the summary: an operation's code and where it was seen."""

    operation: str
    code: int
    tests: int
    production: int
    #: Status sites in the view's source.
    source: int
    #: ``declared`` (nothing to do), ``proposed`` or ``skipped: why``.
    action: str


@dataclass(frozen=True)
class Addition:
    """One response to declare: a ``@responds`` line on a function, or a document's entry."""

    #: The function its ``@responds`` goes on; ``None`` for a spec-driven app's
    #: document, which is edited by endpoint, method and path instead.
    function: types.FunctionType | None
    code: int
    schema: str | None = None
    many: bool = False
    content_type: str | None = None
    description: str | None = None
    methods: tuple[str, ...] = ()
    #: Response headers seen on every recorded response of the code (``Location``...).
    headers: tuple[str, ...] = ()
    #: The route it answers, for a document's edits: endpoint, method, OpenAPI path.
    endpoint: str = ""
    method: str = ""
    path: str = ""
    #: The JSON body most often recorded (its media type and shape), if any.
    body: Observed | None = field(default=None, compare=False)

    @property
    def content(self) -> tuple[str | None, bool, str | None]:
        """What the decorator says of the body: schema, ``many``, media type (empty: none)."""
        return self.schema, self.many, self.content_type

    def decorator(self, schemas: str) -> str:
        """The decorator's text, without the ``@``; ``schemas`` names the schema module."""
        args = [str(self.code)]
        if self.schema is not None:
            schema = f"{schemas}.{self.schema}"
            args.append(f"{schema}(many=True)" if self.many else schema)
        if self.content_type is not None:
            args.append(f"content_type={python_string(self.content_type)}")
        if self.description is not None:
            args.append(f"description={python_string(self.description)}")
        if self.headers:
            pairs = (f"{python_string(h)}: {python_string(HEADERS[h])}" for h in self.headers)
            args.append(f"headers={{{', '.join(pairs)}}}")
        if self.methods:
            args.append(f"methods=[{', '.join(map(python_string, self.methods))}]")
        return f"responds({', '.join(args)})"


@dataclass(frozen=True)
class Registration:
    """A custom code to register once with ``register_status``."""

    code: int
    phrase: str
    fallback: int
    #: Where the phrase came from, for the summary.
    origin: str

    def call(self, kit: str) -> str:
        phrase = python_string(self.phrase)
        return f"{kit}.register_status({self.code}, {phrase}, fallback={self.fallback})"


def python_string(text: str) -> str:
    """``text`` as a double-quoted Python literal, the quotes most code (and ruff) uses."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Proposal:
    """Everything one ``propose`` run found and would write."""

    rows: list[Row] = field(default_factory=list)
    additions: list[Addition] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    schemas: SchemaSource = field(default_factory=SchemaSource)
    drift: list[str] = field(default_factory=list)
    #: Records of endpoints and methods the app does not have (another version of it).
    stale: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.additions or self.registrations)


@dataclass(frozen=True)
class _Route:
    endpoint: str
    method: str
    name: str
    operation: Operation | None
    #: The function its declarations go on; ``None`` when there is none to edit.
    function: types.FunctionType | None
    #: The other methods the same function answers, for ``methods=[...]``.
    shared: bool
    #: The module of a view that an installed library defines: not the app's to edit.
    installed: str | None = None


def plan(app: App, records: Records, taken_names: t.Iterable[str] = ()) -> Proposal:
    """Compare what ``app`` declares with what its source and ``records`` show."""
    state = app_state(app)
    contract = state.contract()
    json_errors = state.settings.json_errors
    proposal = Proposal(schemas=SchemaSource(taken=set(taken_names)))
    routes = _routes(app, contract.exempt_endpoints, contract.by_endpoint)
    in_document = state.spec_driven
    by_route: dict[tuple[str, str], dict[int, list[Observed]]] = {}
    mine = {k: o for k, o in records.observed.items() if app.name in o.apps}
    if records.observed and not mine:
        # Recorded under another app name (another import path, say): one app's records.
        mine = records.observed
    elif len(mine) < len(records.observed):
        others = len(records.observed) - len(mine)
        proposal.notes.append(f"{others} record(s) of other apps were left aside")
    for (endpoint, method, status, _media), each in sorted(mine.items()):
        if (endpoint, method) not in routes:
            proposal.stale.append(
                f"{method} {endpoint!r} answered {status} x{each.count}: the app has no "
                "such endpoint and method now (records of another version?); not applied"
            )
            continue
        by_route.setdefault((endpoint, method), {}).setdefault(status, []).append(each)
    cache = SourceCache()
    custom: dict[int, list[Observed]] = {}
    for key, route in routes.items():
        sites = view_sites(app, route.endpoint, route.method, cache) if route.function else []
        if isinstance(sites, str):
            proposal.notes.append(f"{route.name}: its source was not read ({sites})")
            sites = []
        seen = by_route.get(key, {})
        for code in sorted({s.code for s in sites} | set(seen)):
            own = [s for s in sites if s.code == code]
            observed = seen.get(code, [])
            action = _propose(proposal, route, code, own, observed, json_errors, in_document)
            tests = sum(o.sources["tests"] for o in observed)
            production = sum(o.sources["production"] for o in observed)
            proposal.rows.append(Row(route.name, code, tests, production, len(own), action))
            if action == "proposed" and code not in STANDARD_PHRASES:
                custom.setdefault(code, []).extend(observed)
    for code, sent in sorted(custom.items()):
        if state.registry.custom(code) is None:
            proposal.registrations.append(_registration(code, sent))
    return proposal


def _routes(
    app: App, exempt: t.Collection[str], operations: t.Mapping[tuple[str, str], Operation]
) -> dict[tuple[str, str], _Route]:
    routes: dict[tuple[str, str], _Route] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        view = app.view_functions.get(rule.endpoint)
        if view is None or rule.endpoint in exempt:
            continue
        methods = sorted((rule.methods or set()) - AUTOMATIC_METHODS)
        for method in methods:
            if (rule.endpoint, method) in routes:
                continue
            view_class, handler = view_handler(view, method)
            found = inspect.unwrap(handler) if callable(handler) else None
            function = found if isinstance(found, types.FunctionType) else None
            installed = function.__module__ if function and _installed(function) else None
            operation = operations.get((rule.endpoint, method))
            routes[(rule.endpoint, method)] = _Route(
                rule.endpoint,
                method,
                # A document's own parameter names where it has the operation.
                operation.name if operation else f"{method} {openapi_path(rule)}",
                operation,
                None if installed else function,
                shared=view_class is None and len(methods) > 1,
                installed=installed,
            )
    return routes


#: Where installed packages and the standard library live: source there is not the app's.
_INSTALLED: t.Final = tuple(
    {sysconfig.get_paths()[key] for key in ("purelib", "platlib", "stdlib", "platstdlib")}
)


def _installed(function: types.FunctionType) -> bool:
    """Whether ``function`` comes from an installed package, which ``--apply`` must not edit."""
    file = inspect.getsourcefile(function) or ""
    return any(file.startswith(os.path.join(path, "")) for path in _INSTALLED)


def _propose(
    proposal: Proposal,
    route: _Route,
    code: int,
    sites: list[StatusSite],
    observed: list[Observed],
    json_errors: bool,
    in_document: bool,
) -> str:
    """What becomes of ``code`` on ``route``: declared already, proposed, or skipped (why).

    :param in_document: the app's contract is a document, edited by path and
        method, so the view needs no Python function of the app's own.
    """
    operation = route.operation
    if operation is not None:
        response = operation.responses.get(code)
        own_body = any(s.form in _OWN_BODY_FORMS for s in sites) or any(
            o.media != PROBLEM_JSON for o in observed if o.media
        )
        if response is not None and not (response.routing and own_body):
            proposal.drift += drift_lines(route.name, response, observed)
            return "declared"
        if any(catch_all.covers(code) for catch_all in operation.catch_alls):
            return "declared"
    if code not in VALID_CODES or code < 200:
        return "skipped: a view cannot declare it (not a final status in 200-599)"
    if not in_document:
        if route.installed is not None:
            return f"skipped: its view is installed library code ({route.installed}), not the app's"
        if route.function is None:
            return "skipped: no Python function to declare it on"
    addition = _addition(proposal, route, code, sites, observed, json_errors)
    proposal.additions.append(addition)
    return "proposed"


def _addition(
    proposal: Proposal,
    route: _Route,
    code: int,
    sites: list[StatusSite],
    observed: list[Observed],
    json_errors: bool,
) -> Addition:
    methods = (route.method,) if route.shared and observed and not sites else ()
    plain = Addition(
        route.function,
        code,
        description=STANDARD_PHRASES.get(code),
        methods=methods,
        endpoint=route.endpoint,
        method=route.method,
        path=route.name.partition(" ")[2],
        headers=_constant_headers(observed),
    )
    if code in BODYLESS:
        return plain
    bodies = [o for o in observed if o.media]
    json_bodies = [o for o in bodies if is_json(o.media) and o.media != PROBLEM_JSON]
    if json_bodies:
        main = max(json_bodies, key=lambda o: o.count)
        plain = replace(plain, body=main)
        shape = main.body or {}
        types_seen = {k for k, n in shape.get("types", {}).items() if n}
        name = f"{camel(route.endpoint.rpartition('.')[2])}{camel(route.method.lower())}{code}"
        if types_seen == {"object"} and "fields" in shape:
            return replace(plain, schema=proposal.schemas.add(name, shape))
        items = shape.get("items") or {}
        if types_seen == {"array"} and set(items.get("types", {})) == {"object"}:
            return replace(plain, schema=proposal.schemas.add(name, items), many=True)
        return replace(plain, content_type=main.media)
    if bodies and not (json_errors and code >= 400 and bodies[0].media == PROBLEM_JSON):
        return replace(plain, content_type=max(bodies, key=lambda o: o.count).media)
    if not observed and _own_body(sites):
        # Sent by the view, never seen: a JSON body of a shape no record tells.
        return replace(plain, content_type="application/json")
    # Without a body, or (with CONTRACTKIT_JSON_ERRORS) an error handler's problem+json.
    return plain


#: Response headers that say something of the answer, worth documenting when a code
#: always sends them: where it points, when to retry, how to authenticate, what is allowed.
HEADERS: t.Final = {
    "Location": "Where the response points to.",
    "Content-Location": "Where the enclosed representation can be fetched.",
    "Retry-After": "When to try again.",
    "WWW-Authenticate": "How to authenticate.",
    "Allow": "The methods the resource supports.",
    "Link": "Related resources.",
}


def _constant_headers(observed: list[Observed]) -> tuple[str, ...]:
    """Those of :data:`HEADERS` that every recorded response of one code carried."""
    total = sum(o.count for o in observed)
    seen: dict[str, int] = {}
    for each in observed:
        for name, count in each.headers.items():
            known = next((h for h in HEADERS if h.lower() == name.lower()), None)
            if known is not None:
                seen[known] = seen.get(known, 0) + count
    return tuple(h for h in HEADERS if total and seen.get(h) == total)


def merged_by_function(additions: list[Addition]) -> list[Addition]:
    """One ``@responds`` per code of a function that serves several methods.

    Flaskr's ``register`` answers GET and POST: a 302 its source sends (for
    every method) and a 302 with the redirect's HTML body seen on POST are one
    declaration, which says the body. Bodies that differ by method stay apart,
    each with its ``methods=[...]``.
    """
    groups: dict[tuple[int, int], list[Addition]] = {}
    for addition in additions:
        groups.setdefault((id(addition.function), addition.code), []).append(addition)
    merged: list[Addition] = []
    for group in groups.values():
        bodies = {a.content for a in group if any(a.content)}
        if len(bodies) > 1:
            merged += [replace(a, methods=a.methods or (a.method,)) for a in group]
            continue
        richest = max(group, key=lambda a: any(a.content))
        every = any(not a.methods for a in group)
        methods = () if every else tuple(sorted({m for a in group for m in a.methods}))
        merged.append(replace(richest, methods=methods))
    return merged


def _own_body(sites: list[StatusSite]) -> bool:
    return any(s.form in _OWN_BODY_FORMS for s in sites)


def _registration(code: int, observed: list[Observed]) -> Registration:
    fallback = code // 100 * 100
    named = werkzeug.http.HTTP_STATUS_CODES.get(code)
    if named:
        return Registration(code, named, fallback, "the app's HTTP_STATUS_CODES")
    phrases = [
        (count, phrase)
        for o in observed
        for phrase, count in o.phrases.items()
        if phrase and phrase.upper() != "UNKNOWN"
    ]
    if phrases:
        return Registration(code, max(phrases)[1], fallback, "the status line it sent")
    return Registration(code, PLACEHOLDER_PHRASE, fallback, "a placeholder: name it")
