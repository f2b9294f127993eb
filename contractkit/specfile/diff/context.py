"""Where a schema comparison happens: which side of the wire, and how changes are named."""

from __future__ import annotations

import typing as t
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..locations import pointer
from .model import Change, Level, Side

if t.TYPE_CHECKING:
    from .shared import SharedSchemas

Parts = tuple[str | int, ...]

#: Levels of the schema rules by the suffix of their id: (request level, response level).
#: A request schema is what the server accepts, so narrowing it breaks clients; a
#: response schema is what clients must read, so widening its *shape* (types, null,
#: alternatives) breaks them, while widened bounds do not (see docs/reference/diff-rules.md).
SCHEMA_LEVELS: t.Final[dict[str, tuple[Level, Level]]] = {
    "type-changed": ("breaking", "breaking"),
    "type-generalized": ("info", "breaking"),
    "type-specialized": ("breaking", "info"),
    "type-compatible": ("info", "info"),
    "list-of-types-narrowed": ("breaking", "info"),
    "list-of-types-widened": ("info", "breaking"),
    "became-nullable": ("info", "breaking"),
    "became-not-nullable": ("breaking", "info"),
    "became-enum": ("breaking", "info"),
    "enum-value-removed": ("breaking", "info"),
    "enum-value-added": ("info", "warning"),
    "x-extensible-enum-value-removed": ("breaking", "info"),
    "const-changed": ("breaking", "breaking"),
    "const-added": ("breaking", "info"),
    "const-removed": ("info", "warning"),
    "pattern-added": ("breaking", "info"),
    # A new regex may or may not accept every old value: the document cannot tell.
    "pattern-changed": ("warning", "info"),
    "pattern-generalized": ("info", "info"),
    "pattern-removed": ("info", "info"),
    "default-value-added": ("info", "info"),
    "default-value-changed": ("info", "info"),
    "default-value-removed": ("info", "info"),
    "discriminator-added": ("info", "info"),
    "discriminator-removed": ("info", "info"),
    "discriminator-changed": ("info", "info"),
    "one-of-added": ("info", "breaking"),
    "one-of-removed": ("breaking", "info"),
    "any-of-added": ("info", "info"),
    "any-of-removed": ("breaking", "info"),
    "all-of-added": ("breaking", "info"),
    "all-of-removed": ("warning", "info"),
    "wrapped-in-one-of": ("breaking", "breaking"),
    # 2020-12 (vocabulary.py): each applicator added restricts the values accepted.
    "if-changed": ("breaking", "breaking"),
    "not-changed": ("breaking", "breaking"),
    "dependent-required-changed": ("breaking", "breaking"),
    "content-encoding-changed": ("breaking", "breaking"),
    "content-media-type-changed": ("breaking", "breaking"),
}
for _applicator in (
    "contains",
    "prefix-items",
    "dependent-required",
    "dependent-schema",
    "if",
    "then",
    "else",
    "pattern-property",
    "property-names",
    "unevaluated-items",
    "unevaluated-properties",
    "content-schema",
    "not",
):
    SCHEMA_LEVELS[f"{_applicator}-added"] = ("breaking", "info")
    SCHEMA_LEVELS[f"{_applicator}-removed"] = ("info", "breaking")
# Bounds: a narrowing ("increased" lower bound, "decreased" upper bound) breaks
# requests; a bound "set" where there was none is a warning, as in oasdiff: only
# clients that send values beyond it break, and the document cannot tell whether
# any do. A loosening breaks responses, as clients generated with validation (and
# code sized by the old range) reject values outside it.
for _bound in ("min", "exclusive-min", "min-length", "min-items", "min-contains"):
    SCHEMA_LEVELS[f"{_bound}-increased"] = ("breaking", "info")
    SCHEMA_LEVELS[f"{_bound}-decreased"] = ("info", "breaking")
    SCHEMA_LEVELS[f"{_bound}-set"] = ("warning", "info")
    SCHEMA_LEVELS[f"{_bound}-unset"] = ("info", "breaking")
for _bound in ("max", "exclusive-max", "max-length", "max-items", "max-contains"):
    SCHEMA_LEVELS[f"{_bound}-decreased"] = ("breaking", "info")
    SCHEMA_LEVELS[f"{_bound}-increased"] = ("info", "breaking")
    SCHEMA_LEVELS[f"{_bound}-set"] = ("warning", "info")
    SCHEMA_LEVELS[f"{_bound}-unset"] = ("info", "breaking")


@dataclass
class Scope:
    """One operation's findings (or one shared schema's), and the documents they point into."""

    old_document: Mapping[str, t.Any]
    new_document: Mapping[str, t.Any]
    operation: str | None
    changes: list[Change] = field(default_factory=list)
    #: Where the schemas reached through a ``$ref`` are compared, once for every scope.
    shared: SharedSchemas | None = None
    #: Who reaches what this scope's walk reaches: the shared schema walked, if any
    #: (an operation's scope is named by its operation).
    owner: t.Hashable = None

    def add(
        self,
        rule: str,
        level: Level,
        old: Parts | None,
        new: Parts | None,
        message: str,
    ) -> None:
        """Record one change; ``old``/``new`` are locations in each document."""
        self.changes.append(
            Change(
                rule,
                level,
                self.operation,
                None if old is None else pointer(old),
                None if new is None else pointer(new),
                message,
                () if self.operation is None else (self.operation,),
            )
        )


@dataclass(frozen=True)
class SchemaSite:
    """A schema root being compared: a parameter's, a body's or a response header's."""

    scope: Scope
    side: Side
    #: Rule id prefix for the root schema, e.g. ``"request-body"``.
    root_prefix: str
    #: Rule id prefix for anything below it, e.g. ``"request-property"``.
    property_prefix: str
    #: How messages name the root, e.g. ``"the application/json request body"``.
    subject: str
    #: Whether the values are text described loosely (an XML, form or text body), so
    #: that one concrete type swapped for another is compatible, as in oasdiff.
    loose: bool = False
    #: Whether the root is a schema reached below the site's own root (a property's
    #: ``$ref``), so that changes at it are named as property changes.
    nested: bool = False
    #: Whether the root is a parameter sent in form style, exploded (a query's default),
    #: so that ``?tag=a`` is also a one-element array.
    exploded: bool = False

    def root(self, path: tuple[str, ...]) -> bool:
        """Whether ``path`` is the site's own root: a parameter's or header's schema itself."""
        return not path and not self.nested

    def name(self, path: tuple[str, ...]) -> str:
        """``subject``, or the property at ``path`` below it."""
        if not path:
            return self.subject
        return f"property '{'/'.join(path)}' of {self.subject}"

    def rule(self, suffix: str, old: Parts, new: Parts, path: tuple[str, ...], text: str) -> None:
        """Record a schema rule by its suffix; the site decides its id and level."""
        prefix = self.root_prefix if self.root(path) else self.property_prefix
        request, response = SCHEMA_LEVELS[suffix]
        level = request if self.side == "request" else response
        self.scope.add(f"{prefix}-{suffix}", level, old, new, f"{self.name(path)}: {text}.")
