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
    #: Messages, given the media type.
    subject: Callable[[str], str]
    removed_text: Callable[[str], str]
    added_text: Callable[[str], str]


def compare_content(
    scope: Scope, rules: ContentRules, old: object, new: object, at: tuple[Parts, Parts]
) -> None:
    """Every media type of ``old`` and ``new`` (``content`` maps at ``at``) compared."""
    old_at, new_at = at
    old_content, new_content = mapping(old), mapping(new)
    for media_type, media in old_content.items():
        here = (*old_at, "content", media_type)
        if media_type not in new_content:
            rule, level = rules.removed
            scope.add(rule, level, here, None, rules.removed_text(media_type))
            continue
        site = SchemaSite(
            scope, rules.side, rules.root_prefix, rules.property_prefix, rules.subject(media_type)
        )
        compare_schemas(
            site,
            mapping(media).get("schema"),
            mapping(new_content[media_type]).get("schema"),
            ((*here, "schema"), (*new_at, "content", media_type, "schema")),
        )
    for media_type in new_content:
        if media_type not in old_content:
            there = (*new_at, "content", media_type)
            scope.add(rules.added, "info", None, there, rules.added_text(media_type))
