"""The whole document: operations and paths, operationIds, security, webhooks."""

from __future__ import annotations

import re
import typing as t
from collections.abc import Mapping

from ...http import PATH_ITEM_METHODS
from ..locations import follow
from .content import mapping
from .context import Parts, Scope
from .generated import PREFER, generated_parts
from .model import Change
from .requests import compare_bodies, compare_parameters, parameters
from .responses import compare_phrases, compare_responses
from .shared import SharedSchemas
from .stability import compare_stability, relax, unstable
from .sunset import compare_sunsets, removed_before_sunset
from .walker import compare_schemas

_TEMPLATE = re.compile(r"\{[^}]*\}")

Document = Mapping[str, t.Any]
# (path template, method) -> (path as written, path item)
_Operations = dict[tuple[str, str], tuple[str, Mapping[str, t.Any]]]


def _operations(document: Document) -> _Operations:
    """Operations keyed so that ``/items/{id}`` and ``/items/{item_id}`` match."""
    found: _Operations = {}
    for path, item in mapping(document.get("paths")).items():
        item = mapping(follow(document, item))
        for method in PATH_ITEM_METHODS:
            if isinstance(item.get(method), Mapping):
                found[(_TEMPLATE.sub("{}", str(path)), method)] = (str(path), item)
    return found


def diff_documents(old: Document, new: Document) -> list[Change]:
    """Every contract change from ``old`` to ``new``, each once, in document order.

    Operations are matched by method and path with parameter names ignored.
    A change in a schema reached through a ``$ref`` is reported once, after the
    operations' own changes, with every operation that reaches it (see shared.py).
    Raises :class:`~.model.DiffError` for schemas nested too deep.
    """
    old_operations, new_operations = _operations(old), _operations(new)
    new_templates = {template for template, _ in new_operations}
    shared = SharedSchemas(old, new)
    changes: list[Change] = []
    free: set[str] = set()
    for key, (path, item) in old_operations.items():
        method = key[1]
        name = f"{method.upper()} {path}"
        scope = Scope(old, new, name, shared=shared)
        if key not in new_operations:
            _removed(scope, path, method, item, whole_path=key[0] not in new_templates)
        else:
            new_path, new_item = new_operations[key]
            scope.operation = f"{method.upper()} {new_path}"
            _operation(scope, method, (path, item), (new_path, new_item))
        if unstable(mapping(item.get(method))):
            free.add(str(scope.operation))
        changes.extend(scope.changes)
    changes.extend(shared.settle(compare_schemas))
    for key, (path, _) in new_operations.items():
        if key not in old_operations:
            name = f"{key[1].upper()} {path}"
            Scope(old, new, name, changes).add(
                "endpoint-added", "info", None, ("paths", path, key[1]), "the operation was added."
            )
    document = Scope(old, new, None, changes)
    _security(
        document, "api-global-security", old.get("security"), new.get("security"), ("security",)
    )
    _webhooks(document)
    compare_phrases(document)
    return relax(_once(changes), free)


def _once(changes: list[Change]) -> list[Change]:
    """Each change once per place, even if several ref chains lead to it."""
    return list(dict.fromkeys(changes))


def _removed(
    scope: Scope, path: str, method: str, item: Mapping[str, t.Any], whole_path: bool
) -> None:
    operation = mapping(item.get(method))
    rule = "api-path-removed" if whole_path else "api-removed"
    where = ("paths", path, method)
    if operation.get("deprecated") is True:
        prefix = "api-path" if whole_path else "api"
        if removed_before_sunset(scope, prefix, operation, where, "the deprecated operation"):
            return
        scope.add(
            f"{rule}-with-deprecation", "info", where, None, "the deprecated operation was removed."
        )
    else:
        scope.add(
            f"{rule}-without-deprecation",
            "breaking",
            where,
            None,
            "the operation was removed without being deprecated first; clients that "
            "call it get an error.",
        )


