"""An existing OpenAPI document as an app's declarations: read, its custom codes, checked.

A spec-driven app (``init_app(app, spec=...)``) declares nothing with
decorators: its document does. This module turns the document the user gives
into the document contractkit enforces, the same one it then serves and
exports: every custom code gets its phrase and fallback written down
(``x-status-codes`` and ``x-fallback``, the format contractkit itself writes),
from the document or from ``ck.register_status``. The result must pass the
same checks as ``contractkit check``: openapi-spec-validator and the contract
rules. Only local ``$ref`` s are allowed, so nothing is ever fetched.
"""

from __future__ import annotations

import asyncio
import json
import sys
import typing as t
import warnings
from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from flask.sansio.app import App

from ..errors import (
    ContractError,
    ConversionWarning,
    SpecError,
    UnregisteredStatusError,
    listed_problems,
)
from ..specfile.files import read_document
from ..specfile.locations import follow, iter_operations
from ..specfile.swagger2 import convert_document, is_swagger2
from .registry import CustomStatus, StatusRegistry
from .status_codes import FALLBACK_KEY, STATUS_CODES_KEY, is_standard, status_class


def load_source(source: t.Any, app: App) -> dict[str, t.Any]:
    """The document ``CONTRACTKIT_SPEC`` names, as a private copy in JSON's data model.

    :param source: a path, a mapping, or a callable returning a mapping; the
        callable runs inside a test request context (an app context too),
        where tools read the app's routes (spectree) and build its URLs
        (flask-restx's ``api.__schema__`` and its ``basePath``); on Quart, whose
        request contexts are awaited, inside an app context.
    """
    if isinstance(source, Path):
        return read_document(source)
    where = "CONTRACTKIT_SPEC"
    if callable(source):
        try:
            if isinstance(app, Flask):
                with app.test_request_context():
                    source = source()
            else:  # Quart's request contexts are async: its tools read no request here
                source = _in_quart_app_context(app, source)
        except Exception as error:
            raise SpecError(
                f"the callable given as CONTRACTKIT_SPEC raised {type(error).__name__}: {error}"
            ) from error
        where = "the callable given as CONTRACTKIT_SPEC"
    if not isinstance(source, Mapping):
        raise SpecError(
            f"{where} gave {type(source).__name__}, not an OpenAPI document; give a dict "
            "such as api.spec.to_dict() or flask-restx's api.__schema__."
        )
    try:
        # A copy: completing it must not change the tool's own dict. Keys become
        # strings (200 -> "200"), as in a file.
        return t.cast(dict[str, t.Any], json.loads(json.dumps(source, default=str)))
    except (TypeError, ValueError) as error:
        raise SpecError(f"{where} holds data JSON cannot represent: {error}.") from error


def _in_quart_app_context(app: App, function: t.Callable[[], t.Any]) -> t.Any:
    """``function()`` with Quart ``app``'s context current, as Flask's is for its apps.

    Quart pushes its contexts with ``await``: from synchronous code with no event
    loop running (an app factory, a CLI command) one is run for the call. Inside a
    running loop with no context of Quart's (an async test calling ``ck.contract``),
    none can be awaited from here, and ``function`` runs as it is.
    """
    quart = sys.modules["quart"]  # a Quart app: Quart is imported
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        if quart.has_app_context():
            return function()

        async def in_context() -> t.Any:
            async with app.app_context():  # type: ignore[attr-defined]
                return function()

        return asyncio.run(in_context())
    return function()


def readable_document(document: dict[str, t.Any]) -> dict[str, t.Any]:
    """``document`` as the valid OpenAPI 3 document contractkit can enforce.

    A Swagger 2.0 document is validated as 2.0, then converted to OpenAPI 3.0.3
    (:func:`~contractkit.specfile.swagger2.convert_document`), with a
    :class:`~contractkit.errors.ConversionWarning` for each thing 3.0 cannot say.
    Nothing here depends on
    the app's routes or its registered codes, so ``init_app`` runs it for a
    document given as a dict or a file: a bad one fails at start-up.

    :param document: a private copy, as :func:`load_source` gives it.
    :raises SpecError: for a version other than Swagger 2.0 and OpenAPI 3.0/3.1,
        an invalid document, or a ``$ref`` outside it.
    """
    # Imported here: openapi-spec-validator's full validator (jsonschema-path, requests)
    # is needed only by apps enforcing a document, not by every app that imports this.
    from ..specfile.rules import readable_openapi3

    readable, problems = readable_openapi3(document)
    _refuse(problems, "Swagger 2.0 document" if is_swagger2(document) else "OpenAPI document")
    if is_swagger2(document):
        for note in convert_document(document).notes:
            warnings.warn(f"CONTRACTKIT_SPEC: {note}", ConversionWarning, stacklevel=2)
    return dict(readable)


