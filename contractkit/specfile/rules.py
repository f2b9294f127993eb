"""The checks a spec file must pass: valid OpenAPI, and a status-code contract that holds."""

from __future__ import annotations

import re
import typing as t
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from jsonschema_path import SchemaPath
from openapi_spec_validator import (
    OpenAPIV2SpecValidator,
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
)

from ..declare.status_codes import (
    fallback_problem,
    final_problem,
    is_standard,
    phrase_problem,
    status_class,
)
from .locations import follow, iter_operations, iter_refs, json_path, json_path_in, resolve_pointer
from .swagger2 import convert_document, is_swagger2

_CODE = re.compile(r"[1-5][0-9][0-9]")
_EXTENSION = "x-status-codes"
_FALLBACK = "x-fallback"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a document, and where."""

    #: JSONPath of the offending value, e.g. ``$.paths['/search'].get.responses['460']``.
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def check_document(document: Mapping[str, t.Any]) -> list[Problem]:
    """Every problem in ``document``: OpenAPI validity first, then the contract rules.

    Both run even when the other finds problems, so one run lists everything
    to fix. Nothing in here raises on a malformed document.

    Only references inside the document are followed. A ``$ref`` to a URL or
    a file is a problem: fetching it could hang on an unresponsive server, and
    a file's content would end up in the error message, so a pull request
    could print secrets such as ``.env`` into CI logs.

    A Swagger 2.0 document is validated as 2.0; when it is valid, the contract
    rules judge its OpenAPI 3.0.3 conversion (:func:`.swagger2.convert_document`),
    what contractkit enforces. Problems in the conversion are reported at the
    2.0 places they came from (``$.definitions.Pet``, not ``$.components...``).
    """
    if is_swagger2(document):
        return _swagger2_problems(document) or _in_swagger2(document, check_document)[1]
    problems = validity_problems(document)
    if problems and problems[0].location in (json_path(["openapi"]), json_path(["swagger"])):
        return problems
    return [*problems, *_rules(document)]


def contract_problems(document: Mapping[str, t.Any]) -> list[Problem]:
    """The contract rules alone (``x-fallback``, ``x-status-codes``), for a valid document."""
    return list(_rules(document))


def validity_problems(document: Mapping[str, t.Any]) -> list[Problem]:
    """What makes ``document`` no valid OpenAPI 3.0/3.1 document with local ``$ref`` s only.

    The part of :func:`check_document` a reader of someone else's document
    needs: the contract rules (``x-fallback``, ``x-status-codes``) are left out.
    A Swagger 2.0 document is not one: convert it first (:func:`.swagger2.to_openapi3`).
    """
    version = document.get("openapi")
    if not (isinstance(version, str) and version.startswith(("3.0.", "3.1."))):
        # A "swagger" key that is not "2.0" is the version to point at; a 2.0 one is not.
        named = "swagger" in document and "openapi" not in document and not is_swagger2(document)
        key = "swagger" if named else "openapi"
        return [
            Problem(
                json_path([key]),
                f"{key} is {document.get(key)!r}; contractkit checks OpenAPI 3.0 and 3.1 "
                "documents, and Swagger 2.0 ones (swagger: '2.0').",
            )
        ]
    broken_refs = list(_broken_refs(document))
    return [*broken_refs, *_validator_problems(document, broken_refs)]


def readable_openapi3(document: Mapping[str, t.Any]) -> tuple[Mapping[str, t.Any], list[Problem]]:
    """``document`` as the OpenAPI 3 document a reader of it works on, and what stops that.

    A Swagger 2.0 document is validated as 2.0 and, when valid, converted
    (:func:`.swagger2.convert_document`); the problems are then the conversion's
    :func:`validity_problems`, at the 2.0 places they came from.
    """
    if is_swagger2(document):
        problems = _swagger2_problems(document)
        if problems:
            return document, problems
        return _in_swagger2(document, validity_problems)
    return document, validity_problems(document)


def _in_swagger2(
    document: Mapping[str, t.Any], judge: t.Callable[[Mapping[str, t.Any]], list[Problem]]
) -> tuple[Mapping[str, t.Any], list[Problem]]:
    """The conversion of a valid 2.0 ``document``, and ``judge``'s problems at 2.0 places."""
    conversion = convert_document(document)
    problems = [
        Problem(*conversion.relocate(p.location, p.message)) for p in judge(conversion.document)
    ]
    return conversion.document, problems


