"""Werkzeug URL rules as OpenAPI paths and typed path parameters."""

from __future__ import annotations

import re
import typing as t

from werkzeug.routing import Map, Rule, parse_converter_args
from werkzeug.routing.converters import (
    AnyConverter,
    BaseConverter,
    FloatConverter,
    IntegerConverter,
    PathConverter,
    UnicodeConverter,
    UUIDConverter,
)

from ..errors import SpecError

# Werkzeug's documented placeholder syntax: <name>, <conv:name>, <conv(args):name>.
_PLACEHOLDER = re.compile(
    r"<(?:(?P<converter>[a-zA-Z_][a-zA-Z0-9_]*)(?:\((?P<args>.*?)\))?:)?"
    r"(?P<name>[a-zA-Z_][a-zA-Z0-9_]*)>"
)


def http_rules(url_map: Map) -> list[Rule]:
    """The rules of HTTP operations, sorted by path then endpoint: every rule but websockets.

    A websocket route (Quart's ``@app.websocket``, a rule made with
    ``websocket=True``) is no HTTP operation: it is never in the contract,
    never undocumented, and its requests are never checked.
    """
    rules = [rule for rule in url_map.iter_rules() if not rule.websocket]
    return sorted(rules, key=lambda r: (r.rule, r.endpoint))


def openapi_path(rule: Rule) -> str:
    """``/items/<int:item_id>`` as ``/items/{item_id}``."""
    return _PLACEHOLDER.sub(lambda m: "{" + m["name"] + "}", rule.rule)


def path_parameters(rule: Rule, url_map: Map) -> list[dict[str, t.Any]]:
    """One OpenAPI path parameter per placeholder, typed from its converter."""
    parameters = []
    for match in _PLACEHOLDER.finditer(rule.rule):
        converter = _converter(match, url_map, rule)
        parameters.append(
            {
                "name": match["name"],
                "in": "path",
                "required": True,
                "schema": converter_schema(converter),
            }
        )
    return parameters


def _converter(match: re.Match[str], url_map: Map, rule: Rule) -> BaseConverter:
    name = match["converter"] or "default"
    try:
        converter_class = url_map.converters[name]
        args, kwargs = parse_converter_args(match["args"]) if match["args"] else ((), {})
        return converter_class(url_map, *args, **kwargs)
    except (KeyError, ValueError, TypeError) as error:
        raise SpecError(
            f"cannot read converter {name!r} in URL rule {rule.rule!r}: {error}"
        ) from error


def converter_schema(converter: BaseConverter) -> dict[str, t.Any]:
    """The JSON Schema of the values a converter accepts.

    Custom converters are described by the built-in class they derive from;
    others are plain one-segment strings.
    """
    if isinstance(converter, IntegerConverter | FloatConverter):
        schema: dict[str, t.Any] = {
            "type": "integer" if isinstance(converter, IntegerConverter) else "number"
        }
        if converter.min is not None:
            schema["minimum"] = converter.min
        elif not converter.signed:
            schema["minimum"] = 0
        if converter.max is not None:
            schema["maximum"] = converter.max
        return schema
    if isinstance(converter, UUIDConverter):
        return {"type": "string", "format": "uuid"}
    if isinstance(converter, AnyConverter):
        return {"type": "string", "enum": sorted(converter.items)}
    if isinstance(converter, PathConverter):
        return {"type": "string", "minLength": 1}
    if isinstance(converter, UnicodeConverter):
        return _string_schema(converter.regex)
    return {"type": "string", "pattern": "^[^/]+$"}


def _string_schema(regex: str) -> dict[str, t.Any]:
    # UnicodeConverter keeps its length limits only in its regex: "[^/]{1,}" etc.
    schema: dict[str, t.Any] = {"type": "string", "pattern": "^[^/]+$"}
    limits = re.fullmatch(r"\[\^/\]\{(\d+)(?:(,)(\d*))?\}", regex)
    if limits is None:
        return schema
    low, comma, high = limits.groups()
    schema["minLength"] = int(low)
    if not comma:
        schema["maxLength"] = int(low)
    elif high:
        schema["maxLength"] = int(high)
    return schema
