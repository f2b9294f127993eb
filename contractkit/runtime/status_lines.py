"""Custom codes on the wire: their phrase, or their fallback for clients that ask for it."""

from __future__ import annotations

import typing as t

from flask import Request, Response
from werkzeug.http import parse_list_header

from ..config import FallbackPolicy
from ..declare.registry import CustomStatus
from ..declare.status_codes import STANDARD_PHRASES

#: The RFC 7240 preference a client sends (``Prefer: status-fallback``) to be
#: answered with standard codes only.
PREFERENCE: t.Final = "status-fallback"
#: Response header that keeps the custom code a fallback replaced, e.g. ``460``.
ORIGINAL_STATUS_HEADER: t.Final = "Contract-Original-Status"


def prefers_fallback(values: t.Iterable[str]) -> bool:
    """Whether ``Prefer`` header values ask for ``status-fallback``.

    RFC 7240 §2: each header is a comma-separated list of preferences, ``token
    [ "=" word ] *( ";" parameter )``, whose names are case-insensitive and
    whose values may be quoted strings holding commas. Werkzeug splits the
    list with quoted strings kept whole, so ``foo="x, status-fallback"`` is
    one preference, named ``foo``; the name is what precedes any ``=`` or ``;``.
    """
    for value in values:
        if PREFERENCE not in value.lower():
            continue  # the common case: a header that asks for something else
        for preference in parse_list_header(value):
            name = preference.partition(";")[0].partition("=")[0].strip(" \t")
            if name.lower() == PREFERENCE:
                return True
    return False


class StatusLines:
    """Puts each custom code on the status line, or its fallback when negotiated.

    Only responses with a registered custom code come here, so standard
    responses never pay for reading the ``Prefer`` header.
    """

    def __init__(self, customs: t.Iterable[CustomStatus], policy: FallbackPolicy) -> None:
        #: Registered custom codes by code; the checker looks them up per response.
        self.customs: dict[int, CustomStatus] = {status.code: status for status in customs}
        self._policy = policy

    def apply(self, response: Response, request: Request, status: CustomStatus) -> None:
        """Rewrite ``response``'s status line for custom ``status``."""
        policy = self._policy
        if policy == "never":
            response.status = status.status_line
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
            response.status = status.status_line
            return
        response.status = f"{status.fallback} {STANDARD_PHRASES[status.fallback]}"
        response.headers[ORIGINAL_STATUS_HEADER] = str(status.code)
        if asked:
            applied = response.headers.get("Preference-Applied")
            response.headers["Preference-Applied"] = (
                f"{applied}, {PREFERENCE}" if applied else PREFERENCE
            )


def prefer_parameter(fallbacks: t.Mapping[int, int]) -> dict[str, t.Any]:
    """The OpenAPI ``Prefer`` header parameter of an operation with custom codes."""
    pairs = ", ".join(f"{code} → {fallback}" for code, fallback in sorted(fallbacks.items()))
    return {
        "name": "Prefer",
        "in": "header",
        "required": False,
        "description": (
            f"Send `{PREFERENCE}` (RFC 7240) to be answered with standard status codes only: "
            f"each custom code of this operation is replaced by its fallback ({pairs}). Such "
            f"a response carries `Preference-Applied: {PREFERENCE}` and keeps the custom code "
            f"in the `{ORIGINAL_STATUS_HEADER}` header."
        ),
        "schema": {"type": "string"},
        "example": PREFERENCE,
    }


def spec_extension(policy: FallbackPolicy) -> dict[str, t.Any]:
    """The top-level ``x-status-fallback`` object: how this API negotiates fallbacks."""
    when = {
        "on-request": f"when the request carries `Prefer: {PREFERENCE}`",
        "always": "always: clients never receive custom codes",
        "never": "never: clients always receive custom codes",
    }[policy]
    return {
        "policy": policy,
        "preference": PREFERENCE,
        "originalStatusHeader": ORIGINAL_STATUS_HEADER,
        "description": (
            f"Custom status codes are replaced by their `x-fallback` code {when}. A replaced "
            f"response keeps the custom code in the `{ORIGINAL_STATUS_HEADER}` header."
        ),
    }
