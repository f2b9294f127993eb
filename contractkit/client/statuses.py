"""A document's custom codes as a client needs them: each code's phrase and fallback."""

from __future__ import annotations

import typing as t
from collections.abc import Mapping
from dataclasses import dataclass

from ..declare.status_codes import (
    STANDARD_PHRASES,
    VALID_CODES,
    fallback_problem,
    is_standard,
    status_class,
)
from ..specfile.locations import follow, iter_operations

_EXTENSION = "x-status-codes"
_FALLBACK = "x-fallback"


@dataclass(frozen=True)
class CustomCode:
    """One custom status code of a document."""

    code: int
    #: The reason phrase the document gives it (``x-status-codes``), if any.
    phrase: str | None
    #: The standard code a client without special handling acts on.
    fallback: int
    #: What the code means, from ``x-status-codes``, if the document says.
    description: str | None = None
    #: The fallback as the document gives it; ``None`` where RFC 9110's class
    #: rule stands in. Only a fallback the document gives is ever sent in the
    #: custom code's place (``Prefer: status-fallback``); the class rule only
    #: says how a client reads the code.
    documented_fallback: int | None = None


def custom_codes(document: Mapping[str, t.Any]) -> dict[int, CustomCode]:
    """Every custom code ``document`` lists, in code order, with phrase and fallback.

    The fallback is the one ``x-status-codes`` gives, else the ``x-fallback``
    of a response that declares the code, else RFC 9110 §15's class rule (the
    x00 of its class). A fallback that breaks the fallback rules
    (:func:`~contractkit.declare.status_codes.fallback_problem`) is passed
    over: ``contractkit check`` reports it, and a client is better served by
    the class rule than by a wrong code.
    """
    entries = document.get(_EXTENSION)
    entries = entries if isinstance(entries, Mapping) else {}
    fallbacks: dict[int, list[object]] = {}
    for _, _, operation in iter_operations(document):
        responses = follow(document, operation.get("responses"))
        if not isinstance(responses, Mapping):
            continue
        for key, response in responses.items():
            code = _custom(key)
            if code is not None:
                response = follow(document, response)
                given = response.get(_FALLBACK) if isinstance(response, Mapping) else None
                fallbacks.setdefault(code, []).append(given)
    for key in entries:
        code = _custom(key)
        if code is not None:
            fallbacks.setdefault(code, [])
    found: dict[int, CustomCode] = {}
    for code in sorted(fallbacks):
        entry = entries.get(str(code))
        entry = entry if isinstance(entry, Mapping) else {}
        candidates = [entry.get("fallback"), *fallbacks[code]]
        documented = next(
            (c for c in candidates if c is not None and fallback_problem(code, c) is None), None
        )
        phrase, description = entry.get("phrase"), entry.get("description")
        found[code] = CustomCode(
            code,
            phrase if isinstance(phrase, str) and phrase.strip() else None,
            t.cast(int, documented) if documented is not None else status_class(code),
            description if isinstance(description, str) and description.strip() else None,
            t.cast(int | None, documented),
        )
    return found


def standard_status(code: int, customs: Mapping[int, CustomCode]) -> int:
    """The code a client that knows only standard codes acts on when it receives ``code``."""
    if code not in VALID_CODES:
        return 500  # RFC 9110 §15: a client treats a code outside 100-599 as a 5xx
    if code in STANDARD_PHRASES:
        return code
    custom = customs.get(code)
    return custom.fallback if custom is not None else status_class(code)


def phrase(code: int, customs: Mapping[int, CustomCode]) -> str | None:
    """``code``'s reason phrase: the document's for a custom code, IANA's for a standard one."""
    custom = customs.get(code)
    if custom is not None and custom.phrase is not None:
        return custom.phrase
    return STANDARD_PHRASES.get(code)


def _custom(key: object) -> int | None:
    text = str(key)
    if len(text) == 3 and text.isdigit() and int(text) in VALID_CODES:
        code = int(text)
        return None if is_standard(code) else code
    return None
