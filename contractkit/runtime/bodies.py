"""Response bodies checked against the schemas the OpenAPI document publishes.

The schemas come from the built document (the MarshmallowPlugin's output), not
from the marshmallow classes, so bodies are held to exactly what clients read,
with the semantics of the document's OpenAPI version (:mod:`.schemas`). Each
distinct schema is compiled once, twice over:

- into msgspec types (:mod:`.schema_types`) where they express it exactly,
  which validate a body in the pass that decodes it;
- into a jsonschema-rs validator, which judges every body msgspec does not
  accept, read as RFC 8259 JSON by :mod:`.json_text`, and words the message
  (:mod:`.body_messages`: locations and rules, never the body's values).

Either way the verdict on a body is a JSON Schema validator's: msgspec only
answers "valid" where it agrees exactly, so nothing depends on which engine ran.
"""

from __future__ import annotations

import sys
import typing as t

import msgspec
from flask import Response

from ..wire import ORIGINAL_STATUS_HEADER, declared_media_type, essence, is_json, named_status
from .body_messages import NULL_HINT, describe
from .encodings import decode_content
from .json_text import NotJSON, read_json
from .violations import ViolationKind

#: Deepest body checked against a schema that recurses: jsonschema-rs validates
#: such a body by recursion on the thread's stack, so past this it is refused as
#: a failed check rather than risk the process. Python's own recursion limit
#: (1000 by default) stops the app's JSON encoder well before it.
MAX_RECURSIVE_DEPTH = 1000


class BodyTooDeep(Exception):
    """A body nested too deep to validate safely against a recursive schema."""


class SchemaCheck:
    """One compiled response schema."""

    def __init__(
        self,
        validator: t.Any,
        decoder: msgspec.json.Decoder[t.Any] | None,
        *,
        recursive: bool = False,
        null_hint: str = NULL_HINT,
    ) -> None:
        self._validator = validator
        self._decode = decoder.decode if decoder is not None else None
        self._recursive = recursive
        self._null_hint = null_hint

    def problem(self, data: bytes) -> tuple[ViolationKind, str] | None:
        """What is wrong with the JSON body ``data``, or ``None``."""
        if self._decode is not None:
            try:
                self._decode(data)
                return None
            except (msgspec.DecodeError, RecursionError):
                pass  # jsonschema-rs decides, and explains
        try:
            reading = read_json(data)
        except NotJSON as not_json:
            return ("invalid-body", str(not_json))
        if self._recursive:
            depth = reading.depth or _depth(reading.value)
            if depth > MAX_RECURSIVE_DEPTH:
                raise BodyTooDeep(
                    f"the body is nested {depth} levels deep, past the "
                    f"{MAX_RECURSIVE_DEPTH} checked against a recursive schema"
                )
        if self._validator.is_valid(reading.value):
            return None
        try:
            error = next(iter(self._validator.iter_errors(reading.value)))
        except ValueError as copying:  # jsonschema-rs copies the instance into an error
            if "integer string conversion" in str(copying):  # a Decimal past int()'s digits
                return (
                    "invalid-body",
                    "at a location that cannot be named, since the body holds an integer of "
                    f"more than {sys.get_int_max_str_digits()} digits (Python's limit, "
                    "sys.set_int_max_str_digits): fails the schema",
                )
            return ("invalid-body", "at a location nested too deep to name: fails the schema")
        return ("invalid-body", describe(error, self._null_hint))


def _depth(value: t.Any) -> int:
    """How deep ``value`` nests, found without recursion (and only when it may matter)."""
    if sys.getrecursionlimit() <= MAX_RECURSIVE_DEPTH:
        return 0  # the recursive readers that read it could not go deeper
    deepest, pending = 0, [(value, 0)]
    while pending:
        node, level = pending.pop()
        if isinstance(node, list | dict):
            deepest = max(deepest, level + 1)
            items = node.values() if isinstance(node, dict) else node
            pending.extend((item, level + 1) for item in items)
    return deepest


#: How one ``Content-Type`` value is checked: with a schema (``None``: not checked),
#: or found wrong (the problem).
_Resolved = tuple[SchemaCheck | None, tuple[ViolationKind, str] | None]
#: ``Content-Type`` values each body check remembers; a multipart boundary, say,
#: makes every value new, and those past this are resolved every time.
_CONTENT_TYPES_KEPT = 64

#: Body checks of one operation: by status code, and by ``"4XX"``/``"default"`` key.
BodyChecks = dict[int | str, "BodyCheck | FallbackBodyCheck"]


