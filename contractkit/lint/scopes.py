"""The names a function's source can see: its globals, closure and own imports.

What :mod:`.status_sites` resolves names through, and the nodes of a
function's own body (not those of the functions it defines).
"""

from __future__ import annotations

import ast
import builtins
import sys
import types
import typing as t

#: What a name that cannot be resolved stands for.
UNKNOWN = object()


def namespace(func: types.FunctionType) -> dict[str, t.Any]:
    names: dict[str, t.Any] = dict(vars(builtins))
    names.update(func.__globals__)
    for name, cell in zip(func.__code__.co_freevars, func.__closure__ or (), strict=False):
        try:
            names[name] = cell.cell_contents
        except ValueError:  # a closure variable not assigned yet
            continue
    return names


def local_imports(node: ast.AST) -> dict[str, object]:
    """Names a function imports inside its own body, from modules already imported."""
    found: dict[str, object] = {}
    for child in own_nodes(node):
        if isinstance(child, ast.ImportFrom) and child.module and not child.level:
            module = sys.modules.get(child.module)
            for alias in child.names:
                value = getattr(module, alias.name, UNKNOWN) if module else UNKNOWN
                found[alias.asname or alias.name] = value
        elif isinstance(child, ast.Import):
            for alias in child.names:
                top = alias.name.partition(".")[0]
                target = alias.name if alias.asname else top
                found[alias.asname or top] = sys.modules.get(target, UNKNOWN)
    return found


def own_nodes(node: ast.AST) -> t.Iterator[ast.AST]:
    """The nodes of a function's body, leaving out nested functions, lambdas and classes."""
    body = node.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else [node]
    stack: list[ast.AST] = [child for child in reversed(body) if not is_scope(child)]
    while stack:
        child = stack.pop()
        yield child
        stack.extend(c for c in reversed(list(ast.iter_child_nodes(child))) if not is_scope(c))


def is_scope(node: ast.AST) -> bool:
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef)
