"""Swagger 2.0 documents as the OpenAPI 3.0.3 documents that mean the same, for enforcement.

flask-restx and flasgger publish Swagger 2.0, and so do many hand-written
specs. contractkit enforces, serves and diffs OpenAPI 3, so a 2.0 document is
converted once, when the contract is built, and everything downstream reads
the conversion. The maintained converter (``swagger2openapi``) is JavaScript,
so this one is written here, for what a contract needs: paths and
``basePath``, operations, parameters, bodies, responses, headers and schemas.

OpenAPI 3.0's schema dialect is JSON Schema draft 4's subset plus ``nullable``,
which is exactly what a 2.0 body schema is (with ``x-nullable``); a 2.0
schema therefore moves over unchanged but for ``$ref`` targets,
``x-nullable``, ``type: file`` and ``discriminator``.

Two choices are the converter's, both documented for users:

- a response with no ``schema`` is given ``content: {"*/*": {}}`` (any body,
  unchecked), except for codes that never carry one (1xx, 204, 205, 304):
  2.0 tools write ``@ns.response(404, "Not found")`` for an error that their
  ``abort()`` answers with a JSON body;
- with no ``produces`` (nor ``consumes``) anywhere, bodies are
  ``application/json``, what those tools send and read.

The input is expected to be valid 2.0 (see ``openapi_spec_validator``'s
``OpenAPIV2SpecValidator``); anything malformed is carried over as it is, for
the 3.0 validator to report, never raised on here.
"""

from __future__ import annotations

import copy
import typing as t
from collections.abc import Mapping

from ..http import BODYLESS_KEYS as _BODYLESS
from ..http import SWAGGER2_METHODS as _METHODS
from .swagger2_schemas import (
    VALUE_FIELDS,
    convert_schema,
    copied,
    security_scheme,
    unescape,
    value_schema,
)

__all__ = ["is_swagger2", "to_openapi3"]

#: The version every conversion declares.
OPENAPI_VERSION: t.Final = "3.0.3"
_JSON: t.Final = "application/json"
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
#: 2.0 ``collectionFormat`` as 3.0 ``style`` and ``explode``, for query parameters.
_QUERY_STYLES = {
    "csv": ("form", False),
    "multi": ("form", True),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
}


def is_swagger2(document: Mapping[str, t.Any]) -> bool:
    """Whether ``document`` says it is Swagger 2.0 (``swagger: "2.0"``)."""
    return document.get("swagger") == "2.0"


