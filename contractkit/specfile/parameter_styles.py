"""How a parameter's value travels: OpenAPI 3's ``style`` and ``explode``, defaults included.

One home for the rule every reader of parameters needs: ``diff`` (a changed
style breaks clients) and ``mock`` (a request's values read as the document
says they are sent). A Swagger 2.0 document reaches both through its
conversion, whose ``collectionFormat`` translation lives in
:mod:`.swagger2_parameters`.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

#: Where each parameter location sends its value by default (OpenAPI 3 §4.8.12.4).
DEFAULT_STYLES: t.Final[Mapping[str, str]] = {
    "query": "form",
    "cookie": "form",
    "path": "simple",
    "header": "simple",
}
#: What separates an array's items sent unexploded, by style (OpenAPI 3 §4.8.12.4, Style Values).
DELIMITERS: t.Final[Mapping[str, str]] = {
    "form": ",",
    "simple": ",",
    "spaceDelimited": " ",
    "pipeDelimited": "|",
}


def parameter_style(parameter: Mapping[str, t.Any]) -> tuple[object, object]:
    """``parameter``'s ``(style, explode)`` as written, its location's defaults where unsaid.

    ``explode`` defaults to true for ``form`` only. The values are returned as
    the document gives them, for a diff to compare; a reader of requests
    checks their types.
    """
    style = parameter.get("style", DEFAULT_STYLES.get(str(parameter.get("in")), "form"))
    return style, parameter.get("explode", style == "form")
