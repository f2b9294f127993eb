"""The status registry: standard codes plus the custom codes an API registers."""

from __future__ import annotations

import re
import typing as t
import warnings
from dataclasses import dataclass

from ..errors import InfrastructureCodeWarning, RegistrationError, UnregisteredStatusError
from .status_codes import (
    INFRASTRUCTURE_CODES,
    RESERVED,
    STANDARD_PHRASES,
    bodyless_fallback_problem,
    check_code,
    check_description,
    is_standard,
    status_class,
)

# RFC 9112 reason-phrase = *( HTAB / SP / VCHAR / obs-text ); anything else (CR, LF,
# NUL, DEL, characters beyond Latin-1) would corrupt or split the status line.
_REASON_PHRASE = re.compile(r"[\t\x20-\x7e\x80-\xff]+")

#: Longest reason phrase accepted. Phrases are a few words (the longest standard
#: one, "Network Authentication Required", has 31 characters); status lines of
#: kilobytes break clients: Node's parser gives up at 16 KB, http.client at 64 KB.
MAX_PHRASE_LENGTH: t.Final = 64


@dataclass(frozen=True)
class CustomStatus:
    """A registered custom code: what clients see and what they should treat it as."""

    #: The code itself, in 200-599 and not in the IANA registry.
    code: int
    #: Reason phrase sent on the status line and shown in the docs.
    phrase: str
    #: A standard code of the same class for clients that do not know ``code``.
    fallback: int
    #: What the code means, for the OpenAPI document.
    description: str | None = None

    @property
    def status_line(self) -> str:
        """The WSGI status string, e.g. ``"460 Tier Limit Exceeded"``."""
        return f"{self.code} {self.phrase}"


def check_phrase(phrase: object, code: int) -> str:
    """Return ``phrase`` if it can be sent on a status line, else raise."""
    if not isinstance(phrase, str):
        raise RegistrationError(
            f"phrase for status {code} must be a str, got {type(phrase).__name__}."
        )
    if not phrase.strip():
        raise RegistrationError(
            f"phrase for status {code} is empty; give a short reason such as 'Tier Limit Exceeded'."
        )
    if len(phrase) > MAX_PHRASE_LENGTH:
        raise RegistrationError(
            f"phrase for status {code} has {len(phrase)} characters; a reason phrase is a few "
            f"words of at most {MAX_PHRASE_LENGTH}. Put the explanation in description=."
        )
    if not _REASON_PHRASE.fullmatch(phrase):
        raise RegistrationError(
            f"phrase {phrase!r} for status {code} contains characters a status line cannot "
            "carry (CR, LF, other control characters or non-Latin-1 text would corrupt the "
            "response). Use printable text only."
        )
    if phrase != phrase.strip():
        raise RegistrationError(
            f"phrase {phrase!r} for status {code} has leading or trailing whitespace; remove it."
        )
    return phrase


