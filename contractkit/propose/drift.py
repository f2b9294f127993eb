"""Drift: where recorded bodies disagree with a declared marshmallow schema, with the numbers.

Reported, never edited: the declaration is the contract, and a person
decides whether the app or the contract is wrong.
"""

from __future__ import annotations

import typing as t

from marshmallow import Schema, fields

from ..declare.response_contract import ResponseContract
from ..recording.reading import Observed
from ..recording.shapes import Shape, seen
from ..wire import is_json

#: The JSON types each marshmallow field class may be sent as, most specific class first.
_JSON_TYPES: t.Final[tuple[tuple[type[fields.Field[t.Any]], frozenset[str]], ...]] = (
    (fields.Boolean, frozenset({"boolean"})),
    (fields.Integer, frozenset({"integer"})),
    (fields.Number, frozenset({"integer", "number"})),
    (fields.List, frozenset({"array"})),
    (fields.Tuple, frozenset({"array"})),
    (fields.Nested, frozenset({"object"})),
    (fields.Dict, frozenset({"object"})),
    (fields.String, frozenset({"string"})),
    (fields.DateTime, frozenset({"string"})),
    (fields.Date, frozenset({"string"})),
    (fields.UUID, frozenset({"string"})),
)


def drift_lines(operation: str, response: ResponseContract, observed: list[Observed]) -> list[str]:
    """How the recorded bodies of ``response`` differ from its declared schema."""
    lines: list[str] = []
    for found in observed:
        declared = _schema(response, found.media)
        if declared is None or found.body is None:
            continue
        shape = found.body.get("items", {}) if declared.many else found.body
        total = shape.get("types", {}).get("object", 0)
        if not total or "fields" not in shape:
            continue
        where = f"{operation} {response.code}"
        lines += sampled(_field_drift(where, declared, shape, total), found)
    return lines


def sampled(lines: list[str], found: Observed) -> list[str]:
    """Drift ``lines`` about ``found``'s bodies, saying over how many bodies the
    shares were taken where its shapes were sampled."""
    if not found.unshaped:
        return lines
    read = found.count - found.unshaped
    note = f" (bodies read: {read} of {found.count} responses, sampled)"
    return [line + note for line in lines]


def _schema(response: ResponseContract, media: str) -> Schema | None:
    for declaration in response.content:
        content_type = declaration.content_type or ""
        if content_type == media or (is_json(content_type) and is_json(media)):
            schema = declaration.schema
            if isinstance(schema, type) and issubclass(schema, Schema):
                return schema()
            return schema if isinstance(schema, Schema) else None
    return None


def _field_drift(where: str, schema: Schema, shape: Shape, total: int) -> list[str]:
    lines: list[str] = []
    recorded: dict[str, Shape] = shape["fields"]
    declared = {f.data_key or name: f for name, f in schema.fields.items() if not f.load_only}
    for key, field in sorted(declared.items()):
        found = recorded.get(key)
        present = seen(found) if found else 0
        if field.required and present < total:
            lines.append(
                f"{where}: field {key!r} is declared required but missing in "
                f"{share(total - present, total)} of {total} recorded responses"
            )
        if found is None:
            continue
        nulls = found.get("types", {}).get("null", 0)
        if nulls and not field.allow_none:
            lines.append(
                f"{where}: field {key!r} was null in {share(nulls, present)} of {present} "
                "responses that had it; it is not declared allow_none"
            )
        allowed = _allowed(field)
        other = sum(
            n for k, n in found.get("types", {}).items() if k != "null" and k not in allowed
        )
        if allowed and other:
            kinds = sorted(k for k in found["types"] if k != "null" and k not in allowed)
            lines.append(
                f"{where}: field {key!r} is declared {type(field).__name__} but was "
                f"{'/'.join(kinds)} in {share(other, present)} of {present} responses"
            )
    for key in sorted(recorded.keys() - declared.keys()):
        lines.append(
            f"{where}: field {key!r} is not declared, and was sent in "
            f"{share(seen(recorded[key]), total)} of {total} recorded responses"
        )
    return lines


def _allowed(field: fields.Field[t.Any]) -> frozenset[str]:
    for kind, allowed in _JSON_TYPES:
        if isinstance(field, kind):
            return allowed
    return frozenset()


def share(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage, three significant digits."""
    return f"{100 * part / whole:.3g}%" if whole else "0%"
