"""JSON Schema 2020-12's applicators (OpenAPI 3.1): each one added narrows, removed widens.

``contains``, ``prefixItems``, ``dependentRequired``, ``dependentSchemas``,
``if``/``then``/``else``, ``patternProperties``, ``propertyNames``,
``unevaluatedItems``, ``unevaluatedProperties``, ``contentSchema`` and ``not`` all
*restrict* the values a schema accepts. So one that appears narrows the schema
(breaks requests, rule ``…-added``), one that goes away widens it (breaks
responses, ``…-removed``), and one kept on both sides is walked like any other
subschema, in the same direction (``if`` and ``not``, whose changes have no one
direction, report ``…-changed``). ``minContains``/``maxContains`` are bounds
(keywords.py); ``contentEncoding``/``contentMediaType`` say how a string is
encoded, so any change to them breaks both sides (keywords.py too).
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

from ..schema_compare import meaning
from .context import Parts, SchemaSite
from .keywords import Schema, show

#: A subschema pair to walk: old, new, their locations, and the property path.
Child = tuple[object, object, Parts, Parts, tuple[str, ...]]

#: Keywords holding one subschema, and the rule name oasdiff gives them.
_SINGLE: t.Final = (
    ("contains", "contains"),
    ("propertyNames", "property-names"),
    ("if", "if"),
    ("then", "then"),
    ("else", "else"),
    ("contentSchema", "content-schema"),
    ("not", "not"),
)
#: Keywords holding a map of subschemas: the rule name of one entry.
_MAPS: t.Final = (
    ("patternProperties", "pattern-property"),
    ("dependentSchemas", "dependent-schema"),
)
_UNEVALUATED: t.Final = (
    ("unevaluatedItems", "unevaluated-items"),
    ("unevaluatedProperties", "unevaluated-properties"),
)


#: Every keyword this module reads: a schema pair with none of them is skipped at once.
_KEYWORDS: t.Final = frozenset(
    {keyword for keyword, _ in (*_SINGLE, *_MAPS, *_UNEVALUATED)}
    | {"dependentRequired", "prefixItems"}
)


def _present(value: object) -> bool:
    """Whether a subschema keyword restricts anything: ``true`` and ``{}`` accept all."""
    return value is False or (isinstance(value, Mapping) and bool(value))


def compare_applicators(
    site: SchemaSite,
    old: Schema,
    new: Schema,
    at: tuple[Parts, Parts],
    path: tuple[str, ...],
) -> list[Child]:
    """The rules on 2020-12's applicators of one schema pair; the subschemas still to walk."""
    children: list[Child] = []
    if _KEYWORDS.isdisjoint(old.keys()) and _KEYWORDS.isdisjoint(new.keys()):
        return children
    for keyword, rule in (*_SINGLE, *_UNEVALUATED):
        _single(site, keyword, rule, old.get(keyword), new.get(keyword), at, path, children)
    for keyword, rule in _MAPS:
        before, after = old.get(keyword), new.get(keyword)
        before = before if isinstance(before, Mapping) else {}
        after = after if isinstance(after, Mapping) else {}
        for name in [*before, *(name for name in after if name not in before)]:
            where = (
                (*at[0], keyword, str(name)),
                (*at[1], keyword, str(name)),
            )
            if name in before and name in after:
                children.append((before[name], after[name], *where, (*path, keyword, str(name))))
            elif name in after:
                site.rule(f"{rule}-added", at[0], where[1], path, f"{keyword} {show(name)} added")
            else:
                site.rule(
                    f"{rule}-removed", where[0], at[1], path, f"{keyword} {show(name)} removed"
                )
    _dependent_required(site, old.get("dependentRequired"), new.get("dependentRequired"), at, path)
    _prefix_items(site, old, new, at, path, children)
    return children


def _single(
    site: SchemaSite,
    keyword: str,
    rule: str,
    before: object,
    after: object,
    at: tuple[Parts, Parts],
    path: tuple[str, ...],
    children: list[Child],
) -> None:
    was, now = _present(before), _present(after)
    where = ((*at[0], keyword), (*at[1], keyword))
    if was and now:
        if isinstance(before, Mapping) and isinstance(after, Mapping):
            if keyword in ("if", "not"):
                # A changed condition moves values between then and else, and what a
                # ``not`` accepts less the schema accepts more: fail closed, both sides.
                if meaning(before) != meaning(after):
                    site.rule(f"{rule}-changed", *where, path, f"the {keyword} schema changed")
                return
            children.append((before, after, *where, (*path, keyword)))
        elif after is False:
            site.rule(f"{rule}-added", *where, path, f"{keyword} is now false")
        elif before is False:
            site.rule(f"{rule}-removed", *where, path, f"{keyword} is no longer false")
    elif now:
        site.rule(f"{rule}-added", at[0], where[1], path, f"{keyword} added")
    elif was:
        site.rule(f"{rule}-removed", where[0], at[1], path, f"{keyword} removed")


def _dependent_required(
    site: SchemaSite,
    before: object,
    after: object,
    at: tuple[Parts, Parts],
    path: tuple[str, ...],
) -> None:
    """``dependentRequired``: names a property makes required; more names accept less."""
    old = _names(before)
    new = _names(after)
    for name in sorted(old.keys() | new.keys()):
        gained = sorted(new.get(name, set()) - old.get(name, set()))
        lost = sorted(old.get(name, set()) - new.get(name, set()))
        where = ((*at[0], "dependentRequired"), (*at[1], "dependentRequired"))
        if gained and lost:
            said = f"with {name!r} {show(gained)} are now required instead of {show(lost)}"
            site.rule("dependent-required-changed", *where, path, said)
        elif gained:
            said = f"with {name!r}, {show(gained)} are now required too"
            site.rule("dependent-required-added", *where, path, said)
        elif lost:
            said = f"with {name!r}, {show(lost)} are no longer required"
            site.rule("dependent-required-removed", *where, path, said)


def _names(value: object) -> dict[str, set[str]]:
    if not isinstance(value, Mapping):
        return {}
    return {
        str(name): {str(item) for item in names}
        for name, names in value.items()
        if isinstance(names, list) and names
    }


def _prefix_items(
    site: SchemaSite,
    old: Schema,
    new: Schema,
    at: tuple[Parts, Parts],
    path: tuple[str, ...],
    children: list[Child],
) -> None:
    """``prefixItems``, position by position; past a prefix, ``items`` holds the position."""
    before, after = old.get("prefixItems"), new.get("prefixItems")
    before = before if isinstance(before, list) else []
    after = after if isinstance(after, list) else []
    if before == after:
        return
    for index in range(max(len(before), len(after))):
        was = _position(old, before, index, at[0])
        now = _position(new, after, index, at[1])
        if now is not None and was is None:
            site.rule(
                "prefix-items-added", at[0], now[1], path, f"item #{index + 1} is now constrained"
            )
        elif was is not None and now is None:
            site.rule(
                "prefix-items-removed",
                was[1],
                at[1],
                path,
                f"item #{index + 1} is no longer constrained",
            )
        elif was is not None and now is not None:
            children.append((was[0], now[0], was[1], now[1], (*path, str(index))))


def _position(
    schema: Schema, prefix: list[object], index: int, at: Parts
) -> tuple[object, Parts] | None:
    """The subschema an array's item at ``index`` must match, if anything constrains it."""
    if index < len(prefix):
        return prefix[index], (*at, "prefixItems", index)
    items = schema.get("items")
    if _present(items):
        return items, (*at, "items")
    return None
