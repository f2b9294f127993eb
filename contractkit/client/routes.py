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
        self._templated: dict[str, list[tuple[re.Pattern[str], tuple[str, ...], V]]] = {}
        #: Every value, in document order.
        self.values: tuple[V, ...] = ()
        made: list[V] = []
        paths = document.get("paths")
        for path, item in (paths if isinstance(paths, Mapping) else {}).items():
            item = follow(document, item)
            if not isinstance(item, Mapping):
                continue
            pattern = _template(str(path)) if _VARIABLE.search(str(path)) else None
            for method in PATH_ITEM_METHODS:
                operation = item.get(method)
                if not isinstance(operation, Mapping):
                    continue
                value = make(method.upper(), str(path), operation)
                made.append(value)
                if pattern is None:
                    self._concrete[(method.upper(), str(path))] = value
                else:
                    names = tuple(_VARIABLE.findall(str(path)))
                    self._templated.setdefault(method.upper(), []).append((pattern, names, value))
        self.values = tuple(made)
        for entries in self._templated.values():
            # Fewer variables first: /items/latest over /items/{id}, more literal text first.
            entries.sort(key=lambda entry: (entry[0].groups, -len(entry[0].pattern)))

    @property
    def servers(self) -> tuple[str, ...]:
        """The server paths requests are matched under, longest first."""
        return self._prefixes

    def find(self, method: str, url: str) -> V | None:
        """The value of the operation ``method`` ``url`` went to, or ``None``."""
        found = self.match(method, url)
        return found[0] if found is not None else None

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
            for pattern, names, value in self._templated.get(method, ()):
                matched = pattern.fullmatch(rest)
                if matched:
                    return value, dict(zip(names, matched.groups(), strict=True))
        return None


def _template(path: str) -> re.Pattern[str]:
    """``/items/{id}`` as a pattern: a variable matches one non-empty path segment."""
    parts = _VARIABLE.split(path)
    text = "".join(re.escape(part) if i % 2 == 0 else "([^/]+)" for i, part in enumerate(parts))
    return re.compile(text)