def to_openapi3(document: Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The OpenAPI 3.0.3 document that means what the Swagger 2.0 ``document`` means.

    ``host``, ``schemes`` and ``basePath`` become ``servers``; ``definitions``,
    top-level ``parameters`` and ``responses`` become ``components`` (body and
    form parameters are written into each operation's ``requestBody``, where 3.0
    keeps them); ``securityDefinitions`` become ``components.securitySchemes``.
    Extensions (``x-status-codes``, ``x-fallback``, any ``x-``) are carried over.

    :param document: a Swagger 2.0 document in JSON's data model; not changed.
    :return: a new document sharing no mutable part with ``document``.
    """
    converter = _Converter(document)
    converted: dict[str, t.Any] = {"openapi": OPENAPI_VERSION}
    for key in ("info", "tags", "externalDocs", "security"):
        if key in document:
            converted[key] = copied(document[key])
    servers = _servers(document)
    if servers:
        converted["servers"] = servers
    converted["paths"] = converter.paths(document.get("paths"))
    components = converter.components()
    if components:
        converted["components"] = components
    for key, value in document.items():
        if isinstance(key, str) and key.startswith("x-"):
            converted[key] = copied(value)
    return converted


def _servers(document: Mapping[str, t.Any]) -> list[dict[str, str]]:
    """``servers`` from ``host``, ``schemes`` and ``basePath``; none for the root of any host."""
    base = document.get("basePath")
    base = base.rstrip("/") if isinstance(base, str) else ""
    host = document.get("host")
    if not isinstance(host, str) or not host:
        return [{"url": base}] if base else []
    schemes = document.get("schemes")
    named = [s for s in schemes if isinstance(s, str)] if isinstance(schemes, list) else []
    # No scheme given: the one the document was fetched with, a network-path reference.
    return [{"url": f"{scheme}://{host}{base}"} for scheme in named] or [{"url": f"//{host}{base}"}]


class _Converter:
    """One document's conversion: its global media types and parameters at hand."""

    def __init__(self, document: Mapping[str, t.Any]) -> None:
        self._document = document
        self._produces = _media_types(document.get("produces"))
        self._consumes = _media_types(document.get("consumes"))
        parameters = document.get("parameters")
        self._parameters: Mapping[str, t.Any] = (
            parameters if isinstance(parameters, Mapping) else {}
        )

    def paths(self, paths: t.Any) -> t.Any:
        if not isinstance(paths, Mapping):
            return copied(paths) if paths is not None else {}
        return {path: self._path_item(item) for path, item in paths.items()}

    def _path_item(self, item: t.Any) -> t.Any:
        if not isinstance(item, Mapping):
            return copied(item)
        shared = item.get("parameters")
        shared = shared if isinstance(shared, list) else []
        converted: dict[str, t.Any] = {}
        for key, value in item.items():
            if key in _METHODS and isinstance(value, Mapping):
                converted[key] = self._operation(value, shared)
            elif key == "parameters":
                plain = [p for p in map(self._resolved, shared) if not _in_body(p)]
                if plain:
                    converted[key] = [self._parameter(p) for p in plain]
            else:
                converted[key] = copied(value)
        return converted

    def _operation(self, operation: Mapping[str, t.Any], shared: list[t.Any]) -> dict[str, t.Any]:
        produces = _media_types(operation.get("produces")) or self._produces or [_JSON]
        consumes = _media_types(operation.get("consumes")) or self._consumes
        own = operation.get("parameters")
        own = own if isinstance(own, list) else []
        # An operation's parameter replaces the path item's of the same name and location.
        resolved = [self._resolved(p) for p in own]
        named = {(p.get("name"), p.get("in")) for p in resolved if isinstance(p, Mapping)}
        inherited = [
            p
            for p in map(self._resolved, shared)
            if isinstance(p, Mapping) and (p.get("name"), p.get("in")) not in named
        ]
        body_params = [p for p in (*inherited, *resolved) if _in_body(p)]
        converted: dict[str, t.Any] = {}
        for key, value in operation.items():
            if key in ("produces", "consumes", "schemes"):
                continue
            if key == "parameters":
                plain = [self._parameter(p) for p in own if not _in_body(self._resolved(p))]
                if plain:
                    converted[key] = plain
            elif key == "responses" and isinstance(value, Mapping):
                converted[key] = {
                    str(code): self._response(response, produces, str(code))
                    for code, response in value.items()
                }
            else:
                converted[key] = copied(value)
        body = self._request_body(body_params, consumes)
        if body is not None:
            converted["requestBody"] = body
        return converted

    def _resolved(self, parameter: t.Any) -> t.Any:
        """A parameter, its ``#/parameters/...`` reference followed."""
        if isinstance(parameter, Mapping) and isinstance(parameter.get("$ref"), str):
            ref: str = parameter["$ref"]
            if ref.startswith("#/parameters/"):
                found = self._parameters.get(unescape(ref[len("#/parameters/") :]))
                if isinstance(found, Mapping):
                    return found
        return parameter

    def _parameter(self, parameter: t.Any) -> t.Any:
        """A query, path or header parameter; a reference to one stays a reference."""
        if not isinstance(parameter, Mapping) or "$ref" in parameter:
            return copied(parameter)
        converted: dict[str, t.Any] = {}
        schema: dict[str, t.Any] = {}
        for key, value in parameter.items():
            if key in VALUE_FIELDS:
                schema[key] = value
            elif key == "collectionFormat":
                continue
            else:
                converted[key] = copied(value)
        if schema:
            converted["schema"] = convert_schema(value_schema(schema))
        if parameter.get("type") == "array":
            style = parameter.get("collectionFormat", "csv")
            where = parameter.get("in")
            if where == "query" and style in _QUERY_STYLES:
                converted["style"], converted["explode"] = _QUERY_STYLES[style]
            elif style == "csv":
                converted["style"], converted["explode"] = "simple", False
        return converted

    def _request_body(
        self, parameters: list[t.Any], consumes: list[str]
    ) -> dict[str, t.Any] | None:
        """The ``requestBody`` of an operation's ``body`` or ``formData`` parameters."""
        body = [p for p in parameters if p.get("in") == "body"]
        if body:
            parameter = body[0]
            converted: dict[str, t.Any] = {
                "content": {
                    media_type: {"schema": convert_schema(parameter.get("schema", {}))}
                    for media_type in (consumes or [_JSON])
                }
            }
            if "description" in parameter:
                converted["description"] = parameter["description"]
            if parameter.get("required") is True:
                converted["required"] = True
            return converted
        form = [p for p in parameters if p.get("in") == "formData"]
        if not form:
            return None
        schema: dict[str, t.Any] = {"type": "object", "properties": {}}
        for parameter in form:
            fields = {key: parameter[key] for key in VALUE_FIELDS if key in parameter}
            field_schema = convert_schema(value_schema(fields))
            if "description" in parameter:
                field_schema["description"] = parameter["description"]
            schema["properties"][parameter.get("name")] = field_schema
            if parameter.get("required") is True:
                schema.setdefault("required", []).append(parameter.get("name"))
        files = any(p.get("type") == "file" for p in form)
        media_types = [m for m in consumes if m in _FORMS] or [
            "multipart/form-data" if files else _FORMS[0]
        ]
        content = {media_type: {"schema": copy.deepcopy(schema)} for media_type in media_types}
        converted = {"content": content}
        if any(p.get("required") is True for p in form):
            converted["required"] = True
        return converted

    def _response(self, response: t.Any, produces: list[str], code: str) -> t.Any:
        if not isinstance(response, Mapping):
            return copied(response)
        if "$ref" in response:
            ref = response["$ref"]
            target = self._global("responses", ref)
            if produces == (self._produces or [_JSON]) or target is None:
                return copied(response)
            # Written for another set of media types than the shared copy: inline it.
            return self._response(target, produces, code)
        converted: dict[str, t.Any] = {}
        for key, value in response.items():
            if key in ("schema", "examples"):
                continue
            if key == "headers" and isinstance(value, Mapping):
                converted[key] = {name: self._header(header) for name, header in value.items()}
            else:
                converted[key] = copied(value)
        if "schema" in response:
            examples = response.get("examples")
            examples = examples if isinstance(examples, Mapping) else {}
            converted["content"] = {
                media_type: {
                    "schema": convert_schema(response["schema"]),
                    **({"example": copied(examples[media_type])} if media_type in examples else {}),
                }
                for media_type in produces
            }
        elif code not in _BODYLESS and not code.startswith("1"):
            # No schema: 2.0 cannot tell "no body" from "a body not described".
            converted["content"] = {"*/*": {}}
        return converted

    def _header(self, header: t.Any) -> t.Any:
        if not isinstance(header, Mapping):
            return copied(header)
        converted: dict[str, t.Any] = {}
        schema: dict[str, t.Any] = {}
        for key, value in header.items():
            if key in VALUE_FIELDS:
                schema[key] = value
            elif key != "collectionFormat":
                converted[key] = copied(value)
        converted["schema"] = convert_schema(value_schema(schema))
        return converted

    def _global(self, section: str, ref: object) -> Mapping[str, t.Any] | None:
        prefix = f"#/{section}/"
        found = self._document.get(section)
        if isinstance(ref, str) and ref.startswith(prefix) and isinstance(found, Mapping):
            target = found.get(unescape(ref[len(prefix) :]))
            return target if isinstance(target, Mapping) else None
        return None

    def components(self) -> dict[str, t.Any]:
        document = self._document
        components: dict[str, t.Any] = {}
        definitions = document.get("definitions")
        if isinstance(definitions, Mapping) and definitions:
            components["schemas"] = {name: convert_schema(s) for name, s in definitions.items()}
        plain = {
            name: self._parameter(p) for name, p in self._parameters.items() if not _in_body(p)
        }
        if plain:
            components["parameters"] = plain
        responses = document.get("responses")
        if isinstance(responses, Mapping) and responses:
            produces = self._produces or [_JSON]
            components["responses"] = {
                name: self._response(r, produces, "") for name, r in responses.items()
            }
        schemes = document.get("securityDefinitions")
        if isinstance(schemes, Mapping) and schemes:
            components["securitySchemes"] = {
                name: security_scheme(s) for name, s in schemes.items()
            }
        return components


def _in_body(parameter: t.Any) -> bool:
    return isinstance(parameter, Mapping) and parameter.get("in") in ("body", "formData")


def _media_types(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
