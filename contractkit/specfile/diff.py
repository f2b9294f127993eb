"""Contract changes between two OpenAPI documents, each classified as breaking or not."""

from __future__ import annotations

import json
import re
import typing as t
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass

from .locations import follow, iter_operations, json_path
from .schema_compare import MISSING, differences, inline, meaning

_TEMPLATE = re.compile(r"\{[^}]*\}")
#: How many schema differences a message spells out before it says "and N more".
_SHOWN = 3


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new contract."""

    #: Stable identifier for machines, e.g. ``"status-removed"``.
    kind: str
    #: Whether a client written against the old contract may break.
    breaking: bool
    #: The operation, e.g. ``"GET /items/{item_id}"``; ``None`` for document-wide changes.
    operation: str | None
    #: JSONPath of the change: in the new document, or in the old one for removals.
    location: str
    #: What changed and what it means for clients, in one sentence.
    message: str

    def to_dict(self) -> dict[str, t.Any]:
        """The change as JSON-ready data."""
        return asdict(self)


def diff_documents(old: Mapping[str, t.Any], new: Mapping[str, t.Any]) -> list[Change]:
    """Every contract change from ``old`` to ``new``, in document order.

    Operations are matched by method and path with parameter names ignored:
    ``/items/{id}`` and ``/items/{item_id}`` are the same URLs to a client.
    """
    old_operations = _operations(old)
    new_operations = _operations(new)
    changes: list[Change] = []
    for key, (path, method, operation) in old_operations.items():
        if key not in new_operations:
            changes.append(
                Change(
                    "operation-removed",
                    True,
                    f"{method.upper()} {path}",
                    json_path(["paths", path, method]),
                    "the operation was removed; clients that call it will get an error.",
                )
            )
            continue
        new_path, _, new_operation = new_operations[key]
        pair = _Pair(old, new, f"{method.upper()} {new_path}", path, new_path, method)
        changes.extend(pair.responses(operation, new_operation))
    for key, (path, method, _) in new_operations.items():
        if key not in old_operations:
            changes.append(
                Change(
                    "operation-added",
                    False,
                    f"{method.upper()} {path}",
                    json_path(["paths", path, method]),
                    "the operation was added.",
                )
            )
    changes.extend(_phrase_changes(old, new))
    return changes


def _operations(
    document: Mapping[str, t.Any],
) -> dict[tuple[str, str], tuple[str, str, Mapping[str, t.Any]]]:
    return {
        (_TEMPLATE.sub("{}", path), method): (path, method, operation)
        for path, method, operation in iter_operations(document)
    }


def _mapping(value: object) -> Mapping[str, t.Any]:
    return value if isinstance(value, Mapping) else {}


@dataclass(frozen=True)
class _Pair:
    """One operation present in both documents, compared response by response."""

    old_document: Mapping[str, t.Any]
    new_document: Mapping[str, t.Any]
    name: str
    old_path: str
    new_path: str
    method: str

    def _where(self, *parts: str, removed: bool = False) -> str:
        path = self.old_path if removed else self.new_path
        return json_path(["paths", path, self.method, "responses", *parts])

    def _change(self, kind: str, breaking: bool, location: str, message: str) -> Change:
        return Change(kind, breaking, self.name, location, message)

    def responses(
        self, old_operation: Mapping[str, t.Any], new_operation: Mapping[str, t.Any]
    ) -> Iterator[Change]:
        old = {str(k): v for k, v in _mapping(old_operation.get("responses")).items()}
        new = {str(k): v for k, v in _mapping(new_operation.get("responses")).items()}
        for code, response in old.items():
            if code in new:
                yield from self._response(
                    code,
                    _mapping(follow(self.old_document, response)),
                    _mapping(follow(self.new_document, new[code])),
                )
                continue
            cover = _covering(code, new)
            where = self._where(code, removed=True)
            if cover is None:
                yield self._change(
                    "status-removed",
                    True,
                    where,
                    f"status {code} was removed from the contract; clients that handle it "
                    "can no longer rely on its meaning or body.",
                )
            else:
                kind = "default" if cover == "default" else "range"
                yield self._change(
                    f"status-covered-only-by-{kind}",
                    True,
                    where,
                    f"status {code} is no longer declared and only the {cover!r} response "
                    "covers it now; clients lose its specific meaning and body schema.",
                )
        for code in new:
            if code not in old:
                yield self._change(
                    "status-added", False, self._where(code), f"status {code} was added."
                )

    def _response(
        self, code: str, old: Mapping[str, t.Any], new: Mapping[str, t.Any]
    ) -> Iterator[Change]:
        before, after = old.get("x-fallback"), new.get("x-fallback")
        if before is not None and after is None:
            yield self._change(
                "fallback-removed",
                True,
                self._where(code, "x-fallback", removed=True),
                f"the x-fallback {before} of status {code} was removed; clients that do not "
                f"know {code} no longer learn which standard code to treat it as.",
            )
        elif before is not None and before != after:
            yield self._change(
                "fallback-changed",
                True,
                self._where(code, "x-fallback"),
                f"the x-fallback of status {code} changed from {before} to {after}; clients "
                f"that do not know {code} now treat it as {after} instead of {before}.",
            )
        elif before is None and after is not None:
            yield self._change(
                "fallback-added",
                False,
                self._where(code, "x-fallback"),
                f"status {code} now has the x-fallback {after}.",
            )
        yield from self._content(code, _mapping(old.get("content")), _mapping(new.get("content")))

    def _content(
        self, code: str, old: Mapping[str, t.Any], new: Mapping[str, t.Any]
    ) -> Iterator[Change]:
        for media_type, old_media in old.items():
            if media_type not in new:
                yield self._change(
                    "media-type-removed",
                    True,
                    self._where(code, "content", media_type, removed=True),
                    f"status {code} no longer has a {media_type} body.",
                )
                continue
            yield from self._schema(code, media_type, old_media, new[media_type])
        for media_type in new:
            if media_type not in old:
                yield self._change(
                    "media-type-added",
                    False,
                    self._where(code, "content", media_type),
                    f"status {code} may now have a {media_type} body.",
                )

    def _schema(self, code: str, media_type: str, old: object, new: object) -> Iterator[Change]:
        before = inline(self.old_document, _mapping(old).get("schema"))
        after = inline(self.new_document, _mapping(new).get("schema"))
        if not any(differences(before, after)):
            return
        where = self._where(code, "content", media_type, "schema")
        changed = list(differences(meaning(before), meaning(after)))
        if not changed:
            yield self._change(
                "response-schema-docs-changed",
                False,
                where,
                f"the {media_type} schema of status {code} changed its descriptions, "
                "titles or examples only.",
            )
            return
        shown = "; ".join(_describe(parts, a, b) for parts, a, b in changed[:_SHOWN])
        more = f"; and {len(changed) - _SHOWN} more" if len(changed) > _SHOWN else ""
        yield self._change(
            "response-schema-changed",
            True,
            where,
            f"the {media_type} schema of status {code} changed: {shown}{more}.",
        )


def _covering(code: str, responses: Mapping[str, t.Any]) -> str | None:
    """The range or ``default`` response that answers for ``code`` in ``responses``."""
    if len(code) == 3 and code.isdigit():
        for key in responses:
            if key.upper() == f"{code[0]}XX":
                return key
    return "default" if "default" in responses and code != "default" else None


def _describe(parts: tuple[str | int, ...], before: object, after: object) -> str:
    where = "schema" + json_path(parts)[1:]
    if before is MISSING:
        return f"{where} added"
    if after is MISSING:
        return f"{where} removed"
    return f"{where} {_short(before)} → {_short(after)}"


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _phrase_changes(old: Mapping[str, t.Any], new: Mapping[str, t.Any]) -> Iterator[Change]:
    old_codes = _mapping(old.get("x-status-codes"))
    new_codes = _mapping(new.get("x-status-codes"))
    for code, entry in new_codes.items():
        before = _mapping(old_codes.get(code)).get("phrase")
        after = _mapping(entry).get("phrase")
        if before is not None and after is not None and before != after:
            yield Change(
                "phrase-changed",
                False,
                None,
                json_path(["x-status-codes", code, "phrase"]),
                f"the reason phrase of {code} changed from {before!r} to {after!r}; "
                "clients must not depend on phrases (RFC 9110 §15.1).",
            )


def render_text(changes: list[Change], old_name: str, new_name: str) -> str:
    """A report for people: breaking changes first, then the rest, then a summary."""
    breaking = [change for change in changes if change.breaking]
    other = [change for change in changes if not change.breaking]
    lines: list[str] = []
    for title, group in (("Breaking changes", breaking), ("Non-breaking changes", other)):
        if group:
            lines.append(f"{title} ({len(group)}):")
            lines.extend(
                f"  - {change.operation or change.location}: {change.message}" for change in group
            )
    if changes:
        lines.append(
            f"{old_name} -> {new_name}: {len(breaking)} breaking, {len(other)} non-breaking."
        )
    else:
        lines.append(f"{old_name} -> {new_name}: no contract changes.")
    return "\n".join(lines) + "\n"


def render_json(changes: list[Change], old_name: str, new_name: str) -> str:
    """A report for machines; the same input always gives the same text."""
    report = {
        "old": old_name,
        "new": new_name,
        "breaking": sum(change.breaking for change in changes),
        "non_breaking": sum(not change.breaking for change in changes),
        "changes": [change.to_dict() for change in changes],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
