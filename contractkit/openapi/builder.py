"""The OpenAPI document, built by apispec from an app's contract."""

from __future__ import annotations

import copy
import typing as t

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.openapi import OpenAPIConverter
from marshmallow import Schema
from werkzeug.routing import Map

from ..config import Settings
from ..declare.decorators import schema_instance
from ..declare.operations import Contract, Operation
from ..declare.paths import path_parameters
from ..declare.registry import StatusRegistry
from ..declare.response_contract import ResponseContract
from ..errors import SpecError
from ..http import OPENAPI_METHODS
from ..wire import FORM_MEDIA_TYPES, is_json
from .documents import json_copy, snapshot
from .fallback_responses import add_fallback_responses, prefer_parameter, spec_extension
from .field_schemas import add_field_conversions
from .options import add_components, add_tags, check_security
from .validation import validate_document

#: ``servers`` when CONTRACTKIT_SERVERS is unset: OpenAPI's own default, written out
#: because linters (Redocly's ``no-empty-servers``) and some clients will not assume it.
DEFAULT_SERVERS: t.Final = ({"url": "/"},)
#: Top-level keys in the order they are written, so exported files diff cleanly;
#: extensions from CONTRACTKIT_SPEC_OPTIONS follow, in their given order.
_KEY_ORDER = (
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "security",
    "tags",
    "externalDocs",
    "paths",
    "webhooks",
    "components",
    "x-status-codes",
    "x-status-fallback",
)
#: ``info`` fields in the order they are written.
_INFO_ORDER = ("title", "version", "summary", "description", "termsOfService", "contact", "license")


class BuiltSpec(t.NamedTuple):
    """A built and validated document, with the snapshot its text is written from."""

    spec: dict[str, t.Any]
    #: The document as compact JSON (:func:`.documents.snapshot`).
    snapshot: str


def build_spec(
    contract: Contract, registry: StatusRegistry, settings: Settings, url_map: Map
) -> BuiltSpec:
    """The app's OpenAPI document as a plain dict, validated before it is returned.

    CONTRACTKIT_SPEC_OPTIONS go to apispec as flask-smorest's API_SPEC_OPTIONS
    do, except tags and components: apispec's merge would let those replace
    what the contract builds, so they are added after, refusing any clash.
    """
    # A copy: apispec writes into the options it is given, and documents are built per version.
    options = copy.deepcopy(settings.spec_options)
    tags = options.pop("tags", [])
    components = options.pop("components", {})
    info: dict[str, t.Any] = options.pop("info", {})
    if settings.description:
        info["description"] = settings.description
    marshmallow = MarshmallowPlugin()
    spec = APISpec(
        title=settings.title,
        version=settings.version,
        openapi_version=settings.openapi_version,
        plugins=[marshmallow, *(plugin() for plugin in settings.spec_plugins)],
        info=info,
        **options,
    )
    assert marshmallow.converter is not None  # set by APISpec's init_spec
    add_field_conversions(marshmallow.converter)
    schemas = _ResolvedSchemas(marshmallow.converter)
    # The app's own plugins may add to paths and operations, which they do in
    # spec.path. Without them the path items are stored as spec.path would store
    # them: it first deep-copies what it is given, most of its cost, and the
    # builder's dicts are already the plugin's, each the builder's own.
    paths: dict[str, t.Any] | None = None if settings.spec_plugins else {}
    for path, operations in _by_path(contract.operations).items():
        by_method = {op.method.lower(): _operation(op, settings, schemas) for op in operations}
        parameters = path_parameters(operations[0].rule, url_map)
        if paths is None:
            spec.path(path=path, operations=by_method, parameters=parameters or None)
            continue
        item = {**by_method, "parameters": parameters} if parameters else by_method
        spec.components.resolve_refs_in_path(item)
        paths[path] = item
    document = spec.to_dict()
    if paths is not None:
        document["paths"] = paths
    # Title and version first, as every OpenAPI example and generator writes them.
    document["info"] = _ordered(document["info"], _INFO_ORDER)
    document["servers"] = [dict(server) for server in settings.servers or DEFAULT_SERVERS]
    add_tags(document, {tag for op in contract.operations for tag in op.tags}, tags)
    add_components(document, components)
    check_security(document)
    # Only the codes this app answers with: one ContractKit may serve several apps,
    # and a registration no operation uses is no part of this app's contract.
    used = {code for op in contract.operations for code in op.responses}
    customs = {
        str(status.code): {
            "phrase": status.phrase,
            "fallback": status.fallback,
            "description": status.description or status.phrase,
        }
        for status in registry.custom_codes()
        if status.code in used
    }
    # Without custom codes both extensions would say nothing: leave them out.
    if customs:
        document["x-status-codes"] = customs
        document["x-status-fallback"] = spec_extension(settings.status_fallback)
    ordered = _ordered(document, _KEY_ORDER)
    text = snapshot(ordered)
    validate_document(ordered, text)
    return BuiltSpec(ordered, text)


def _ordered(mapping: dict[str, t.Any], order: tuple[str, ...]) -> dict[str, t.Any]:
    """``mapping`` with the keys of ``order`` first, in that order, then the rest as they are."""
    ordered = {key: mapping[key] for key in order if key in mapping}
    ordered.update((key, value) for key, value in mapping.items() if key not in ordered)
    return ordered


