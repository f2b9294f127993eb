"""A document file read so it can be written back in its own layout, with additions.

YAML goes through ruamel.yaml's round-trip mode, which keeps comments, key
order and quoting; the indentation is read from the file, since ruamel.yaml
does not keep it. JSON keeps its key order (Python's dicts do), its indent
and its final newline. Either way, only what was added may differ: where the
file's layout is one these writers cannot reproduce, :attr:`DocumentFile.note`
says so before anyone applies the patch.
"""

from __future__ import annotations

import difflib
import io
import itertools
import json
import re
import typing as t
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from ..errors import SpecFileError
from ..specfile.files import format_of

#: A key whose value is a block on the lines below it.
_BLOCK_KEY: t.Final = re.compile(r" *[^\s#\-][^#]*:\s*(?:#.*)?")
#: A block sequence item: its dash's indent, then the dash and the spaces after it.
_DASH: t.Final = re.compile(r"( *)- +(?=\S)")
_INDENT: t.Final = re.compile(r"( *)\S")
_JSON_INDENT: t.Final = re.compile(r"\{\s*\n([ \t]+)\"")


@dataclass
class DocumentFile:
    """One document file: its text as read, its data to edit, and how to write it back."""

    path: Path
    text: str
    #: The document, editable: ruamel.yaml's mappings for YAML, dicts for JSON.
    data: t.Any
    yaml: YAML | None
    json_indent: int | str | None = None
    #: Why the file's own layout will not all survive, if it will not.
    note: str | None = None

    def dump(self) -> str:
        """The document as text, in the file's layout."""
        if self.yaml is None:
            ascii_only = "\\u" in self.text
            text = json.dumps(self.data, indent=self.json_indent, ensure_ascii=ascii_only)
            return text + self.text[len(self.text.rstrip()) :]
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return _with_own_lines(self.text, out.getvalue())

    def string(self, text: str) -> t.Any:
        """``text`` as a new scalar, in the quotes the file writes its quoted strings in."""
        if self.yaml is None:
            return text
        style = _quoting(self.data)
        return text if style is None else style(text)


def read_document_file(path: Path) -> DocumentFile:
    """Read ``path`` for editing.

    :raises SpecFileError: for a file that cannot be read or parsed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SpecFileError(f"cannot read {path}: {error}") from error
    if format_of(path) == "json":
        try:
            data = json.loads(text)
        except ValueError as error:
            raise SpecFileError(f"{path} is not JSON: {error}") from error
        found = _JSON_INDENT.search(text)
        indent = None if found is None else _indent_value(found[1])
        document = DocumentFile(path, text, data, None, indent)
    else:
        try:
            yaml = _round_trip(text)
            data = yaml.load(text)
        except YAMLError as error:
            raise SpecFileError(f"{path} is not YAML: {error}") from error
        document = DocumentFile(path, text, data, yaml)
    if document.dump() != text:
        document.note = (
            f"{path.name} is laid out in a way contractkit cannot reproduce exactly, so the "
            "diff also changes lines it adds nothing to: review them before applying"
        )
    return document


def _round_trip(text: str) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never fold a long line the file keeps on one
    mapping = _mapping_indent(text)
    sequence, offset = _sequence_indent(text) or (mapping + 2, mapping)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.explicit_start = text.lstrip().startswith("---")
    return yaml


def _sequence_indent(text: str) -> tuple[int, int] | None:
    """ruamel.yaml's ``sequence`` and ``offset`` for the file's first block sequence:
    where an item's text starts, and where its dash, past the parent key's indent."""
    lines = [line for line in text.splitlines() if line.strip() and not _is_comment(line)]
    for parent, line in itertools.pairwise(lines):
        found = _DASH.match(line)
        if found and _BLOCK_KEY.fullmatch(parent):
            base = _indent(parent)
            return len(found[0]) - base, len(found[1]) - base
    return None


def _mapping_indent(text: str) -> int:
    """How far a block mapping's keys sit inside their parent key (2 if nothing tells)."""
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    for line, following in itertools.pairwise(lines):
        if not _BLOCK_KEY.fullmatch(line):
            continue
        outer, inner = _INDENT.match(line), _INDENT.match(following)
        if outer and inner and not following.lstrip().startswith("-"):
            step = len(inner[1]) - len(outer[1])
            if step > 0:
                return step
    return 2


def _with_own_lines(old: str, new: str) -> str:
    """``new``, with the file's own text wherever a line differs from it only in
    trailing spaces (which ruamel.yaml drops), and the file's final newline or none.

    ruamel.yaml keeps a comment that ends a block with the block's last value,
    so a key added to the block would land below the comment, which speaks of
    what follows the block (or closes it). Added lines go above such comments.
    """
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    kept: list[str] = []
    for tag, old_part, new_part in _aligned(old_lines, new_lines):
        if tag == "equal":
            kept += old_part
            continue
        indent = _indent(new_part[0]) if new_part else 0
        closing: list[str] = []
        while kept and _is_comment(kept[-1]) and _indent(kept[-1]) <= indent:
            closing.insert(0, kept.pop())
        kept += new_part + closing
    text = "".join(kept)
    return text if old.endswith("\n") else text.rstrip("\n")


def _aligned(old: list[str], new: list[str]) -> t.Iterator[tuple[str, list[str], list[str]]]:
    """Runs of equal lines (up to trailing spaces) and of changed ones.

    Only additions are expected, and one pass finds them, in linear time; a
    document whose layout changed falls back to difflib.
    """
    runs: list[tuple[str, list[str], list[str]]] = []
    at = 0
    for line in new:
        equal = at < len(old) and old[at].rstrip() == line.rstrip()
        tag = "equal" if equal else "insert"
        if not runs or runs[-1][0] != tag:
            runs.append((tag, [], []))
        if equal:
            runs[-1][1].append(old[at])
            at += 1
        else:
            runs[-1][2].append(line)
    if at == len(old):
        yield from runs
        return
    matcher = difflib.SequenceMatcher(None, [x.rstrip() for x in old], [x.rstrip() for x in new])
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        yield tag, old[old_start:old_end], new[new_start:new_end]


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#") or not line.strip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _quoting(node: t.Any, depth: int = 0) -> type[str] | None:
    """The class of the first quoted string in the document, key or value, if any."""
    quoted = (DoubleQuotedScalarString, SingleQuotedScalarString)
    if isinstance(node, quoted):
        return type(node)
    children = (
        [*node.keys(), *node.values()]
        if isinstance(node, dict)
        else node
        if isinstance(node, list)
        else []
    )
    for child in children if depth < 32 else []:
        found = _quoting(child, depth + 1)
        if found is not None:
            return found
    return None


def _indent_value(whitespace: str) -> int | str:
    return whitespace if "\t" in whitespace else len(whitespace)
