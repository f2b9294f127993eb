"""Media types compared the way RFC 9110 §8.3.1 says: case-insensitive, parameters aside."""

from __future__ import annotations


def essence(media_type: str | None) -> str:
    """``type/subtype`` in lower case, without parameters: ``Application/JSON; q=1`` ->
    ``application/json``. Empty for no media type."""
    return (media_type or "").partition(";")[0].strip().lower()


def is_json(media_type: str) -> bool:
    """``application/json`` and structured ``+json`` types such as problem+json."""
    media_type = essence(media_type)
    return media_type == "application/json" or media_type.endswith("+json")
