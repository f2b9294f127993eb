"""What a body check says about a body: where and which rule, never the body's values.

A response body may hold anything a view echoed (a card number, a token), and
the message goes to logs, the violations store and strict mode's problem+json.
So it is built from jsonschema-rs's structured error (the instance path, the
kind of error and the schema's own limits), never from ``str(error)``, which
quotes the offending value; and every part of it is cut to a bounded length.
"""

from __future__ import annotations

import typing as t

from ..specfile.locations import pointer_token
from .schemas import PATTERN_KEYWORD

#: Longest piece of a key or a schema value quoted in a message.
_PIECE = 40
#: Longest JSON pointer quoted in a message.
_POINTER = 160

_FIXED = {
    "Enum": "not one of the values its enum allows",
    "Constant": "not the value its const requires",
    "UniqueItems": "has repeated items, which uniqueItems forbids",
    "AnyOf": "matches none of the schemas of its anyOf",
    "OneOfNotValid": "matches none of the schemas of its oneOf",
    "OneOfMultipleValid": "matches more than one schema of its oneOf",
    "Not": "matches the schema its not forbids",
    "FalseSchema": "is not allowed here",
    "PropertyNames": "has a property name its propertyNames rejects",
    "Contains": "has no item its contains requires",
}
_LIMITS = {
    "Minimum": "less than the minimum of {}",
    "Maximum": "greater than the maximum of {}",
    "ExclusiveMinimum": "not greater than the exclusive minimum of {}",
    "ExclusiveMaximum": "not less than the exclusive maximum of {}",
    "MinLength": "shorter than {} characters",
    "MaxLength": "longer than {} characters",
    "MinItems": "fewer than {} items",
    "MaxItems": "more than {} items",
    "MinProperties": "fewer than {} properties",
    "MaxProperties": "more than {} properties",
}


#: What to do about a null where the schema allows none, in an app with decorators.
NULL_HINT = "if the field may be null, declare it with allow_none=True"
#: The same, in a spec-driven app: its document is where the schema is.
DOCUMENT_NULL_HINT = (
    "if the field may be null, make it nullable in the app's OpenAPI document "
    "(nullable: true in 3.0, a 'null' type in 3.1, x-nullable: true in Swagger 2.0)"
)


def describe(error: t.Any, null_hint: str = NULL_HINT) -> str:
    """``at POINTER: RULE`` for a jsonschema-rs ``ValidationError``."""
    return f"at {pointer(error.instance_path)}: {_rule(error, null_hint)}"


def pointer(path: t.Sequence[str | int]) -> str:
    """The RFC 6901 JSON pointer of ``path``, each key and the whole cut short."""
    if not path:
        return "(root)"
    parts = [_piece(pointer_token(str(part))) for part in path]
    text = "/" + "/".join(parts)
    if len(text) > _POINTER:
        half = _POINTER // 2
        text = f"{text[:half]}/…/{text[-half:]}"
    return text


def _rule(error: t.Any, null_hint: str) -> str:
    kind = error.kind
    name = type(kind).__name__
    info = kind.as_dict()
    if name in _FIXED:
        return _FIXED[name]
    if name in _LIMITS:
        return _LIMITS[name].format(_piece(repr(info.get("limit"))))
    if name == "Type":
        types = " or ".join(f'"{name}"' for name in info.get("types", ()))
        if error.instance is None:
            # Most often a Nested (or other) field the view leaves empty on purpose.
            return f"null is not of type {types}; {null_hint}"
        return f"not of type {types}"
    if name == "Required":
        return f"required property {_quoted(info.get('property'))} is missing"
    if name == "AdditionalProperties":
        unexpected = list(info.get("unexpected", ()))
        more = f" (and {len(unexpected) - 1} more)" if len(unexpected) > 1 else ""
        return f"property {_quoted(unexpected[0] if unexpected else '')} is not declared{more}"
    if name == "MultipleOf":
        return f"not a multiple of {_piece(repr(info.get('multiple_of')))}"
    if name == "Custom" and info.get("keyword") == PATTERN_KEYWORD:
        # EcmaPattern's message is the pattern itself, from the published schema.
        return f"does not match the pattern {_quoted(info.get('message'))}"
    keyword = next((part for part in reversed(error.schema_path) if isinstance(part, str)), "")
    return f"fails {_quoted(keyword)}"


def _quoted(value: t.Any) -> str:
    return '"' + _piece(str(value)) + '"'


def _piece(text: str) -> str:
    return text if len(text) <= _PIECE else text[: _PIECE - 1] + "…"
