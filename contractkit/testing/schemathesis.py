"""Schemathesis settings from a contract: the status codes its checks should expect.

Two schemathesis v4 checks judge an answer by a fixed list of standard codes:
``positive_data_acceptance`` (a valid request must not be rejected) and
``negative_data_rejection`` (an invalid one must be). A custom code is on
neither list, so a contract that declares 460 for ``GET /search`` fails them
although the API keeps its word. The settings here extend both lists per
operation, from the contract's own custom codes, instead of switching the
checks off.
"""

from __future__ import annotations

import typing as t
from collections.abc import Iterable, Mapping

import tomli_w

from ..declare.status_codes import is_standard, status_class
from ..specfile.locations import follow, iter_operations

#: schemathesis v4's default ``expected-statuses`` of ``positive_data_acceptance``.
POSITIVE_EXPECTED: t.Final = ("2xx", "3xx", "401", "403", "404", "409", "429", "5xx")
#: schemathesis v4's default ``expected-statuses`` of ``negative_data_rejection``.
NEGATIVE_EXPECTED: t.Final = (
    "400", "401", "403", "404", "405", "406", "409", "415", "422", "428", "429", "5xx",
)  # fmt: skip

_POSITIVE = "positive_data_acceptance"
_NEGATIVE = "negative_data_rejection"


def schemathesis_config(spec: Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The ``[[operations]]`` settings schemathesis needs for ``spec``'s custom codes.

    For each operation that declares custom codes, the statuses the two
    checks expect are schemathesis's defaults plus:

    - valid data: every custom code the operation declares. contractkit
      rejects invalid input with a standard code (400 or 422), so a custom
      code is an answer of the API's own, never a rejection of the input.
    - invalid data: the custom 4xx codes, which reject the request too.
    - both: the fallbacks of those codes when the document negotiates them
      (``x-status-fallback``), since a client that sends
      ``Prefer: status-fallback`` receives the fallback in their place. A
      valid request may then be answered with a fallback such as 400: the
      ``Contract-Original-Status`` header tells it from a rejection, which
      schemathesis does not read.

    Operations are matched by name (``GET /search``), as schemathesis labels
    them. The result has the shape of ``schemathesis.toml``; write it with
    :func:`schemathesis_toml`.

    :param spec: an OpenAPI document, such as ``ck.spec(app)`` or an exported file.
    """
    negotiated = _negotiated(spec)
    blocks = []
    for path, method, operation in iter_operations(spec):
        customs = _custom_codes(spec, operation)
        if not customs:
            continue
        fallbacks = [fallback for _, fallback in customs] if negotiated else []
        codes = [code for code, _ in customs]
        rejecting = [code for code in [*codes, *fallbacks] if status_class(code) == 400]
        checks = {}
        for name, defaults, extra in (
            (_POSITIVE, POSITIVE_EXPECTED, [*codes, *fallbacks]),
            (_NEGATIVE, NEGATIVE_EXPECTED, rejecting),
        ):
            statuses = _extend(defaults, extra)
            if len(statuses) > len(defaults):
                checks[name] = {"expected-statuses": statuses}
        if checks:
            blocks.append({"include-name": f"{method.upper()} {path}", "checks": checks})
    return {"operations": blocks}


def schemathesis_toml(spec: Mapping[str, t.Any], *, source: str | None = None) -> str:
    """:func:`schemathesis_config` as the text of a ``schemathesis.toml``.

    :param source: where ``spec`` came from, named in the file's header comment.
    """
    # A comment ends at a line break, and TOML allows no control characters in
    # one: a source named with either is written with Python's escapes.
    named = source or "this API's contract"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in named):
        named = repr(named)
    header = (
        "# Status codes schemathesis's positive_data_acceptance and negative_data_rejection\n"
        f"# checks expect, beyond their defaults, for the custom codes of {named}.\n"
        "# Written by `contractkit schemathesis-config`; write it again when the contract "
        "changes.\n"
    )
    body = tomli_w.dumps(schemathesis_config(spec))
    return header + ("\n" + body if body else "")


def _negotiated(spec: Mapping[str, t.Any]) -> bool:
    """Whether clients may receive fallbacks in place of custom codes."""
    negotiation = spec.get("x-status-fallback")
    return isinstance(negotiation, Mapping) and negotiation.get("policy") in (
        "on-request",
        "always",
    )


def _custom_codes(
    spec: Mapping[str, t.Any], operation: Mapping[str, t.Any]
) -> list[tuple[int, int]]:
    """``(custom code, fallback)`` for each custom code ``operation`` declares."""
    responses = follow(spec, operation.get("responses"))
    if not isinstance(responses, Mapping):
        return []
    found = []
    for key, response in responses.items():
        if not (str(key).isdigit() and len(str(key)) == 3):
            continue  # "default" and ranges such as "4XX"
        code = int(key)
        if is_standard(code):
            continue
        response = follow(spec, response)
        fallback = response.get("x-fallback") if isinstance(response, Mapping) else None
        if isinstance(fallback, bool) or not isinstance(fallback, int):
            fallback = status_class(code)  # RFC 9110 §15: what clients read it as anyway
        found.append((code, fallback))
    return sorted(found)


def _extend(defaults: Iterable[str], codes: Iterable[int]) -> list[str]:
    """``defaults`` followed by each code none of them matches yet."""
    statuses = list(defaults)
    for code in sorted(set(codes)):
        if not any(_matches(status, code) for status in statuses):
            statuses.append(str(code))
    return statuses


def _matches(status: str, code: int) -> bool:
    """Whether a schemathesis status pattern such as ``404``, ``4xx`` or ``40x`` matches."""
    text = str(code)
    return len(status) == 3 and all(p in "xX" or p == c for p, c in zip(status, text, strict=True))
