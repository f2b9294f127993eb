"""The responses fallback negotiation adds to an operation's published document.

A client that sends ``Prefer: status-fallback`` (every client, under the
``always`` policy) receives a custom code's fallback in its place, with the
custom code's body. The runtime check allows that answer, so the document
lists it too: a client or a tool such as schemathesis that reads the document
must not meet a status code it was never told about.
"""

from __future__ import annotations

import copy
import typing as t

from ..config import FallbackPolicy
from ..declare.decorators import same_schema
from ..declare.operations import Contract, Operation
from ..specfile.locations import follow
from ..wire import ORIGINAL_STATUS_HEADER, PREFERENCE
from .documents import json_copy

#: A response object by status code, as handed to apispec: schemas not yet resolved.
ResponseObjects = dict[str, dict[str, t.Any]]


def add_fallback_responses(
    responses: ResponseObjects, op: Operation, policy: FallbackPolicy
) -> ResponseObjects:
    """``responses`` with each custom code's fallback published as a response too.

    A fallback the operation does not declare becomes a response with the
    custom code's bodies. One it declares keeps its own description, told
    that it also stands in for the custom code; where the bodies differ, each
    media type's schema becomes ``anyOf`` of both, since a client that asked
    for fallbacks may receive either.

    :param responses: the operation's response objects by code, changed in place.
    :returns: the same objects, ordered by code.
    """
    if policy == "never":
        return responses
    for code, custom in sorted(op.responses.items()):
        if custom.fallback is None:
            continue
        key = str(custom.fallback)
        entry = responses.get(key)
        own = responses[str(code)].get("content", {})
        # The fallback is the same answer under another code: same headers too.
        headers = responses[str(code)].get("headers", {})
        if entry is None:
            description = f"{_note(code, policy)} {code} {custom.description}"
            entry = responses[key] = {"description": description}
            if headers:
                entry["headers"] = json_copy(headers)
            if own:
                entry["content"] = json_copy(own)
            continue
        for name, header in headers.items():
            # Either answer may arrive: a header only the custom code's carries is optional.
            optional = {k: v for k, v in header.items() if k != "required"}
            entry.setdefault("headers", {}).setdefault(name, json_copy(optional))
        described = entry["description"].rstrip()
        stop = "" if described.endswith((".", "!", "?")) else "."
        entry["description"] = f"{described}{stop} {_note(code, policy, also=True)}"
        _merge_content(entry.setdefault("content", {}), own)
        if not entry["content"]:
            del entry["content"]
    # Codes in order, then a document's ranges and "default", as OpenAPI tools write them.
    return dict(sorted(responses.items(), key=lambda item: (not item[0].isdigit(), item[0])))


def add_document_fallbacks(
    document: dict[str, t.Any], contract: Contract, policy: FallbackPolicy
) -> None:
    """Publish fallbacks in a spec-driven app's own document, as :func:`build_spec` does.

    Each operation with custom codes gets their fallback responses and the
    ``Prefer`` parameter (under ``on-request``), and the document gets
    ``x-status-fallback``: the runtime check allows what is added here, so
    clients are told. Shared ``$ref`` targets are never changed: an entry that
    changes is written inline in the operation instead. A document that has
    ``x-status-fallback`` already was written by contractkit (an export), with
    its fallbacks in place: it is left as it is, so enforcing it changes nothing.
    """
    if "x-status-fallback" in document:
        return
    done: set[tuple[str, str]] = set()
    for op in contract.operations:
        fallbacks = {c: r.fallback for c, r in op.responses.items() if r.fallback is not None}
        if not fallbacks or (op.path, op.method) in done:
            continue
        done.add((op.path, op.method))
        operation = document["paths"][op.path][op.method.lower()]
        responses = operation["responses"]
        resolved: ResponseObjects = {
            key: copy.deepcopy(t.cast(dict[str, t.Any], follow(document, entry)))
            for key, entry in responses.items()
        }
        for key, entry in add_fallback_responses(resolved, op, policy).items():
            if key not in responses or entry != follow(document, responses[key]):
                responses[key] = entry
        if policy == "on-request":
            operation.setdefault("parameters", []).append(prefer_parameter(fallbacks))
    if done:
        document["x-status-fallback"] = spec_extension(policy)


def _note(code: int, policy: FallbackPolicy, *, also: bool = False) -> str:
    when = f" when the request carries `Prefer: {PREFERENCE}`" if policy == "on-request" else ""
    return (
        f"{'Also answered' if also else 'Answered'} in place of {code}{when}, with "
        f"{code}'s body and a `{ORIGINAL_STATUS_HEADER}: {code}` header."
    )


def _merge_content(content: dict[str, t.Any], custom: t.Mapping[str, t.Any]) -> None:
    for media_type, media in custom.items():
        if media_type not in content:
            content[media_type] = json_copy(dict(media))
            continue
        ours = content[media_type].get("schema")
        theirs = media.get("schema")
        if theirs is None or same_schema(ours, theirs):
            continue
        choices = list(ours["anyOf"]) if isinstance(ours, dict) and "anyOf" in ours else [ours]
        if not any(same_schema(choice, theirs) for choice in choices):
            anyof = {"anyOf": json_copy([*choices, theirs])}
            content[media_type] = {**content[media_type], "schema": anyof}


def prefer_parameter(fallbacks: t.Mapping[int, int]) -> dict[str, t.Any]:
    """The OpenAPI ``Prefer`` header parameter of an operation with custom codes."""
    pairs = ", ".join(f"{code} → {fallback}" for code, fallback in sorted(fallbacks.items()))
    return {
        "name": "Prefer",
        "in": "header",
        "required": False,
        "description": (
            f"Send `{PREFERENCE}` (RFC 7240) to be answered with standard status codes only: "
            f"each custom code of this operation is replaced by its fallback ({pairs}). Such "
            f"a response carries `Preference-Applied: {PREFERENCE}` and keeps the custom code "
            f"in the `{ORIGINAL_STATUS_HEADER}` header."
        ),
        "schema": {"type": "string"},
        "example": PREFERENCE,
    }


def spec_extension(policy: FallbackPolicy) -> dict[str, t.Any]:
    """The top-level ``x-status-fallback`` object: how this API negotiates fallbacks."""
    when = {
        "on-request": f"when the request carries `Prefer: {PREFERENCE}`",
        "always": "always: clients never receive custom codes",
        "never": "never: clients always receive custom codes",
    }[policy]
    return {
        "policy": policy,
        "preference": PREFERENCE,
        "originalStatusHeader": ORIGINAL_STATUS_HEADER,
        "description": (
            f"Custom status codes are replaced by their `x-fallback` code {when}. A replaced "
            f"response keeps the custom code in the `{ORIGINAL_STATUS_HEADER}` header."
        ),
    }
