"""Minimal OpenAPI documents for the diff tests: one operation, one thing under test."""

from __future__ import annotations

import copy
import typing as t

from contractkit.specfile.diff import Change, diff_documents

Document = dict[str, t.Any]
Schema = dict[str, t.Any]


def document(
    *,
    parameters: list[dict[str, t.Any]] | None = None,
    request: Schema | None = None,
    response: Schema | None = None,
    headers: dict[str, t.Any] | None = None,
    operation: dict[str, t.Any] | None = None,
    components: dict[str, t.Any] | None = None,
    version: str = "3.1.0",
) -> Document:
    """``POST /items/{id}`` with the given parameters, request body and 200 response."""
    ok: dict[str, t.Any] = {"description": "OK"}
    if response is not None:
        ok["content"] = {"application/json": {"schema": response}}
    if headers is not None:
        ok["headers"] = headers
    post: dict[str, t.Any] = {"responses": {"200": ok}}
    if parameters is not None:
        post["parameters"] = parameters
    if request is not None:
        post["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": request}},
        }
    post.update(operation or {})
    built: Document = {
        "openapi": version,
        "info": {"title": "Items", "version": "1"},
        "paths": {"/items/{id}": {"post": post}},
    }
    if components is not None:
        built["components"] = components
    return built


def query(schema: Schema, **fields: t.Any) -> dict[str, t.Any]:
    """An optional query parameter ``q`` with ``schema``."""
    return {"name": "q", "in": "query", "schema": schema, **fields}


def found(old: Document, new: Document) -> list[tuple[str, str]]:
    """``(id, level)`` of every change from ``old`` to ``new``."""
    return [(change.id, change.level) for change in diff_documents(old, new)]


def changes(old: Document, new: Document) -> list[Change]:
    return diff_documents(old, new)


def edited(base: Document, edit: t.Callable[[Document], object]) -> Document:
    changed = copy.deepcopy(base)
    edit(changed)
    return changed