def _by_path(operations: t.Iterable[Operation]) -> dict[str, list[Operation]]:
    grouped: dict[str, list[Operation]] = {}
    for op in operations:
        if op.method not in OPENAPI_METHODS:
            raise SpecError(
                f"{op.name} (endpoint {op.endpoint!r}) cannot be published: an OpenAPI 3.0 or "
                f"3.1 path item holds only {', '.join(sorted(OPENAPI_METHODS))}. Leave it out "
                "of the document with CONTRACTKIT_HIDDEN_ENDPOINTS (it is still checked), or "
                "mark it exempt."
            )
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


class _ResolvedSchemas:
    """Each declared schema as the document shows it, resolved by apispec's converter once.

    The marshmallow plugin would resolve them inside ``spec.path``, which first
    deep-copies what it is given, a Schema instance being the costliest part;
    and resolving again each time the schema is met (two or three times per
    operation, often the same schema) repeats the same work. Resolved here,
    they are the plugin's own results: the same components, the same $refs.
    Each use gets a copy: no two places of a document share a dict, so an edit
    of one changes no other.
    """

    def __init__(self, converter: OpenAPIConverter) -> None:
        self._converter = converter
        # One instance per class: making one copies every field.
        self._instances: dict[type[Schema], Schema] = {}
        self._objects: dict[int, tuple[Schema, dict[str, t.Any]]] = {}
        self._parameters: dict[int, tuple[Schema, list[dict[str, t.Any]]]] = {}

    def schema(self, declared: type[Schema] | Schema) -> dict[str, t.Any]:
        """The Schema Object (usually a $ref to a component) of a body, a copy of its own."""
        instance = schema_instance(declared, self._instances)
        found = self._objects.get(id(instance))  # kept with its instance, so the id is not reused
        if found is None:
            resolved = self._converter.resolve_nested_schema(instance)  # type: ignore[no-untyped-call]
            found = self._objects[id(instance)] = (instance, resolved)
        return json_copy(found[1])

    def query_parameters(self, declared: type[Schema] | Schema) -> list[dict[str, t.Any]]:
        """The query Parameter Objects of a schema, one per field, copies of their own."""
        instance = schema_instance(declared, self._instances)
        found = self._parameters.get(id(instance))
        if found is None:
            resolved = self._converter.schema2parameters(instance, location="query")
            found = self._parameters[id(instance)] = (instance, resolved)
        return json_copy(found[1])


def _operation(op: Operation, settings: Settings, schemas: _ResolvedSchemas) -> dict[str, t.Any]:
    operation: dict[str, t.Any] = {"operationId": op.operation_id}
    if op.tags:
        operation["tags"] = list(op.tags)
    if op.summary:
        operation["summary"] = op.summary
    if op.description:
        operation["description"] = op.description
    for declared in op.inputs:
        if declared.location == "query":
            parameters = schemas.query_parameters(declared.schema)
            operation.setdefault("parameters", []).extend(parameters)
        else:
            media_types = FORM_MEDIA_TYPES if declared.location == "form" else ("application/json",)
            operation["requestBody"] = {
                "required": True,
                "content": {
                    media_type: {"schema": schemas.schema(declared.schema)}
                    for media_type in media_types
                },
            }
    fallbacks = {code: r.fallback for code, r in op.responses.items() if r.fallback is not None}
    if fallbacks and settings.status_fallback == "on-request":
        operation.setdefault("parameters", []).append(prefer_parameter(fallbacks))
    version = settings.openapi_version
    responses = {str(code): _response(r, version, schemas) for code, r in op.responses.items()}
    operation["responses"] = add_fallback_responses(responses, op, settings.status_fallback)
    return operation


def _response(
    response: ResponseContract, openapi_version: str, schemas: _ResolvedSchemas
) -> dict[str, t.Any]:
    entry: dict[str, t.Any] = {"description": response.description}
    if response.headers:
        entry["headers"] = {
            h.name: {
                "description": h.description,
                **({"required": True} if h.required else {}),
                "schema": json_copy(h.schema),
            }
            for h in response.headers
        }
    if response.content:
        entry["content"] = {
            t.cast(str, d.content_type): {"schema": schemas.schema(d.schema)}
            if d.schema is not None
            else media_without_schema(t.cast(str, d.content_type), openapi_version)
            for d in response.content
        }
    if response.fallback is not None:
        entry["x-fallback"] = response.fallback
    return entry


def media_without_schema(media_type: str, openapi_version: str) -> dict[str, t.Any]:
    """The media type object of a body declared by its media type alone.

    Text is a string. Other bodies are bytes: OpenAPI 3.0 says so with
    ``format: binary``; 3.1 drops that convention and describes binary content
    with no schema at all (3.1.0 §4.8.14.3, "Considerations for File Uploads").
    JSON without a schema may be any JSON value.
    """
    major = media_type.partition("/")[0].lower()
    if major == "text":
        return {"schema": {"type": "string"}}
    if is_json(media_type) or openapi_version.startswith("3.1"):
        return {}
    return {"schema": {"type": "string", "format": "binary"}}
