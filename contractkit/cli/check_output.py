"""What ``contractkit check`` prints: invalid OpenAPI apart from contractkit's own contract rules.

A third-party document can be valid OpenAPI and still break contractkit's
rules (AWS answers unregistered codes 480-499; many documents leave a
description empty). Both are problems, but of a different order: the text
output heads each group, the JSON output gives each problem its ``kind``.
"""

from __future__ import annotations

import json
import typing as t

from ..specfile.problems import Kind, Problem

#: Each group's heading, in the order printed.
HEADINGS: t.Final[dict[Kind, str]] = {
    "openapi": "Invalid OpenAPI",
    "contract": "contractkit's contract rules (the status-code contract, beyond OpenAPI)",
}
#: How to satisfy the rules a third-party document breaks most, under their group.
_CONTRACT_HINT = (
    "Custom codes are registered under the top-level x-status-codes (phrase and fallback "
    "for each) and named on their responses by x-fallback; see the custom codes guide."
)


def problems_text(problems: t.Sequence[Problem]) -> str:
    """The problems as headed groups, one ``JSONPATH: message`` line each."""
    lines = []
    for kind, heading in HEADINGS.items():
        group = [p for p in problems if p.kind == kind]
        if not group:
            continue
        lines.append(f"{heading} ({len(group)}):")
        lines.extend(f"  {problem}" for problem in group)
        if kind == "contract" and any("x-status-codes" in p.message for p in group):
            lines.append(f"  {_CONTRACT_HINT}")
    return "".join(f"{line}\n" for line in lines)


def problems_json(name: str, problems: t.Sequence[Problem]) -> str:
    """The verdict and every problem with its ``kind`` (``openapi`` or ``contract``)."""
    report = {
        "document": name,
        "valid_openapi": not any(p.kind == "openapi" for p in problems),
        "contract_rules_hold": not any(p.kind == "contract" for p in problems),
        "problems": [
            {"kind": p.kind, "location": p.location, "message": p.message} for p in problems
        ],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def summary(problems: t.Sequence[Problem]) -> str:
    """``N problem(s) found``, and how many of each kind."""
    counts = {kind: sum(p.kind == kind for p in problems) for kind in HEADINGS}
    return (
        f"{len(problems)} problem(s) found: {counts['openapi']} invalid OpenAPI, "
        f"{counts['contract']} contract rule(s)."
    )
