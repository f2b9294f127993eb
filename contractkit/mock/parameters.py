"""A request's parameters read as the document says they are sent, then checked.

Each value is taken from its place (path, query, header, cookie) in the
``style`` and ``explode`` the document gives it
(:func:`~contractkit.specfile.parameter_styles.parameter_style`; a Swagger 2.0
document through its conversion, a ``collectionFormat`` 3.0 cannot say by
:data:`~contractkit.specfile.swagger2_parameters.COLLECTION_DELIMITERS`),
its text read as the type its schema names, and the value checked by the
runtime's own schema checker. So ``/pets/abc`` for an integer ``{pet_id}`` is
the contract's input error, as the real app's ``int`` converter or
marshmallow field would make it, not a 200.
"""

from __future__ import annotations

import json
import math
import re
import sys
import typing as t
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request

from ..runtime.bodies import SchemaCheck
from ..runtime.body_compiler import BodyCompiler
from ..specfile.locations import follow
from ..specfile.parameter_styles import DELIMITERS, parameter_style
from ..specfile.swagger2_parameters import COLLECTION_DELIMITERS, KEPT_FORMAT
from ..wire import is_json

_INTEGER = re.compile(r"[+-]?\d+")
#: The range of each integer format, as marshmallow's and OpenAPI's formats bound them.
_INTEGER_FORMATS: t.Final = {"int32": 31, "int64": 63}
#: Formats whose text either is such a value or is not (the real app's fields refuse the rest).
_TEXT_FORMATS: t.Final[Mapping[str, t.Callable[[str], object]]] = {
    "uuid": uuid.UUID,
    "date": date.fromisoformat,
    "date-time": lambda text: datetime.fromisoformat(text.replace("Z", "+00:00")),
}


class Sent:
    """Where a request's parameters are; each place read only when a parameter is there."""

    def __init__(self, path: Mapping[str, str], request: Request) -> None:
        self.path = path
        self._request = request

    @property
    def query(self) -> MultiDict[str, str]:
        return self._request.args

    def header(self, name: str) -> str | None:
        return self._request.headers.get(name)

    @property
    def cookies(self) -> Mapping[str, str]:
        return self._request.cookies


@dataclass(frozen=True)
class ParameterCheck:
    """One parameter of an operation: where and how it is sent, and its schema's check."""

    name: str
    #: ``path``, ``query``, ``header`` or ``cookie``.
    location: str
    required: bool
    style: str
    explode: bool
    #: What separates an unexploded array's items.
    delimiter: str
    #: The schema with its ``$ref`` s followed, for reading text as its type.
    schema: Mapping[str, t.Any]
    #: Whether the value is JSON text (a parameter described by ``content``).
    json_text: bool
    #: The type the schema names (``array``, ``object``, ``integer``...), if it names one.
    kind: str | None
    check: SchemaCheck | None
    document: Mapping[str, t.Any] = field(repr=False)

    def problem(self, sent: Sent) -> str | None:
        """What is wrong with this parameter in ``sent``, or ``None``."""
        try:
            raw = self._raw(sent)
            if raw is None:
                return "is required" if self.required else None
            value = read_value(self.document, self.schema, raw, self.delimiter, self.json_text)
        except ValueError as error:
            return str(error)
        found = format_problem(self.document, self.schema, value)
        if found is None and self.check is not None:
            verdict = self.check.problem(json.dumps(value).encode())
            found = verdict[1] if verdict is not None else None
        return None if found is None else f"does not match its schema: {found}"

    def _raw(self, sent: Sent) -> str | list[str] | dict[str, str] | None:
        """The text sent, or its pieces where the style spreads them over the query."""
        kind = self.kind
        if self.location == "query":
            if kind == "object" and self.style == "deepObject":
                prefix = f"{self.name}["
                found = {
                    key[len(prefix) : -1]: sent.query[key]
                    for key in sent.query
                    if key.startswith(prefix) and key.endswith("]")
                }
                return found or None
            if kind == "object" and self.explode and not self.json_text:
                names = follow(self.document, self.schema.get("properties"))
                names = names if isinstance(names, Mapping) else {}
                found = {str(n): sent.query[str(n)] for n in names if str(n) in sent.query}
                return found or None
            values = sent.query.getlist(self.name)
            if kind == "array" and self.explode and not self.json_text:
                return values or None
            return values[-1] if values else None  # a key sent twice: the last, as connexion
        if self.location == "header":
            return sent.header(self.name)
        if self.location == "cookie":
            return sent.cookies.get(self.name)
        return self._path_text(sent.path.get(self.name))

    def _path_text(self, text: str | None) -> str | list[str] | None:
        """A path variable's text without its ``label`` or ``matrix`` marks; an exploded
        array's items apart."""
        if text is None:
            return None
        exploded = self.explode and self.kind == "array"
        if self.style == "label":
            if not text.startswith("."):
                raise ValueError("is not in label style (.value)")
            return text[1:].split(".") if exploded else text[1:]
        if self.style == "matrix":
            prefix = f";{self.name}="
            if not text.startswith(prefix):
                raise ValueError(f"is not in matrix style ({prefix}value)")
            if exploded:
                return [part.removeprefix(prefix[1:]) for part in text[1:].split(";")]
            return text[len(prefix) :]
        return text


