"""The IANA HTTP status code registry and the rules every status code must follow.

Each rule is defined here once, as a function returning why a value breaks it.
"""

from __future__ import annotations

import re
import typing as t

from ..errors import DeclarationError
from ..http import BODYLESS

#: Every code RFC 9110 §15 defines; clients treat any other number as a server error.
VALID_CODES: t.Final = range(100, 600)

# RFC 9112 reason-phrase = *( HTAB / SP / VCHAR / obs-text ); anything else (CR, LF,
# NUL, DEL, characters beyond Latin-1) would corrupt or split the status line.
_REASON_PHRASE = re.compile(r"[\t\x20-\x7e\x80-\xff]+")

#: Longest reason phrase accepted. Phrases are a few words (the longest standard
#: one, "Network Authentication Required", has 31 characters); status lines of
#: kilobytes break clients: Node's parser gives up at 16 KB, http.client at 64 KB.
MAX_PHRASE_LENGTH: t.Final = 64

#: Codes and phrases of the IANA "HTTP Status Code Registry" (RFC 9110 names).
#: 104 is a temporary registration; 306 and 418 are listed as "(Unused)" and
#: live in :data:`RESERVED` instead.
STANDARD_PHRASES: t.Final[dict[int, str]] = {
    100: "Continue",
    101: "Switching Protocols",
    102: "Processing",
    103: "Early Hints",
    104: "Upload Resumption Supported",
    200: "OK",
    201: "Created",
    202: "Accepted",
    203: "Non-Authoritative Information",
    204: "No Content",
    205: "Reset Content",
    206: "Partial Content",
    207: "Multi-Status",
    208: "Already Reported",
    226: "IM Used",
    300: "Multiple Choices",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    305: "Use Proxy",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    407: "Proxy Authentication Required",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Content Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    416: "Range Not Satisfiable",
    417: "Expectation Failed",
    421: "Misdirected Request",
    422: "Unprocessable Content",
    423: "Locked",
    424: "Failed Dependency",
    425: "Too Early",
    426: "Upgrade Required",
    428: "Precondition Required",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    451: "Unavailable For Legal Reasons",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    505: "HTTP Version Not Supported",
    506: "Variant Also Negotiates",
    507: "Insufficient Storage",
    508: "Loop Detected",
    510: "Not Extended",
    511: "Network Authentication Required",
}

#: Codes IANA keeps reserved as "(Unused)": neither declarable nor registrable,
#: because clients and intermediaries may already give them a meaning.
RESERVED: t.Final[frozenset[int]] = frozenset({306, 418})

#: Codes that clients receive from well-known infrastructure, not from apps:
#: nginx, AWS Elastic Load Balancing and Cloudflare.
INFRASTRUCTURE_CODES: t.Final[dict[int, str]] = {
    444: "nginx (No Response)",
    494: "nginx (Request Header Too Large)",
    495: "nginx (SSL Certificate Error)",
    496: "nginx (SSL Certificate Required)",
    497: "nginx (HTTP Request Sent to HTTPS Port)",
    498: "Esri ArcGIS (Invalid Token)",
    499: "nginx (Client Closed Request)",
    460: "AWS ELB (client closed the connection)",
    463: "AWS ELB (too many X-Forwarded-For addresses)",
    464: "AWS ELB (incompatible protocol versions)",
    **{code: "Cloudflare (origin errors 520-530)" for code in range(520, 531)},
}

#: Request headers that make a GET or HEAD conditional (RFC 9110 §13.1): a 304 then
#: revalidates a declared 2xx rather than being an answer of its own.
CONDITIONAL_HEADERS: t.Final = ("If-None-Match", "If-Modified-Since")


