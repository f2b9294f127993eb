"""A property that never travels one way is never required that way (OpenAPI 3.x)."""

from __future__ import annotations

import pytest

from contractkit.runtime.body_compiler import BodyCompiler

DOCUMENT = {
    "openapi": "3.0.3",
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["id", "name", "secret"],
                "properties": {
                    "id": {"type": "integer", "readOnly": True},
                    "name": {"type": "string"},
                    "secret": {"type": "string", "writeOnly": True},
                },
            }
        }
    },
}


@pytest.mark.parametrize(
    ("requests", "body", "valid"),
    [
        (True, b'{"name": "tea", "secret": "s"}', True),  # no id: made by the server
        (True, b'{"id": 1, "name": "tea"}', False),  # the secret travels in requests
        (False, b'{"id": 1, "name": "tea"}', True),  # no secret: never sent back
        (False, b'{"name": "tea", "secret": "s"}', False),  # the id travels in responses
    ],
)
def test_read_only_in_requests_and_write_only_in_responses_are_not_required(
    requests: bool, body: bytes, valid: bool
) -> None:
    check = BodyCompiler(DOCUMENT, requests=requests).compile(
        {"$ref": "#/components/schemas/Item"}, "item"
    )
    assert check is not None
    assert (check.problem(body) is None) is valid
