"""What clients send: parameters and request bodies. Narrowing them breaks clients."""

from __future__ import annotations

import re
import typing as t
from collections.abc import Mapping

from ..parameter_styles import parameter_style
from .content import ContentRules, compare_content, mapping
from .context import Parts, SchemaSite, Scope
from .keywords import show
from .references import resolve
from .sunset import compare_sunsets, removed_before_sunset
from .walker import compare_schemas

_TEMPLATE_NAME = re.compile(r"\{([^}]*)\}")

Located = tuple[Mapping[str, t.Any], Parts]


def parameters(
    document: Mapping[str, t.Any], path: str, method: str, item: Mapping[str, t.Any]
) -> dict[tuple[str, str], Located]:
    """An operation's parameters, path-level ones included, keyed for matching.

    Path parameters are keyed by their place in the template, so renaming
    ``{id}`` to ``{item_id}`` changes nothing for a client; header names are
    case-insensitive.
    """
    names = _TEMPLATE_NAME.findall(path)
    found: dict[tuple[str, str], Located] = {}
    path_count = 0
    sources: tuple[tuple[Parts, object], ...] = (
        (("parameters",), item.get("parameters")),
        ((method, "parameters"), mapping(item.get(method)).get("parameters")),
    )
    for source, listed in sources:
        if not isinstance(listed, list):
            continue
        for index, raw in enumerate(listed):
            parameter, where = resolve(document, raw, ("paths", path, *source, index))
            name, place = parameter.get("name"), parameter.get("in")
            if not (isinstance(name, str) and isinstance(place, str)):
                continue
            if place == "path":
                # By place in the template; a name the template lacks, by its order.
                index = names.index(name) if name in names else path_count
                path_count += 1
                key = (place, f"#{index}")
            else:
                key = (place, name.lower() if place == "header" else name)
            found[key] = (parameter, where)
    return found


def _schema_of(parameter: Mapping[str, t.Any], where: Parts) -> tuple[object, Parts]:
    if "schema" in parameter:
        return parameter["schema"], (*where, "schema")
    for media_type, media in mapping(parameter.get("content")).items():
        return mapping(media).get("schema"), (*where, "content", str(media_type), "schema")
    return None, where


def compare_parameters(
    scope: Scope,
    old: dict[tuple[str, str], Located],
    new: dict[tuple[str, str], Located],
    skip: frozenset[tuple[str, str]] = frozenset(),
) -> None:
    """Parameters removed, added, made required, restyled, or with changed schemas.

    :param skip: keys of removed parameters another change reports (see generated.py).
    """
    for key, (before, old_at) in old.items():
        label = f"{key[0]} parameter '{before.get('name')}'"
        if key not in new and key in skip:
            continue
        if key not in new and key == ("header", "prefer"):
            # RFC 7240 §2: a server ignores a preference it does not support.
            scope.add(
                "request-parameter-removed",
                "warning",
                old_at,
                None,
                f"the {label} was removed; clients that send a preference lose its effect "
                "(a server ignores preferences it does not support).",
            )
            continue
        if key not in new:
            if before.get("deprecated") is True:
                if removed_before_sunset(
                    scope, "request-parameter", before, old_at, f"the deprecated {label}"
                ):
                    continue
                scope.add(
                    "request-parameter-removed-with-deprecation",
                    "info",
                    old_at,
                    None,
                    f"the deprecated {label} was removed.",
                )
            else:
                # As a request property removed: whether a client that still sends it
                # fails depends on the server (most ignore unknown parameters) and on
                # whether the client relied on its effect; the document cannot tell.
                scope.add(
                    "request-parameter-removed",
                    "warning",
                    old_at,
                    None,
                    f"the {label} was removed; clients that send it lose its effect, "
                    "or are rejected by a server that refuses unknown parameters.",
                )
            continue
        after, new_at = new[key]
        _parameter(scope, label, before, after, (old_at, new_at))
    for key, (after, new_at) in new.items():
        if key in old:
            continue
        label = f"{key[0]} parameter '{after.get('name')}'"
        if key[0] == "path":
            scope.add(
                "new-request-path-parameter",
                "breaking",
                None,
                new_at,
                f"the {label} was added; old URLs no longer match.",
            )
        elif after.get("required") is True:
            scope.add(
                "new-required-request-parameter",
                "breaking",
                None,
                new_at,
                f"the required {label} was added; clients that do not send it are rejected.",
            )
        else:
            scope.add(
                "new-optional-request-parameter",
                "info",
                None,
                new_at,
                f"the optional {label} was added.",
            )