def bodyless_fallback_problem(code: int, fallback: int) -> str | None:
    """Why ``fallback`` cannot stand in for custom ``code`` because it has no body, or ``None``.

    A client asking for fallbacks would get the custom code's body under a
    status that must not carry one: dropped by proxies and clients, or sent
    as ``Content-Type: application/json`` with nothing after it.
    """
    if fallback not in BODYLESS:
        return None
    better = "200 OK or 202 Accepted" if code < 300 else "300 Multiple Choices or 303 See Other"
    return (
        f"fallback {fallback} for {code} can never carry content (RFC 9110: 204, 205 and "
        f"304 have none), so clients falling back would lose {code}'s body. Use a code "
        f"that carries content, such as {better}."
    )


def is_standard(code: int) -> bool:
    """Whether ``code`` is in the IANA registry (reserved entries included)."""
    return code in STANDARD_PHRASES or code in RESERVED


def registry_entry(code: int) -> str:
    """How the IANA registry lists ``code``, for a message that tells standard codes apart.

    A rule that reads "standard codes" (a document's ``default`` under the
    ``errors`` policy) leaves out 418 and 306, listed as "(Unused)": without
    saying so, "418 is not covered by the 4xx codes" reads as a contradiction.
    """
    if code in RESERVED:
        return f"IANA lists {code} as '(Unused)', not as a standard code"
    if code in STANDARD_PHRASES:
        return f"{code} is IANA's '{STANDARD_PHRASES[code]}'"
    return f"{code} is not in IANA's registry of standard codes"


def status_class(code: int) -> int:
    """The x00 code of ``code``'s class, which RFC 9110 §15 tells clients to fall back to."""
    return code // 100 * 100


# The rules below say *why* a value breaks them and return ``None`` when it does
# not, so each caller decides what a broken rule means: the decorators and the
# registry raise their own error class, ``contractkit check`` lists a problem.


def code_problem(code: object, *, what: str = "status code") -> str | None:
    """Why ``code`` is not an integer HTTP status code in 100-599, or ``None``.

    Strings, booleans and floats are rejected rather than converted: a contract
    written as ``"404"`` is usually a typo for something else, and ``True`` is an
    ``int`` to Python but never a status code.
    """
    if isinstance(code, bool):
        return f"{what} {code!r} is a bool; give an int such as 200 or 404."
    if isinstance(code, str):
        return f"{what} {code!r} is a string; give an int.{_digits_hint(code)}"
    if not isinstance(code, int):
        return f"{what} {code!r} is a {type(code).__name__}; give an int between 100 and 599."
    if code not in VALID_CODES:
        return (
            f"{what} {code} is outside 100-599: RFC 9110 §15 defines no other codes and "
            "clients treat them as server errors. Pick a code inside that range."
        )
    return None


def final_problem(code: int) -> str | None:
    """Why ``code`` can never be the final response of a view, or ``None``."""
    if code in RESERVED:
        return (
            f"status code {code} is reserved by IANA as '(Unused)'; pick a registered code "
            "or register an unassigned one with ContractKit.register_status()."
        )
    if code < 200:
        return (
            f"status code {code} is informational (1xx): it can only precede a final "
            "response and a WSGI app can never send it as one. Use 202 Accepted for "
            "work that is still being processed."
        )
    return None


def undeclarable_problem(code: object) -> str | None:
    """Why no declaration can hold ``code`` (``responds(code)`` raises it), or ``None``.

    The runtime check and the lint say the same of a view that answers such a
    code anyway: the code cannot be sent as an answer, so "declare it" would
    send a user to an error.
    """
    problem = code_problem(code)
    if problem is None and isinstance(code, int):
        problem = final_problem(code)
    return problem


