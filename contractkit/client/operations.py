"""What each operation of a document may answer, precomputed for the client-side check."""

from __future__ import annotations

import typing as t
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..http import RESPONSE_RANGE
from ..runtime.bodies import BodyCheck, BodyChecks, FallbackBodyCheck
from ..runtime.body_compiler import BodyCompiler, operation_body_checks
from ..specfile.locations import follow
from ..specfile.response_headers import required_headers
from .compiling import LazyBodies
from .statuses import CustomCode


@dataclass(frozen=True, slots=True)
class ClientOperation:
    """One ``(method, path)`` of the document and the responses it declares."""

    #: The operation as the document names it: ``GET /items/{item_id}``.
    name: str
    method: str
    path: str
    #: The codes the document lists for it (what contract coverage counts).
    listed: frozenset[int]
    #: Listed codes plus the fallbacks the document gives listed custom codes
    #: (sent on ``Prefer: status-fallback``).
    codes: frozenset[int]
    #: Compiles the body checks when first asked for.
    lazy_bodies: LazyBodies = field(repr=False, compare=False)
    #: Headers a code declares ``required``; header names compare case-insensitively.
    headers: dict[int | str, tuple[str, ...]] = field(default_factory=dict)
    #: The key of the range response (``"4XX"``) covering each class, by first digit.
    ranges: dict[int, str] = field(default_factory=dict)
    #: Whether a ``default`` response covers every code not listed.
    has_default: bool = False
    #: Each listed custom code's fallback, where the document gives one.
    fallbacks: dict[int, int] = field(default_factory=dict)

    @property
    def bodies(self) -> BodyChecks:
        """Body checks by code, and by ``"4XX"``/``"default"`` key; compiled on first use."""
        return self.lazy_bodies.get()

    def catch_all(self, code: int) -> str | None:
        """The key of the range or ``default`` response standing for unlisted ``code``."""
        key = self.ranges.get(code // 100)
        if key is None and self.has_default:
            return "default"
        return key

    def body_check(self, key: int | str) -> BodyCheck | FallbackBodyCheck | None:
        return self.bodies.get(key)


def client_operation(
    method: str,
    path: str,
    operation: Mapping[str, t.Any],
    compiler: BodyCompiler,
    customs: Mapping[int, CustomCode],
    lazy: t.Callable[[t.Callable[[], BodyChecks]], LazyBodies],
) -> ClientOperation:
    """The check of one document operation; its body schemas compiled by ``compiler``
    when ``lazy`` (given how to compile them) first needs them."""
    document = compiler.document
    name = f"{method} {path}"
    responses = follow(document, operation.get("responses"))
    responses = responses if isinstance(responses, Mapping) else {}
    listed: set[int] = set()
    ranges: dict[int, str] = {}
    keys: list[int | str] = []
    for key in map(str, responses):
        if key.isdigit() and len(key) == 3:
            listed.add(int(key))
            keys.append(int(key))
        elif RESPONSE_RANGE.fullmatch(key.upper()):
            ranges[int(key[0])] = key
            keys.append(key)
        elif key == "default":
            keys.append(key)
    # Only fallbacks the document gives: a server sends no other in a custom code's place.
    fallbacks = {
        code: fallback
        for code in listed
        if code in customs and (fallback := customs[code].documented_fallback) is not None
    }
    headers: dict[int | str, tuple[str, ...]] = {}
    for each in keys:  # listed codes, ranges and default alike
        required = required_headers(document, responses[str(each)])
        if required:
            headers[each] = required
    for fallback in set(fallbacks.values()) - listed:
        # Sent in place of any custom code that falls back to it: without the
        # original-status header, only what all of them require is required.
        stands_for = [headers.get(code, ()) for code, to in fallbacks.items() if to == fallback]
        common = tuple(name for name in stands_for[0] if all(name in h for h in stands_for))
        if common:
            headers[fallback] = common
    return ClientOperation(
        name=name,
        method=method,
        path=path,
        listed=frozenset(listed),
        codes=frozenset(listed | set(fallbacks.values())),
        lazy_bodies=lazy(lambda: operation_body_checks(compiler, responses, keys, fallbacks, name)),
        headers=headers,
        ranges=ranges,
        has_default="default" in responses,
        fallbacks=fallbacks,
    )
