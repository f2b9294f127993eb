"""The status registry: standard codes plus the custom codes an API registers."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from ..errors import InfrastructureCodeWarning, RegistrationError, UnregisteredStatusError
from .status_codes import (
    INFRASTRUCTURE_CODES,
    MAX_PHRASE_LENGTH,
    STANDARD_PHRASES,
    check_description,
    code_problem,
    fallback_problem,
    final_problem,
    is_standard,
    phrase_problem,
    status_class,
)

__all__ = ["MAX_PHRASE_LENGTH", "CustomStatus", "StatusRegistry"]


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
        :raises RegistrationError: for a bad code, phrase, fallback or description.
        """
        problem = code_problem(code)
        if problem is None:
            problem = phrase_problem(phrase, code) or final_problem(code)
        if problem is None and fallback is not None:
            problem = fallback_problem(code, fallback)
        if problem is not None:
            raise RegistrationError(problem)
        if description is not None:
            check_description(description, code, error=RegistrationError)
        if is_standard(code):
            if phrase != STANDARD_PHRASES[code]:
                raise RegistrationError(
                    f"status {code} is a standard code with the phrase "
                    f"{STANDARD_PHRASES[code]!r}; it cannot be re-registered as {phrase!r}. "
                    "Register an unassigned code for a new meaning."
                )
            return CustomStatus(code, phrase, code)
        if code in INFRASTRUCTURE_CODES:
            warnings.warn(
                f"custom status {code} is also sent by {INFRASTRUCTURE_CODES[code]}; clients "
                "behind such a proxy cannot tell its answer from yours. Prefer another "
                "unassigned code, or silence this with warnings.filterwarnings('ignore', "
                "category=contractkit.errors.InfrastructureCodeWarning).",
                InfrastructureCodeWarning,
                stacklevel=3,
            )
        status = CustomStatus(
            code, phrase, status_class(code) if fallback is None else fallback, description
        )
        existing = self._custom.get(code)
        if existing is not None and existing != status:
            raise RegistrationError(
                f"status {code} is already registered as {existing.status_line!r} "
                f"(fallback {existing.fallback}); register each custom code once, "
                "with one phrase, fallback and description."
            )
        self._custom[code] = status
        return status

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