def _swagger2_problems(document: Mapping[str, t.Any]) -> list[Problem]:
    broken_refs = list(_broken_refs(document))
    return [*broken_refs, *_validator_problems(document, broken_refs)]


def _broken_refs(document: Mapping[str, t.Any]) -> Iterator[Problem]:
    for parts, ref in iter_refs(document):
        shown = repr(ref) if len(ref) <= 80 else repr(ref[:77] + "...")
        if not ref.startswith("#"):
            yield Problem(
                json_path(parts),
                f"$ref {shown} points outside this document; contractkit follows only "
                "references inside it ('#/components/...'). Bundle the spec into one file.",
            )
        elif not resolve_pointer(document, ref)[0]:
            yield Problem(json_path(parts), f"$ref {shown} points to nothing in this document.")
        elif _leads_into_a_cycle(document, ref):
            yield Problem(
                json_path(parts),
                f"$ref {shown} leads into a cycle of $refs that never reaches a schema; "
                "point one of them at a schema.",
            )


def _leads_into_a_cycle(document: Mapping[str, t.Any], ref: str) -> bool:
    """Whether following ``ref`` meets only ``$ref`` objects, and one of them twice."""
    seen = {ref}
    node = resolve_pointer(document, ref)[1]
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        if node["$ref"] in seen:
            return True
        seen.add(node["$ref"])
        found, node = resolve_pointer(document, node["$ref"])
        if not found:
            return False
    return False