def _operation(
    scope: Scope,
    method: str,
    old: tuple[str, Mapping[str, t.Any]],
    new: tuple[str, Mapping[str, t.Any]],
) -> None:
    (old_path, old_item), (new_path, new_item) = old, new
    before, after = mapping(old_item.get(method)), mapping(new_item.get(method))
    old_at: Parts = ("paths", old_path, method)
    new_at: Parts = ("paths", new_path, method)
    _operation_id(scope, before.get("operationId"), after.get("operationId"), (old_at, new_at))
    compare_sunsets(scope, "api", before, after, (old_at, new_at), "operation")
    compare_stability(scope, before, after, (old_at, new_at))
    if "security" in before or "security" in after:
        _security(
            scope,
            "api-security",
            before.get("security", scope.old_document.get("security")),
            after.get("security", scope.new_document.get("security")),
            (*new_at, "security"),
        )
    generated = generated_parts(scope, before, after)
    compare_parameters(
        scope,
        parameters(scope.old_document, old_path, method, old_item),
        parameters(scope.new_document, new_path, method, new_item),
        skip=frozenset({PREFER}) if generated.prefer else frozenset(),
    )
    compare_bodies(
        scope,
        before.get("requestBody"),
        after.get("requestBody"),
        ((*old_at, "requestBody"), (*new_at, "requestBody")),
    )
    compare_responses(
        scope,
        before.get("responses"),
        after.get("responses"),
        ((*old_at, "responses"), (*new_at, "responses")),
        generated,
    )


def _operation_id(scope: Scope, before: object, after: object, at: tuple[Parts, Parts]) -> None:
    """Generated clients name their methods after operationIds: a rename breaks their build."""
    old_at, new_at = (*at[0], "operationId"), (*at[1], "operationId")
    if before == after:
        return
    if before is None:
        scope.add(
            "api-operation-id-added", "info", None, new_at, f"the operationId {after!r} was added."
        )
    elif after is None:
        scope.add(
            "api-operation-id-removed",
            "warning",
            old_at,
            None,
            f"the operationId {before!r} was removed; code generated from it changes.",
        )
    else:
        scope.add(
            "api-operation-id-changed",
            "warning",
            old_at,
            new_at,
            f"the operationId changed from {before!r} to {after!r}; code generated "
            "from it changes.",
        )


def _requirements(value: object) -> dict[frozenset[str], dict[str, set[str]]]:
    """Security requirements keyed by the schemes each combines (any one of them suffices)."""
    found: dict[frozenset[str], dict[str, set[str]]] = {}
    for requirement in value if isinstance(value, list) else []:
        schemes = {
            str(name): {str(scope) for scope in scopes} if isinstance(scopes, list) else set()
            for name, scopes in mapping(requirement).items()
        }
        found[frozenset(schemes)] = schemes
    return found


def _security(scope: Scope, prefix: str, old: object, new: object, where: Parts) -> None:
    """Security tightened breaks clients: credentials now needed, an alternative or scope gone."""
    before, after = _requirements(old), _requirements(new)
    old_open = not before or frozenset() in before
    new_open = not after or frozenset() in after
    if old_open and not new_open:
        scope.add(
            f"{prefix}-added",
            "breaking",
            None,
            where,
            "security is now required; clients that send no credentials are rejected.",
        )
    for key in before:
        if key not in after and key:
            level: t.Literal["breaking", "info"] = "info" if new_open else "breaking"
            scope.add(
                f"{prefix}-removed",
                level,
                where,
                where,
                f"the security requirement {' + '.join(sorted(key))} was removed"
                + ("." if new_open else "; clients that use it are rejected."),
            )
    for key in after:
        if key not in before and key and not (old_open and not new_open):
            scope.add(
                f"{prefix}-added",
                "info",
                None,
                where,
                f"the security requirement {' + '.join(sorted(key))} was added as an alternative.",
            )
    for key, schemes in before.items():
        for name, scopes in schemes.items():
            if key not in after:
                break
            for added in sorted(after[key][name] - scopes):
                scope.add(
                    f"{prefix}-scope-added",
                    "breaking",
                    where,
                    where,
                    f"scope {added!r} of {name} is now required; tokens without it are rejected.",
                )
            for removed in sorted(scopes - after[key][name]):
                scope.add(
                    f"{prefix}-scope-removed",
                    "info",
                    where,
                    where,
                    f"scope {removed!r} of {name} is no longer required.",
                )


def _webhooks(scope: Scope) -> None:
    """OpenAPI 3.1 webhooks: the server calls clients; one removed is one they stop getting."""
    before = mapping(scope.old_document.get("webhooks"))
    after = mapping(scope.new_document.get("webhooks"))
    for name in before:
        if name not in after:
            scope.add(
                "webhook-removed",
                "breaking",
                ("webhooks", str(name)),
                None,
                f"the webhook {name!r} was removed; receivers stop getting it.",
            )
    for name in after:
        if name not in before:
            scope.add(
                "webhook-added",
                "info",
                None,
                ("webhooks", str(name)),
                f"the webhook {name!r} was added.",
            )
