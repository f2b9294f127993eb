"""Edits of a user's Python source with libcst, which keeps its formatting and comments.

Decorators go right above the ``def`` (below the route's), imports are added
where they are missing, and ``register_status`` calls go right after the
statement that makes the app's ``ContractKit``. One pass over the statements:
expressions are not walked, and functions are found by their order in the
file (read with :mod:`ast`, which gives line numbers at no extra cost).
"""

from __future__ import annotations

import ast
import typing as t
from dataclasses import dataclass, field

import libcst as cst

#: The name a bare ``ContractKit(app)`` statement is given, to register codes on.
KIT_NAME: t.Final = "contract_kit"


class PlacementError(Exception):
    """An edit that cannot be placed in the source as it stands."""


@dataclass
class FileEdits:
    """What one file gets."""

    #: Decorator texts (without ``@``) by function name and first line (decorator or def).
    decorators: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    #: ``(module, name)`` imports to add where missing; ``(module, None)`` for ``import module``.
    imports: set[tuple[str, str | None]] = field(default_factory=set)
    #: Calls to put after the ``ContractKit`` statement, given the kit's name.
    registrations: list[t.Callable[[str], str]] = field(default_factory=list)


def apply_edits(text: str, edits: FileEdits, where: str) -> str:
    """``text`` with ``edits`` made.

    :raises PlacementError: naming what could not be placed, and where.
    """
    try:
        module = cst.parse_module(text)
        tree = ast.parse(text)
    except (cst.ParserSyntaxError, SyntaxError) as error:
        raise PlacementError(f"{where} could not be parsed: {error}") from error
    order: dict[int, list[str]] = {}
    placed: set[tuple[str, int]] = set()
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    functions.sort(key=lambda n: (n.lineno, n.col_offset))
    for index, node in enumerate(functions):
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        for key in ((node.name, first), (node.name, node.lineno)):
            if key in edits.decorators and key not in placed:
                placed.add(key)
                order[index] = edits.decorators[key]
    missing = sorted(set(edits.decorators) - placed)
    if missing:
        names = ", ".join(f"{name} (line {line})" for name, line in missing)
        raise PlacementError(f"{where}: no definition of {names} where the app's code has it")
    editor = _Editor(_decorators(order), edits)
    edited = module.visit(editor)
    if edits.registrations and not editor.registered:
        raise PlacementError(
            f"{where}: no statement making a ContractKit (kit = ContractKit(...) or "
            "ContractKit(app)) to register the custom codes after"
        )
    return edited.code


def _decorators(order: dict[int, list[str]]) -> dict[int, list[cst.Decorator]]:
    """The decorator texts as nodes, parsed in one go (libcst's parser has a cost per call)."""
    if not order:
        return {}
    keys = sorted(order)
    text = "".join("".join(f"@{d}\n" for d in order[k]) + f"def _{k}(): pass\n" for k in keys)
    parsed = cst.parse_module(text).body
    return {
        k: list(t.cast(cst.FunctionDef, node).decorators)
        for k, node in zip(keys, parsed, strict=True)
    }


class _Editor(cst.CSTTransformer):
    def __init__(self, order: dict[int, list[cst.Decorator]], edits: FileEdits) -> None:
        super().__init__()
        self.order = order
        self.edits = edits
        self.functions = 0
        self.stack: list[int] = []
        self.registered = False

    # Expressions hold no statement to edit: never walk them.
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return False

    def visit_Decorator(self, node: cst.Decorator) -> bool:
        return False

    def visit_Parameters(self, node: cst.Parameters) -> bool:
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.stack.append(self.functions)
        self.functions += 1
        return True

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        added = self.order.get(self.stack.pop())
        if not added:
            return updated_node
        return updated_node.with_changes(decorators=[*updated_node.decorators, *added])

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.BaseStatement]:
        if self.registered or not self.edits.registrations or len(updated_node.body) != 1:
            return updated_node
        statement = updated_node.body[0]
        kit: str | None = None
        if isinstance(statement, cst.Assign) and _makes_kit(statement.value):
            target = statement.targets[0].target
            kit = target.value if isinstance(target, cst.Name) else None
        elif isinstance(statement, cst.Expr) and _makes_kit(statement.value):
            kit = KIT_NAME
            assign = cst.Assign([cst.AssignTarget(cst.Name(kit))], statement.value)
            updated_node = updated_node.with_changes(body=[assign])
        if kit is None:
            return updated_node
        self.registered = True
        calls = [cst.parse_statement(make(kit)) for make in self.edits.registrations]
        return cst.FlattenSentinel([updated_node, *calls])

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return _with_imports(updated_node, self.edits.imports)


def _with_imports(module: cst.Module, needed: set[tuple[str, str | None]]) -> cst.Module:
    """``module`` importing ``needed``: added to an import of the same module, or after
    the last import at the top of the module."""
    body = list(module.body)
    last_import = -1
    for index, statement in enumerate(body):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import | cst.ImportFrom):
                last_import = index
    for module_name, name in sorted(needed, key=str):
        if _imports(body, module_name, name):
            continue
        merged = False
        if name is not None:
            for index, statement in enumerate(body):
                found = _import_from(statement, module_name)
                if found is not None and not isinstance(found.names, cst.ImportStar):
                    alias = cst.ImportAlias(cst.Name(name))
                    names = [*found.names]
                    names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                    new = found.with_changes(names=[*names, alias])
                    body[index] = t.cast(cst.SimpleStatementLine, statement).with_changes(
                        body=[new]
                    )
                    merged = True
                    break
        if not merged:
            code = f"from {module_name} import {name}" if name else f"import {module_name}"
            last_import += 1
            body.insert(last_import, cst.parse_statement(code))
    return module.with_changes(body=body)


def _import_from(statement: cst.BaseStatement, module_name: str) -> cst.ImportFrom | None:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if (
        isinstance(small, cst.ImportFrom)
        and not small.relative
        and small.module is not None
        and _dotted(small.module) == module_name
    ):
        return small
    return None


def _imports(body: t.Sequence[cst.BaseStatement], module_name: str, name: str | None) -> bool:
    for statement in body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if (
                isinstance(small, cst.Import)
                and name is None
                and any(_dotted(a.name) == module_name and a.asname is None for a in small.names)
            ):
                return True
            if (
                isinstance(small, cst.ImportFrom)
                and name is not None
                and small.module is not None
                and not small.relative
                and _dotted(small.module) == module_name
                and not isinstance(small.names, cst.ImportStar)
                and any(_dotted(a.name) == name and a.asname is None for a in small.names)
            ):
                return True
    return False


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _makes_kit(value: cst.BaseExpression) -> bool:
    if not isinstance(value, cst.Call):
        return False
    func = value.func
    if isinstance(func, cst.Name):
        return func.value == "ContractKit"
    return isinstance(func, cst.Attribute) and func.attr.value == "ContractKit"
