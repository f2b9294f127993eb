"""One status code of an operation as the contract holds it, whatever declared it.

Its own module so that the steps which complete a contract's responses
(:mod:`.error_bodies`) and the reader that assembles operations
(:mod:`.operations`) both import it, and neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from .decorators import ResponseDeclaration
from .headers import HeaderDeclaration


@dataclass(frozen=True)
class ResponseContract:
    """One status code of an operation, as the contract publishes and enforces it."""

    code: int
    description: str
    #: Body declarations by media type; empty for a response without a body.
    content: tuple[ResponseDeclaration, ...]
    #: The standard code clients may receive instead; ``None`` for standard codes.
    fallback: int | None = None
    #: Response headers, as declared.
    headers: tuple[HeaderDeclaration, ...] = ()
    #: Answered by the router alone (a path its converters reject), never by the
    #: view: published so clients know it, but no test of the view can see it.
    routing: bool = False
