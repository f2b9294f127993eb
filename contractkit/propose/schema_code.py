"""Marshmallow ``Schema`` classes written as source from recorded body shapes.

A field is ``required`` only where every observation of its object had it,
``allow_none`` where ``null`` was seen, typed by the JSON types seen (a
format such as ``date-time`` only where every string had it), nested objects
become schemas of their own, arrays ``fields.List``, maps ``fields.Dict``.
"""

from __future__ import annotations

import keyword
import re
import typing as t
from dataclasses import dataclass, field

from marshmallow import Schema

from ..recording.shapes import Shape, seen

#: Field classes by a string format seen on every string of a field.
_FORMAT_FIELDS: t.Final = {
    "date-time": "DateTime",
    "date": "Date",
    "uuid": "UUID",
    "email": "Email",
    "uri": "Url",
}
_RESERVED: t.Final = frozenset(dir(Schema)) | {"Meta"}


@dataclass
class SchemaSource:
    """The classes one proposal writes, in the order they must appear (nested first)."""

    #: Class names already taken, in the module and by this proposal.
    taken: set[str] = field(default_factory=set)
    #: Class source text, each ending with a newline.
    classes: list[str] = field(default_factory=list)

    def add(self, base_name: str, shape: Shape) -> str:
        """Write a schema class for the object ``shape``; its class name."""
        name = self._unique(f"{base_name}Schema")
        lines = [f"class {name}(Schema):"]
        total = shape.get("types", {}).get("object", 0)
        for key, inner in sorted(shape.get("fields", {}).items()):
            attribute, data_key = _attribute(key)
            options = []
            if data_key:
                options.append(f"data_key={key!r}")
            if seen(inner) - inner.get("types", {}).get("null", 0) >= 0 and seen(inner) >= total:
                options.append("required=True")
            if inner.get("types", {}).get("null"):
                options.append("allow_none=True")
            lines.append(
                f"    {attribute} = {self._field(base_name + _camel(key), inner, options)}"
            )
        if len(lines) == 1:
            lines.append("    pass")
        self.classes.append("\n".join(lines) + "\n")
        return name

    def _field(self, name: str, shape: Shape, options: list[str]) -> str:
        types = {k for k, n in shape.get("types", {}).items() if n and k != "null"}
        args: list[str] = []
        if types == {"object"} and "fields" in shape:
            kind = "Nested"
            args.append(self.add(name, shape))
        elif types == {"object"} and "values" in shape:
            kind = "Dict"
            values = self._field(name + "Value", shape["values"], _nullable(shape["values"]))
            args += ["keys=fields.String()", f"values={values}"]
        elif types == {"array"}:
            kind = "List"
            items = shape.get("items")
            inner = self._field(name + "Item", items, _nullable(items)) if items else "fields.Raw()"
            args.append(inner)
        elif types == {"string"}:
            kind = _string_kind(shape)
        elif types == {"integer"}:
            kind = "Integer"
        elif types and types <= {"integer", "number"}:
            kind = "Float"
        elif types == {"boolean"}:
            kind = "Boolean"
        else:
            kind = "Raw"  # several types, or only null: nothing narrower is true
        return f"fields.{kind}({', '.join(args + options)})"

    def _unique(self, name: str) -> str:
        candidate, number = name, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{name[: -len('Schema')]}{number}Schema"
        self.taken.add(candidate)
        return candidate


def _nullable(shape: Shape | None) -> list[str]:
    return ["allow_none=True"] if shape and shape.get("types", {}).get("null") else []


def _string_kind(shape: Shape) -> str:
    strings = shape.get("types", {}).get("string", 0)
    for name, count in shape.get("formats", {}).items():
        if count == strings and name in _FORMAT_FIELDS:
            return _FORMAT_FIELDS[name]
    return "String"


def _attribute(key: str) -> tuple[str, bool]:
    """A Python attribute for JSON field ``key``, and whether it needs ``data_key``."""
    name = re.sub(r"\W", "_", key) or "field"
    if name[0].isdigit():
        name = f"field_{name}"
    if keyword.iskeyword(name) or name in _RESERVED or name.startswith("_"):
        name = f"{name.strip('_') or 'field'}_"
    return name, name != key


def _camel(text: str) -> str:
    """``get_book`` -> ``GetBook``; ``books.get-book`` -> ``BooksGetBook``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[\W_]+", text) if part)


def camel(text: str) -> str:
    """:func:`_camel`, for names of the classes a proposal writes."""
    return _camel(text) or "Response"


#: The first lines of a new schemas module.
MODULE_HEADER: t.Final = '''"""Response schemas written by ``contractkit propose`` from records.

Review them as any code: tighten a type, add a validator, rename a class.
"""

from marshmallow import Schema, fields

'''
