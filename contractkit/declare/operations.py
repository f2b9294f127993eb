"""The app's operations: each route and method with its merged, checked declarations."""

from __future__ import annotations

import inspect
import typing as t
from dataclasses import dataclass, field

from flask.sansio.app import App
from werkzeug.routing import Rule

from ..errors import DeclarationError
from ..http import AUTOMATIC_METHODS
from ..problem import PROBLEM_JSON, ValidationProblemSchema
from .decorators import (
    Declarations,
    InputDeclaration,
    ResponseDeclaration,
    applies_to,
    declarations_of,
)
from .doc_tools import is_doc_tool_endpoint, is_doc_tool_view
from .error_bodies import with_json_errors
from .paths import openapi_path
from .registry import StatusRegistry
from .response_contract import ResponseContract
from .status_codes import STANDARD_PHRASES

#: Endpoint prefix of the routes contractkit adds to an app (spec, docs).
OWN_ENDPOINT_PREFIX = "contractkit."


@dataclass(frozen=True)
class CatchAll:
    """A response standing for codes an operation does not list: ``4XX``, or ``default``.

    Only an OpenAPI document has them; what ``default`` covers is the app's
    ``CONTRACTKIT_DEFAULT_RESPONSE`` policy.
    """

    #: The response's key in the document: ``"4XX"`` or ``"default"``.
    key: str
    description: str
    #: The status classes covered, as first digits: ``{4}`` for ``4XX``.
    classes: frozenset[int]
    #: Whether only codes of the IANA registry are covered, not custom ones.
    standard_only: bool = True
    #: Headers the response requires: a response it stands for must carry them.
    required_headers: tuple[str, ...] = ()

    def covers(self, code: int) -> bool:
        """Whether a response with ``code`` is one this entry stands for."""
        if self.standard_only:
            return code in STANDARD_PHRASES and code // 100 in self.classes
        return 100 <= code <= 599 and code // 100 in self.classes


@dataclass(frozen=True)
class Operation:
    """One method of one URL rule, with everything the contract says about it."""

    endpoint: str
    method: str
    rule: Rule
    operation_id: str
    responses: dict[int, ResponseContract]
    inputs: tuple[InputDeclaration, ...]
    tags: tuple[str, ...] = ()
    summary: str | None = None
    description: str | None = None
    #: The path as an OpenAPI document names it, when the operation comes from one;
    #: its parameter names may differ from the rule's.
    document_path: str | None = None
    #: Which of a spec-driven app's documents it comes from, by position.
    document: int = 0
    #: Range and ``default`` responses, in the order they apply (ranges first).
    catch_alls: tuple[CatchAll, ...] = ()
    #: Whether the document lists a ``default`` response that the policy
    #: ``CONTRACTKIT_DEFAULT_RESPONSE = "ignore"`` leaves out; for messages.
    ignored_default: bool = False

    @property
    def path(self) -> str:
        """The OpenAPI path, e.g. ``/items/{item_id}``."""
        return self.document_path or openapi_path(self.rule)

    @property
    def name(self) -> str:
        """How people name the operation: ``GET /items/{item_id}``."""
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Contract:
    """Every documented operation of one app, built once from its routes."""

    operations: tuple[Operation, ...]
    #: Operations by ``(endpoint, method)``, the key the runtime check looks up.
    by_endpoint: dict[tuple[str, str], Operation] = field(default_factory=dict)
    #: Endpoints that belong to the app but not to its contract (exempt or own routes).
    exempt_endpoints: frozenset[str] = frozenset()
    #: Routes neither in the contract nor exempt, with what to do about each.
    undocumented: dict[str, str] = field(default_factory=dict)
    #: What a spec-driven app's document and routes do not share: document operations
    #: no route serves and routes no operation describes, one line each.
    unmatched: tuple[str, ...] = ()
    #: What it was read from, as a key (see :mod:`.contracts`); ``None`` if not keyed.
    source: t.Hashable | None = field(default=None, compare=False, repr=False)


