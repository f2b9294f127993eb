"""An app's contract, read from its routes once per distinct set of sources in a process.

A test suite builds one app per test from one factory: new Flask objects and
view functions, the same declarations. Reading the routes into a contract
(each view's declarations merged with its blueprints' and app's, custom codes
resolved) was most of what contractkit did for each of those apps, so the
contract is kept under a key made of everything :func:`.operations.read_contract`
reads:

- each URL rule's path, endpoint and methods, in order;
- the declarations on the app, on each blueprint the endpoint names, on the
  view class and on the view (or its handler of each method), with the
  docstrings and names the contract and its advice quote;
- the custom codes registered, the input error status, the exempt endpoints,
  whether errors are answered as problem+json.

Declarations are frozen values, interned when stored and compared by value,
their schemas as :mod:`.identity` says (a class by identity, an instance made
with marshmallow's options alone by its class and those options): a changed
declaration is another key, and a schema class defined anew is too.
The next app with an equal key gets the kept contract's operations, each bound
to that app's own URL rule. A key that cannot be hashed (a schema type that is
not hashable) is not guessed at: the contract is read, and not kept.
"""

from __future__ import annotations

import dataclasses
import typing as t

from flask.sansio.app import App
from werkzeug.routing import Rule

from ..errors import ConfigError
from ..http import OPENAPI_METHODS
from ..kept import Kept
from .decorators import declarations_of
from .operations import Contract, Operation, read_contract
from .paths import http_rules
from .registry import StatusRegistry

_kept: Kept[SourcesKey, _Kept] = Kept()


class SourcesKey:
    """What a contract is read from, hashed once: a key of thousands of parts."""

    __slots__ = ("_hash", "parts")

    def __init__(self, parts: tuple[t.Any, ...]) -> None:
        self.parts = parts
        self._hash = hash(parts)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, SourcesKey)
            and other._hash == self._hash
            and other.parts == self.parts
        )


class _Kept(t.NamedTuple):
    """A contract as kept: everything but the URL rules, which belong to their app."""

    #: The key as first stored: contracts bound from it carry this very object.
    key: SourcesKey
    #: Each operation's fields but its rule, with the index of its rule among
    #: the sorted rules. Rules are not kept: each holds its app's whole URL map.
    operations: tuple[tuple[dict[str, t.Any], int], ...]
    exempt_endpoints: frozenset[str]
    undocumented: dict[str, str]


def build_contract(
    app: App,
    registry: StatusRegistry,
    input_error_status: int,
    exempt_endpoints: t.Collection[str] = (),
    *,
    json_errors: bool = False,
) -> Contract:
    """The :class:`~.operations.Contract` of ``app``'s routes: the kept one, or read anew.

    :param exempt_endpoints: endpoint names, or ``"blueprint.*"`` for all of a
        blueprint's, left out like views marked :func:`~contractkit.exempt`.
    :param json_errors: whether HTTP errors are answered as problem+json
        (``CONTRACTKIT_JSON_ERRORS``): error codes declared without a body then
        carry that body, and operations with path parameters may answer 404.
    """
    rules = http_rules(app.url_map)
    configured = matching_endpoints(app, exempt_endpoints, "CONTRACTKIT_EXEMPT_ENDPOINTS")
    try:
        key: SourcesKey | None = SourcesKey(
            _sources(app, rules, registry, input_error_status, configured, json_errors)
        )
    except TypeError:  # an unhashable part
        key = None
    if key is not None:
        kept = _kept.get(key)
        if kept is not None:
            return _bound(kept, rules)
    contract = read_contract(
        app, rules, registry, input_error_status, configured, json_errors=json_errors
    )
    if key is None:
        return contract
    contract = dataclasses.replace(contract, source=key)
    index = {id(rule): i for i, rule in enumerate(rules)}
    operations = tuple(
        ({name: value for name, value in vars(op).items() if name != "rule"}, index[id(op.rule)])
        for op in contract.operations
    )
    _kept.put(key, _Kept(key, operations, contract.exempt_endpoints, dict(contract.undocumented)))
    return contract


def forget_contracts() -> None:
    """Drop every kept contract (for tests that count reads)."""
    _kept.clear()


def without_endpoints(contract: Contract, endpoints: t.Collection[str]) -> Contract:
    """``contract`` less the operations of ``endpoints``: what a document publishes.

    Hidden operations stay in the full contract, so they are still checked,
    covered and linted; only the documents leave them out.
    """
    if not endpoints:
        return contract
    kept = tuple(op for op in contract.operations if op.endpoint not in endpoints)
    return _with_operations(contract, kept, frozenset(endpoints))


