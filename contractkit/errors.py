"""The exceptions and warnings contractkit raises: public, as ``contractkit.errors``.

Every error derives from :class:`ContractError` and every warning from
:class:`ContractWarning`, so an app catches or filters them all at once.
"""

from __future__ import annotations

import sys
import typing as t
import warnings

#: How many problems an error lists before it says how many more there are.
SHOWN_PROBLEMS: t.Final = 15


def listed_problems(problems: t.Sequence[object]) -> str:
    """``problems`` one to an indented line, for an error message; the rest counted.

    A document with hundreds of problems must still give a message a person
    reads to the end: the first few say what to fix, the count how much.
    """
    listed = "\n".join(f"  {problem}" for problem in problems[:SHOWN_PROBLEMS])
    rest = len(problems) - SHOWN_PROBLEMS
    return listed + (f"\n  ... and {rest} more" if rest > 0 else "")


class ContractError(Exception):
    """Base class for every error contractkit raises about a contract."""


class DeclarationError(ContractError, ValueError):
    """A view, blueprint or app declares a response or input that cannot be part of a contract."""


class RegistrationError(ContractError, ValueError):
    """A status code was registered with a phrase or fallback that cannot be used."""


class UnregisteredStatusError(ContractError, LookupError):
    """A view declares a custom status code that was never registered."""


class SpecError(ContractError):
    """The OpenAPI document could not be built from the app's declarations."""


class ContractWarning(UserWarning):
    """Advice about a contract that is valid but likely to surprise its clients."""


class InfrastructureCodeWarning(ContractWarning):
    """A custom code is also sent by well-known proxies or load balancers.

    A client that receives it cannot tell the app's answer from the proxy's.
    """


class BodyCheckWarning(ContractWarning):
    """A declared body schema cannot be compiled for runtime checks; its bodies go unchecked."""


class ConversionWarning(ContractWarning):
    """A Swagger 2.0 document says something its OpenAPI 3.0 conversion cannot.

    A path array sent pipe-separated, or any ``tsv`` one: clients and tools that
    read the conversion (``/openapi.json``, ``export``, ``diff``) would send the
    value in 3.0's default style instead.
    """


class ExampleWarning(ContractWarning):
    """A documented example breaks its schema; ``contractkit mock`` serves a generated body."""


class ConfigError(ContractError, ValueError):
    """A ``CONTRACTKIT_*`` config value is not one contractkit can use."""


class ConfigWarning(ContractWarning):
    """A ``CONTRACTKIT_*`` key contractkit does not know, or one set too late to take effect."""


def warn(message: str, category: type[Warning]) -> None:
    """Warn, pointing at the first caller outside contractkit and the web frameworks.

    That is the line a user can change: the ``init_app`` call of an app
    factory, or the test client request that served an app's first request
    (on Quart, the coroutine that awaited it, past Quart's and asyncio's frames).
    A fixed ``stacklevel`` cannot say which, since the depth differs.
    """
    frame = sys._getframe(1)
    level = 2  # 1 is this function; 2, the caller of this one (frame)
    while frame.f_back is not None and _is_library(frame.f_globals.get("__name__", "")):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def _is_library(module: str) -> bool:
    return module.partition(".")[0] in ("contractkit", "flask", "werkzeug", "quart", "asyncio")


class SpecFileError(ContractError):
    """A spec file cannot be read, parsed or written."""


class AppLoadError(ContractError):
    """The app named on the command line cannot be imported or has no contract to export."""


class ContractViolationError(ContractError, AssertionError):
    """A response a client received breaks the contract of the operation it answers.

    Raised by :meth:`contractkit.ClientContract.check`. An
    :class:`AssertionError` too, so a test that receives one fails as on any
    broken assertion. The message names the operation and what is wrong, with
    the location and rule of a body problem but never the body's values.
    """

    def __init__(
        self,
        kind: str,
        operation: str,
        status: int,
        detail: str,
        *,
        declared: tuple[int, ...] = (),
        path: str = "",
    ) -> None:
        super().__init__(f"{operation}: {detail}")
        #: What was wrong, as the server's violations name it: ``undeclared-status``,
        #: ``missing-header``, ``invalid-body``, ``content-type`` or ``undocumented-operation``.
        self.kind = kind
        #: The operation as the document names it, ``GET /items/{item_id}``.
        self.operation = operation
        #: The code the response had.
        self.status = status
        #: What was wrong, in a sentence.
        self.detail = detail
        #: The codes the operation may answer with; empty for an undocumented one.
        self.declared = declared
        #: The request's path (no query string, which may hold credentials).
        self.path = path
