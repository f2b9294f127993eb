"""The JSON Schemas openapi-spec-validator judges documents by, compiled by jsonschema-rs.

Two kinds: a whole document's schema (OpenAPI 2.0, 3.0 and 3.1, the files
openapi-spec-validator ships), and the meta-schema each Schema Object of a
3.0 or 3.1 document is checked against (openapi-schema-validator's). Both are
read from the installed packages, never copied, so they change when those
packages do, and compiled once per process.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import typing as t
from pathlib import Path

import jsonschema_rs
from jsonschema.validators import validator_for
from openapi_schema_validator import OAS31_BASE_DIALECT_ID
from openapi_schema_validator._specifications import REGISTRY as SPECIFICATIONS
from openapi_schema_validator.validators import OAS30Validator

#: openapi-spec-validator's setting that picks the library checking a document's structure.
_BACKEND = "OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"


class Unsure(Exception):
    """The quick check found a problem, or something it does not model."""


@functools.cache
def structure(version: str) -> t.Any:
    """The validator openapi-spec-validator checks a document's structure with.

    Its own JSON Schema for ``version`` (``"2.0"``, ``"3.0"`` or ``"3.1"``),
    read from its package without importing it, compiled as its jsonschema-rs
    backend compiles it: that backend is what it uses whenever jsonschema-rs
    is installed (a dependency of contractkit) unless told otherwise, and then
    the validator itself decides.
    """
    if any(
        k.upper() == _BACKEND and v.strip().lower() == "jsonschema" for k, v in os.environ.items()
    ):
        raise Unsure
    found = importlib.util.find_spec("openapi_spec_validator")
    if found is None or not found.submodule_search_locations:
        raise Unsure
    root = Path(next(iter(found.submodule_search_locations)))
    # As text: jsonschema-rs reads it faster than it converts the dict json.loads makes.
    return jsonschema_rs.validator_for(
        (root / "resources" / "schemas" / f"v{version}" / "schema.json").read_text()
    )


@functools.cache
def meta_schema(v30: bool) -> t.Any:
    """The meta-schema of OpenAPI 3.0 (and Swagger 2.0) or 3.1 Schema Objects, compiled.

    The one openapi-schema-validator checks with, each resource it refers to
    taken from that package's registry as jsonschema-rs asks for it (a
    registry of all of them cost more to set up than the compile; the JSON
    Schema drafts' own meta-schemas, jsonschema-rs holds). jsonschema-rs
    accepts what it accepts, but for regex formats; what it rejects goes to
    openapi-schema-validator's own check, which decides.
    """
    meta = OAS30Validator.META_SCHEMA if v30 else oas31_dialect().META_SCHEMA
    return jsonschema_rs.validator_for(
        meta, retriever=SPECIFICATIONS.contents, validate_formats=True
    )


@functools.cache
def oas31_dialect() -> t.Any:
    """The jsonschema validator class of OpenAPI 3.1's default Schema Object dialect."""
    dialect = validator_for({"$schema": OAS31_BASE_DIALECT_ID}, default=None)
    if dialect is None:
        raise Unsure
    return dialect
