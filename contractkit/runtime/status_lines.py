"""Custom codes on the wire: their phrase, or their fallback for clients that ask for it."""

from __future__ import annotations

import typing as t

from flask import Request, Response
from werkzeug.http import parse_list_header

from ..config import FallbackPolicy
from ..declare.registry import CustomStatus
from ..declare.status_codes import STANDARD_PHRASES
from ..wire import ORIGINAL_STATUS_HEADER, PREFERENCE


def prefers_fallback(values: t.Iterable[str]) -> bool:
    """Whether ``Prefer`` header values ask for ``status-fallback`` (see :func:`preferences`)."""
    values = [value for value in values if PREFERENCE in value.lower()]
    # The common case, a header that asks for something else, is decided without parsing.
    return bool(values) and PREFERENCE in preferences(values)


def preferences(values: t.Iterable[str]) -> dict[str, str]:
    """The preferences ``Prefer`` header values state, by lower-case name, with their values.

    RFC 7240 §2: each header is a comma-separated list of preferences, ``token
    [ "=" word ] *( ";" parameter )``, whose names are case-insensitive and
    whose values may be quoted strings holding commas. Werkzeug splits the
    list with quoted strings kept whole, so ``foo="x, status-fallback"`` is
    one preference, named ``foo``; the name is what precedes any ``=`` or ``;``.
    A preference without a value maps to ``""``; parameters are not kept; the
    first of a repeated preference wins (RFC 7240 §2).
    """
    found: dict[str, str] = {}
    for value in values:
        for preference in parse_list_header(value):
            name, _, word = preference.partition(";")[0].partition("=")
            word = word.strip(" \t")
            if len(word) >= 2 and word[0] == word[-1] == '"':
                word = word[1:-1]
            found.setdefault(name.strip(" \t").lower(), word)
    return found


class StatusLines:
    """Puts each custom code on the status line, or its fallback when negotiated.

    Only responses with a registered custom code come here, so standard
    responses never pay for reading the ``Prefer`` header.
    """

    def __init__(self, customs: t.Iterable[CustomStatus], policy: FallbackPolicy) -> None:
        #: Registered custom codes by code; the checker looks them up per response.
        self.customs: dict[int, CustomStatus] = {status.code: status for status in customs}
        self._policy = policy
        # Each code's two status lines and its header value, written once rather than
        # for every response that carries the code.
        self._lines = {code: status.status_line for code, status in self.customs.items()}
        self._fallbacks = {
            code: (f"{status.fallback} {STANDARD_PHRASES[status.fallback]}", str(code))
            for code, status in self.customs.items()
        }

    def apply(self, response: Response, request: Request, status: CustomStatus) -> None:
        """Rewrite ``response``'s status line for custom ``status``."""
        policy = self._policy
        if policy == "never":
            response.status = self._lines[status.code]
            return
        asked = prefers_fallback(request.headers.getlist("Prefer"))
        if policy == "on-request":
            # The answer depends on the Prefer header, so caches must key on it. A view's
            # "Vary: *" already forbids reuse (RFC 9110 §12.5.5); naming a header beside it
            # would let a cache reuse the response for requests that send the same Prefer.
            vary = response.vary
            if "*" not in vary:
                vary.add("Prefer")
        if not (asked or policy == "always"):
            response.status = self._lines[status.code]
            return
        response.status, original = self._fallbacks[status.code]
        response.headers[ORIGINAL_STATUS_HEADER] = original
        if asked:
            applied = response.headers.get("Preference-Applied")
            response.headers["Preference-Applied"] = (
                f"{applied}, {PREFERENCE}" if applied else PREFERENCE
            )
