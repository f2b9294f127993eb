"""The OpenAPI document, built by apispec from an app's contract."""

from __future__ import annotations

import typing as t

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from werkzeug.routing import Map

from ..config import Settings
from ..declare.operations import Contract, Operation, ResponseContract
from ..declare.paths import path_parameters
from ..declare.registry import StatusRegistry
from ..errors import SpecError
from ..runtime.status_lines import prefer_parameter, spec_extension
from .fallback_responses import add_fallback_responses

#: ``servers`` when CONTRACTKIT_SERVERS is unset: OpenAPI's own default, written out
#: because linters (Redocly's ``no-empty-servers``) and some clients will not assume it.
DEFAULT_SERVERS: t.Final = ({"url": "/"},)
#: Top-level keys in the order they are written, so exported files diff cleanly.
_KEY_ORDER = (
    "openapi",
    "info",
    "servers",
    "tags",
    "paths",
    "components",
    "x-status-codes",
    "x-status-fallback",
)


def build_spec(
    contract: Contract, registry: StatusRegistry, settings: Settings, url_map: Map
) -> dict[str, t.Any]:
    """The app's OpenAPI document as a plain dict, validated before it is returned."""
    info: dict[str, t.Any] = {}
    if settings.description:
        info["description"] = settings.description
    spec = APISpec(
        title=settings.title,
        version=settings.version,
        openapi_version=settings.openapi_version,
        plugins=[MarshmallowPlugin()],
        info=info,
    )
    for path, operations in _by_path(contract.operations).items():
        spec.path(
            path=path,
            operations={op.method.lower(): _operation(op, settings) for op in operations},
            parameters=path_parameters(operations[0].rule, url_map) or None,
        )
    document = spec.to_dict()
    # Title and version first, as every OpenAPI example and generator writes them.
    info = document["info"]
    document["info"] = {"title": info.pop("title"), "version": info.pop("version"), **info}
    document["servers"] = [dict(server) for server in settings.servers or DEFAULT_SERVERS]
    tags = sorted({tag for op in contract.operations for tag in op.tags})
    if tags:
        document["tags"] = [{"name": tag} for tag in tags]
    # Only the codes this app answers with: one ContractKit may serve several apps,
    # and a registration no operation uses is no part of this app's contract.
    used = {code for op in contract.operations for code in op.responses}
    document["x-status-codes"] = {
        str(status.code): {
            "phrase": status.phrase,
            "fallback": status.fallback,
            "description": status.description or status.phrase,
        }
        for status in registry.custom_codes()
        if status.code in used
    }
    if document["x-status-codes"]:
        document["x-status-fallback"] = spec_extension(settings.status_fallback)
    ordered = {key: document[key] for key in _KEY_ORDER if key in document}
    ordered.update((key, value) for key, value in document.items() if key not in ordered)
    _validate(ordered)
    return ordered


def _by_path(operations: t.Iterable[Operation]) -> dict[str, list[Operation]]:
    grouped: dict[str, list[Operation]] = {}
    for op in operations:
        same_path = grouped.setdefault(op.path, [])
        clash = next((other for other in same_path if other.method == op.method), None)
        if clash is not None:
            raise SpecError(
                f"{op.name} is served by two URL rules, {clash.rule.rule!r} "
                f"({clash.endpoint}) and {op.rule.rule!r} ({op.endpoint}); OpenAPI allows one "
                "operation per path and method. Rename a rule's variables or merge the views."
            )
        same_path.append(op)
    return grouped


def _operation(op: Operation, settings: Settings) -> dict[str, t.Any]:
    operation: dict[str, t.Any] = {"operationId": op.operation_id}
    if op.tags:
        operation["tags"] = list(op.tags)
    if op.summary:
        operation["summary"] = op.summary
    if op.description:
        operation["description"] = op.description
    for declared in op.inputs:
        if declared.location == "query":
            operation.setdefault("parameters", []).append(
                {"in": "query", "schema": declared.schema}
            )
        else:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": declared.schema}},
            }
    fallbacks = {code: r.fallback for code, r in op.responses.items() if r.fallback is not None}
    if fallbacks and settings.status_fallback == "on-request":
        operation.setdefault("parameters", []).append(prefer_parameter(fallbacks))
    responses = {str(code): _response(r) for code, r in op.responses.items()}
    operation["responses"] = add_fallback_responses(responses, op, settings.status_fallback)
    return operation


def _response(response: ResponseContract) -> dict[str, t.Any]:
    entry: dict[str, t.Any] = {"description": response.description}
    if response.content:
        entry["content"] = {d.content_type: {"schema": d.schema} for d in response.content}
    if response.fallback is not None:
        entry["x-fallback"] = response.fallback
    return entry


def _validate(document: dict[str, t.Any]) -> None:
    try:
        validate(document)
    except OpenAPIValidationError as error:
        raise SpecError(
            f"the generated OpenAPI document is invalid: {error.message}. Check the "
            "declarations and CONTRACTKIT_* settings it was built from."
        ) from error
