"""The proposal as file changes: a unified diff to review, written every file or none."""

from __future__ import annotations

import ast
import difflib
import hashlib
import inspect
import os
import sys
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from flask.sansio.app import App

from .edits import FileEdits, PlacementError, apply_edits
from .plan import Proposal, merged_by_function
from .schema_code import MODULE_HEADER


class ApplyError(Exception):
    """The patch cannot be written as it is; nothing was written."""


@dataclass(frozen=True)
class SchemaModule:
    """Where the proposed schema classes go: one module beside the app's."""

    name: str
    path: Path

    @property
    def alias(self) -> str:
        """How the edited modules name it: its last part."""
        return self.name.rpartition(".")[2]

    @property
    def import_from(self) -> tuple[str, str | None]:
        """``from package import module``, or ``import module`` for a top-level one."""
        package, _, module = self.name.rpartition(".")
        return (package, module) if package else (module, None)

    def taken(self) -> set[str]:
        """Names already defined at the top of the module, which new classes must avoid."""
        if not self.path.exists():
            return set()
        tree = ast.parse(self.path.read_text(encoding="utf-8"))
        names = {n.name for n in tree.body if isinstance(n, ast.ClassDef | ast.FunctionDef)}
        return names | {"Schema", "fields"}


def schema_module(app: App) -> SchemaModule:
    """``pkg/contract_schemas.py`` for an app made in a package's ``__init__``; else, for
    an app made in ``app.py``, ``app_schemas.py`` beside it."""
    module = sys.modules.get(app.import_name)
    file = getattr(module, "__file__", None)
    if module is None or file is None:
        path = Path(app.root_path, "contract_schemas.py")
        return SchemaModule("contract_schemas", path)
    source = Path(file)
    if source.name == "__init__.py":
        return SchemaModule(
            f"{module.__name__}.contract_schemas", source.with_name("contract_schemas.py")
        )
    package = module.__name__.rpartition(".")[0]
    stem = f"{source.stem}_schemas"
    return SchemaModule(f"{package}.{stem}" if package else stem, source.with_name(f"{stem}.py"))


@dataclass(frozen=True)
class FileChange:
    path: Path
    #: The text as read; ``None`` for a new file.
    old: str | None
    new: str


@dataclass
class Patch:
    """Every file the proposal changes, as read and as it would be."""

    changes: list[FileChange] = field(default_factory=list)
    #: Edits that could not be placed: ``--apply`` refuses while there are any.
    problems: list[str] = field(default_factory=list)

    def diff(self, root: Path | None = None) -> str:
        """A unified diff, with paths relative to ``root`` (the working directory)."""
        base = (root or Path.cwd()).resolve()
        parts: list[str] = []
        for change in self.changes:
            name = _relative(change.path, base)
            parts += difflib.unified_diff(
                (change.old or "").splitlines(keepends=True),
                change.new.splitlines(keepends=True),
                fromfile="/dev/null" if change.old is None else f"a/{name}",
                tofile=f"b/{name}",
            )
        return "".join(parts)

    def apply(self) -> None:
        """Write every changed file, or none.

        :raises ApplyError: when an edit could not be placed, or a file changed
            since it was read (written in between, by a person or a formatter).
        """
        if self.problems:
            raise ApplyError("; ".join(self.problems))
        for change in self.changes:
            current = change.path.read_text(encoding="utf-8") if change.path.exists() else None
            if _digest(current) != _digest(change.old):
                raise ApplyError(
                    f"{change.path} changed since it was read; run propose again to see the "
                    "proposal for the file as it is now. Nothing was written."
                )
        written: list[tuple[Path, Path]] = []
        try:
            for change in self.changes:
                temporary = change.path.with_name(f".{change.path.name}.propose-tmp")
                temporary.write_text(change.new, encoding="utf-8")
                written.append((temporary, change.path))
        except OSError as error:
            for temporary, _ in written:
                temporary.unlink(missing_ok=True)
            raise ApplyError(f"could not write {error.filename}: {error.strerror}") from error
        for temporary, path in written:
            os.replace(temporary, path)


def build_patch(proposal: Proposal, schemas: SchemaModule, app: App) -> Patch:
    """The file changes that make ``proposal``."""
    by_file: dict[Path, FileEdits] = {}
    for addition in merged_by_function(proposal.additions):
        function = addition.function
        assert function is not None, "a decorator-mode addition has its function"
        file = Path(inspect.getsourcefile(function) or function.__code__.co_filename)
        edits = by_file.setdefault(file, FileEdits())
        texts = edits.decorators.setdefault(
            (function.__name__, function.__code__.co_firstlineno), []
        )
        text = addition.decorator(schemas.alias)
        if text not in texts:
            texts.append(text)
        edits.imports.add(("contractkit", "responds"))
        if addition.schema is not None:
            edits.imports.add(schemas.import_from)
    patch = Patch()
    if proposal.registrations:
        kit_file = _kit_file(app)
        if kit_file is None:
            patch.problems.append(
                "no source file of the app to register its custom codes in; register them "
                "with kit.register_status(...)"
            )
        else:
            edits = by_file.setdefault(kit_file, FileEdits())
            for registration in proposal.registrations:
                edits.registrations.append(registration.call)
    for file, edits in sorted(by_file.items()):
        old = file.read_text(encoding="utf-8")
        try:
            new = apply_edits(old, edits, str(file))
        except PlacementError as error:
            patch.problems.append(str(error))
            continue
        patch.changes.append(FileChange(file, old, new))
    if proposal.schemas.classes:
        old_text = schemas.path.read_text(encoding="utf-8") if schemas.path.exists() else None
        start = old_text.rstrip("\n") + "\n" if old_text else MODULE_HEADER.rstrip("\n") + "\n"
        new_text = start + "".join(f"\n\n{text}" for text in proposal.schemas.classes)
        patch.changes.append(FileChange(schemas.path, old_text, new_text))
    return patch


def _kit_file(app: App) -> Path | None:
    """The app's module, or the first module beside it that makes a ``ContractKit``."""
    module = sys.modules.get(app.import_name)
    file = getattr(module, "__file__", None)
    if not file:
        return None
    first = Path(file)
    for candidate in [first, *sorted(first.parent.glob("*.py"))]:
        if "ContractKit(" in candidate.read_text(encoding="utf-8"):
            return candidate
    return first


def _digest(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def _relative(path: Path, base: Path) -> str:
    full = path.resolve()
    return str(full.relative_to(base)) if full.is_relative_to(base) else str(full)


__all__: t.Sequence[str] = ["ApplyError", "Patch", "build_patch", "schema_module"]
