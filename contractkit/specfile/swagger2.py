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
  ``application/json``, what those tools send and read; an operation's empty
  list clears the document's (2.0 §Operation Object), and its responses may
  then carry any media type (``*/*``), as swagger2openapi writes them.

What 3.0 cannot say (a path array sent pipe-separated, any ``tsv``) is kept
as an ``x-`` extension and listed in :attr:`Conversion.notes`, which
``check`` prints and a spec-driven app warns about at start-up.

The input is expected to be valid 2.0 (see ``openapi_spec_validator``'s
``OpenAPIV2SpecValidator``); anything malformed is carried over as it is, for
the 3.0 validator to report, never raised on here.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping
from dataclasses import dataclass

from ..http import BODYLESS_KEYS as _BODYLESS
from ..http import SWAGGER2_METHODS as _METHODS
from .locations import json_path, pointer_parts
from .problems import Problem
from .swagger2_origins import ConversionNote, Origins, Parts, follow_moved_refs, short_message
from .swagger2_parameters import (
    convert_header,
    convert_parameter,
    form_body,
    in_body,
    parameter_key,
    unexpressed,
)
from .swagger2_schemas import convert_schema, copied, security_scheme

__all__ = ["Conversion", "ConversionNote", "convert_document", "is_swagger2", "to_openapi3"]

#: The version every conversion declares.
OPENAPI_VERSION: t.Final = "3.0.3"
_JSON: t.Final = "application/json"
#: What an operation whose ``produces`` is empty may answer with.
_ANY: t.Final = "*/*"


def is_swagger2(document: Mapping[str, t.Any]) -> bool:
    """Whether ``document`` says it is Swagger 2.0 (``swagger: "2.0"``)."""
    return document.get("swagger") == "2.0"


@dataclass(frozen=True)
class Conversion:
    """A Swagger 2.0 document as OpenAPI 3.0.3, and what of it 3.0 could not say."""

    #: The OpenAPI 3.0.3 document.
    document: dict[str, t.Any]
    #: What the 2.0 document says that the conversion cannot, at its 2.0 locations.
    notes: tuple[ConversionNote, ...]
    _origins: Origins

    def relocate(self, problem: Problem) -> Problem:
        """A problem found in :attr:`document`, at its place in the 2.0 document.

        A validator's message, which may start with the whole offending schema, is
        cut to an excerpt; contractkit's own rules say what to do, and are kept whole.
        """
        message = short_message(problem.message) if problem.kind == "openapi" else problem.message
        return Problem(self._origins.relocate(problem.location), message, problem.kind)


def to_openapi3(document: Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The OpenAPI 3.0.3 document that means what the Swagger 2.0 ``document`` means.

    See :func:`convert_document`, which also says what could not be converted.
    """
    return convert_document(document).document


def convert_document(document: Mapping[str, t.Any]) -> Conversion:
    """Convert the Swagger 2.0 ``document`` to OpenAPI 3.0.3.

    ``host``, ``schemes`` and ``basePath`` become ``servers``; ``definitions``,
    top-level ``parameters`` and ``responses`` become ``components`` (body and
    form parameters are written into each operation's ``requestBody``, where 3.0
    keeps them); ``securityDefinitions`` become ``components.securitySchemes``.
    Extensions (``x-status-codes``, ``x-fallback``, any ``x-``) are carried over.

    :param document: a Swagger 2.0 document in JSON's data model; not changed.
    :return: a new document sharing no mutable part with ``document``, its notes,
        and where each of its parts came from.
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
    follow_moved_refs(converted, document, converter.origins)
    return Conversion(converted, tuple(dict.fromkeys(converter.notes)), converter.origins)


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


class _Placed(t.NamedTuple):
    """A parameter of a list, its ``#/parameters/...`` reference followed."""

    #: The parameter itself, the reference's target if it is one.
    parameter: t.Any
    #: Where :attr:`parameter` is written in the 2.0 document.
    source: Parts
    #: The list item as written: a reference stays one in the conversion.
    written: t.Any
    #: Where :attr:`written` is.
    at: Parts


class _Converter:
    """One document's conversion: its global media types and parameters at hand."""

    def __init__(self, document: Mapping[str, t.Any]) -> None:
        self._document = document
        self._produces = _media_types(document.get("produces")) or [_JSON]
        self._consumes = _media_types(document.get("consumes"))
        parameters = document.get("parameters")
        self._parameters: Mapping[str, t.Any] = (
            parameters if isinstance(parameters, Mapping) else {}
        )
        self.notes: list[ConversionNote] = []
        self.origins = Origins()

    def paths(self, paths: t.Any) -> t.Any:
        if not isinstance(paths, Mapping):
            return copied(paths) if paths is not None else {}
        return {path: self._path_item(str(path), item) for path, item in paths.items()}

    def _path_item(self, path: str, item: t.Any) -> t.Any:
        if not isinstance(item, Mapping):
            return copied(item)
        at: Parts = ("paths", path)
        shared = self._placed(item.get("parameters"), (*at, "parameters"))
        converted: dict[str, t.Any] = {}
        for key, value in item.items():
            if key in _METHODS and isinstance(value, Mapping):
                converted[key] = self._operation(value, shared, (*at, key))
            elif key == "parameters":
                plain = self._parameters_of(shared, (*at, "parameters"))
                if plain:
                    converted[key] = plain
            else:
                converted[key] = copied(value)
        return converted

    def _placed(self, listed: object, at: Parts) -> list[_Placed]:
        """Each parameter of a list, its ``#/parameters/...`` reference followed."""
        if not isinstance(listed, list):
            return []
        return [
            _Placed(*self._resolved(parameter, (*at, index)), parameter, (*at, index))
            for index, parameter in enumerate(listed)
        ]

    def _parameters_of(self, placed: list[_Placed], at: Parts) -> list[t.Any]:
        """The 3.0 ``parameters`` list: what is neither a body nor a form field."""
        plain: list[t.Any] = []
        for placed_one in placed:
            if in_body(placed_one.parameter):
                continue
            self.origins.record((*at, len(plain)), placed_one.at)
            self.origins.record((*at, len(plain), "schema"), placed_one.at)
            plain.append(self._parameter(placed_one.written))
        return plain

    def _operation(
        self, operation: Mapping[str, t.Any], shared: list[_Placed], at: Parts
    ) -> dict[str, t.Any]:
        produces = _listed(operation, "produces", self._produces, empty=[_ANY])
        consumes = _listed(operation, "consumes", self._consumes, empty=[])
        own = self._placed(operation.get("parameters"), (*at, "parameters"))
        # An operation's parameter replaces the path item's of the same name and location.
        named = {parameter_key(p.parameter) for p in own}
        effective = [p for p in shared if parameter_key(p.parameter) not in named] + own
        self._note_unexpressed(effective, f"{str(at[-1]).upper()} {at[1]}")
        converted: dict[str, t.Any] = {}
        for key, value in operation.items():
            if key in ("produces", "consumes", "schemes"):
                continue
            if key == "parameters":
                plain = self._parameters_of(own, (*at, "parameters"))
                if plain:
                    converted[key] = plain
            elif key == "responses" and isinstance(value, Mapping):
                converted[key] = {
                    str(code): self._response(response, produces, (*at, key, str(code)))
                    for code, response in value.items()
                }
            else:
                converted[key] = copied(value)
        body = self._request_body([p for p in effective if in_body(p.parameter)], consumes, at)
        if body is not None:
            converted["requestBody"] = body
        return converted

    def _note_unexpressed(self, placed: list[_Placed], operation: str) -> None:
        for parameter, source, _, _ in placed:
            why = unexpressed(parameter) if isinstance(parameter, Mapping) else None
            if why is not None:
                label = f"the {parameter.get('in')} parameter {parameter.get('name')!r}"
                self.notes.append(
                    ConversionNote(json_path(source), f"{label} of {operation}: {why}")
                )

    def _resolved(self, parameter: t.Any, written: Parts) -> tuple[t.Any, Parts]:
        """A parameter and where it is written, its ``#/parameters/...`` reference followed."""
        if isinstance(parameter, Mapping) and isinstance(parameter.get("$ref"), str):
            parts = pointer_parts(parameter["$ref"])
            if parts is not None and len(parts) == 2 and parts[0] == "parameters":
                found = self._parameters.get(parts[1])
                if isinstance(found, Mapping):
                    return found, ("parameters", parts[1])
        return parameter, written

    def _parameter(self, parameter: t.Any) -> t.Any:
        """A query, path or header parameter; a reference to one stays a reference."""
        if not isinstance(parameter, Mapping) or "$ref" in parameter:
            return copied(parameter)
        return convert_parameter(parameter)

    def _request_body(
        self, placed: list[_Placed], consumes: list[str], at: Parts
    ) -> dict[str, t.Any] | None:
        """The ``requestBody`` of an operation's ``body`` or ``formData`` parameters."""
        body = [(p.parameter, p.source) for p in placed if p.parameter.get("in") == "body"]
        if body:
            parameter, written = body[0]
            self.origins.record((*at, "requestBody"), written)
            converted: dict[str, t.Any] = {"content": {}}
            for media_type in consumes or [_JSON]:
                where = (*at, "requestBody", "content", media_type, "schema")
                self.origins.record(where, (*written, "schema"))
                converted["content"][media_type] = {
                    "schema": convert_schema(parameter.get("schema", {}))
                }
            if parameter.get("required") is True:
                converted["required"] = True
            for key, value in parameter.items():
                if key == "description" or key.startswith("x-"):
                    converted[key] = copied(value)
            return converted
        form = [(p.parameter, p.source) for p in placed if p.parameter.get("in") == "formData"]
        if not form:
            return None
        converted = form_body([p for p, _ in form], consumes)
        for media_type in converted["content"]:
            here = (*at, "requestBody", "content", media_type)
            for parameter, written in form:
                name = str(parameter.get("name"))
                self.origins.record((*here, "schema", "properties", name), written)
                self.origins.record((*here, "encoding", name), written)
        return converted

    def _response(self, response: t.Any, produces: list[str], at: Parts) -> t.Any:
        if not isinstance(response, Mapping):
            return copied(response)
        if "$ref" in response:
            found, name = self._global_response(response["$ref"])
            if produces == self._produces or found is None:
                return copied(response)
            # Written for another set of media types than the shared copy: inline it.
            self.origins.record(at, ("responses", name))
            return self._response(found, produces, ("responses", name))
        converted: dict[str, t.Any] = {}
        for key, value in response.items():
            if key in ("schema", "examples"):
                continue
            if key == "headers" and isinstance(value, Mapping):
                converted[key] = {}
                for name, header in value.items():
                    self.origins.record((*at, key, name, "schema"), (*at, key, name))
                    converted[key][name] = (
                        convert_header(header) if isinstance(header, Mapping) else copied(header)
                    )
            else:
                converted[key] = copied(value)
        code = str(at[-1])
        if "schema" in response:
            examples = response.get("examples")
            examples = examples if isinstance(examples, Mapping) else {}
            converted["content"] = {}
            for media_type in produces:
                here = (*at, "content", media_type)
                self.origins.record((*here, "schema"), (*at, "schema"))
                self.origins.record((*here, "example"), (*at, "examples", media_type))
                media: dict[str, t.Any] = {"schema": convert_schema(response["schema"])}
                if media_type in examples:
                    media["example"] = copied(examples[media_type])
                converted["content"][media_type] = media
        elif code not in _BODYLESS and not code.startswith("1"):
            # No schema: 2.0 cannot tell "no body" from "a body not described".
            converted["content"] = {_ANY: {}}
        return converted

    def _global_response(self, ref: object) -> tuple[Mapping[str, t.Any] | None, str]:
        parts = pointer_parts(ref) if isinstance(ref, str) else None
        responses = self._document.get("responses")
        if parts is None or len(parts) != 2 or parts[0] != "responses":
            return None, ""
        found = responses.get(parts[1]) if isinstance(responses, Mapping) else None
        return (found if isinstance(found, Mapping) else None), parts[1]

    def components(self) -> dict[str, t.Any]:
        document = self._document
        components: dict[str, t.Any] = {}
        definitions = document.get("definitions")
        if isinstance(definitions, Mapping) and definitions:
            components["schemas"] = {}
            for name, schema in definitions.items():
                self.origins.record(("components", "schemas", name), ("definitions", name))
                components["schemas"][name] = convert_schema(schema)
        plain = {}
        for name, parameter in self._parameters.items():
            if not in_body(parameter):
                for below in ((), ("schema",)):
                    self.origins.record(
                        ("components", "parameters", name, *below), ("parameters", name)
                    )
                plain[name] = self._parameter(parameter)
        if plain:
            components["parameters"] = plain
        responses = document.get("responses")
        if isinstance(responses, Mapping) and responses:
            components["responses"] = {}
            for name, response in responses.items():
                self.origins.record(("components", "responses", name), ("responses", name))
                components["responses"][name] = self._response(
                    response, self._produces, ("responses", name)
                )
        schemes = document.get("securityDefinitions")
        if isinstance(schemes, Mapping) and schemes:
            self.origins.record(("components", "securitySchemes"), ("securityDefinitions",))
            components["securitySchemes"] = {
                name: security_scheme(s) for name, s in schemes.items()
            }
        return components


def _media_types(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _listed(
    operation: Mapping[str, t.Any], key: str, inherited: list[str], *, empty: list[str]
) -> list[str]:
    """An operation's ``produces``/``consumes``: its own list replaces the document's.

    Swagger 2.0 §Operation Object: "An empty value MAY be used to clear the
    global definition", so ``[]`` gives ``empty``, not ``inherited``.
    """
    if not isinstance(operation.get(key), list):
        return inherited
    return _media_types(operation[key]) or empty
