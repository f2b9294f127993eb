"""Reports of a diff: text for people, JSON for machines, Markdown for a pull request."""

from __future__ import annotations

import json
from collections import Counter

from .model import LEVELS, Change

_TITLES = {"breaking": "Breaking changes", "warning": "Warnings", "info": "Other changes"}


def _counts(changes: list[Change]) -> Counter[str]:
    return Counter(change.level for change in changes)


def _summary(changes: list[Change], old_name: str, new_name: str) -> str:
    if not changes:
        return f"{old_name} -> {new_name}: no contract changes."
    counts = _counts(changes)
    return (
        f"{old_name} -> {new_name}: {counts['breaking']} breaking, {counts['warning']} "
        f"warning(s), {counts['info']} info."
    )


def _where(change: Change) -> str:
    """What a change is reported under: its operation, the shared schema it is in, or
    the document."""
    if change.operation is not None:
        return change.operation
    if change.component is not None:
        return f"{change.component} (in {len(change.operations)} operations)"
    return "document"


def diff_text(changes: list[Change], old_name: str, new_name: str) -> str:
    """A report for people: breaking changes first, then warnings, then the rest.

    A change in a schema several operations share is one entry, followed by the
    operations that reach it.
    """
    lines: list[str] = []
    for level in LEVELS:
        group = [change for change in changes if change.level == level]
        if not group:
            continue
        lines.append(f"{_TITLES[level]} ({len(group)}):")
        for change in group:
            lines.append(f"  - [{change.id}] {_where(change)}: {change.message}")
            if change.operation is None and change.component is not None:
                lines.append(f"    operations: {', '.join(change.operations)}")
    lines.append(_summary(changes, old_name, new_name))
    return "\n".join(lines) + "\n"


def diff_json(changes: list[Change], old_name: str, new_name: str) -> str:
    """A report for machines; the same input always gives the same text."""
    counts = _counts(changes)
    report: dict[str, object] = {
        "old": old_name,
        "new": new_name,
        **{level: counts[level] for level in LEVELS},
        "changes": [change.as_dict() for change in changes],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    """Text that cannot end a Markdown table cell early."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _operations(change: Change) -> str:
    """The Operation cell: a shared schema's change lists every operation it reaches."""
    if change.operation is not None or change.component is None:
        return _cell(_where(change))
    listed = "<br>".join(_cell(operation) for operation in change.operations)
    return f"`{_cell(change.component)}`, in {len(change.operations)} operations:<br>{listed}"


def diff_markdown(changes: list[Change], old_name: str, new_name: str) -> str:
    """A report to post as a pull request comment: one table per level."""
    lines = [f"### Contract changes: `{_cell(old_name)}` → `{_cell(new_name)}`", ""]
    if not changes:
        lines.append("No contract changes.")
    for level in LEVELS:
        group = [change for change in changes if change.level == level]
        if not group:
            continue
        lines += [
            f"#### {_TITLES[level]} ({len(group)})",
            "",
            "| Rule | Operation | Change |",
            "|---|---|---|",
        ]
        lines += [
            f"| `{change.id}` | {_operations(change)} | {_cell(change.message)} |"
            for change in group
        ]
        lines.append("")
    if changes:
        lines.append(_summary(changes, old_name, new_name))
    return "\n".join(lines).rstrip("\n") + "\n"