def read_value(
    document: Mapping[str, t.Any],
    schema: Mapping[str, t.Any],
    raw: str | list[str] | dict[str, str],
    delimiter: str,
    json_text: bool = False,
) -> t.Any:
    """``raw`` text (or its pieces) as the value the schema describes.

    Text that is not of the schema's type stays text, so that the schema
    check names what is wrong as it would for a JSON body.

    :raises ValueError: for JSON text that does not parse.
    """
    if json_text:
        try:
            return json.loads(_text(raw))
        except (ValueError, RecursionError):  # json.loads raises the latter for deep nesting
            raise ValueError("is not JSON text") from None
    kind = _type(document, schema)
    if kind == "array":
        items = raw if isinstance(raw, list) else _split(_text(raw), delimiter)
        each = follow(document, schema.get("items"))
        each = each if isinstance(each, Mapping) else {}
        return [read_value(document, each, item, delimiter) for item in items]
    if kind == "object":
        pairs = raw if isinstance(raw, dict) else _pairs(_text(raw), delimiter)
        properties = follow(document, schema.get("properties"))
        properties = properties if isinstance(properties, Mapping) else {}
        read: dict[str, t.Any] = {}
        for key, text in pairs.items():
            member = follow(document, properties.get(key))
            read[key] = read_value(
                document, member if isinstance(member, Mapping) else {}, text, delimiter
            )
        return read
    return scalar(kind, _text(raw))


def scalar(kind: str | None, text: str) -> t.Any:
    """``text`` as a ``kind`` value where it is one; else the text itself."""
    if kind == "integer" and _INTEGER.fullmatch(text):
        try:
            return int(text)
        except ValueError:  # past sys.get_int_max_str_digits() (CVE-2020-10735)
            raise ValueError(
                f"is an integer of more than {sys.get_int_max_str_digits()} digits, "
                "more than is read"
            ) from None
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            return text
        if math.isfinite(number):
            return int(number) if _INTEGER.fullmatch(text) else number
        return text
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    if kind == "null" and text in ("", "null"):
        return None
    return text


def format_problem(
    document: Mapping[str, t.Any], schema: Mapping[str, t.Any], value: t.Any
) -> str | None:
    """Whether ``value`` breaks its schema's ``format`` (top level and array items)."""
    if isinstance(value, list):
        each = follow(document, schema.get("items"))
        each = each if isinstance(each, Mapping) else {}
        for index, item in enumerate(value):
            found = format_problem(document, each, item)
            if found is not None:
                return f"at /{index}: {found.removeprefix('at (root): ')}"
        return None
    fmt = schema.get("format")
    bits = _INTEGER_FORMATS.get(str(fmt))
    if bits is not None and isinstance(value, int) and not -(2**bits) <= value < 2**bits:
        return f"at (root): outside the range of {fmt}"
    parse = _TEXT_FORMATS.get(str(fmt))
    if parse is not None and isinstance(value, str):
        try:
            parse(value)
        except ValueError:
            return f"at (root): not a {fmt}"
    return None


def parameter_check(
    compiler: BodyCompiler, parameter: Mapping[str, t.Any], operation: str
) -> ParameterCheck | None:
    """The check of one parameter of ``operation``; ``None`` for one no reader takes."""
    document = compiler.document
    name, location = parameter.get("name"), parameter.get("in")
    if not isinstance(name, str) or location not in ("path", "query", "header", "cookie"):
        return None
    if location == "header" and name.lower() in ("accept", "content-type", "authorization"):
        return None  # OpenAPI 3 §4.8.12.1: these are described elsewhere, and ignored here
    if location == "header" and name.lower() == "prefer":
        return None  # the stub's own controls (code=, example=...) travel in it
    schema, json_text = parameter.get("schema"), False
    content = follow(document, parameter.get("content"))
    if isinstance(content, Mapping) and content:
        media_type = str(next(iter(content)))
        media = follow(document, content[media_type])
        schema = media.get("schema") if isinstance(media, Mapping) else None
        json_text = is_json(media_type)
    schema = follow(document, schema)
    schema = schema if isinstance(schema, Mapping) else {}
    style, explode = parameter_style(parameter)
    style = style if isinstance(style, str) else "form"
    kept = parameter.get(KEPT_FORMAT)
    delimiter = COLLECTION_DELIMITERS.get(str(kept)) or DELIMITERS.get(style, ",")
    if kept == "multi":
        explode = True
    elif str(kept) in COLLECTION_DELIMITERS:
        explode = False  # one value, split at its delimiter
    check = compiler.compile(schema, f"{operation} {location} parameter {name}") if schema else None
    return ParameterCheck(
        name,
        location,
        location == "path" or parameter.get("required") is True,
        style,
        explode is True,
        delimiter,
        schema,
        json_text,
        _type(document, schema),
        check,
        document,
    )


def _text(raw: str | list[str] | dict[str, str]) -> str:
    """Text where text is read: repeated query keys joined, as a form reader joins them."""
    return raw if isinstance(raw, str) else ",".join(raw) if isinstance(raw, list) else ""


def _split(text: str, delimiter: str) -> list[str]:
    return [] if text == "" else text.split(delimiter)


def _pairs(text: str, delimiter: str) -> dict[str, str]:
    """``k,v,k2,v2`` (unexploded) or ``k=v,k2=v2`` (exploded) as a mapping."""
    parts = _split(text, delimiter)
    if parts and all("=" in part for part in parts):
        return dict(part.split("=", 1) for part in parts)
    return dict(zip(parts[::2], parts[1::2], strict=False))


def _type(document: Mapping[str, t.Any], schema: Mapping[str, t.Any]) -> str | None:
    """The type ``schema`` names (the first that is not ``null``), through ``allOf``."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if isinstance(kind, str):
        return kind
    for branch in schema.get("allOf") or ():
        found = follow(document, branch)
        if isinstance(found, Mapping):
            named = _type(document, found)
            if named is not None:
                return named
    if "properties" in schema:
        return "object"
    return "array" if "items" in schema else None
