"""Built documents kept for the process, for the next app built from the same inputs.

A test suite builds one app per test from one factory: the same routes, the
same declarations, the same config, a document identical to the last one. It
depends on nothing but what :func:`.builder.build_spec` is given, so it is
kept under a key made of all of that:

- what the contract was read from, its :attr:`~.operations.Contract.source`
  (see :mod:`contractkit.declare.contracts`), and the endpoints it hides;
- every registered custom code, used or not;
- every field of :class:`~contractkit.config.Settings` but :data:`RUNTIME_ONLY`,
  so a setting added for the document joins the key by itself; compared by
  value where values are plain data, by identity otherwise;
- the URL map's converters, by identity.

Scalars are kept with their type (``1``, ``1.0`` and ``True`` are equal in
Python but not in JSON). Something the key cannot hold is never guessed at:
the document is then built, and not kept. So is the document of a contract
with no source: one read from an OpenAPI document, or made by hand.
"""

from __future__ import annotations

import dataclasses
import enum
import typing as t

from werkzeug.routing import Map

from ..config import Settings
from ..declare.operations import Contract
from ..declare.registry import StatusRegistry
from ..kept import Kept
from .builder import build_spec
from .documents import Documents, DocumentText

#: Settings the document never reads, left out of the key: objects an app
#: factory makes anew for each app (a Prometheus registry, a predicate), which
#: would miss every time, and a secret, which a cache should not hold.
#: tests/openapi/test_reuse.py checks that each leaves the document as it is.
RUNTIME_ONLY: t.Final = frozenset({"violations_token", "violations_allow", "prometheus"})
_kept: Kept[t.Hashable, DocumentText] = Kept()


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
) -> Documents:
    """The documents of ``contract``, built and validated, or those kept.

    A kept document's text is written once for every app; each app that asks
    for its dict gets one of its own, decoded from the snapshot.
    """
    try:
        key: t.Hashable | None = _key(contract, registry, settings, url_map)
    except _Unkeyable:
        key = None
    kept = None if key is None else _kept.get(key)
    if kept is not None:
        return Documents(None, kept)
    built = build_spec(contract, registry, settings, url_map)
    text = DocumentText(built.snapshot)
    if key is not None:
        _kept.put(key, text)
    return Documents(built.spec, text)


def forget_documents() -> None:
    """Drop every kept document (for tests that count builds)."""
    _kept.clear()


def _key(
    contract: Contract, registry: StatusRegistry, settings: Settings, url_map: Map
) -> tuple[t.Hashable, ...]:
    if contract.source is None:
        raise _Unkeyable
    setting_fields = tuple(
        (field.name, _freeze(getattr(settings, field.name)))
        for field in dataclasses.fields(settings)
        if field.name not in RUNTIME_ONLY
    )
    return (
        contract.source,
        tuple(registry.custom_codes()),
        setting_fields,
        tuple((name, _Same(kind)) for name, kind in sorted(url_map.converters.items())),
    )


#: Markers that keep a frozen dict or set from equalling a frozen list.
_DICT = ("dict",)
_SET = ("set",)
#: Types whose subclasses are refused: they compare by value, yet may carry more.
_PLAIN = (str, int, float, tuple, list, dict, set, frozenset)


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
    if isinstance(value, _PLAIN) and not isinstance(value, enum.Enum):
        raise _Unkeyable
    # Anything else (plugin classes, callables, enum members) by identity.
    return _Same(value)
