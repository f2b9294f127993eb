"""A ``content`` map compared: media types removed and added, and each kept one's schema.

Request bodies and responses share this walk; only the rule ids, the level of a
removal and the wording differ, so each side passes those in.
"""

from __future__ import annotations

import typing as t
from collections.abc import Callable, Mapping

from .context import Parts, SchemaSite, Scope
from .model import Level
from .walker import compare_schemas


def mapping(value: object) -> Mapping[str, t.Any]:
    """``value`` if the document has an object there, else an empty one."""
    return value if isinstance(value, Mapping) else {}


class ContentRules(t.NamedTuple):
    """How one side of the wire names what happens to a ``content`` map."""

    side: t.Literal["request", "response"]
    #: Rule id prefixes for the body schema and the properties below it.
    root_prefix: str
    property_prefix: str
    removed: tuple[str, Level]
    added: str
    #: Rule id prefix of a media type renamed compatibly, e.g. ``"response-media-type-name"``.
    renamed: str
    #: Messages, given the media type.
    subject: Callable[[str], str]
    removed_text: Callable[[str], str]
    added_text: Callable[[str], str]


#: Levels of a media type renamed, by how: (request level, response level). A client
#: that sends JSON is refused by a server that now wants ``problem+json``; one that
#: reads JSON still reads ``problem+json``, but not the other way round.
_RENAMED: t.Final[dict[str, tuple[Level, Level]]] = {
    "specialized": ("breaking", "info"),
    "generalized": ("info", "breaking"),
    "changed": ("info", "info"),
}


#: Media types whose values are text that JSON Schema types describe loosely.
_LOOSE: t.Final = frozenset(
    {("application", "xml"), ("application", "x-www-form-urlencoded"), ("text", "xml")}
)


def _loose(media_type: str) -> bool:
    """Whether a media type carries text, not typed values: XML, forms, ``text/*``.

    Unknown media types are not: a type change there stays a change.
    """
    kind, subtype = _essence(media_type)
    return (
        (kind, subtype) in _LOOSE
        or subtype.endswith("+xml")
        or (kind in ("text", "multipart") and subtype != "*")
    )


def _essence(media_type: str) -> tuple[str, str]:
    """``type/subtype`` of a media type, lowercased and without parameters (RFC 9110 §8.3.1)."""
    kind, _, subtype = media_type.partition(";")[0].strip().lower().partition("/")
    return kind, subtype


def _narrower(inner: tuple[str, str], outer: tuple[str, str]) -> bool:
    """Whether every ``inner`` document is an ``outer`` one: a ``+json``-style structured
    syntax suffix (RFC 6838 §4.2.8) of ``outer``, or matched by its wildcard."""
    if outer[0] == "*" or (outer[0] == inner[0] and outer[1] == "*"):
        return inner != outer
    return inner[0] == outer[0] and inner[1].endswith("+" + outer[1])


def _how(old: str, new: str) -> str | None:
    """How ``old`` became ``new``, if it is one media type renamed; else ``None``."""
    before, after = _essence(old), _essence(new)
    if before == after:
        return "changed"
    if _narrower(after, before):
        return "specialized"
    if _narrower(before, after):
        return "generalized"
    return None


def _renamed(old: Mapping[str, t.Any], new: Mapping[str, t.Any]) -> dict[str, tuple[str, str]]:
    """Media types of ``old`` gone from ``new`` that one added in ``new`` renames."""
    added = [name for name in new if name not in old]
    found: dict[str, tuple[str, str]] = {}
    for name in old:
        if name in new:
            continue
        match = next(((other, how) for other in added if (how := _how(name, other))), None)
        if match is not None:
            found[name] = match
            added.remove(match[0])
    return found


def compare_content(
    scope: Scope, rules: ContentRules, old: object, new: object, at: tuple[Parts, Parts]
) -> None:
    """Every media type of ``old`` and ``new`` (``content`` maps at ``at``) compared.

    A media type renamed compatibly (``application/json`` → ``application/problem+json``,
    or parameters changed) is one change, and its schemas are still compared.
    """
    old_at, new_at = at
    old_content, new_content = mapping(old), mapping(new)
    renamed = _renamed(old_content, new_content)
    for media_type, media in old_content.items():
        here = (*old_at, "content", media_type)
        target = media_type
        if media_type in renamed:
            target, how = renamed[media_type]
            request, response = _RENAMED[how]
            scope.add(
                f"{rules.renamed}-{how}",
                request if rules.side == "request" else response,
                here,
                (*new_at, "content", target),
                f"{rules.subject(media_type)} is now {target} ({how}).",
            )
        elif media_type not in new_content:
            rule, level = rules.removed
            scope.add(rule, level, here, None, rules.removed_text(media_type))
            continue
        site = SchemaSite(
            scope,
            rules.side,
            rules.root_prefix,
            rules.property_prefix,
            rules.subject(target),
            loose=_loose(media_type) and _loose(target),
        )
        compare_schemas(
            site,
            mapping(media).get("schema"),
            mapping(new_content[target]).get("schema"),
            ((*here, "schema"), (*new_at, "content", target, "schema")),
        )
    renamed_to = {target for target, _ in renamed.values()}
    for media_type in new_content:
        if media_type not in old_content and media_type not in renamed_to:
            there = (*new_at, "content", media_type)
            scope.add(rules.added, "info", None, there, rules.added_text(media_type))
