"""One thing wrong with a document, where it is, and which of the two checks found it."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

#: ``"openapi"``: the document is no valid OpenAPI (what openapi-spec-validator
#: rejects, and ``$ref`` s that lead nowhere); ``"contract"``: a rule of
#: contractkit's own status-code contract (``x-status-codes``, ``x-fallback``,
#: empty descriptions), which a valid third-party document may break.
Kind = t.Literal["openapi", "contract"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a document, and where."""

    #: JSONPath of the offending value, e.g. ``$.paths['/search'].get.responses['460']``.
    location: str
    message: str
    kind: Kind = "openapi"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"
