"""Reading a response body as RFC 8259 JSON, exactly, at any depth.

A body check is only as good as its reading of the body. JSON exchanged
between systems must be UTF-8 without a byte order mark, and ``NaN`` and
``Infinity`` are not JSON (RFC 8259 §8.1, §6), while Python's ``json`` module
reads all of these. So a body is read by msgspec (strict, and fast) and, only
where msgspec refuses a text the RFC allows, by a second reader that keeps its
strictness:

- ``1e400``: a number past the double range is kept exact as a ``Decimal``
  instead of overflowing;
- an integer of more digits than Python converts (4,300 by default,
  ``sys.set_int_max_str_digits``, CVE-2020-10735; msgspec refuses such
  integers too) is kept exact as an integral ``Decimal``, which jsonschema-rs
  compares exactly and counts as an ``integer``: such a body is valid JSON, and
  is judged by its schema like any other. Smaller integers are ``int``;
  numbers with a fraction or exponent are otherwise IEEE doubles, which is
  what RFC 8259 §6 expects of implementations, and what reference validators
  compare;
- a number with a fraction or exponent whose double is an integer of 2**53
  or more (``4.611686018427388e18``) is handed on as an exact ``Decimal``
  written with ``.0``: jsonschema-rs compares such doubles wrongly with
  integer bounds of the same value, and ``.0`` keeps it a non-integer for
  OpenAPI 3.0 (draft 4) as the double was;
- a string or key holding an escaped lone surrogate (``"\\ud800"``): RFC 8259
  §8.2 allows it, but it cannot reach the validator (a Rust string), so it
  becomes U+FFFD; lengths are unchanged, and ``pattern`` sees U+FFFD there;
- nesting deeper than Python's recursion limit: read by a loop, not by
  recursion, and its depth returned so that recursive schemas can refuse
  bodies too deep to validate safely.
"""

from __future__ import annotations

import json
import re
import typing as t
from decimal import Decimal

import msgspec

_decode = msgspec.json.Decoder().decode
#: The stdlib's JSON string reader (C), strict about control characters; typeshed omits it.
scanstring: t.Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: A number that may be a double of 2**53 or more: 16 digits in a row, or an exponent past 9.
_BIG_NUMBER = re.compile(rb"[0-9]{16}|[eE]\+?[0-9]{2}")
_EXACT_DOUBLES = 2.0**53
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS: dict[str, t.Any] = {"true": True, "false": False, "null": None}


class NotJSON(ValueError):
    """The body is not RFC 8259 JSON; the message says why, never quoting the body."""


class Reading(t.NamedTuple):
    """A body read as JSON."""

    value: t.Any
    #: The deepest nesting of arrays and objects, when the body was read by the
    #: loop; ``0`` when a recursive reader managed it (so within the recursion limit).
    depth: int = 0


def read_json(data: bytes) -> Reading:
    """The JSON value of ``data``; raises :class:`NotJSON` for anything RFC 8259 rejects."""
    try:
        reading = Reading(_decode(data))
    except (msgspec.DecodeError, RecursionError):
        reading = _read_strictly(data)  # perhaps a lone surrogate or a deep text
    if _BIG_NUMBER.search(data):
        return Reading(_map_leaves(reading.value, _big_float_exact), reading.depth)
    return reading


