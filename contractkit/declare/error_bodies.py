"""Error responses as ``CONTRACTKIT_JSON_ERRORS`` makes them: problem+json bodies."""

from __future__ import annotations

from dataclasses import replace

from werkzeug.routing import Rule

from ..http import BODYLESS
from ..problem import PROBLEM_JSON, ProblemSchema
from .decorators import ResponseDeclaration
from .response_contract import ResponseContract


def _problem(code: int) -> ResponseDeclaration:
    return ResponseDeclaration(code, ProblemSchema, None, PROBLEM_JSON)


def with_json_errors(
    responses: dict[int, ResponseContract], rule: Rule
) -> dict[int, ResponseContract]:
    """The responses as ``CONTRACTKIT_JSON_ERRORS`` makes them.

    An error code declared without a body carries contractkit's problem+json.
    A rule with path parameters may be answered 404 by the router itself, when
    a converter rejects the value (``/orders/-1`` for ``<int:order_id>``), and
    that answer is problem+json too: it is published, so no client meets a
    status or media type the document never mentioned.
    """
    result = dict(responses)
    for code, response in responses.items():
        if code >= 400 and not response.content and code not in BODYLESS:
            result[code] = replace(response, content=(_problem(code),))
    if rule.arguments:
        found = result.get(404)
        if found is None:
            description = "No resource at that path: a path parameter is not one it accepts."
            result[404] = ResponseContract(404, description, (_problem(404),), routing=True)
        elif not any(d.content_type == PROBLEM_JSON for d in found.content):
            result[404] = replace(found, content=(*found.content, _problem(404)))
    return dict(sorted(result.items()))
