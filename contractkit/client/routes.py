"""Which operation of a document a request went to: its server URLs and path templates.

A request URL is matched as OpenAPI says a server matches it: the path of
one of the ``servers`` URLs, read by :func:`~contractkit.specfile.servers.path_prefixes`
as a spec-driven server reads it (``/`` when the document lists none), then
one of the ``paths``, concrete paths before
templated ones (OpenAPI 3.1 §4.8.8.2). Hosts are not compared: the same
document describes a local server, staging and production.
"""

from __future__ import annotations

import re
import typing as t
from collections.abc import Mapping
from urllib.parse import urlsplit

from ..http import PATH_ITEM_METHODS
from ..specfile.locations import follow
from ..specfile.servers import path_prefixes

V = t.TypeVar("V")

_VARIABLE = re.compile(r"\{([^{}/]+)\}")


class Routes(t.Generic[V]):
    """Each ``(method, path template)`` of a document, found from a request URL.

    Looking a request up costs a dict lookup for a concrete path, else one
    regular expression per templated path of the method.
    """

    def __init__(self, document: Mapping[str, t.Any], make: t.Callable[[str, str, t.Any], V]):
        """:param make: builds the value kept for ``(METHOD, path, operation)``."""
        # Longest first: a request under /v1/admin belongs to that server, not to /v1.
        self._prefixes = tuple(sorted(path_prefixes(document), key=len, reverse=True))
        self._concrete: dict[tuple[str, str], V] = {}
        self._templated: dict[str, list[tuple[_Template, V]]] = {}
        #: Every value, in document order.
        self.values: tuple[V, ...] = ()
        made: list[V] = []
        paths = document.get("paths")
        for path, item in (paths if isinstance(paths, Mapping) else {}).items():
            item = follow(document, item)
            if not isinstance(item, Mapping):
                continue
            pattern = _Template(str(path)) if _VARIABLE.search(str(path)) else None
            for method in PATH_ITEM_METHODS:
                operation = item.get(method)
                if not isinstance(operation, Mapping):
                    continue
                value = make(method.upper(), str(path), operation)
                made.append(value)
                if pattern is None:
                    self._concrete[(method.upper(), str(path))] = value
                else:
                    self._templated.setdefault(method.upper(), []).append((pattern, value))
        self.values = tuple(made)
        for entries in self._templated.values():
            # Fewer variables first: /items/latest over /items/{id}, more literal text first.
            entries.sort(key=lambda entry: entry[0].order)

    @property
    def servers(self) -> tuple[str, ...]:
        """The server paths requests are matched under, longest first."""
        return self._prefixes

    def find(self, method: str, url: str) -> V | None:
        """The value of the operation ``method`` ``url`` went to, or ``None``."""
        found = self.match(method, url)
        return found[0] if found is not None else None

    def request_match(self, method: str, url: str) -> tuple[V, dict[str, str]] | None:
        """:meth:`match` for a request of ``method``, which a server answers as HTTP says.

        A ``HEAD`` request goes to the document's own ``head`` operation where
        it has one, else to ``GET``'s: a server answers ``HEAD`` with its
        ``GET`` (RFC 9110 §9.3.2), without the body.
        """
        found = self.match(method, url)
        if found is None and method == "HEAD":
            found = self.match("GET", url)
        return found

    def match(self, method: str, url: str) -> tuple[V, dict[str, str]] | None:
        """The value of the operation ``method`` ``url`` went to, and its path variables' text."""
        path = urlsplit(url).path or "/"
        for prefix in self._prefixes:
            if prefix == "":
                rest = path
            elif path == prefix or path.startswith(prefix + "/"):
                rest = path[len(prefix) :] or "/"
            else:
                continue
            found = self._concrete.get((method, rest))
            if found is not None:
                return found, {}
            segments = rest.split("/")
            for template, value in self._templated.get(method, ()):
                variables = template.match(segments)
                if variables is not None:
                    return value, variables
        return None


class _Template:
    """``/items/{id}`` matched segment by segment: a variable matches one non-empty segment.

    Compiling a regular expression per path template was most of what routing
    Microsoft Graph's 6,600 templates cost; a segment that is all literal
    text, or one variable, needs none. A segment mixing them (``{name}.{ext}``)
    gets its expression the first time it is matched.
    """

    __slots__ = ("_mixed", "_segments", "order")

    def __init__(self, path: str) -> None:
        parts = _VARIABLE.split(path)
        #: Fewer variables first, then more literal text: the order templates are tried in.
        self.order = (len(parts) // 2, -len(_pattern_text(parts)))
        #: Per segment: literal text, a variable's name (a 1-tuple), or a mixed segment.
        self._segments: list[str | tuple[str] | list[str]] = []
        for segment in path.split("/"):
            pieces = _VARIABLE.split(segment)
            if len(pieces) == 1:
                self._segments.append(segment)
            elif len(pieces) == 3 and pieces[0] == pieces[2] == "":
                self._segments.append((pieces[1],))
            else:
                self._segments.append(pieces)
        self._mixed: dict[int, re.Pattern[str]] = {}

    def match(self, segments: list[str]) -> dict[str, str] | None:
        """The variables' text where ``segments`` (a path split at ``/``) match, else ``None``."""
        if len(segments) != len(self._segments):
            return None
        variables: dict[str, str] = {}
        for index, (expected, got) in enumerate(zip(self._segments, segments, strict=True)):
            if isinstance(expected, str):
                if expected != got:
                    return None
            elif isinstance(expected, tuple):
                if not got:
                    return None
                variables[expected[0]] = got
            else:
                pattern = self._mixed.get(index)
                if pattern is None:
                    pattern = self._mixed[index] = re.compile(_pattern_text(expected))
                matched = pattern.fullmatch(got)
                if matched is None:
                    return None
                variables.update(zip(expected[1::2], matched.groups(), strict=True))
        return variables


def _pattern_text(parts: list[str]) -> str:
    """Text and variables (``_VARIABLE.split`` of a template) as a regular expression."""
    return "".join(re.escape(part) if i % 2 == 0 else "([^/]+)" for i, part in enumerate(parts))