def fallback_problem(code: int, fallback: object) -> str | None:
    """Why ``fallback`` cannot stand in for ``code`` with clients, or ``None``.

    Only custom codes have fallbacks, and a fallback must be a standard code
    clients know, of the same class (RFC 9110 §15 makes a client that does not
    know ``code`` read it as its class's x00), able to carry ``code``'s body.
    """
    if is_standard(code):
        return (
            f"status {code} is a standard code and needs no fallback: every client "
            f"understands {code} {STANDARD_PHRASES.get(code, '(Unused)')}. Remove it."
        )
    if isinstance(fallback, bool) or not isinstance(fallback, int):
        kind = "a string" if isinstance(fallback, str) else f"a {type(fallback).__name__}"
        hint = _digits_hint(fallback) if isinstance(fallback, str) else ""
        return (
            f"fallback {fallback!r} for {code} must be an integer status code; it is {kind}.{hint}"
        )
    if fallback not in STANDARD_PHRASES or fallback < 200:
        return (
            f"fallback {fallback} for {code} must be a registered standard code that clients "
            f"know, such as {status_class(code)}."
        )
    if status_class(fallback) != status_class(code):
        return (
            f"fallback {fallback} for {code} is in another class; RFC 9110 §15 makes clients "
            f"read {code} as a {code // 100}xx, so use a {code // 100}xx code such as "
            f"{status_class(code)}."
        )
    return bodyless_fallback_problem(code, fallback)


#: Where a document gives its custom codes' phrases and fallbacks (the top-level map),
#: and a custom code's response its fallback: what spec-driven mode reads, and writes.
STATUS_CODES_KEY: t.Final = "x-status-codes"
FALLBACK_KEY: t.Final = "x-fallback"

#: The phrase ``contractkit propose`` registers for a custom code that neither the app's
#: ``HTTP_STATUS_CODES`` nor a recorded status line names; ``check`` and ``lint`` flag it.
PLACEHOLDER_PHRASE: t.Final = "TODO Name This Status"


def placeholder_problem(phrase: object, code: int) -> str | None:
    """Why ``phrase`` is not a name yet: ``propose``'s placeholder, or ``None``."""
    if phrase != PLACEHOLDER_PHRASE:
        return None
    return (
        f"custom status {code} still has the placeholder phrase {PLACEHOLDER_PHRASE!r} that "
        "contractkit propose wrote; give it a name in register_status(...)."
    )


def phrase_problem(phrase: object, code: int) -> str | None:
    """Why ``phrase`` cannot be sent on ``code``'s status line, or ``None``."""
    if not isinstance(phrase, str):
        return f"phrase for status {code} must be a str, got {type(phrase).__name__}."
    if not phrase.strip():
        return (
            f"phrase for status {code} is empty; give a short reason such as 'Tier Limit Exceeded'."
        )
    if len(phrase) > MAX_PHRASE_LENGTH:
        return (
            f"phrase for status {code} has {len(phrase)} characters; a reason phrase is a few "
            f"words of at most {MAX_PHRASE_LENGTH}. Put the explanation in description=."
        )
    if not _REASON_PHRASE.fullmatch(phrase):
        return (
            f"phrase {phrase!r} for status {code} contains characters a status line cannot "
            "carry (CR, LF, other control characters or non-Latin-1 text would corrupt the "
            "response). Use printable text only."
        )
    if phrase != phrase.strip():
        return f"phrase {phrase!r} for status {code} has leading or trailing whitespace; remove it."
    return None


def _digits_hint(text: str) -> str:
    return f" Write {int(text)} instead of {text!r}." if text.strip().isdigit() else ""


def check_description(
    description: object, code: int, *, error: type[Exception] = DeclarationError
) -> str:
    """Return ``description`` if it is text worth publishing for ``code``, else raise ``error``.

    One rule for :func:`~contractkit.responds` and ``register_status``: a
    description is published as is, so bytes, numbers, lists or blank text
    would make an invalid document or a 500 from ``/openapi.json``.
    """
    if not (isinstance(description, str) and description.strip()):
        found = f"a {type(description).__name__}" if not isinstance(description, str) else "blank"
        raise error(
            f"description for status {code} must be a non-empty str, got {found}; say what "
            "the response means to a client."
        )
    return description
