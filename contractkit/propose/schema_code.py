"""Marshmallow ``Schema`` classes written as source from recorded body shapes.

What each field is follows from the shape's schema object
(:func:`.schema_objects.shape_schema`, the rule a document's proposal follows
too): ``required`` where the schema requires the property, ``allow_none``
where it allows ``null``, a field class per type and format, nested objects
as schemas of their own, arrays ``fields.List``, maps ``fields.Dict``.
"""

from __future__ import annotations

import keyword
import re
import typing as t
from dataclasses import dataclass, field

from marshmallow import Schema

from ..recording.shapes import Shape
from .schema_objects import SchemaObject, shape_schema, types_of

#: Field classes by a string format.
_FORMAT_FIELDS: t.Final = {
    "date-time": "DateTime",
    "date": "Date",
    "uuid": "UUID",
    "email": "Email",
    "uri": "Url",
}
#: Field classes by the one JSON type of a schema.
_TYPE_FIELDS: t.Final = {
    "integer": "Integer",
    "number": "Float",
    "boolean": "Boolean",
    "string": "String",
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
        return self._add_object(base_name, shape_schema(shape))

    def _add_object(self, base_name: str, schema: SchemaObject) -> str:
        name = self._unique(f"{base_name}Schema")
        lines = [f"class {name}(Schema):"]
        required = set(schema.get("required", ()))
        for key, inner in schema.get("properties", {}).items():
            attribute, data_key = _attribute(key)
            options = []
            if data_key:
                options.append(f"data_key={key!r}")
            if key in required:
                options.append("required=True")
            options += _nullable(inner)
            lines.append(
                f"    {attribute} = {self._field(base_name + _camel(key), inner, options)}"
            )
        if len(lines) == 1:
            lines.append("    pass")
        self.classes.append("\n".join(lines) + "\n")
        return name

    def _field(self, name: str, schema: SchemaObject, options: list[str]) -> str:
        types = [kind for kind in types_of(schema) if kind != "null"]
        kind = _TYPE_FIELDS.get(types[0], "Raw") if len(types) == 1 else "Raw"
        args: list[str] = []
        if types == ["object"] and "properties" in schema:
            kind = "Nested"
            args.append(self._add_object(name, schema))
        elif types == ["object"] and "additionalProperties" in schema:
            kind = "Dict"
            values = schema["additionalProperties"]
            args += [
                "keys=fields.String()",
                f"values={self._field(name + 'Value', values, _nullable(values))}",
            ]
        elif types == ["array"]:
            kind = "List"
            items = schema["items"]
            args.append(
                self._field(name + "Item", items, _nullable(items)) if items else "fields.Raw()"
            )
        elif types == ["string"]:
            kind = _FORMAT_FIELDS.get(schema.get("format", ""), "String")
        # Several types, or only null: Raw, as nothing narrower is true.
        return f"fields.{kind}({', '.join(args + options)})"

    def _unique(self, name: str) -> str:
        candidate, number = name, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{name[: -len('Schema')]}{number}Schema"
        self.taken.add(candidate)
        return candidate


def _nullable(schema: SchemaObject) -> list[str]:
    return ["allow_none=True"] if "null" in types_of(schema) else []


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