class StatusRegistry:
    """Every status code a contract may use, with its phrase and fallback.

    Standard codes are known from the start; custom codes are added with
    :meth:`register`. Registering the same code twice with the same phrase and
    fallback is harmless, so app factories may register on every call.
    """

    def __init__(self) -> None:
        self._custom: dict[int, CustomStatus] = {}

    def register(
        self,
        code: int,
        phrase: str,
        *,
        fallback: int | None = None,
        description: str | None = None,
    ) -> CustomStatus:
        """Register a custom code, or confirm a standard code's phrase.

        :param code: an unassigned code in 200-599.
        :param phrase: the reason phrase for the status line.
        :param fallback: a standard code of the same class; defaults to the class's
            x00 code, which is what RFC 9110 §15 tells clients to assume.
        :param description: what the code means, published in the OpenAPI document.
        """
        code = check_code(code)
        phrase = check_phrase(phrase, code)
        if description is not None:
            check_description(description, code, error=RegistrationError)
        if is_standard(code):
            return self._confirm_standard(code, phrase, fallback)
        if code < 200:
            raise RegistrationError(
                f"cannot register {code}: 1xx codes are informational and can never be the "
                "final response of a view. Use 202 Accepted for work still in progress."
            )
        if code in INFRASTRUCTURE_CODES:
            warnings.warn(
                f"custom status {code} is also sent by {INFRASTRUCTURE_CODES[code]}; clients "
                "behind such a proxy cannot tell its answer from yours. Prefer another "
                "unassigned code, or silence this with warnings.filterwarnings('ignore', "
                "category=contractkit.InfrastructureCodeWarning).",
                InfrastructureCodeWarning,
                stacklevel=3,
            )
        status = CustomStatus(code, phrase, self._check_fallback(code, fallback), description)
        existing = self._custom.get(code)
        if existing is not None and existing != status:
            raise RegistrationError(
                f"status {code} is already registered as {existing.status_line!r} "
                f"(fallback {existing.fallback}); register each custom code once, "
                "with one phrase, fallback and description."
            )
        self._custom[code] = status
        return status

    def _confirm_standard(self, code: int, phrase: str, fallback: int | None) -> CustomStatus:
        if code in RESERVED:
            raise RegistrationError(
                f"status {code} is reserved by IANA as '(Unused)' and cannot be registered; "
                "pick an unassigned code."
            )
        if fallback is not None:
            raise RegistrationError(
                f"status {code} is a standard code and needs no fallback; every client "
                "understands it. Remove fallback=."
            )
        standard = STANDARD_PHRASES[code]
        if phrase != standard:
            raise RegistrationError(
                f"status {code} is a standard code with the phrase {standard!r}; it cannot be "
                f"re-registered as {phrase!r}. Register an unassigned code for a new meaning."
            )
        return CustomStatus(code, phrase, code)

    @staticmethod
    def _check_fallback(code: int, requested: object) -> int:
        if requested is None:
            return status_class(code)
        fallback = check_code(requested, what="fallback")
        if not is_standard(fallback) or fallback in RESERVED or fallback < 200:
            raise RegistrationError(
                f"fallback {fallback} for status {code} must be a registered standard code: "
                "clients that do not understand a custom code can only fall back to one they "
                f"know. Use {status_class(code)} or another standard {code // 100}xx code."
            )
        if status_class(fallback) != status_class(code):
            raise RegistrationError(
                f"fallback {fallback} for status {code} is in another class; RFC 9110 §15 "
                f"makes clients read {code} as a {code // 100}xx, so the fallback must be a "
                f"{code // 100}xx code such as {status_class(code)}."
            )
        bodyless = bodyless_fallback_problem(code, fallback)
        if bodyless:
            raise RegistrationError(bodyless)
        return fallback

    def copy(self) -> StatusRegistry:
        """A new registry with the same custom codes, to add an app's own to."""
        copied = StatusRegistry()
        copied._custom = dict(self._custom)
        return copied

    def custom(self, code: int) -> CustomStatus | None:
        """The registration of a custom ``code``, or ``None`` for standard/unknown codes."""
        return self._custom.get(code)

    def custom_codes(self) -> list[CustomStatus]:
        """Every registered custom code, sorted by code."""
        return [self._custom[code] for code in sorted(self._custom)]

    def phrase(self, code: int) -> str:
        """The reason phrase for a standard or registered code."""
        if code in STANDARD_PHRASES:
            return STANDARD_PHRASES[code]
        return self.require(code).phrase

    def require(self, code: int, *, where: str = "") -> CustomStatus:
        """The registration of custom ``code``; raise a helpful error when it is missing."""
        status = self._custom.get(code)
        if status is None:
            place = f" by {where}" if where else ""
            raise UnregisteredStatusError(
                f"custom status {code} is declared{place} but was never registered. Register "
                f"it once, before the contract is built: ck.register_status({code}, "
                f"'<Reason Phrase>', fallback={status_class(code)})."
            )
        return status