def publishable(contract: Contract) -> Contract:
    """``contract`` less the operations of methods no OpenAPI document holds (``PURGE``)."""
    kept = tuple(op for op in contract.operations if op.method in OPENAPI_METHODS)
    if len(kept) == len(contract.operations):
        return contract
    return _with_operations(contract, kept, OPENAPI_METHODS)


def _with_operations(
    contract: Contract, operations: tuple[Operation, ...], left_out_by: t.Hashable
) -> Contract:
    return Contract(
        operations=operations,
        by_endpoint={(op.endpoint, op.method): op for op in operations},
        exempt_endpoints=contract.exempt_endpoints,
        undocumented=contract.undocumented,
        unmatched=contract.unmatched,
        source=None if contract.source is None else (contract.source, left_out_by),
    )


def matching_endpoints(app: App, names: t.Collection[str], key: str) -> set[str]:
    """The endpoints of ``app`` that ``names`` (names or ``"blueprint.*"``) stand for.

    :param key: the config key ``names`` come from, for the error message.
    :raises ConfigError: when a name matches no endpoint: a typo would otherwise
        silently exempt or hide nothing.
    """
    if not names:
        return set()
    endpoints = {rule.endpoint for rule in http_rules(app.url_map)}
    matched: set[str] = set()
    for name in names:
        found = (
            {e for e in endpoints if e.startswith(name[:-1])}
            if name.endswith(".*")
            else endpoints & {name}
        )
        if not found:
            raise ConfigError(
                f"{key} names {name!r}, which matches no endpoint of "
                f"app {app.name!r}; use endpoint names such as 'health' or 'admin.*'."
            )
        matched |= found
    return matched


def _bound(kept: _Kept, rules: list[Rule]) -> Contract:
    """The kept contract with each operation bound to this app's own URL rule."""
    operations = tuple(_operation(fields, rules[position]) for fields, position in kept.operations)
    return Contract(
        operations=operations,
        by_endpoint={(op.endpoint, op.method): op for op in operations},
        exempt_endpoints=kept.exempt_endpoints,
        undocumented=dict(kept.undocumented),
        source=kept.key,
    )


def _operation(fields: dict[str, t.Any], rule: Rule) -> Operation:
    """The operation of ``fields`` and ``rule``: the dataclass's ``__init__`` without its cost.

    ``__init__`` of a frozen dataclass sets field by field; the fields of a kept
    operation need no checking, and an app of thousands of operations binds them all.
    """
    operation = object.__new__(Operation)
    operation.__dict__.update(fields, rule=rule)
    return operation


def _sources(
    app: App,
    rules: list[Rule],
    registry: StatusRegistry,
    input_error_status: int,
    configured: set[str],
    json_errors: bool,
) -> tuple[t.Hashable, ...]:
    """Everything :func:`.operations.read_contract` reads, as one hashable tuple."""
    outer_layers: dict[str, tuple[t.Hashable, ...]] = {}
    parts: list[t.Hashable] = [
        (
            app.name,
            declarations_of(app),
            tuple(registry.custom_codes()),
            input_error_status,
            frozenset(configured),
            json_errors,
        )
    ]
    views = app.view_functions
    for rule in rules:
        endpoint = rule.endpoint
        prefix = endpoint.rpartition(".")[0]
        outer = outer_layers.get(prefix)
        if outer is None:
            outer = outer_layers[prefix] = _blueprint_layers(app, prefix)
        methods = frozenset(rule.methods or ())
        parts.append(
            (rule.rule, endpoint, methods, outer, _view_source(views.get(endpoint), methods))
        )
    return tuple(parts)


def _blueprint_layers(app: App, prefix: str) -> tuple[t.Hashable, ...]:
    """The blueprints a dotted endpoint prefix names, as ``declaration_layers`` finds them."""
    names = prefix.split(".") if prefix else []
    layers = []
    for depth in range(1, len(names) + 1):
        registered = ".".join(names[:depth])
        blueprint = app.blueprints.get(registered)
        if blueprint is not None:
            layers.append((registered, blueprint.name, declarations_of(blueprint)))
    return tuple(layers)


def _view_source(view: t.Any, methods: frozenset[str]) -> t.Hashable:
    """A view's declarations and docstrings; a class-based view's for each handler."""
    if view is None:
        return None
    view_class = getattr(view, "view_class", None)
    if not isinstance(view_class, type):
        return (declarations_of(view), getattr(view, "__doc__", None))
    handlers = [(method, getattr(view_class, method.lower(), None)) for method in sorted(methods)]
    return (
        declarations_of(view_class),
        vars(view_class).get("__doc__"),
        tuple((m, declarations_of(h), getattr(h, "__doc__", None)) for m, h in handlers),
    )
