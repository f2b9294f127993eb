"""The checks a spec file must pass: valid OpenAPI, and a status-code contract that holds."""

from __future__ import annotations

import re
import typing as t
from collections.abc import Iterator, Mapping

from ..declare.status_codes import (
    FALLBACK_KEY,
    STATUS_CODES_KEY,
    fallback_problem,
    final_problem,
    is_standard,
    phrase_problem,
    placeholder_problem,
    status_class,
)
from .locations import follow, iter_operations, json_path
from .problems import Problem
from .swagger2 import is_swagger2
from .validity import converted_problems, readable_openapi3, swagger2_problems, validity_problems

__all__ = [
    "Problem",
    "check_document",
    "contract_problems",
    "readable_openapi3",
    "validity_problems",
]

_CODE = re.compile(r"[1-5][0-9][0-9]")


def check_document(document: Mapping[str, t.Any]) -> list[Problem]:
    """Every problem in ``document``: OpenAPI validity first, then the contract rules.

    Both run even when the other finds problems, so one run lists everything
    to fix; each problem's ``kind`` says which found it. Nothing in here raises
    on a malformed document (:mod:`.validity` says which ``$ref`` s are followed).

    A Swagger 2.0 document is validated as 2.0; when it is valid, the contract
    rules judge its OpenAPI 3.0.3 conversion (:func:`.swagger2.convert_document`),
    what contractkit enforces. Problems in the conversion are reported at the
    2.0 places they came from (``$.definitions.Pet``, not ``$.components...``).
    """
    if is_swagger2(document):
        return swagger2_problems(document) or converted_problems(document, check_document)[1]
    problems = validity_problems(document)
    if problems and problems[0].location in (json_path(["openapi"]), json_path(["swagger"])):
        return problems
    return [*problems, *_rules(document)]


def contract_problems(document: Mapping[str, t.Any], *, placeholders: bool = True) -> list[Problem]:
    """The contract rules alone (``x-fallback``, ``x-status-codes``), for a valid document.

    :param placeholders: whether a phrase still ``propose``'s placeholder is a
        problem. ``check`` says so; an app enforcing the document runs with it,
        as an app whose ``register_status`` has it does (``lint`` says so there).
    """
    return list(_rules(document, placeholders))


def _rules(document: Mapping[str, t.Any], placeholders: bool = True) -> Iterator[Problem]:
    registered = document.get(STATUS_CODES_KEY)
    registry = registered if isinstance(registered, Mapping) else {}
    used: set[str] = set()
    for path, method, operation in iter_operations(document):
        responses = operation.get("responses")
        if not isinstance(responses, Mapping):
            continue
        for key, response in responses.items():
            parts = ["paths", path, method, "responses", str(key)]
            used.add(str(key))
            yield from _response_problems(str(key), follow(document, response), registry, parts)
    if registered is not None:
        yield from _registry_problems(registered, used, placeholders)


def _response_problems(
    key: str, response: object, registry: Mapping[str, t.Any], parts: list[str]
) -> Iterator[Problem]:
    where = json_path(parts)
    if not isinstance(response, Mapping) or "$ref" in response:
        return  # reported already: by the validator, or as a broken $ref
    description = response.get("description")
    if isinstance(description, str) and not description.strip():
        yield _problem(
            json_path([*parts, "description"]),
            "the description is empty; say what this response means to a client.",
        )
    has_fallback = FALLBACK_KEY in response
    if not _CODE.fullmatch(key):
        if has_fallback:
            yield _problem(
                json_path([*parts, FALLBACK_KEY]),
                f"x-fallback belongs on custom status codes only, not on {key!r}.",
            )
        return  # 'default', '4XX' and keys the validator rejects
    code = int(key)
    problem = final_problem(code)
    if problem is not None:
        yield _problem(where, problem)
        return
    if is_standard(code):
        if has_fallback:
            yield _problem(
                json_path([*parts, FALLBACK_KEY]), t.cast(str, fallback_problem(code, None))
            )
        return
    if not has_fallback:
        yield _problem(
            where,
            f"custom status {code} has no x-fallback: clients that do not know it need a "
            f"standard {code // 100}xx code to treat it as, such as {status_class(code)}.",
        )
    else:
        fallback = response[FALLBACK_KEY]
        problem = fallback_problem(code, fallback)
        if problem:
            yield _problem(json_path([*parts, FALLBACK_KEY]), problem)
        elif _registered_fallback(registry, key) not in (None, fallback):
            yield _problem(
                json_path([*parts, FALLBACK_KEY]),
                f"x-fallback {fallback} disagrees with x-status-codes, which gives "
                f"{_registered_fallback(registry, key)!r} for {code}; a code has one fallback.",
            )
    if key not in registry:
        yield _problem(
            where,
            f"custom status {code} is not listed in x-status-codes; register it at the top "
            f"level with its phrase and fallback: x-status-codes: {{'{code}': {{phrase: "
            f"..., fallback: {status_class(code)}}}}}.",
        )


def _registered_fallback(registry: Mapping[str, t.Any], key: str) -> object:
    entry = registry.get(key)
    return entry.get("fallback") if isinstance(entry, Mapping) else None


def _registry_problems(registered: object, used: set[str], placeholders: bool) -> Iterator[Problem]:
    if not isinstance(registered, Mapping):
        yield _problem(
            json_path([STATUS_CODES_KEY]), "x-status-codes must map custom codes to their entries."
        )
        return
    for key, entry in registered.items():
        parts = [STATUS_CODES_KEY, str(key)]
        if not _CODE.fullmatch(str(key)) or int(key) < 200:
            yield _problem(json_path(parts), f"{key!r} is not a status code in 200-599.")
            continue
        code = int(key)
        if is_standard(code):
            yield _problem(
                json_path(parts),
                f"{code} is a standard code; x-status-codes lists custom codes only.",
            )
            continue
        if not isinstance(entry, Mapping):
            yield _problem(
                json_path(parts), "each entry must be an object with phrase and fallback."
            )
            continue
        yield from _entry_problems(code, entry, parts, placeholders)
        if str(key) not in used:
            yield _problem(
                json_path(parts),
                f"custom status {code} is listed in x-status-codes but no response declares it.",
            )


def _entry_problems(
    code: int, entry: Mapping[str, t.Any], parts: list[str], placeholders: bool
) -> Iterator[Problem]:
    if "phrase" not in entry:
        yield _problem(json_path(parts), f"custom status {code} has no phrase.")
    else:
        problem = phrase_problem(entry["phrase"], code)
        if problem is None and placeholders:
            problem = placeholder_problem(entry["phrase"], code)
        if problem:
            yield _problem(json_path([*parts, "phrase"]), problem)
    if "fallback" not in entry:
        yield _problem(json_path(parts), f"custom status {code} has no fallback.")
    else:
        problem = fallback_problem(code, entry["fallback"])
        if problem:
            yield _problem(json_path([*parts, "fallback"]), problem)
    description = entry.get("description")
    if "description" in entry and not (isinstance(description, str) and description.strip()):
        yield _problem(
            json_path([*parts, "description"]), "the description must be a non-empty string."
        )


def _problem(location: str, message: str) -> Problem:
    return Problem(location, message, "contract")
