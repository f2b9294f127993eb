"""A spec-driven app's contract: each operation of its document matched to a URL rule.

The result is the same :class:`~.operations.Contract` decorator mode builds,
so everything downstream (runtime tables, body checks, coverage, metrics)
cannot tell the two apart. ``/items/{id}`` matches ``/items/<int:item_id>``:
the same static text, a parameter in each parameter position; names may
differ, since a client never sees them.
"""

from __future__ import annotations

import re
import typing as t
import warnings
from collections.abc import Mapping

from flask.sansio.app import App
from werkzeug.routing import Rule

from ..config import DefaultPolicy
from ..errors import ContractWarning, DeclarationError
from ..http import AUTOMATIC_METHODS, RESPONSE_RANGE
from ..specfile.locations import follow, iter_operations
from ..specfile.response_headers import required_headers
from ..specfile.servers import path_prefixes
from .contracts import matching_endpoints
from .decorators import declarations_of
from .doc_tools import is_doc_tool_endpoint, is_doc_tool_view
from .headers import HeaderDeclaration
from .operations import (
    OWN_ENDPOINT_PREFIX,
    CatchAll,
    Contract,
    Operation,
    declaration_layers,
)
from .paths import http_rules, openapi_path
from .registry import StatusRegistry
from .response_contract import ResponseContract
from .status_codes import STANDARD_PHRASES

_TEMPLATE = re.compile(r"\{[^}/]+\}")
#: What ``default`` stands for under each ``CONTRACTKIT_DEFAULT_RESPONSE`` policy.
_DEFAULT_CLASSES: dict[str, tuple[frozenset[int], bool]] = {
    # OpenAPI's own meaning: every code the operation does not list.
    "any": (frozenset({2, 3, 4, 5}), False),
    # The error responses a framework sends for any view (404, 405, 500...).
    "errors": (frozenset({4, 5}), True),
}


def document_contract(
    app: App,
    documents: t.Sequence[Mapping[str, t.Any]],
    registry: StatusRegistry,
    *,
    default_policy: DefaultPolicy,
    exempt_endpoints: t.Collection[str] = (),
) -> Contract:
    """The contract ``documents`` declare for ``app``'s routes.

    Each document holds the routes under its own server paths (an API's v1 and
    v2, each with its ``servers``); where two describe the same route, the
    first wins. Document operations no route serves and routes no operation
    describes are listed once in :attr:`Contract.unmatched` and in one
    :class:`ContractWarning`.

    :raises DeclarationError: when a view of the app also declares responses or
        inputs with decorators: an app has one source of truth.
    """
    by_shape: dict[tuple[str, str], dict[str, t.Any]] = {}
    unmatched: list[str] = []
    for index, document in enumerate(documents):
        # The paths as written, then under each server URL's path, which wins: an app
        # mounted under the prefix (SCRIPT_NAME, a proxy) has its routes without it.
        for prefix in dict.fromkeys(("", *path_prefixes(document))):
            for path, method, operation in iter_operations(document):
                if method.upper() in AUTOMATIC_METHODS:
                    continue  # Flask answers these itself, and they are never checked
                key = (_shape(prefix + path), method.upper())
                if prefix or key not in by_shape:
                    by_shape[key] = {"path": path, "operation": operation, "document": index}
    several = len(documents) > 1
    source = "one of the app's OpenAPI documents" if several else "the app's OpenAPI document"
    exempt: set[str] = {"static"}
    configured = matching_endpoints(app, exempt_endpoints, "CONTRACTKIT_EXEMPT_ENDPOINTS")
    operations: list[Operation] = []
    matched: set[tuple[int, str, str]] = set()
    #: Routes outside the contract, with the advice the runtime check gives for them.
    undocumented: dict[str, str] = {}
    for rule in http_rules(app.url_map):
        endpoint = rule.endpoint
        view = app.view_functions.get(endpoint)
        if (
            endpoint == "static"
            or endpoint.startswith(OWN_ENDPOINT_PREFIX)
            or endpoint in configured
            or is_doc_tool_endpoint(endpoint)
            or view is None
            or is_doc_tool_view(view)
        ):
            exempt.add(endpoint)
            continue
        for method in sorted((rule.methods or set()) - AUTOMATIC_METHODS):
            layers = declaration_layers(app, endpoint, view, method)
            if any(declarations_of(layer).exempt for layer in layers):
                exempt.add(endpoint)
                continue
            _refuse_decorators(layers, rule, method)
            found = by_shape.get((_shape(openapi_path(rule)), method))
            if found is None:
                undocumented[endpoint] = (
                    f"add the operation to {source} (CONTRACTKIT_SPEC), or "
                    "list the endpoint in CONTRACTKIT_EXEMPT_ENDPOINTS"
                )
                unmatched.append(
                    f"route {method} {rule.rule} (endpoint {endpoint!r}) has no operation in "
                    f"{'any of the documents' if several else 'the document'}"
                )
                continue
            index = found["document"]
            matched.add((index, found["path"], method))
            operations.append(
                _operation(rule, method, found, documents[index], registry, default_policy)
            )
    for index, document in enumerate(documents):
        for path, method, _ in iter_operations(document):
            upper = method.upper()
            if upper not in AUTOMATIC_METHODS and (index, path, upper) not in matched:
                unmatched.append(f"operation {upper} {path} has no route in the app")
    if not operations and by_shape and undocumented:
        warnings.warn(
            f"no route of app {app.name!r} matches a path of its OpenAPI document, so every "
            "answer of the app is an undocumented operation. "
            + _likely_cause(app, documents[0], path_prefixes(documents[0])),
            ContractWarning,
            stacklevel=4,
        )
    elif unmatched:
        warnings.warn(
            f"app {app.name!r} and its OpenAPI document do not match: "
            + "; ".join(unmatched)
            + ". Routes without an operation are violations when they answer; add them to "
            "the document or exempt them (CONTRACTKIT_EXEMPT_ENDPOINTS).",
            ContractWarning,
            stacklevel=4,
        )
    return Contract(
        operations=tuple(operations),
        by_endpoint={(op.endpoint, op.method): op for op in operations},
        exempt_endpoints=frozenset(exempt),
        undocumented={e: advice for e, advice in undocumented.items() if e not in exempt},
        unmatched=tuple(unmatched),
    )


