"""The shape of a JSON body: field names, JSON types, formats and how often each was seen.

A shape keeps no value. Counts say how often a type, a format or a field
was seen, so that shapes of many responses add up (:func:`merge_shapes`) and
a field present in every observation can be told from an optional one.
Objects whose keys look like data (e-mail addresses, ids, dates) rather than
field names, or that have too many keys to be a record, are kept as maps
without their keys: a key can be personal data too.
"""

from __future__ import annotations

import re
import typing as t

#: A shape, as JSON: ``{"types": {"object": 3}, "fields": {"id": {...}}}``; also
#: ``"formats"``, ``"items"`` (the shape of an array's items) and ``"values"``
#: (the shape of a map's values).
Shape = dict[str, t.Any]

#: How deep a body is followed, how many keys make an object a map, how many
#: items of an array are looked at, and the longest string whose format is read.
MAX_DEPTH: t.Final = 8
MAX_FIELDS: t.Final = 64
MAX_ITEMS: t.Final = 16
MAX_FORMAT_LENGTH: t.Final = 320

#: JSON Schema formats recognised at record time, in the order they are tried.
FORMATS: t.Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    (
        "date-time",
        re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)"),
    ),
    ("date", re.compile(r"\d{4}-\d\d-\d\d")),
    ("uuid", re.compile(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")),
    ("email", re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")),
    ("uri", re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")),
)
#: A key that is a number or has a format is data, not a field name.
_DATA_KEY: t.Final = re.compile(r"-?\d+(\.\d+)?")


def json_type(value: object) -> str:
    """The JSON type of a decoded value: ``integer`` and ``number`` apart."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "string"


def string_format(text: str) -> str | None:
    """The first of :data:`FORMATS` that ``text`` matches in full."""
    if len(text) > MAX_FORMAT_LENGTH:
        return None
    return next((name for name, pattern in FORMATS if pattern.fullmatch(text)), None)


def observe(value: object, depth: int = 0) -> Shape:
    """The shape of one decoded JSON value."""
    kind = json_type(value)
    shape: Shape = {"types": {kind: 1}}
    if isinstance(value, str):
        found = string_format(value)
        if found is not None:
            shape["formats"] = {found: 1}
    elif isinstance(value, dict) and depth < MAX_DEPTH:
        if _is_map(value):
            inner = _merge_all(observe(v, depth + 1) for v in list(value.values())[:MAX_ITEMS])
            shape["values"] = inner if inner is not None else {"types": {}}
        else:
            shape["fields"] = {str(k): observe(v, depth + 1) for k, v in value.items()}
    elif isinstance(value, list) and value and depth < MAX_DEPTH:
        shape["items"] = _merge_all(observe(v, depth + 1) for v in value[:MAX_ITEMS])
    return shape


def _is_map(value: dict[t.Any, t.Any]) -> bool:
    if len(value) > MAX_FIELDS:
        return True
    return any(not isinstance(k, str) or _DATA_KEY.fullmatch(k) or string_format(k) for k in value)


def _merge_all(shapes: t.Iterable[Shape]) -> Shape | None:
    merged: Shape | None = None
    for shape in shapes:
        merged = shape if merged is None else merge_shapes(merged, shape)
    return merged


def merge_shapes(first: Shape, second: Shape) -> Shape:
    """The shape of the observations of both: counts added, fields united."""
    merged: Shape = {"types": _add(first.get("types"), second.get("types"))}
    formats = _add(first.get("formats"), second.get("formats"))
    if formats:
        merged["formats"] = formats
    for key in ("items", "values"):
        a, b = first.get(key), second.get(key)
        if a is not None or b is not None:
            merged[key] = merge_shapes(a, b) if a is not None and b is not None else a or b
    a_fields, b_fields = first.get("fields"), second.get("fields")
    if a_fields is not None or b_fields is not None:
        fields = dict(a_fields or {})
        for name, shape in (b_fields or {}).items():
            fields[name] = merge_shapes(fields[name], shape) if name in fields else shape
        merged["fields"] = fields
    return merged


def seen(shape: Shape) -> int:
    """How many observations ``shape`` holds."""
    return sum(shape.get("types", {}).values())


def scaled(shape: Shape, factor: int) -> Shape:
    """``shape`` as if each of its observations had been seen ``factor`` times."""
    result: Shape = {
        "types": {k: n * factor for k, n in shape.get("types", {}).items()},
    }
    if "formats" in shape:
        result["formats"] = {k: n * factor for k, n in shape["formats"].items()}
    for key in ("items", "values"):
        if key in shape:
            result[key] = scaled(shape[key], factor)
    if "fields" in shape:
        result["fields"] = {k: scaled(v, factor) for k, v in shape["fields"].items()}
    return result


def is_shape(value: object, depth: int = 0) -> bool:
    """Whether ``value`` (read from a record file) is a well-formed shape."""
    if not isinstance(value, dict) or depth > MAX_DEPTH + 2:
        return False
    if not _counts(value.get("types")) or not _counts(value.get("formats", {})):
        return False
    fields = value.get("fields", {})
    if not isinstance(fields, dict) or not all(is_shape(f, depth + 1) for f in fields.values()):
        return False
    return all(is_shape(value[k], depth + 1) for k in ("items", "values") if k in value)


def _counts(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(n, int) and n >= 0 for k, n in value.items()
    )


def _add(a: dict[str, int] | None, b: dict[str, int] | None) -> dict[str, int]:
    total = dict(a or {})
    for key, count in (b or {}).items():
        total[key] = total.get(key, 0) + count
    return total
