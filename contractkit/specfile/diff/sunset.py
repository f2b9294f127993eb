"""Deprecation with a date: ``x-sunset`` says how long a deprecated operation or parameter stays.

A deprecated operation or parameter whose ``x-sunset`` is still ahead was promised
to clients until then: removing it early, moving the date earlier or dropping the
date breaks that promise. A date that does not parse cannot be compared, so any
decision that depends on it fails closed, naming the value to fix. ``x-sunset`` is
a date (``2026-12-31``) or an RFC 3339 date-time, as oasdiff reads it.
"""

from __future__ import annotations

import datetime
import typing as t
from collections.abc import Mapping

from .context import Parts, Scope
from .keywords import show


class _Unparsable(t.NamedTuple):
    value: object


_Sunset = datetime.date | _Unparsable | None


def _sunset(element: Mapping[str, t.Any]) -> _Sunset:
    """The ``x-sunset`` date of ``element``; YAML may have read it as a date already."""
    value = element.get("x-sunset")
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        for parse in (datetime.date.fromisoformat, datetime.datetime.fromisoformat):
            try:
                parsed = parse(value)
            except ValueError:
                continue
            return parsed.date() if isinstance(parsed, datetime.datetime) else parsed
    return _Unparsable(value)


def _today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def removed_before_sunset(
    scope: Scope, prefix: str, element: Mapping[str, t.Any], where: Parts, label: str
) -> bool:
    """Report a deprecated ``element`` removed before its sunset; whether it was one.

    :param prefix: the rule id prefix, e.g. ``"api"`` or ``"request-parameter"``.
    :param label: how messages name the element, e.g. ``"the operation"``.
    """
    sunset = _sunset(element)
    if isinstance(sunset, _Unparsable):
        scope.add(
            f"{prefix}-sunset-parse",
            "breaking",
            where,
            None,
            f"{label} was removed, and its x-sunset {show(sunset.value)} is not a date "
            "(write YYYY-MM-DD), so it cannot tell whether clients were told it would go.",
        )
        return True
    if sunset is not None and sunset > _today():
        scope.add(
            f"{prefix}-removed-before-sunset",
            "breaking",
            where,
            None,
            f"{label} was removed before its sunset date {sunset.isoformat()}; clients "
            "were told they could use it until then.",
        )
        return True
    return False


def compare_sunsets(
    scope: Scope,
    prefix: str,
    old: Mapping[str, t.Any],
    new: Mapping[str, t.Any],
    at: tuple[Parts, Parts],
    label: str,
) -> None:
    """The sunset of an element kept deprecated: removed, moved earlier, or unreadable."""
    if new.get("deprecated") is not True or old.get("x-sunset") == new.get("x-sunset"):
        return
    before, after = _sunset(old), _sunset(new)
    old_at, new_at = (*at[0], "x-sunset"), (*at[1], "x-sunset")
    unparsable = next((s for s in (after, before) if isinstance(s, _Unparsable)), None)
    if unparsable is not None:
        scope.add(
            f"{prefix}-sunset-parse",
            "breaking",
            old_at,
            new_at,
            f"the x-sunset {show(unparsable.value)} of {label} is not a date (write "
            "YYYY-MM-DD), so the sunset change cannot be checked.",
        )
    elif isinstance(before, datetime.date) and after is None and old.get("deprecated") is True:
        scope.add(
            f"{prefix}-sunset-deleted",
            "breaking",
            old_at,
            None,
            f"the sunset date {before.isoformat()} of the deprecated {label} was removed; "
            "clients no longer know until when they can use it.",
        )
    elif isinstance(before, datetime.date) and isinstance(after, datetime.date) and after < before:
        scope.add(
            f"{prefix}-sunset-date-changed-too-small",
            "breaking",
            old_at,
            new_at,
            f"the sunset date of the deprecated {label} moved earlier, from "
            f"{before.isoformat()} to {after.isoformat()}; clients planned for the old one.",
        )
