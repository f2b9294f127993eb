"""Edits of a user's Python source with libcst, which keeps its formatting and comments.

Decorators go right above the ``def`` (below the route's), imports are added
where they are missing, and ``register_status`` calls go right after the
statement that makes the app's ``ContractKit``.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import MetadataWrapper, PositionProvider

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
    except cst.ParserSyntaxError as error:
        raise PlacementError(f"{where} could not be parsed: {error}") from error
    wrapper = MetadataWrapper(module)
    editor = _Editor(edits)
    edited = wrapper.visit(editor)
    missing = sorted(set(edits.decorators) - editor.placed)
    if missing:
        names = ", ".join(f"{name} (line {line})" for name, line in missing)
        raise PlacementError(f"{where}: no definition of {names} where the app's code has it")
    if edits.registrations and not editor.registered:
        raise PlacementError(
            f"{where}: no statement making a ContractKit (kit = ContractKit(...) or "
            "ContractKit(app)) to register the custom codes after"
        )
    if edits.imports:
        context = CodemodContext()
        for module_name, name in sorted(edits.imports, key=str):
            AddImportsVisitor.add_needed_import(context, module_name, name)
        edited = AddImportsVisitor(context).transform_module(edited)
    return edited.code


class _Editor(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, edits: FileEdits) -> None:
        super().__init__()
        self.edits = edits
        self.placed: set[tuple[str, int]] = set()
        self.registered = False

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        name = original_node.name.value
        lines = {self.get_metadata(PositionProvider, original_node.name).start.line}
        if original_node.decorators:
            first = original_node.decorators[0]
            lines.add(self.get_metadata(PositionProvider, first).start.line)
        for line in lines:
            texts = self.edits.decorators.get((name, line))
            if texts and (name, line) not in self.placed:
                self.placed.add((name, line))
                added = [cst.Decorator(decorator=cst.parse_expression(text)) for text in texts]
                return updated_node.with_changes(decorators=[*updated_node.decorators, *added])
        return updated_node

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


def _makes_kit(value: cst.BaseExpression) -> bool:
    if not isinstance(value, cst.Call):
        return False
    func = value.func
    name = func.value if isinstance(func, cst.Name) else getattr(func, "attr", None)
    if isinstance(name, cst.Name):
        name = name.value
    return name == "ContractKit"