def read_contract(
    app: App,
    rules: t.Sequence[Rule],
    registry: StatusRegistry,
    input_error_status: int,
    configured_exempt: t.Collection[str],
    *,
    json_errors: bool,
) -> Contract:
    """Read ``rules``, the URL rules of ``app`` in order, into a :class:`Contract`.

    :func:`.contracts.build_contract` calls it for the first app built from
    each distinct set of declarations; see there for the parameters. Raises
    :class:`~contractkit.errors.ContractError` subclasses for declarations that
    cannot be published, such as custom codes that were never registered.
    """
    drafts: list[_Draft] = []
    exempt: set[str] = {"static"}
    undocumented: dict[str, str] = {}
    for rule in rules:
        if (
            rule.endpoint == "static"
            or rule.endpoint.startswith(OWN_ENDPOINT_PREFIX)
            or rule.endpoint in configured_exempt
        ):
            exempt.add(rule.endpoint)
            continue
        view = app.view_functions.get(rule.endpoint)
        if view is None:
            undocumented[rule.endpoint] = (
                "its rule has no view function to decorate (app.add_url_rule without "
                f"view_func, such as a url_for alias); list {rule.endpoint!r} in "
                "CONTRACTKIT_EXEMPT_ENDPOINTS"
            )
            continue
        methods = sorted((rule.methods or set()) - AUTOMATIC_METHODS)
        for method in methods:
            layers = declaration_layers(app, rule.endpoint, view, method)
            if method == methods[0]:
                _check_methods(rule, layers[-2:], methods)
            if any(declarations_of(layer).exempt for layer in layers):
                exempt.add(rule.endpoint)
                continue
            own = [declarations_of(layer) for layer in layers[-2:] if layer is not None]
            if not any(applies_to(d, method) for found in own for d in _all(found)):
                if is_doc_tool_endpoint(rule.endpoint) or is_doc_tool_view(view):
                    exempt.add(rule.endpoint)  # another tool's docs page, not an operation
                else:  # left out of the spec, reported by the runtime check and the lint
                    undocumented[rule.endpoint] = _advice(layers)
                continue
            drafts.append(_Draft(rule, method, layers))
    operations = _finish(drafts, app, registry, input_error_status, json_errors)
    documented = {op.endpoint for op in operations}
    return Contract(
        operations=tuple(operations),
        by_endpoint={(op.endpoint, op.method): op for op in operations},
        exempt_endpoints=frozenset(exempt),
        undocumented={e: a for e, a in undocumented.items() if e not in documented | exempt},
    )


def _check_methods(rule: Rule, view_layers: list[t.Any], served: list[str]) -> None:
    """A view's ``methods=[...]`` must name methods its route serves: a typo would
    otherwise leave the declaration out of the contract without a word."""
    for layer in view_layers:
        if layer is None:
            continue
        for declaration in _all(declarations_of(layer)):
            extra = sorted((declaration.methods or frozenset()) - set(served))
            if extra:
                what = (
                    f"responds({declaration.code}, ...)"
                    if isinstance(declaration, ResponseDeclaration)
                    else f"accepts(..., location={declaration.location!r})"
                )
                raise DeclarationError(
                    f"{what} on endpoint {rule.endpoint!r} lists methods={extra!r}, but its "
                    f"route {rule.rule!r} serves {', '.join(served)}; list only those, or add "
                    "the method to the route."
                )


def _advice(layers: list[t.Any]) -> str:
    """What to do about a view without declarations of its own."""
    inherited = [layer for layer in layers[:-2] if declarations_of(layer).responses]
    if not inherited:
        return "declare its codes with @responds on the view, or mark it exempt"
    names = ", ".join(
        f"blueprint {layer.name!r}" if hasattr(layer, "url_prefix") else f"app {layer.name!r}"
        for layer in inherited
    )
    return (
        f"the declarations on {names} add codes only to views with a declaration of their "
        "own: a view needs its own @responds (or @accepts) to be an operation; or mark it exempt"
    )


def _all(found: Declarations) -> tuple[ResponseDeclaration | InputDeclaration, ...]:
    return (*found.responses, *found.inputs)


@dataclass
class _Draft:
    rule: Rule
    method: str
    #: Declaration targets from the least to the most specific.
    layers: list[t.Any]


def declaration_layers(app: App, endpoint: str, view: t.Any, method: str) -> list[t.Any]:
    """App, blueprints (outer first), view class and handler, as declaration targets."""
    layers: list[t.Any] = [app]
    parts = endpoint.split(".")[:-1]
    for depth in range(1, len(parts) + 1):
        blueprint = app.blueprints.get(".".join(parts[:depth]))
        if blueprint is not None:
            layers.append(blueprint)
    layers += view_handler(view, method)
    return layers