def _read_strictly(data: bytes) -> Reading:
    """What msgspec refused: read by the stdlib (or a loop), as strictly."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotJSON("its body is not UTF-8, which RFC 8259 requires of JSON") from None
    if text.startswith("\ufeff"):
        raise NotJSON("its body starts with a byte order mark, which RFC 8259 forbids") from None
    try:
        reading = Reading(
            json.loads(text, parse_constant=_reject, parse_float=_number, parse_int=_integer)
        )
    except RecursionError:
        reading = _read_deep(text)
    except ValueError:  # JSONDecodeError, and _reject's NotJSON
        raise NotJSON("its body is not valid JSON") from None
    if _SURROGATE_ESCAPE.search(text):
        return Reading(_map_leaves(reading.value, _without_lone_surrogates), reading.depth)
    return reading


def _reject(constant: str) -> t.NoReturn:
    raise NotJSON(f"{constant} is not JSON")


def _integer(literal: str) -> int | Decimal:
    try:
        return int(literal)
    except ValueError:  # more digits than int() converts: kept exact all the same
        return Decimal(literal)


def _number(literal: str) -> float | Decimal:
    value = float(literal)
    if value - value != 0:  # inf: past the double range, so kept exact
        return Decimal(literal)
    return value


def _read_deep(text: str) -> Reading:
    """The JSON value of ``text``, read with a stack instead of recursion."""
    try:
        return _parse(text)
    except (IndexError, KeyError, ValueError):
        raise NotJSON("its body is not valid JSON") from None


def _parse(text: str) -> Reading:
    stack: list[tuple[list[t.Any] | dict[str, t.Any], str]] = []  # container, pending key
    depth = 0
    pos = _WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]
    while True:
        # A value starts at pos.
        char = text[pos]
        if char in "[{":
            container: list[t.Any] | dict[str, t.Any] = [] if char == "[" else {}
            pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            closing = "]" if char == "[" else "}"
            depth = max(depth, len(stack) + 1)
            if text[pos] != closing:
                stack.append((container, _key(text, pos) if char == "{" else ""))
                if char == "{":
                    pos = _after_key(text, pos)
                continue
            value: t.Any = container
            pos += 1
        elif char == '"':
            value, pos = scanstring(text, pos + 1, True)
        else:
            match = _NUMBER.match(text, pos)
            if match is not None and match.end() > pos:
                literal = match.group()
                value = (
                    _integer(literal)
                    if not (match.group(1) or match.group(2))
                    else _number(literal)
                )
                pos = match.end()
            else:
                word = text[pos : pos + 5] if text.startswith("false", pos) else text[pos : pos + 4]
                value = _LITERALS[word]
                pos += len(word)
        # The value is complete: put it in its container, then look for the next one.
        while True:
            pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
            if not stack:
                if pos != len(text):
                    raise ValueError("trailing characters")
                return Reading(value, depth)
            parent, key = stack[-1]
            if isinstance(parent, list):
                parent.append(value)
            else:
                parent[key] = value
            char = text[pos]
            if char == ",":
                pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
                if isinstance(parent, dict):
                    stack[-1] = (parent, _key(text, pos))
                    pos = _after_key(text, pos)
                break
            if char != ("]" if isinstance(parent, list) else "}"):
                raise ValueError("expected a comma or a closing bracket")
            stack.pop()
            value, pos = parent, pos + 1


def _key(text: str, pos: int) -> str:
    if text[pos] != '"':
        raise ValueError("expected a key")
    return scanstring(text, pos + 1, True)[0]


def _after_key(text: str, pos: int) -> int:
    """Where the value after the key at ``pos`` and its colon starts."""
    end = scanstring(text, pos + 1, True)[1]
    end = _WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
    if text[end] != ":":
        raise ValueError("expected a colon")
    return _WHITESPACE.match(text, end + 1).end()  # type: ignore[union-attr]


def _big_float_exact(value: t.Any) -> t.Any:
    if type(value) is float and abs(value) >= _EXACT_DOUBLES and value.is_integer():
        return Decimal(f"{int(value)}.0")
    return value


def _without_lone_surrogates(value: t.Any) -> t.Any:
    return _LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def _map_leaves(value: t.Any, change: t.Callable[[t.Any], t.Any]) -> t.Any:
    """``value`` with ``change`` applied to every scalar and key, in place, without recursion."""
    root = [value]
    pending: list[list[t.Any] | dict[str, t.Any]] = [root]
    while pending:
        container = pending.pop()
        if isinstance(container, list):
            for index, item in enumerate(container):
                if isinstance(item, list | dict):
                    pending.append(item)
                else:
                    container[index] = change(item)
        else:
            items = list(container.items())
            container.clear()
            for key, item in items:
                if isinstance(item, list | dict):
                    pending.append(item)
                else:
                    item = change(item)
                container[change(key)] = item
    return root[0]
