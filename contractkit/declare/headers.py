"""Response headers a status code declares: ``responds(headers=...)``, checked and kept."""

from __future__ import annotations

import dataclasses
import json
import re
import typing as t

from ..errors import DeclarationError

#: RFC 9110 field-name (token).
_HEADER_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")
_HEADER_KEYS = frozenset({"description", "schema", "required"})


@dataclasses.dataclass(frozen=True)
class HeaderDeclaration:
    """A response header a status code carries, as published under the response's ``headers``."""

    name: str
    description: str
    #: JSON Schema of the value; ``{"type": "string"}`` unless given.
    schema: t.Mapping[str, t.Any] = dataclasses.field(
        default_factory=lambda: {"type": "string"}, hash=False, compare=False
    )
    #: A required header missing from a response is a ``missing-header`` violation.
    required: bool = False
    #: ``schema`` as canonical JSON: what equality and hashing compare, since a dict
    #: can be neither hashed nor compared as JSON compares (``1 == 1.0 == True``).
    schema_text: str = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        try:
            text = json.dumps(self.schema, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise DeclarationError(
                f"the schema of header {self.name!r} must be JSON (dicts, lists, strings, "
                f"numbers, booleans, null); {error}."
            ) from None
        # A copy of its own: a later edit of the caller's dict changes no declaration.
        object.__setattr__(self, "schema", json.loads(text))
        object.__setattr__(self, "schema_text", text)


def check_headers(headers: object, code: int) -> tuple[HeaderDeclaration, ...]:
    """``responds(headers=...)`` as declarations; a clear error for anything else."""
    if headers is None:
        return ()
    hint = (
        f"headers for status {code} must map header names to a description, or to a dict "
        "with 'description', and optionally 'schema' (a JSON Schema dict) and 'required'"
    )
    if not isinstance(headers, t.Mapping):
        raise DeclarationError(f"{hint}; got {headers!r}.")
    declared = []
    for name, spec in headers.items():
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise DeclarationError(f"{hint}; {name!r} is not a header name.")
        if isinstance(spec, str):
            spec = {"description": spec}
        if not isinstance(spec, t.Mapping) or not set(spec) <= _HEADER_KEYS:
            raise DeclarationError(f"{hint}; got {name!r}: {spec!r}.")
        description = spec.get("description")
        schema = spec.get("schema", {"type": "string"})
        required = spec.get("required", False)
        if not isinstance(description, str) or not description.strip():
            raise DeclarationError(f"{hint}; {name!r} has no description.")
        if not isinstance(schema, t.Mapping) or not isinstance(required, bool):
            raise DeclarationError(f"{hint}; {name!r}'s schema must be a dict and required a bool.")
        declared.append(HeaderDeclaration(name, description, schema, required))
    return tuple(declared)
