"""The stub's check of a request: required query parameters, and a JSON body against its schema.

Bodies are checked by the runtime's own schema checker
(:class:`~contractkit.runtime.body_compiler.BodyCompiler`), compiled once per
operation, so a request the stub refuses is refused with the same messages
the server's checks give.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping
from dataclasses import dataclass

from ..runtime.bodies import SchemaCheck
from ..runtime.body_compiler import BodyCompiler
from ..specfile.locations import follow
from ..wire import is_json


@dataclass(frozen=True)
class InputCheck:
    """What one operation requires of a request."""

    #: Query parameters the operation requires.
    query: tuple[str, ...]
    #: Whether a body is required.
    body_required: bool
    #: The check of a JSON body, where the operation declares one with a schema.
    body: SchemaCheck | None

    def problem(self, args: Mapping[str, str], media_type: str | None, data: bytes) -> str | None:
        """What is wrong with the request, or ``None``."""
        missing = [name for name in self.query if name not in args]
        if missing:
            return f"the query parameter(s) {', '.join(missing)} are required"
        if not data:
            return "a request body is required" if self.body_required else None
        if self.body is not None and is_json(media_type or ""):
            found = self.body.problem(data)
            if found is not None:
                return f"the request body does not match its schema: {found[1]}"
        return None


def input_check(
    compiler: BodyCompiler,
    path_item: Mapping[str, t.Any],
    operation: Mapping[str, t.Any],
    name: str,
) -> InputCheck:
    """What ``operation`` (in ``path_item``) requires, its body schema compiled by ``compiler``."""
    document = compiler.document
    parameters = [
        follow(document, parameter)
        for parameter in (
            *(path_item.get("parameters") or ()),
            *(operation.get("parameters") or ()),
        )
    ]
    query = tuple(
        str(parameter["name"])
        for parameter in parameters
        if isinstance(parameter, Mapping)
        and parameter.get("in") == "query"
        and parameter.get("required") is True
    )
    request_body = follow(document, operation.get("requestBody"))
    request_body = request_body if isinstance(request_body, Mapping) else {}
    content = follow(document, request_body.get("content"))
    content = content if isinstance(content, Mapping) else {}
    media_type = next((str(media) for media in content if is_json(str(media))), None)
    body = None
    if media_type is not None:
        media = follow(document, content[media_type])
        schema = media.get("schema") if isinstance(media, Mapping) else None
        if isinstance(schema, Mapping):
            body = compiler.compile(schema, f"{name} request {media_type}")
    return InputCheck(query, request_body.get("required") is True, body)
