"""A spec-driven app's proposal: its document file with the additions, or a fragment.

A document read from a file is written back in its own format (see
:mod:`.document_text`) as a :class:`~.patch.Patch`, so the diff, ``--apply``
(every file or none, never over a file changed since it was read) and
``--output`` work as in decorator mode. A document built by code (a dict, or
a callable such as ``lambda: api.spec.to_dict()``) has no file to write: the
additions are given as an OpenAPI fragment to carry into that code.
"""

from __future__ import annotations

import io
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from flask.sansio.app import App
from ruamel.yaml import YAML

from ..declare.document import load_source
from ..specfile.servers import path_prefixes
from ..specfile.validator_rules import version_of
from ..state import app_state
from .document_edits import DocumentEditor, Target
from .document_text import DocumentFile, read_document_file
from .patch import ApplyError, FileChange, Patch
from .plan import Proposal


@dataclass
class DocumentPatch(Patch):
    """The file changes, and the fragments for documents built by code."""

    #: One OpenAPI fragment (YAML text) per document that is no file.
    fragments: list[str] = field(default_factory=list)
    #: What the reviewer should know about the files' layout.
    notes: list[str] = field(default_factory=list)

    def apply(self) -> None:
        """Write every changed file, or none; refuse while any document is built by code."""
        if self.fragments:
            raise ApplyError(
                "the app's OpenAPI document is built by code (CONTRACTKIT_SPEC is a dict or a "
                "callable), so there is no file to write. Add the fragment printed above to "
                "the code that builds the document (the tool's decorators or its spec), then "
                "run propose again: it proposes nothing once the document has it."
            )
        super().apply()


def build_document_patch(proposal: Proposal, app: App) -> DocumentPatch:
    """The additions of ``proposal`` to each of ``app``'s documents."""
    state = app_state(app)
    spec = state.settings.spec
    sources: tuple[t.Any, ...] = spec if isinstance(spec, tuple) else (spec,)
    contract = state.contract()
    registry = state.registry
    patch = DocumentPatch()
    editors: list[DocumentEditor] = []
    files: list[DocumentFile | None] = []
    for source in sources:
        if isinstance(source, Path):
            document = read_document_file(source)
            files.append(document)
            if document.note:
                patch.notes.append(document.note)
            version = version_of(document.data)
            editors.append(DocumentEditor(document.data, version, registry, string=document.string))
        else:
            files.append(None)
            version = version_of(load_source(source, app))
            editors.append(DocumentEditor({}, version, registry))
    for editor in editors:
        for registration in proposal.registrations:
            editor.register(registration)
    for addition in proposal.additions:
        operation = contract.by_endpoint.get((addition.endpoint, addition.method))
        if operation is not None and operation.document_path is not None:
            target = Target(operation.document_path, addition.method.lower(), exists=True)
            editors[operation.document].add(addition, target)
        else:
            path = _document_path(addition.path, editors[0].document)
            target = Target(path, addition.method.lower(), exists=False)
            editors[0].add(addition, target, app)
    for file, editor in zip(files, editors, strict=True):
        if file is not None:
            new = file.dump()
            if new != file.text:
                patch.changes.append(FileChange(file.path, file.text, new))
        elif editor.document:
            patch.fragments.append(fragment_text(editor.document))
    return patch


def _document_path(route_path: str, document: t.Mapping[str, t.Any]) -> str:
    """A route's path as the document writes paths: under its servers' path, if the route is."""
    base = document.get("basePath")
    prefixes = (base.rstrip("/"),) if isinstance(base, str) else path_prefixes(document)
    for prefix in prefixes:
        if prefix and route_path.startswith(prefix + "/"):
            return route_path[len(prefix) :]
    return route_path


def fragment_text(fragment: t.Mapping[str, t.Any]) -> str:
    """An OpenAPI fragment as YAML, block style, keys in the order they were added."""
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 1 << 16
    out = io.StringIO()
    yaml.dump(dict(fragment), out)
    return out.getvalue()