class _NothingOutside(Mapping[str, t.Any]):
    """jsonschema-path resolver handlers that refuse every URI scheme.

    An explicit handler for *every* scheme, because jsonschema-path falls back
    to ``urlopen`` for a scheme its handlers lack. Also catches references that
    only look local: ``#/x`` under a schema whose ``$id`` is a URL.
    """

    def __getitem__(self, scheme: str) -> t.Callable[[str], t.NoReturn]:
        return _refuse

    def __contains__(self, scheme: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _refuse(uri: str) -> t.NoReturn:
    raise _OutsideReference("a $ref points outside this document; it was not fetched")


class _OutsideReference(Exception):
    """A reference the validator tried to resolve outside the document."""


def _validator_problems(document: Mapping[str, t.Any], broken_refs: list[Problem]) -> list[Problem]:
    validator_class: type[
        OpenAPIV2SpecValidator | OpenAPIV30SpecValidator | OpenAPIV31SpecValidator
    ]
    if is_swagger2(document):
        validator_class = OpenAPIV2SpecValidator
        validated = _without_file_roots(document)
    else:
        version = document["openapi"]
        validator_class = (
            OpenAPIV31SpecValidator if version.startswith("3.1.") else OpenAPIV30SpecValidator
        )
        validated = document
    problems = []
    try:
        spec = SchemaPath.from_dict(validated, handlers=_NothingOutside())
        for error in validator_class(spec).iter_errors():
            location = json_path_in(document, getattr(error, "absolute_path", ()))
            # The message's first line says what is wrong; the rest is a schema dump.
            first_line = str(error.message).strip().split("\n", 1)[0]
            problems.append(Problem(location, " ".join(first_line.split())))
    except RecursionError:
        if broken_refs:  # a $ref cycle sends the validator round forever; it is reported
            return problems
        raise  # the document is too deep to check: the command's trouble, not a problem in it
    except Exception as error:
        # The validator stops at the first unresolvable $ref, which is already
        # reported with its location; anything else is reported as it is.
        if not broken_refs:
            message = " ".join(str(error).split())
            problems.append(
                Problem("$", f"openapi-spec-validator stopped: {type(error).__name__}: {message}")
            )
    return problems


def _without_file_roots(document: Mapping[str, t.Any]) -> Mapping[str, t.Any]:
    """``document`` with each response's ``schema: {type: file}`` as a binary string.

    Swagger 2.0 allows ``file`` as the root type of a response schema (§Response
    Object), but openapi-spec-validator 0.9 checks every schema against draft 4,
    which refuses it. Only the copy the validator reads is changed.
    """
    copied: dict[str, t.Any] = dict(document)
    paths = document.get("paths")
    if not isinstance(paths, Mapping):
        return document
    copied["paths"] = new_paths = dict(paths)
    for path, method, operation in iter_operations(document):
        responses = operation.get("responses")
        if not isinstance(responses, Mapping):
            continue
        for key, response in responses.items():
            schema = response.get("schema") if isinstance(response, Mapping) else None
            if isinstance(schema, Mapping) and schema.get("type") == "file":
                if not isinstance(new_paths.get(path), Mapping) or method not in new_paths[path]:
                    continue  # a path item behind a $ref: validated as it is
                item = new_paths[path] = dict(new_paths[path])
                changed_op = item[method] = dict(item[method])
                changed = changed_op["responses"] = dict(changed_op["responses"])
                changed[key] = {**response, "schema": {**schema, "type": "string"}}
    return copied


def _rules(document: Mapping[str, t.Any]) -> Iterator[Problem]:
    registered = document.get(_EXTENSION)
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
        yield from _registry_problems(registered, used)


def _response_problems(
    key: str, response: object, registry: Mapping[str, t.Any], parts: list[str]
) -> Iterator[Problem]:
    where = json_path(parts)
    if not isinstance(response, Mapping) or "$ref" in response:
        return  # reported already: by the validator, or as a broken $ref
    description = response.get("description")
    if isinstance(description, str) and not description.strip():
        yield Problem(
            json_path([*parts, "description"]),
            "the description is empty; say what this response means to a client.",
        )
    has_fallback = _FALLBACK in response
    if not _CODE.fullmatch(key):
        if has_fallback:
            yield Problem(
                json_path([*parts, _FALLBACK]),
                f"x-fallback belongs on custom status codes only, not on {key!r}.",
            )
        return  # 'default', '4XX' and keys the validator rejects
    code = int(key)
    problem = final_problem(code)
    if problem is not None:
        yield Problem(where, problem)
        return
    if is_standard(code):
        if has_fallback:
            yield Problem(json_path([*parts, _FALLBACK]), t.cast(str, fallback_problem(code, None)))
        return
    if not has_fallback:
        yield Problem(
            where,
            f"custom status {code} has no x-fallback: clients that do not know it need a "
            f"standard {code // 100}xx code to treat it as, such as {status_class(code)}.",
        )
    else:
        fallback = response[_FALLBACK]
        problem = fallback_problem(code, fallback)
        if problem:
            yield Problem(json_path([*parts, _FALLBACK]), problem)
        elif _registered_fallback(registry, key) not in (None, fallback):
            yield Problem(
                json_path([*parts, _FALLBACK]),
                f"x-fallback {fallback} disagrees with x-status-codes, which gives "
                f"{_registered_fallback(registry, key)!r} for {code}; a code has one fallback.",
            )
    if key not in registry:
        yield Problem(
            where,
            f"custom status {code} is not listed in x-status-codes; register it with its "
            "phrase and fallback.",
        )


def _registered_fallback(registry: Mapping[str, t.Any], key: str) -> object:
    entry = registry.get(key)
    return entry.get("fallback") if isinstance(entry, Mapping) else None


def _registry_problems(registered: object, used: set[str]) -> Iterator[Problem]:
    if not isinstance(registered, Mapping):
        yield Problem(
            json_path([_EXTENSION]), "x-status-codes must map custom codes to their entries."
        )
        return
    for key, entry in registered.items():
        parts = [_EXTENSION, str(key)]
        if not _CODE.fullmatch(str(key)) or int(key) < 200:
            yield Problem(json_path(parts), f"{key!r} is not a status code in 200-599.")
            continue
        code = int(key)
        if is_standard(code):
            yield Problem(
                json_path(parts),
                f"{code} is a standard code; x-status-codes lists custom codes only.",
            )
            continue
        if not isinstance(entry, Mapping):
            yield Problem(
                json_path(parts), "each entry must be an object with phrase and fallback."
            )
            continue
        yield from _entry_problems(code, entry, parts)
        if str(key) not in used:
            yield Problem(
                json_path(parts),
                f"custom status {code} is listed in x-status-codes but no response declares it.",
            )


def _entry_problems(code: int, entry: Mapping[str, t.Any], parts: list[str]) -> Iterator[Problem]:
    if "phrase" not in entry:
        yield Problem(json_path(parts), f"custom status {code} has no phrase.")
    else:
        problem = phrase_problem(entry["phrase"], code)
        if problem:
            yield Problem(json_path([*parts, "phrase"]), problem)
    if "fallback" not in entry:
        yield Problem(json_path(parts), f"custom status {code} has no fallback.")
    else:
        problem = fallback_problem(code, entry["fallback"])
        if problem:
            yield Problem(json_path([*parts, "fallback"]), problem)
    description = entry.get("description")
    if "description" in entry and not (isinstance(description, str) and description.strip()):
        yield Problem(
            json_path([*parts, "description"]), "the description must be a non-empty string."
        )