class BodyCheck:
    """The declared bodies of one status code (or range, or default) of one operation.

    With no media type declared, the code carries no body: a non-empty one is
    a ``content-type`` violation, except the short page ``flask.redirect()``
    puts in a 3xx that has a ``Location``, which no one documents.
    """

    def __init__(
        self,
        code: int | str,
        validators: dict[str, SchemaCheck | None],
        *,
        operation: str | None = None,
    ) -> None:
        self._code = code
        #: The operation, in a spec-driven app, so a fix names where in its document.
        self._operation = operation
        #: Checks by declared media type, in lower case; ``None`` where the body is
        #: not JSON or has no schema. Empty when the code declares no body.
        self._validators = {essence(media_type): v for media_type, v in validators.items()}
        #: What each ``Content-Type`` value met so far is checked with, or what is
        #: wrong with it: an app sends a handful of values, so each is resolved once.
        self._by_content_type: dict[str | None, _Resolved] = {}

    def problem(self, response: Response) -> tuple[ViolationKind, str] | None:
        """What is wrong with ``response``'s body, as ``(kind, detail)``, or ``None``."""
        if not self._validators:
            return self._unexpected_body(response)
        # Both headers in one pass: werkzeug's Headers.get raises and catches a
        # KeyError for a missing header, which costs more than the whole scan.
        content_type = encoding = None
        for name, value in response.headers:
            lowered = name.lower()
            if lowered == "content-type":
                if content_type is None:
                    content_type = value
            elif lowered == "content-encoding" and encoding is None:
                encoding = value
        validator, problem = self._validator(content_type)
        if validator is None:
            return problem
        content = response.response
        if type(content) is list and len(content) == 1 and type(content[0]) is bytes:
            data = content[0]  # what jsonify and dict returns make: no copy needed
        elif response.is_streamed or response.direct_passthrough:
            return None  # a stream is never buffered to be checked
        else:
            data = response.get_data()
        if encoding is not None:
            decoded = decode_content(data, encoding)
            if decoded is None:
                return None  # an encoding contractkit cannot read: said once, in the log
            data = decoded
        return self._data_problem(validator, data)

    def received_problem(
        self, media_type: str | None, data: bytes, *, has_location: bool
    ) -> tuple[ViolationKind, str] | None:
        """The same verdict on a body a client received, already read and decoded.

        :param media_type: the response's ``Content-Type``, parameters and all.
        :param has_location: whether the response carries a ``Location`` header.
        """
        if not self._validators:
            code = self._code
            if not data or (isinstance(code, int) and 300 <= code < 400 and has_location):
                return None
            return self._unexpected(len(data), essence(media_type) or "application/octet-stream")
        validator, problem = self._validator(media_type)
        if validator is None:
            return problem
        return self._data_problem(validator, data)

    def _validator(self, content_type: str | None) -> _Resolved:
        """The check for a body of ``content_type``, or the problem of a type not declared."""
        resolved = self._by_content_type.get(content_type)
        if resolved is None:
            resolved = self._resolve(content_type)
            if len(self._by_content_type) < _CONTENT_TYPES_KEPT:
                self._by_content_type[content_type] = resolved
        return resolved

    def _resolve(self, content_type: str | None) -> _Resolved:
        validators = self._validators
        media_type = essence(content_type)
        declared = declared_media_type(validators, media_type)
        if declared is None:
            return None, (
                "content-type",
                f"its body is {media_type or 'of no media type'}, but status "
                f"{self._code} declares {', '.join(sorted(validators))}",
            )
        if declared != media_type and not is_json(media_type):
            return None, None  # a range's schema applies to the JSON sent under it only
        return validators[declared], None

    def _data_problem(
        self, validator: SchemaCheck, data: bytes
    ) -> tuple[ViolationKind, str] | None:
        problem = validator.problem(data)
        if problem is None:
            return None
        kind, detail = problem
        if detail.startswith("at "):
            detail = (
                f"its body does not match the schema declared for status {self._code}: {detail}"
            )
        return (kind, detail)

    def _unexpected_body(self, response: Response) -> tuple[ViolationKind, str] | None:
        code = self._code
        if isinstance(code, int) and 300 <= code < 400 and "Location" in response.headers:
            return None
        length = response.content_length
        if length is None and not response.is_streamed:
            length = len(response.get_data())
        if length == 0:
            return None
        media_type = essence(response.mimetype) or "application/octet-stream"
        kind, detail = self._unexpected(length, media_type)
        if self._operation is not None:
            return (
                kind,
                f"{detail}; add {media_type} content to response {code} of "
                f"{self._operation} in the app's OpenAPI document",
            )
        return (
            kind,
            f"{detail}; declare the body: @responds({code}, content_type={media_type!r}), or "
            f"@responds({code}, SomeSchema) for JSON",
        )

    def _unexpected(self, length: int | None, media_type: str) -> tuple[ViolationKind, str]:
        size = "a streamed body" if length is None else f"a body of {length} bytes"
        return (
            "content-type",
            f"status {self._code} is declared without a body, but it sent {size} ({media_type})",
        )


class FallbackBodyCheck:
    """The body of a fallback code that several custom codes share, the document not listing it.

    It is checked as the custom code it stands for: the one the original-status
    header names. Without that header, any of theirs will do.
    """

    def __init__(self, code: int, stands_for: t.Mapping[int, BodyCheck]) -> None:
        self._code = code
        #: The body check of each custom code falling back to ``code``, lowest first.
        self._stands_for = dict(stands_for)

    def problem(self, response: Response) -> tuple[ViolationKind, str] | None:
        """What is wrong with ``response``'s body as the custom code's it stands for."""
        original = named_status(response.headers.get(ORIGINAL_STATUS_HEADER))
        check = self._stands_for.get(original) if original is not None else None
        if check is not None:
            return check.problem(response)
        problems = [check.problem(response) for check in self._stands_for.values()]
        return None if None in problems else problems[0]

    def received_problem(
        self,
        media_type: str | None,
        data: bytes,
        *,
        has_location: bool,
    ) -> tuple[ViolationKind, str] | None:
        """Any of the custom codes' verdicts, for a body a client received.

        The client looks its original-status header up itself
        (:func:`contractkit.client.contract`), so only a response without one comes here.
        """
        problems = [
            check.received_problem(media_type, data, has_location=has_location)
            for check in self._stands_for.values()
        ]
        return None if None in problems else problems[0]