def _parameter(
    scope: Scope,
    label: str,
    old: Mapping[str, t.Any],
    new: Mapping[str, t.Any],
    at: tuple[Parts, Parts],
) -> None:
    compare_sunsets(scope, "request-parameter", old, new, at, label)
    was, now = old.get("required") is True, new.get("required") is True
    if not was and now:
        scope.add(
            "request-parameter-became-required",
            "breaking",
            *at,
            f"the {label} became required; clients that omit it are rejected.",
        )
    elif was and not now:
        scope.add("request-parameter-became-optional", "info", *at, f"the {label} became optional.")
    for aspect, before, after in zip(
        ("style", "explode"), parameter_style(old), parameter_style(new), strict=True
    ):
        if before != after:
            scope.add(
                f"request-parameter-{aspect}-changed",
                "breaking",
                *at,
                f"the {label} changed its {aspect} from {show(before)} to {show(after)}; "
                "clients serialize it the old way.",
            )
    old_schema, old_at = _schema_of(old, at[0])
    new_schema, new_at = _schema_of(new, at[1])
    if not now:
        _default(scope, label, old_schema, new_schema, (old_at, new_at))
    site = SchemaSite(
        scope,
        "request",
        "request-parameter",
        "request-parameter-property",
        f"the {label}",
        exploded=parameter_style(new) == ("form", True),
    )
    compare_schemas(site, old_schema, new_schema, (old_at, new_at))


def _default(scope: Scope, label: str, old: object, new: object, at: tuple[Parts, Parts]) -> None:
    """An optional parameter's default is what clients that omit it get: changing it breaks."""
    before = resolve(scope.old_document, old, at[0])[0]
    after = resolve(scope.new_document, new, at[1])[0]
    if before.get("default") == after.get("default") and ("default" in before) == (
        "default" in after
    ):
        return
    if "default" in before and "default" in after:
        action = "changed"
        said = f"from {show(before['default'])} to {show(after['default'])}"
    elif "default" in after:
        action, said = "added", f"as {show(after['default'])}"
    else:
        action, said = "removed", f"(was {show(before['default'])})"
    scope.add(
        f"request-parameter-default-value-{action}",
        "breaking",
        *at,
        f"the default of the optional {label} was {action} {said}; clients that omit it "
        "get a different behaviour.",
    )


_BODY_RULES = ContentRules(
    side="request",
    root_prefix="request-body",
    property_prefix="request-property",
    removed=("request-body-media-type-removed", "breaking"),
    added="request-body-media-type-added",
    renamed="request-body-media-type-name",
    subject=lambda media_type: f"the {media_type} request body",
    removed_text=lambda media_type: f"the {media_type} request body is no longer accepted.",
    added_text=lambda media_type: f"a {media_type} request body is now accepted.",
)


def compare_bodies(scope: Scope, old: object, new: object, at: tuple[Parts, Parts]) -> None:
    """The request body: removed, added, made required, its media types and schemas."""
    if old is None and new is None:
        return
    if new is None:
        scope.add(
            "request-body-removed",
            "breaking",
            at[0],
            None,
            "the request body was removed; clients that send one may be rejected.",
        )
        return
    after, new_at = resolve(scope.new_document, new, at[1])
    required = after.get("required") is True
    if old is None:
        if required:
            scope.add(
                "request-body-added-required",
                "breaking",
                None,
                new_at,
                "a required request body was added; clients that send none are rejected.",
            )
        else:
            scope.add(
                "request-body-added-optional",
                "info",
                None,
                new_at,
                "an optional request body was added.",
            )
        return
    before, old_at = resolve(scope.old_document, old, at[0])
    if required and before.get("required") is not True:
        scope.add(
            "request-body-became-required",
            "breaking",
            old_at,
            new_at,
            "the request body became required; clients that send none are rejected.",
        )
    elif before.get("required") is True and not required:
        scope.add(
            "request-body-became-optional",
            "info",
            old_at,
            new_at,
            "the request body became optional.",
        )
    compare_content(
        scope, _BODY_RULES, before.get("content"), after.get("content"), (old_at, new_at)
    )
    _compare_encodings(scope, before.get("content"), after.get("content"), (old_at, new_at))


def _compare_encodings(scope: Scope, old: object, new: object, at: tuple[Parts, Parts]) -> None:
    """Form fields whose ``encoding`` sends them another way: ``a=1,2`` is not ``a=1&a=2``.

    An ``encoding`` entry is styled like a query parameter (OpenAPI 3 Encoding
    Object), defaults included, so a field without one is compared as ``form``,
    exploded.
    """
    new_content = mapping(new)
    for media_type, media in mapping(old).items():
        if media_type not in new_content:
            continue  # compare_content reports it
        here = tuple((*side, "content", media_type, "encoding") for side in at)
        before = mapping(mapping(media).get("encoding"))
        after = mapping(mapping(new_content[media_type]).get("encoding"))
        for name in dict.fromkeys([*before, *after]):
            label = f"form field '{name}' of the {media_type} request body"
            old_style, new_style = (
                parameter_style(mapping(before.get(name))),
                parameter_style(mapping(after.get(name))),
            )
            for aspect, was, now in zip(("style", "explode"), old_style, new_style, strict=True):
                if was != now:
                    scope.add(
                        f"request-form-field-{aspect}-changed",
                        "breaking",
                        (*here[0], name),
                        (*here[1], name),
                        f"the {label} changed its {aspect} from {show(was)} to {show(now)}; "
                        "clients serialize it the old way.",
                    )
