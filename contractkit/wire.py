"""What contractkit puts on and reads off the wire, for the document and the check alike.

The fallback preference and header, and media types compared the way RFC 9110
§8.3.1 says (case-insensitive, parameters aside). Both flows import them from
here: the document describes exactly what the runtime check sends and accepts.
"""

from __future__ import annotations

import typing as t
from collections.abc import Collection

#: The RFC 7240 preference a client sends (``Prefer: status-fallback``) to be
#: answered with standard codes only.
PREFERENCE: t.Final = "status-fallback"
#: Response header that keeps the custom code a fallback replaced, e.g. ``460``.
ORIGINAL_STATUS_HEADER: t.Final = "Contract-Original-Status"
#: The media types of an HTML form's body (``accepts(..., location="form")``).
FORM_MEDIA_TYPES: t.Final = ("application/x-www-form-urlencoded", "multipart/form-data")


def named_status(header: str | None) -> int | None:
    """The custom code an :data:`ORIGINAL_STATUS_HEADER` value names; ``None`` for none."""
    return int(header) if header is not None and header.isdigit() else None


def essence(media_type: str | None) -> str:
    """``type/subtype`` in lower case, without parameters: ``Application/JSON; q=1`` ->
    ``application/json``. Empty for no media type."""
    return (media_type or "").partition(";")[0].strip().lower()


def is_json(media_type: str) -> bool:
    """``application/json`` and structured ``+json`` types such as problem+json."""
    media_type = essence(media_type)
    return media_type == "application/json" or media_type.endswith("+json")


def may_be_json(media_type: str) -> bool:
    """Whether a body declared as ``media_type`` may be JSON: a JSON type, or a range
    that includes one (``application/*``, ``*/*``, which springdoc writes by default)."""
    media_type = essence(media_type)
    return is_json(media_type) or media_type in ("application/*", "*/*")


def declared_media_type(declared: Collection[str], media_type: str | None) -> str | None:
    """The entry of ``declared`` a body of ``media_type`` is sent under, or ``None``.

    RFC 9110 §12.5.1's precedence, most specific first: the media type itself,
    then its ``type/*`` range, then ``*/*``. ``declared`` holds essences
    (:func:`essence`); the server's and the client's body checks both ask here.
    """
    sent = essence(media_type)
    if sent in declared:
        return sent
    major = sent.partition("/")[0]
    for media_range in (f"{major}/*", "*/*"):
        if media_range in declared:
            return media_range
    return None