def view_handler(view: t.Any, method: str) -> tuple[type | None, t.Any]:
    """The ``View`` class behind ``view`` and its handler of ``method``.

    For a function view: ``(None, view)``. For a class-based view: the class,
    and its method named after ``method`` (``get``), or ``None`` when it has
    none (a plain ``View`` answers every method with ``dispatch_request``).
    Declarations live on these two, next to the app's and blueprints'.
    """
    view_class = getattr(view, "view_class", None)
    if not isinstance(view_class, type):
        return None, view
    return view_class, getattr(view_class, method.lower(), None)


def _finish(
    drafts: list[_Draft],
    app: App,
    registry: StatusRegistry,
    input_error_status: int,
    json_errors: bool,
) -> list[Operation]:
    methods_per_endpoint: dict[str, set[str]] = {}
    for draft in drafts:
        methods_per_endpoint.setdefault(draft.rule.endpoint, set()).add(draft.method)
    taken: set[str] = set()
    operations = []
    for draft in drafts:
        endpoint = draft.rule.endpoint
        operation_id = endpoint
        if len(methods_per_endpoint[endpoint]) > 1:
            operation_id = f"{endpoint}_{draft.method.lower()}"
        operation_id = _unique(operation_id, taken)
        inputs = tuple(
            declaration
            for layer in draft.layers[-2:]
            if layer is not None
            for declaration in declarations_of(layer).inputs
            if applies_to(declaration, draft.method)
        )
        where = f"{draft.method} {draft.rule.rule} (endpoint {endpoint!r})"
        responses = _responses(draft, inputs, input_error_status, registry, where)
        if json_errors:
            responses = with_json_errors(responses, draft.rule)
        summary, description = _docstring(draft.layers[-1], draft.layers[-2])
        # Tag with the blueprint's registered (dotted, for nested ones) name.
        blueprint_name = endpoint.rpartition(".")[0]
        tags = (blueprint_name,) if blueprint_name else ()
        operations.append(
            Operation(
                endpoint=endpoint,
                method=draft.method,
                rule=draft.rule,
                operation_id=operation_id,
                responses=responses,
                inputs=inputs,
                tags=tags,
                summary=summary,
                description=description,
            )
        )
    return operations


def _unique(candidate: str, taken: set[str]) -> str:
    name, number = candidate, 1
    while name in taken:
        number += 1
        name = f"{candidate}_{number}"
    taken.add(name)
    return name


def _responses(
    draft: _Draft,
    inputs: tuple[InputDeclaration, ...],
    input_error_status: int,
    registry: StatusRegistry,
    where: str,
) -> dict[int, ResponseContract]:
    # A more specific layer replaces a code declared by a less specific one.
    merged: dict[int, tuple[ResponseDeclaration, ...]] = {}
    if inputs:
        merged[input_error_status] = (
            ResponseDeclaration(
                input_error_status,
                ValidationProblemSchema,
                "The request's input failed validation.",
                PROBLEM_JSON,
            ),
        )
    for layer in draft.layers:
        if layer is None:
            continue
        by_code: dict[int, tuple[ResponseDeclaration, ...]] = {}
        for declaration in declarations_of(layer).responses:
            if not applies_to(declaration, draft.method):
                continue
            by_code[declaration.code] = (*by_code.get(declaration.code, ()), declaration)
        merged.update(by_code)
    return {code: _contract(code, merged[code], registry, where) for code in sorted(merged)}


def _contract(
    code: int,
    declarations: tuple[ResponseDeclaration, ...],
    registry: StatusRegistry,
    where: str,
) -> ResponseContract:
    described = next((d.description for d in declarations if d.description), None)
    content = tuple(d for d in declarations if d.content_type is not None)
    headers = tuple({h.name.lower(): h for d in declarations for h in d.headers}.values())
    if code in STANDARD_PHRASES:
        return ResponseContract(code, described or STANDARD_PHRASES[code], content, None, headers)
    custom = registry.require(code, where=where)
    # Clients do not know a custom code's phrase, so its description always leads with it.
    meaning = described or custom.description
    description = f"{custom.phrase}: {meaning}" if meaning else custom.phrase
    return ResponseContract(code, description, content, custom.fallback, headers)


def _docstring(handler: t.Any, view_class: t.Any) -> tuple[str | None, str | None]:
    # __doc__ itself, not inspect.getdoc(): that would inherit MethodView's own docstring.
    raw = getattr(handler, "__doc__", None)
    if not raw and view_class is not None:
        raw = vars(view_class).get("__doc__")
    if not isinstance(raw, str) or not raw.strip():
        return None, None
    doc = inspect.cleandoc(raw)
    summary, _, rest = doc.partition("\n")
    return summary.strip() or None, rest.strip() or None