def enforced_document(
    document: dict[str, t.Any], registry: StatusRegistry
) -> tuple[dict[str, t.Any], StatusRegistry]:
    """``document`` with its custom codes written down, checked; and the registry it uses.

    :param document: what :func:`readable_document` returned: a private copy,
        completed in place.
    :param registry: the extension's registrations; they are copied, not changed.
    :raises ContractError: for a custom code with no phrase anywhere, a phrase or
        fallback the document and the registration disagree on, or any problem
        of the contract rules ``contractkit check`` applies.
    """
    app_registry = registry.copy()
    statuses = [
        _custom_status(code, fallbacks, document, registry, app_registry)
        for code, fallbacks in sorted(_custom_codes(document).items())
    ]
    _write_down(document, statuses)
    from ..specfile.rules import contract_problems

    _refuse(contract_problems(document, placeholders=False), "OpenAPI document")
    return document, app_registry


def _refuse(problems: t.Sequence[object], what: str) -> None:
    """Raise one SpecError listing ``problems``, if there are any."""
    if problems:
        raise SpecError(
            f"the {what} given as CONTRACTKIT_SPEC has {len(problems)} problem(s); "
            f"fix them in the document or the tool that writes it:\n{listed_problems(problems)}"
        )


def _custom_codes(document: Mapping[str, t.Any]) -> dict[int, list[object]]:
    """Each custom code the operations list, with the ``x-fallback`` values given for it."""
    found: dict[int, list[object]] = {}
    for _, _, operation in iter_operations(document):
        responses = follow(document, operation.get("responses"))
        if not isinstance(responses, Mapping):
            continue
        for key, response in responses.items():
            if not (len(str(key)) == 3 and str(key).isdigit()) or is_standard(int(key)):
                continue  # default, 4XX, standard codes; the validator judges the rest
            response = follow(document, response)
            given = response.get(FALLBACK_KEY) if isinstance(response, Mapping) else None
            found.setdefault(int(key), [])
            if given is not None:
                found[int(key)].append(given)
    return found


def _custom_status(
    code: int,
    fallbacks: list[object],
    document: Mapping[str, t.Any],
    registry: StatusRegistry,
    app_registry: StatusRegistry,
) -> CustomStatus:
    """One custom code's registration, from the document and ``registry``, which must agree."""
    entries = document.get(STATUS_CODES_KEY)
    entry = entries.get(str(code)) if isinstance(entries, Mapping) else None
    entry = entry if isinstance(entry, Mapping) else {}
    registered = registry.custom(code)
    phrase = entry.get("phrase")
    if phrase is None and registered is None:
        raise UnregisteredStatusError(
            f"custom status {code} is in the document, which gives it no reason phrase "
            f"(x-status-codes), and it was never registered. Register it before the "
            f"contract is built: ck.register_status({code}, '<Reason Phrase>', "
            f"fallback={status_class(code)})."
        )
    given = [value for value in (entry.get("fallback"), *fallbacks) if value is not None]
    if registered is not None:
        if phrase is not None and phrase != registered.phrase:
            raise ContractError(
                f"custom status {code} has the phrase {phrase!r} in the document's "
                f"x-status-codes but was registered as {registered.phrase!r}; a code has "
                "one phrase: make them agree, or drop one."
            )
        for value in given:
            if value != registered.fallback:
                raise ContractError(
                    f"custom status {code} has the fallback {value!r} in the document but "
                    f"{registered.fallback} in its registration; a code has one fallback: "
                    f"register it with fallback={value!r}, or change the document."
                )
        return registered
    if len(set(map(repr, given))) > 1:
        raise ContractError(
            f"custom status {code} is given the fallbacks {sorted(set(map(repr, given)))} "
            "in the document; a code has one fallback."
        )
    description = entry.get("description")
    return app_registry.register(
        code,
        t.cast(str, phrase),
        fallback=t.cast(int | None, given[0] if given else None),
        description=description if isinstance(description, str) else None,
    )


def _write_down(document: dict[str, t.Any], statuses: list[CustomStatus]) -> None:
    """Put each custom code's phrase and fallback where clients and ``check`` read them."""
    if not statuses:
        return
    entries = document.get(STATUS_CODES_KEY)
    if not isinstance(entries, dict):
        entries = {} if entries is None else entries  # not a dict: check reports it
    if isinstance(entries, dict):
        for status in statuses:
            entries.setdefault(
                str(status.code),
                {
                    "phrase": status.phrase,
                    "fallback": status.fallback,
                    "description": status.description or status.phrase,
                },
            )
        document[STATUS_CODES_KEY] = entries
    fallbacks = {str(status.code): status.fallback for status in statuses}
    for _, _, operation in iter_operations(document):
        responses = follow(document, operation.get("responses"))
        if not isinstance(responses, Mapping):
            continue
        for key, response in responses.items():
            target = follow(document, response)
            if str(key) in fallbacks and isinstance(target, dict):
                target.setdefault(FALLBACK_KEY, fallbacks[str(key)])
