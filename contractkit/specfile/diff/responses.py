"""What clients receive: status codes, fallbacks, headers, bodies. Widening them breaks clients."""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

from .content import ContentRules, compare_content, mapping
from .context import Parts, SchemaSite, Scope
from .generated import Generated
from .references import resolve
from .walker import compare_schemas


def _success(code: str) -> bool:
    return len(code) == 3 and code.isdigit() and code.startswith("2")


def compare_responses(
    scope: Scope, old: object, new: object, at: tuple[Parts, Parts], generated: Generated
) -> None:
    """Status codes removed or added, and each kept code's fallback, headers and bodies.

    Every documented code is one clients may handle: removing a non-2xx code is
    breaking too (contractkit makes status codes the contract), while ``default``
    and ``4XX``-style ranges only ever stood for codes the document did not name.
    A fallback response generated for a removed custom code is part of its removal.
    """
    before = {str(code): value for code, value in mapping(old).items()}
    after = {str(code): value for code, value in mapping(new).items()}
    own = set(generated.fallbacks.values())
    for code, response in before.items():
        old_at = (*at[0], code)
        also = generated.said(code)
        if code in after:
            _response(scope, code, response, after[code], (old_at, (*at[1], code)))
        elif code in own:
            continue
        elif _success(code):
            scope.add(
                "response-success-status-removed",
                "breaking",
                old_at,
                None,
                f"status {code} was removed{also}; clients that expect it break.",
            )
        elif code.isdigit():
            scope.add(
                "response-non-success-status-removed",
                "breaking",
                old_at,
                None,
                f"status {code} was removed{also}; clients that handle it lose its meaning "
                "and body.",
            )
        else:
            scope.add(
                "response-status-range-removed",
                "info",
                old_at,
                None,
                f"the {code!r} response was removed.",
            )
    for code in after:
        if code not in before:
            kind = "success" if _success(code) else "non-success"
            scope.add(
                f"response-{kind}-status-added",
                "info",
                None,
                (*at[1], code),
                f"status {code} was added.",
            )


def _response(scope: Scope, code: str, old: object, new: object, at: tuple[Parts, Parts]) -> None:
    before, old_at = resolve(scope.old_document, old, at[0])
    after, new_at = resolve(scope.new_document, new, at[1])
    _fallback(scope, code, before.get("x-fallback"), after.get("x-fallback"), (old_at, new_at))
    _headers(
        scope,
        code,
        mapping(before.get("headers")),
        mapping(after.get("headers")),
        (old_at, new_at),
    )
    rules = ContentRules(
        side="response",
        root_prefix="response-body",
        property_prefix="response-property",
        removed=("response-media-type-removed", "breaking"),
        added="response-media-type-added",
        renamed="response-media-type-name",
        subject=lambda media_type: f"the {media_type} body of status {code}",
        removed_text=lambda media_type: (
            f"status {code} no longer has a {media_type} body; clients that read it break."
        ),
        added_text=lambda media_type: f"status {code} may now have a {media_type} body.",
    )
    compare_content(scope, rules, before.get("content"), after.get("content"), (old_at, new_at))


def _fallback(
    scope: Scope, code: str, before: object, after: object, at: tuple[Parts, Parts]
) -> None:
    """A custom code's ``x-fallback`` is what clients that do not know the code act on."""
    old_at, new_at = (*at[0], "x-fallback"), (*at[1], "x-fallback")
    if before is not None and after is None:
        scope.add(
            "response-status-fallback-removed",
            "breaking",
            old_at,
            None,
            f"the x-fallback {before} of status {code} was removed; clients that do not "
            f"know {code} no longer learn which standard code to treat it as.",
        )
    elif before is not None and before != after:
        scope.add(
            "response-status-fallback-changed",
            "breaking",
            old_at,
            new_at,
            f"the x-fallback of status {code} changed from {before} to {after}; clients "
            f"that do not know {code} now treat it as {after} instead of {before}.",
        )
    elif before is None and after is not None:
        scope.add(
            "response-status-fallback-added",
            "info",
            None,
            new_at,
            f"status {code} now has the x-fallback {after}.",
        )


def _headers(
    scope: Scope,
    code: str,
    old: Mapping[str, t.Any],
    new: Mapping[str, t.Any],
    at: tuple[Parts, Parts],
) -> None:
    # Header names are case-insensitive (RFC 9110 §5.1).
    after = {str(name).lower(): (str(name), value) for name, value in new.items()}
    seen: set[str] = set()
    for name, value in old.items():
        key = str(name).lower()
        seen.add(key)
        before, old_at = resolve(scope.old_document, value, (*at[0], "headers", str(name)))
        label = f"response header {name!r} of status {code}"
        if key not in after:
            if before.get("required") is True:
                scope.add(
                    "required-response-header-removed",
                    "breaking",
                    old_at,
                    None,
                    f"the required {label} was removed; clients that read it break.",
                )
            else:
                scope.add(
                    "optional-response-header-removed",
                    "warning",
                    old_at,
                    None,
                    f"the optional {label} was removed.",
                )
            continue
        new_name, new_value = after[key]
        now, new_at = resolve(scope.new_document, new_value, (*at[1], "headers", new_name))
        if before.get("required") is True and now.get("required") is not True:
            scope.add(
                "response-header-became-optional",
                "breaking",
                old_at,
                new_at,
                f"the {label} became optional; clients that expect it break.",
            )
        site = SchemaSite(
            scope, "response", "response-header", "response-header-property", f"the {label}"
        )
        compare_schemas(
            site,
            before.get("schema"),
            now.get("schema"),
            ((*old_at, "schema"), (*new_at, "schema")),
        )
    for key, (name, _) in after.items():
        if key not in seen:
            scope.add(
                "response-header-added",
                "info",
                None,
                (*at[1], "headers", name),
                f"response header {name!r} of status {code} was added.",
            )


def compare_phrases(scope: Scope) -> None:
    """Custom reason phrases (``x-status-codes``): informative only, per RFC 9110 §15.1."""
    old_codes = mapping(scope.old_document.get("x-status-codes"))
    new_codes = mapping(scope.new_document.get("x-status-codes"))
    for code, entry in new_codes.items():
        before = mapping(old_codes.get(code)).get("phrase")
        after = mapping(entry).get("phrase")
        if before is not None and after is not None and before != after:
            where = ("x-status-codes", str(code), "phrase")
            scope.add(
                "response-status-phrase-changed",
                "info",
                where,
                where,
                f"the reason phrase of {code} changed from {before!r} to {after!r}; "
                "clients must not depend on phrases (RFC 9110 §15.1).",
            )
