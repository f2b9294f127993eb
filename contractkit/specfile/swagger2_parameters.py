"""Swagger 2.0 parameters as OpenAPI 3.0's: query, path and header values, and form fields.

Internal to :mod:`.swagger2`. A 2.0 parameter describes its value with
schema-like fields beside ``name`` and ``in``; 3.0 nests them in ``schema``.
How an array travels is 2.0's ``collectionFormat`` (``csv`` unless told) and
3.0's ``style`` and ``explode``, written for form fields in the media type's
``encoding``. :data:`COLLECTION_STYLES` is the one translation; a pair it
lacks has no 3.0 form, and :func:`unexpressed` says so.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

from .swagger2_schemas import VALUE_FIELDS, convert_schema, copied, value_schema

#: 3.0's ``style`` and ``explode``.
Style = tuple[str, bool]

#: How an array value is sent, by ``(in, collectionFormat)`` (OpenAPI 3.0.3,
#: Parameter Object, Style Values). ``multi`` exists for query and form values only; path
#: and header values have no space, tab or pipe styles, and ``tsv`` has none anywhere.
COLLECTION_STYLES: t.Final[Mapping[tuple[str, str], Style]] = {
    ("query", "csv"): ("form", False),
    ("query", "ssv"): ("spaceDelimited", False),
    ("query", "pipes"): ("pipeDelimited", False),
    ("query", "multi"): ("form", True),
    ("formData", "csv"): ("form", False),
    ("formData", "ssv"): ("spaceDelimited", False),
    ("formData", "pipes"): ("pipeDelimited", False),
    ("formData", "multi"): ("form", True),
    ("path", "csv"): ("simple", False),
    ("header", "csv"): ("simple", False),
}
#: What separates the items of each ``collectionFormat`` but ``multi`` (repeated
#: keys): how a reader of requests splits a value whose format 3.0 cannot say
#: (kept as :data:`KEPT_FORMAT`).
COLLECTION_DELIMITERS: t.Final[Mapping[str, str]] = {
    "csv": ",",
    "ssv": " ",
    "tsv": "\t",
    "pipes": "|",
}
#: 3.0's default, what a reader of the conversion assumes where no style is written.
_DEFAULT_STYLES: t.Final[Mapping[str, str]] = {
    "query": "form, exploded (a=1&a=2)",
    "formData": "form, exploded (a=1&a=2)",
    "path": "simple (1,2)",
    "header": "simple (1,2)",
}
#: The extension that keeps a ``collectionFormat`` 3.0 cannot say, as swagger2openapi names it.
KEPT_FORMAT: t.Final = "x-collectionFormat"
_FORMS: t.Final = ("application/x-www-form-urlencoded", "multipart/form-data")


def collection_format(parameter: Mapping[str, t.Any]) -> str | None:
    """An array parameter's ``collectionFormat``, ``csv`` when unsaid; ``None`` for others."""
    if parameter.get("type") != "array":
        return None
    given = parameter.get("collectionFormat", "csv")
    return given if isinstance(given, str) else None


def unexpressed(parameter: Mapping[str, t.Any]) -> str | None:
    """Why 3.0 cannot say how ``parameter``'s array is sent; ``None`` when it can."""
    fmt = collection_format(parameter)
    place = str(parameter.get("in"))
    if fmt is None or (place, fmt) in COLLECTION_STYLES:
        return None
    return (
        f"collectionFormat {fmt!r} has no OpenAPI 3.0 form for a {place} value; the "
        f"conversion keeps it as {KEPT_FORMAT}, but 3.0 tools send the value "
        f"{_DEFAULT_STYLES.get(place, 'in their default style')}. Use csv"
        f"{' or multi' if place in ('query', 'formData') else ''}, or describe the "
        "value as a string."
    )


def _style_fields(parameter: Mapping[str, t.Any]) -> dict[str, t.Any]:
    """``style`` and ``explode`` for an array value, or the kept ``collectionFormat``."""
    fmt = collection_format(parameter)
    if fmt is None:
        return {}
    style = COLLECTION_STYLES.get((str(parameter.get("in")), fmt))
    if style is None:
        return {KEPT_FORMAT: fmt}
    return {"style": style[0], "explode": style[1]}


def convert_parameter(parameter: Mapping[str, t.Any]) -> dict[str, t.Any]:
    """A query, path or header parameter (or a response header, ``in`` unset) as 3.0's."""
    converted: dict[str, t.Any] = {}
    fields: dict[str, t.Any] = {}
    for key, value in parameter.items():
        if key in VALUE_FIELDS:
            fields[key] = value
        elif key == "x-example":
            converted["example"] = copied(value)  # 2.0 has no example outside schemas
        elif key != "collectionFormat":
            converted[key] = copied(value)
    if fields:
        converted["schema"] = convert_schema(value_schema(fields))
    converted.update(_style_fields(parameter))
    return converted


def convert_header(header: Mapping[str, t.Any]) -> dict[str, t.Any]:
    """A response header as 3.0's: a header value, so styled as header parameters are."""
    converted = convert_parameter({**header, "in": "header"})
    del converted["in"]
    converted.setdefault("schema", {})
    return converted


def form_body(form: list[Mapping[str, t.Any]], consumes: list[str]) -> dict[str, t.Any]:
    """The ``requestBody`` of an operation's ``formData`` parameters.

    Each array field's ``collectionFormat`` is written in the media type's
    ``encoding`` (3.0's form default is ``explode: true``, 2.0's ``csv``): 3.0
    reads ``style`` there for ``application/x-www-form-urlencoded`` only, and it
    is written for ``multipart/form-data`` too, so a change of it is a change
    of the document.
    """
    schema: dict[str, t.Any] = {"type": "object", "properties": {}}
    encoding: dict[str, t.Any] = {}
    for parameter in form:
        name = str(parameter.get("name"))
        fields = {key: parameter[key] for key in VALUE_FIELDS if key in parameter}
        field_schema = convert_schema(value_schema(fields))
        for key, value in parameter.items():
            if key == "x-example":
                field_schema["example"] = copied(value)
            elif key == "description" or key.startswith("x-"):
                field_schema[key] = copied(value)  # extensions too, as swagger2openapi does
        schema["properties"][name] = field_schema
        if parameter.get("required") is True:
            schema.setdefault("required", []).append(name)
        styled = _style_fields(parameter)
        if styled:
            encoding[name] = styled
    files = any(p.get("type") == "file" for p in form)
    media_types = [m for m in consumes if m in _FORMS] or [
        "multipart/form-data" if files else _FORMS[0]
    ]
    content = {
        media_type: {
            "schema": copied(schema),
            **({"encoding": copied(encoding)} if encoding else {}),
        }
        for media_type in media_types
    }
    converted: dict[str, t.Any] = {"content": content}
    if any(p.get("required") is True for p in form):
        converted["required"] = True
    return converted


def in_body(parameter: t.Any) -> bool:
    """Whether ``parameter`` is part of 3.0's ``requestBody`` (a body or a form field)."""
    return isinstance(parameter, Mapping) and parameter.get("in") in ("body", "formData")


def parameter_key(parameter: t.Any) -> tuple[object, object]:
    """What makes a parameter the one an operation's own replaces: its name and location."""
    if not isinstance(parameter, Mapping):
        return (None, None)
    return (parameter.get("name"), parameter.get("in"))
