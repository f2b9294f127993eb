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


def diff_text(changes: list[Change], old_name: str, new_name: str) -> str:
    """A report for people: breaking changes first, then warnings, then the rest."""
    lines: list[str] = []
    for level in LEVELS:
        group = [change for change in changes if change.level == level]
        if group:
            lines.append(f"{_TITLES[level]} ({len(group)}):")
            lines.extend(
                f"  - [{change.id}] {change.operation or 'document'}: {change.message}"
                for change in group
            )
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
            f"| `{change.id}` | {_cell(change.operation or 'document')} | {_cell(change.message)} |"
            for change in group
        ]
        lines.append("")
    if changes:
        lines.append(_summary(changes, old_name, new_name))
    return "\n".join(lines).rstrip("\n") + "\n"
