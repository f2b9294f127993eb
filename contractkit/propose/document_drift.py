"""Drift in a spec-driven app: where recorded bodies disagree with the document's schemas.

Reported with the numbers, never edited, as in decorator mode
(:mod:`.drift`): the document is the contract. A property is compared where
the schema names it plainly (``properties``, ``required``, ``type``,
``nullable``, ``x-nullable`` or a ``null`` type, nested objects and array
items); a schema built from ``allOf``/``oneOf``/``anyOf`` is not second-guessed.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

from flask.sansio.app import App

from ..declare.document import load_source
from ..recording.reading import Records
from ..recording.shapes import Shape, seen
from ..specfile.locations import follow
from ..state import app_state
from ..wire import is_json
from .drift import sampled, share

#: Keywords whose schema this comparison does not model.
_COMBINED: t.Final = ("allOf", "oneOf", "anyOf", "not")


def document_drift(app: App, records: Records) -> list[str]:
    """How the recorded bodies of the app's declared responses differ from their schemas."""
    state = app_state(app)
    spec = state.settings.spec
    sources: tuple[t.Any, ...] = spec if isinstance(spec, tuple) else (spec,)
    documents = [load_source(source, app) for source in sources]
    contract = state.contract()
    lines: list[str] = []
    for (endpoint, method, status, media), found in sorted(records.observed.items()):
        operation = contract.by_endpoint.get((endpoint, method))
        if operation is None or status not in operation.responses:
            continue
        document = documents[operation.document]
        response = _response(document, operation.path, method, status)
        if response is None:
            continue
        where = f"{operation.name} {status}"
        if media and not ("content" in response or "schema" in response):
            lines.append(
                f"{where}: declared without a body, but {found.count} recorded response(s) "
                f"sent one ({media})"
            )
            continue
        schema = _schema(document, response, media)
        if schema is None or found.body is None:
            continue
        lines += sampled(_compare(document, where, "", schema, found.body), found)
    return lines


def _response(
    document: Mapping[str, t.Any], path: str, method: str, status: int
) -> Mapping[str, t.Any] | None:
    item = follow(document, (document.get("paths") or {}).get(path))
    operation = item.get(method.lower()) if isinstance(item, Mapping) else None
    responses = follow(document, operation.get("responses")) if operation else None
    if not isinstance(responses, Mapping):
        return None
    response = follow(document, responses.get(str(status)))
    return response if isinstance(response, Mapping) else None


def _schema(
    document: Mapping[str, t.Any], response: Mapping[str, t.Any], media: str
) -> Mapping[str, t.Any] | None:
    if "schema" in response:  # Swagger 2.0
        schema = response["schema"] if is_json(media) else None
    else:
        content = response.get("content") or {}
        chosen = content.get(media) or next(
            (value for key, value in content.items() if is_json(key) and is_json(media)), None
        )
        schema = chosen.get("schema") if isinstance(chosen, Mapping) else None
    schema = follow(document, schema)
    return schema if isinstance(schema, Mapping) else None


def _compare(
    document: Mapping[str, t.Any], where: str, prefix: str, schema: t.Any, shape: Shape
) -> list[str]:
    schema = follow(document, schema)
    if not isinstance(schema, Mapping) or any(key in schema for key in _COMBINED):
        return []
    if "items" in schema and "items" in shape:
        return _compare(document, where, f"{prefix}[]", schema["items"], shape["items"])
    properties = schema.get("properties")
    total = shape.get("types", {}).get("object", 0)
    recorded: dict[str, Shape] | None = shape.get("fields")
    if not isinstance(properties, Mapping) or not total or recorded is None:
        return []
    lines: list[str] = []
    required = set(schema.get("required") or ())
    for key, declared in properties.items():
        name = f"{prefix}{key}"
        declared = follow(document, declared)
        inner = recorded.get(key)
        present = seen(inner) if inner else 0
        if key in required and present < total:
            lines.append(
                f"{where}: field {name!r} is declared required but missing in "
                f"{share(total - present, total)} of {total} recorded responses"
            )
        if inner is None or not isinstance(declared, Mapping):
            continue
        types = inner.get("types", {})
        allowed = _types(declared)
        if types.get("null") and allowed is not None and "null" not in allowed:
            lines.append(
                f"{where}: field {name!r} was null in {share(types['null'], present)} of "
                f"{present} responses that had it; its schema does not allow null"
            )
        other = sorted(k for k, n in types.items() if n and k != "null" and not _fits(k, allowed))
        if other:
            count = sum(types[k] for k in other)
            lines.append(
                f"{where}: field {name!r} is declared {'/'.join(sorted(allowed or ()))} but "
                f"was {'/'.join(other)} in {share(count, present)} of {present} responses"
            )
        lines += _compare(document, where, f"{name}.", declared, inner)
    for key in sorted(recorded.keys() - set(properties)):
        name = f"{prefix}{key}"
        lines.append(
            f"{where}: field {name!r} is not declared, and was sent in "
            f"{share(seen(recorded[key]), total)} of {total} recorded responses"
        )
    return lines


def _types(schema: Mapping[str, t.Any]) -> set[str] | None:
    """The JSON types a schema allows, ``null`` included; ``None`` when it names none."""
    kind = schema.get("type")
    if kind is None or any(key in schema for key in _COMBINED):
        return None
    types = {kind} if isinstance(kind, str) else set(kind)
    if schema.get("nullable") is True or schema.get("x-nullable") is True:
        types.add("null")
    return types


def _fits(kind: str, allowed: set[str] | None) -> bool:
    return allowed is None or kind in allowed or (kind == "integer" and "number" in allowed)
