"""Built documents kept for the process, for the next app built from the same inputs.

A test suite builds one app per test from one factory: the same routes, the
same declarations, the same config, a document identical to the last one. It
depends on nothing but what :func:`.builder.build_spec` is given, so it is
kept under a key made of all of that, compared by value where values are
plain data and by identity otherwise:

- the published operations, every field of each (a field added to
  :class:`~contractkit.declare.operations.Operation` joins the key by itself);
  schema classes and instances, by identity: a new class is a new key;
- every registered custom code, used or not;
- every field of :class:`~contractkit.config.Settings` but :data:`RUNTIME_ONLY`,
  so a setting added for the document joins the key by itself;
- the URL map's converters, by identity.

Scalars are kept with their type (``1``, ``1.0`` and ``True`` are equal in
Python but not in JSON). Something the key cannot hold is never guessed at:
the document is then built, and not kept.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import threading
import typing as t
from collections import OrderedDict

from werkzeug.routing import Map, Rule

from ..config import Settings
from ..declare.decorators import InputDeclaration, ResponseDeclaration
from ..declare.operations import Contract, ResponseContract
from ..declare.registry import CustomStatus, StatusRegistry
from .builder import build_spec
from .documents import DocumentText

#: Settings the document never reads, left out of the key: objects an app
#: factory makes anew for each app (a Prometheus registry, a predicate), which
#: would miss every time, and a secret, which a cache should not hold.
#: tests/openapi/test_reuse.py checks that each leaves the document as it is.
RUNTIME_ONLY: t.Final = frozenset({"violations_token", "violations_allow", "prometheus"})
#: Distinct documents kept; a suite's apps usually share a handful.
_MAX_KEPT = 32

_kept: OrderedDict[_Key, tuple[str, DocumentText]] = OrderedDict()
_lock = threading.Lock()


class _Unkeyable(Exception):
    """A value the key cannot hold safely."""


@dataclasses.dataclass(frozen=True, eq=False)
class _Same:
    """An object compared by identity; the key holds it, so its id is not reused."""

    obj: object

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj

    def __hash__(self) -> int:
        return id(self.obj)


def build_document(
    contract: Contract, registry: StatusRegistry, settings: Settings, url_map: Map
) -> tuple[dict[str, t.Any], DocumentText]:
    """The document of ``contract``, built and validated, or a copy of the one kept.

    A kept document is given out as a new dict, decoded from its snapshot, so
    no app sees another's edits; its text is written once for all of them.
    """
    try:
        key: _Key | None = _key(contract, registry, settings, url_map)
    except _Unkeyable:
        key = None
    kept = None
    if key is not None:
        with _lock:
            kept = _kept.get(key)
            if kept is not None:
                _kept.move_to_end(key)
    if kept is not None:
        return json.loads(kept[0]), kept[1]
    built = build_spec(contract, registry, settings, url_map)
    text = DocumentText(built.snapshot)
    if key is not None:
        with _lock:
            _kept[key] = (built.snapshot, text)
            while len(_kept) > _MAX_KEPT:
                _kept.popitem(last=False)
    return built.spec, text


def forget_documents() -> None:
    """Drop every kept document (for tests that count builds)."""
    with _lock:
        _kept.clear()


def _key(contract: Contract, registry: StatusRegistry, settings: Settings, url_map: Map) -> _Key:
    setting_fields = tuple(
        (field.name, _freeze(getattr(settings, field.name)))
        for field in dataclasses.fields(settings)
        if field.name not in RUNTIME_ONLY
    )
    return _Key(
        (
            tuple([_freeze(op) for op in contract.operations]),
            tuple([_freeze(status) for status in registry.custom_codes()]),
            setting_fields,
            tuple((name, _Same(kind)) for name, kind in sorted(url_map.converters.items())),
        )
    )


class _Key:
    """The frozen inputs of a build, hashed once: a key of thousands of parts."""

    __slots__ = ("_hash", "parts")

    def __init__(self, parts: tuple[t.Any, ...]) -> None:
        self.parts = parts
        self._hash = hash(parts)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and other._hash == self._hash and other.parts == self.parts


#: Markers that keep a frozen dict or set from equalling a frozen list.
_DICT = ("dict",)
_SET = ("set",)
#: Types whose subclasses are refused: they compare by value, yet may carry more.
_PLAIN = (str, int, float, tuple, list, dict, set, frozenset)
#: contractkit's own frozen declarations, compared as themselves: their fields
#: are checked when declared (codes are ints, not bools) and every field takes
#: part in their equality, so a field added later does too.
_BY_VALUE = frozenset({ResponseContract, ResponseDeclaration, InputDeclaration, CustomStatus})
#: Field names of the dataclasses met so far; empty for other classes.
_FIELDS: dict[type, tuple[str, ...]] = {}


def _freeze(value: t.Any) -> t.Hashable:
    kind = type(value)
    if kind is str or value is None:
        return t.cast(t.Hashable, value)
    if kind is int or kind is bool:
        return (kind, value)  # 1 == 1.0 == True in Python, not in JSON
    if kind is float:
        return (float, repr(value))  # and -0.0 == 0.0
    if kind is tuple or kind is list:
        return tuple([_freeze(item) for item in value])
    if kind is dict:
        return (_DICT, tuple([(_freeze(k), _freeze(v)) for k, v in value.items()]))
    if kind is set or kind is frozenset:
        return (_SET, frozenset([_freeze(item) for item in value]))
    if kind in _BY_VALUE:
        return t.cast(t.Hashable, value)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = _field_names(kind)
    if names:
        return (kind, tuple([_freeze(getattr(value, name)) for name in names]))
    if isinstance(value, Rule):
        return (Rule, value.rule, value.endpoint, _freeze(value.methods), _freeze(value.defaults))
    if isinstance(value, _PLAIN) and not isinstance(value, enum.Enum):
        raise _Unkeyable
    # Anything else (schema classes and instances, callables, enum members) by identity.
    return _Same(value)


def _field_names(kind: type) -> tuple[str, ...]:
    if not dataclasses.is_dataclass(kind):
        return ()
    return tuple(field.name for field in dataclasses.fields(kind))
