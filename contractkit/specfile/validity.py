"""Whether a document is valid OpenAPI: openapi-spec-validator's verdict, and local ``$ref`` s.

Only references inside the document are followed. A ``$ref`` to a URL or a
file is a problem: fetching it could hang on an unresponsive server, and a
file's content would end up in the error message, so a pull request could
print secrets such as ``.env`` into CI logs.

openapi-spec-validator is the judge, but its walk of a big document takes
minutes: :func:`~.validator_rules.quick_check` reaches the same verdict first,
and the validator runs only where that check is unsure (an invalid document,
whose messages it writes, or a shape the check does not model). A document's
problems are remembered by a digest of its content, so a process that reads
the same document again (a test suite's apps, a client and a server) checks it once.
"""

from __future__ import annotations

import hashlib
import json
import re
import typing as t
from collections.abc import Iterator, Mapping

from .locations import iter_operations, iter_refs, json_path, json_path_in, resolve_pointer
from .problems import Problem
from .swagger2 import convert_document, is_swagger2
from .validator_rules import Unsure, quick_check, version_of

__all__ = ["converted_problems", "readable_openapi3", "swagger2_problems", "validity_problems"]

#: A ``"$ref": "..."`` member in JSON text as :func:`json.dumps` writes it; never
#: inside a string, where its quotes are escaped.
_REF_MEMBER = re.compile(r'"\$ref": ("(?:[^"\\]|\\.)*")')
#: Problems of the documents checked in this process, by digest of their JSON text.
_CHECKED: dict[bytes, tuple[Problem, ...]] = {}
_MAX_REMEMBERED = 64


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
    return _problems(document)


def readable_openapi3(document: Mapping[str, t.Any]) -> tuple[Mapping[str, t.Any], list[Problem]]:
    """``document`` as the OpenAPI 3 document a reader of it works on, and what stops that.

    A Swagger 2.0 document is validated as 2.0 and, when valid, converted
    (:func:`.swagger2.convert_document`); the problems are then the conversion's
    :func:`validity_problems`, at the 2.0 places they came from.
    """
    if is_swagger2(document):
        problems = swagger2_problems(document)
        if problems:
            return document, problems
        return converted_problems(document, validity_problems)
    return document, validity_problems(document)


def converted_problems(
    document: Mapping[str, t.Any], judge: t.Callable[[Mapping[str, t.Any]], list[Problem]]
) -> tuple[Mapping[str, t.Any], list[Problem]]:
    """The conversion of a valid 2.0 ``document``, and ``judge``'s problems at 2.0 places."""
    conversion = convert_document(document)
    problems = [conversion.relocate(problem) for problem in judge(conversion.document)]
    return conversion.document, problems


def swagger2_problems(document: Mapping[str, t.Any]) -> list[Problem]:
    """What makes ``document`` no valid Swagger 2.0 document with local ``$ref`` s only."""
    return _problems(document)


def _problems(document: Mapping[str, t.Any]) -> list[Problem]:
    """Broken ``$ref`` s, then the validator's problems; once per distinct document."""
    try:
        text = json.dumps(document, ensure_ascii=False, default=str)
    except (ValueError, TypeError, RecursionError):
        text = ""  # not JSON data: checked, never remembered
    digest = hashlib.sha256(text.encode()).digest()
    if text and digest in _CHECKED:
        return list(_CHECKED[digest])
    broken_refs = list(_broken_refs(document)) if _any_broken(document, text) else []
    problems = [*broken_refs, *_validator_problems(document, broken_refs, text)]
    if text:
        if len(_CHECKED) >= _MAX_REMEMBERED:
            _CHECKED.clear()
        _CHECKED[digest] = tuple(problems)
    return problems


def _any_broken(document: Mapping[str, t.Any], text: str) -> bool:
    """Whether some ``$ref`` may be broken; each distinct reference is looked at once."""
    if not text:
        return True
    for literal in {match[1] for match in _REF_MEMBER.finditer(text)}:
        ref = json.loads(literal)
        if (
            not ref.startswith("#")
            or not resolve_pointer(document, ref)[0]
            or _leads_into_a_cycle(document, ref)
        ):
            return True
    return False


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


def _validator_problems(
    document: Mapping[str, t.Any], broken_refs: list[Problem], text: str
) -> list[Problem]:
    version = version_of(document)
    validated = _without_file_roots(document) if version == "2.0" else document
    try:
        quick_check(validated, version, text=text)
    except Unsure:
        return _full_problems(document, broken_refs)
    return []


def _full_problems(document: Mapping[str, t.Any], broken_refs: list[Problem]) -> list[Problem]:
    """openapi-spec-validator's own problems with ``document``."""
    # Imported here: jsonschema-path and openapi-spec-validator's walk (with
    # requests) are needed for invalid documents only.
    from jsonschema_path import SchemaPath
    from openapi_spec_validator import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

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
