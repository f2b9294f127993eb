"""When two declarations are the same: the key that lets apps share what they declare.

An app factory runs its decorators again for every app it makes, so each app's
views carry new declaration objects with the same values. Stored declarations
are interned by :func:`identity` (see ``decorators._store``): equal ones become
one object, and the key of a kept contract compares them by identity.
"""

from __future__ import annotations

import dataclasses
import functools
import typing as t

from marshmallow import Schema


def identity(declarations: t.Any) -> t.Hashable:
    """What makes two :class:`~.decorators.Declarations` the same: their values, schemas
    as :func:`schema_identity` has them.

    Unhashable parts (a schema class that cannot be hashed) raise ``TypeError``
    when the result is hashed.
    """
    return (
        tuple(_fields_identity(d) for d in declarations.responses),
        tuple(_fields_identity(d) for d in declarations.inputs),
        declarations.exempt,
    )


def _fields_identity(declaration: t.Any) -> t.Hashable:
    # Kept on the declaration, which is frozen: each decorator a view stacks makes its
    # declarations anew, one more each time, and they are interned every time.
    found: t.Hashable | None = declaration.__dict__.get("_identity")
    if found is None:
        kind = type(declaration)
        names = _FIELD_NAMES.get(kind)
        if names is None:
            names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(declaration))
        found = (kind, *[_field_identity(declaration, name) for name in names])
        object.__setattr__(declaration, "_identity", found)
    return found


def _field_identity(declaration: t.Any, name: str) -> object:
    value = getattr(declaration, name)
    return schema_identity(value) if name == "schema" else value


#: Field names of each declaration dataclass met so far.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def schema_identity(schema: object) -> object:
    """A schema as it behaves: an instance made with marshmallow's own options, by them.

    An app factory that declares ``responds(200, ItemSchema(many=True))`` makes a new
    instance for every app, each loading and dumping exactly as the others: same
    class, same options, nothing else set. Such instances are the same schema, as
    apispec takes them to be the same component. An instance of a class with its own
    ``__init__``, or with attributes or a context of its own, is only itself.
    """
    if not isinstance(schema, Schema):
        return schema
    if (
        type(schema).__init__ is not Schema.__init__
        or not vars(schema).keys() <= _plain_schema_attributes()
        or getattr(schema, "context", None)
    ):
        return schema
    return (
        type(schema),
        schema.many,
        *(_names(getattr(schema, option)) for option in _SET_OPTIONS),
        schema.partial if isinstance(schema.partial, bool | None) else _names(schema.partial),
        schema.unknown,
    )


#: Schema options that are sets of field names (``partial`` may be one too).
_SET_OPTIONS = ("only", "exclude", "load_only", "dump_only")


def _names(value: t.Any) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


@functools.cache
def _plain_schema_attributes() -> frozenset[str]:
    """The attributes marshmallow's ``Schema.__init__`` sets on every instance."""
    return frozenset(vars(Schema()))