def _likely_cause(app: App, document: Mapping[str, t.Any], prefixes: tuple[str, ...]) -> str:
    """Why no route matches: a prefix the document or the app has and the other lacks."""
    paths = {_shape(path) for path, _, _ in iter_operations(document)}
    routes = {_shape(openapi_path(rule)) for rule in http_rules(app.url_map)}
    under = "/".join(prefixes) if prefixes != ("",) else ""
    servers = f" (its servers put {under!r} in front of them)" if under else ""
    for route in sorted(routes):
        for path in sorted(paths, key=len, reverse=True):
            if path != "/" and route.endswith(path) and route != path:
                prefix = route[: -len(path)]
                return (
                    f"Likely cause: the app serves the document's paths under {prefix!r} "
                    f"({route} for {path}){servers}. Give the document that prefix: "
                    f"servers: [{{url: {prefix!r}}}] in OpenAPI 3, basePath: {prefix!r} in "
                    "Swagger 2.0."
                )
            if route != "/" and path.endswith(route) and route != path:
                prefix = path[: -len(route)]
                return (
                    f"Likely cause: the document's paths start with {prefix!r} ({path} for "
                    f"the app's {route}){servers}, the app's routes do not. Move that "
                    "prefix into the server URL (servers in OpenAPI 3, basePath in "
                    "Swagger 2.0)."
                )
    return (
        f"The document's paths{servers} and the app's routes share no shape: check that "
        "CONTRACTKIT_SPEC is this app's document."
    )


def _shape(path: str) -> str:
    """``/items/{id}`` and ``/items/<int:item_id>`` both as ``/items/{}``."""
    return _TEMPLATE.sub("{}", path)


def _refuse_decorators(layers: list[t.Any], rule: Rule, method: str) -> None:
    for layer in layers[1:]:  # the app itself: its own @responds would be caught too
        own = declarations_of(layer)
        if own.responses or own.inputs:
            raise DeclarationError(
                f"{method} {rule.rule} (endpoint {rule.endpoint!r}) declares responses or "
                "inputs with @responds/@accepts, but this app's contract is its OpenAPI "
                "document (CONTRACTKIT_SPEC). One source of truth per app: move the "
                "declaration into the document and remove the decorator."
            )
    if declarations_of(layers[0]).responses or declarations_of(layers[0]).inputs:
        raise DeclarationError(
            "the app declares responses with @responds, but its contract is its OpenAPI "
            "document (CONTRACTKIT_SPEC); declare them in the document instead."
        )


def _operation(
    rule: Rule,
    method: str,
    found: Mapping[str, t.Any],
    document: Mapping[str, t.Any],
    registry: StatusRegistry,
    default_policy: str,
) -> Operation:
    path: str = found["path"]
    operation: Mapping[str, t.Any] = found["operation"]
    responses: dict[int, ResponseContract] = {}
    ranges: list[CatchAll] = []
    default: CatchAll | None = None
    listed = follow(document, operation.get("responses"))
    for key, response in (listed if isinstance(listed, Mapping) else {}).items():
        key = str(key)
        response = follow(document, response)
        described = response.get("description") if isinstance(response, Mapping) else None
        description = described if isinstance(described, str) and described else key
        if key.isdigit():
            code = int(key)
            custom = registry.custom(code)
            standard = code in STANDARD_PHRASES
            fallback = custom.fallback if custom is not None and not standard else None
            headers = tuple(
                HeaderDeclaration(name, name, required=True)
                for name in required_headers(document, response)
            )
            responses[code] = ResponseContract(code, description, (), fallback, headers)
        elif RESPONSE_RANGE.fullmatch(key.upper()):
            classes = frozenset({int(key[0])})
            required = required_headers(document, response)
            ranges.append(CatchAll(key, description, classes, required_headers=required))
        elif key == "default" and default_policy in _DEFAULT_CLASSES:
            classes, standard_only = _DEFAULT_CLASSES[default_policy]
            required = required_headers(document, response)
            default = CatchAll(key, description, classes, standard_only, required)
    tags = operation.get("tags")
    summary = operation.get("summary")
    described_op = operation.get("description")
    operation_id = operation.get("operationId")
    return Operation(
        endpoint=rule.endpoint,
        method=method,
        rule=rule,
        operation_id=operation_id if isinstance(operation_id, str) else rule.endpoint,
        responses=dict(sorted(responses.items())),
        inputs=(),
        tags=tuple(tag for tag in tags if isinstance(tag, str)) if isinstance(tags, list) else (),
        summary=summary if isinstance(summary, str) else None,
        description=described_op if isinstance(described_op, str) else None,
        document_path=path,
        document=found["document"],
        catch_alls=(*ranges, *([default] if default is not None else [])),
        ignored_default=default_policy == "ignore"
        and isinstance(listed, Mapping)
        and "default" in listed,
    )
