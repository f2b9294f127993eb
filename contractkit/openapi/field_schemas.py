"""Field conversions apispec gets wrong or leaves out, so the document says what the app sends.

Each is an attribute function added with apispec's documented
``OpenAPIConverter.add_attribute_function``: it runs after apispec's own ones
(``ret`` holds their merged result) and returns what to merge on top. Where
apispec's output is wrong rather than missing, the wrong keys are removed
from ``ret`` first.

- ``Range(min_inclusive=False)``: apispec drops the exclusivity.
- ``Decimal``: published as ``number`` even with ``as_string=True``, and a
  ``Decimal`` bound or default is not JSON (the build raised ``TypeError``).
- ``Nested(allow_none=True)`` in 3.0: apispec writes
  ``anyOf: [{type: object, nullable: true}, $ref]``, which any object passes.
- ``Tuple`` and ``Constant``: published as ``{}``, saying nothing.
"""

from __future__ import annotations

import decimal
import typing as t

from apispec.ext.marshmallow.field_converter import FieldConverterMixin
from marshmallow import fields, validate

_NUMERIC = frozenset({"number", "integer"})


def add_field_conversions(converter: FieldConverterMixin) -> None:
    """Add this module's attribute functions to an apispec marshmallow ``converter``."""
    for function in (_decimal, _range, _nullable_ref, _tuple, _constant):
        converter.add_attribute_function(function)  # type: ignore[no-untyped-call]


def _is_31(converter: FieldConverterMixin) -> bool:
    return bool(converter.openapi_version.minor >= 1)


def _types(ret: dict[str, t.Any]) -> list[str]:
    found = ret.get("type")
    return [found] if isinstance(found, str) else list(found or [])


def _typed(
    converter: FieldConverterMixin, field: fields.Field[t.Any], name: str
) -> dict[str, t.Any]:
    """``type: name``, with null in 3.1 when the field allows it (3.0 has ``nullable``)."""
    if field.allow_none and _is_31(converter):
        return {"type": [name, "null"]}
    return {"type": name}


def _number(value: object) -> object:
    """A ``Decimal`` as the JSON number it stands for; anything else unchanged."""
    if isinstance(value, decimal.Decimal) and value.is_finite():
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _decimal(
    self: FieldConverterMixin, field: fields.Field[t.Any], ret: dict[str, t.Any]
) -> dict[str, t.Any]:
    if not isinstance(field, fields.Decimal):
        return {}
    for key in ("default", "minimum", "maximum", "x-minimum", "x-maximum"):
        if key in ret:
            ret[key] = _number(ret[key])
    if not field.as_string:
        return {}
    # Bounds of a string are not JSON Schema bounds; keep them as annotations.
    for key in ("minimum", "maximum"):
        if key in ret:
            ret[f"x-{key}"] = str(ret.pop(key))
    return {**_typed(self, field, "string"), "format": "decimal"}


def _range(
    self: FieldConverterMixin, field: fields.Field[t.Any], ret: dict[str, t.Any]
) -> dict[str, t.Any]:
    """The strictest bound of all ``Range`` validators, exclusive when it is."""
    ranges = [v for v in field.validators if isinstance(v, validate.Range)]
    if not ranges or not _NUMERIC & set(_types(ret)):
        return {}
    attributes: dict[str, t.Any] = {}
    # The highest minimum and the lowest maximum; on a tie, the exclusive one.
    lower = [(r.min, not r.min_inclusive) for r in ranges if r.min is not None]
    upper = [(r.max, r.max_inclusive) for r in ranges if r.max is not None]
    strictest = []
    if lower:
        strictest.append(("minimum", *max(lower)))
    if upper:
        value, inclusive = min(upper)
        strictest.append(("maximum", value, not inclusive))
    for name, value, exclusive in strictest:
        ret.pop(name, None)
        number = _number(field._serialize(value, None, None))
        exclusive_name = f"exclusive{name.capitalize()}"
        if not exclusive:
            attributes[name] = number
        elif _is_31(self):
            attributes[exclusive_name] = number
        else:
            attributes.update({name: number, exclusive_name: True})
    return attributes


def _nullable_ref(
    self: FieldConverterMixin, field: fields.Field[t.Any], ret: dict[str, t.Any]
) -> dict[str, t.Any]:
    """3.0: the ``null`` branch of apispec's ``anyOf`` accepts null only, not any object.

    ``{type: object, nullable: true, enum: [null]}`` means null alone both when
    ``nullable`` adds null to the type (OpenAPI 3.0.3's wording) and when a tool
    reads it as ``anyOf`` with null. ``allOf: [$ref]`` with ``nullable: true``
    would not do: 3.0.3's ``nullable`` does nothing without a ``type`` beside it.
    """
    if _is_31(self) or not isinstance(field, fields.Nested) or not field.allow_none:
        return {}
    any_of = ret.get("anyOf")
    if not (isinstance(any_of, list) and _LOOSE_NULL in any_of):
        return {}
    return {"anyOf": [_NULL_ONLY if schema == _LOOSE_NULL else schema for schema in any_of]}


_LOOSE_NULL: t.Final = {"type": "object", "nullable": True}
_NULL_ONLY: t.Final = {"type": "object", "nullable": True, "enum": [None]}


def _tuple(
    self: FieldConverterMixin, field: fields.Field[t.Any], ret: dict[str, t.Any]
) -> dict[str, t.Any]:
    if not isinstance(field, fields.Tuple):
        return {}
    items = [self.field2property(inner) for inner in field.tuple_fields]
    size = {"minItems": len(items), "maxItems": len(items)}
    if _is_31(self):
        return {**_typed(self, field, "array"), "prefixItems": items, **size}
    # 3.0 has no prefixItems: every position may hold any of the item schemas.
    distinct = [item for index, item in enumerate(items) if item not in items[:index]]
    one = distinct[0] if len(distinct) == 1 else {"anyOf": distinct}
    return {"type": "array", "items": one, **size}


def _constant(
    self: FieldConverterMixin, field: fields.Field[t.Any], ret: dict[str, t.Any]
) -> dict[str, t.Any]:
    if not isinstance(field, fields.Constant):
        return {}
    value = field.constant
    if not (value is None or isinstance(value, (str, int, float, bool))):
        return {}  # not a JSON scalar: nothing exact to say
    return {"const": value} if _is_31(self) else {"enum": [value]}
