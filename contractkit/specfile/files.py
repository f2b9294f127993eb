"""Spec files on disk: the format a suffix names, atomic writes, and reading documents back."""

from __future__ import annotations

import os
import secrets
import stat
import typing as t
from pathlib import Path

from ..errors import SpecFileError
from .parsing import Format, parse_document

__all__ = ["SUFFIXES", "Format", "format_of", "parse_document", "read_document", "write_atomic"]

#: The suffixes a spec file may have, and the format each one means.
SUFFIXES: t.Final[dict[str, Format]] = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def format_of(path: Path) -> Format:
    """The format ``path``'s suffix names; raise for any other suffix."""
    found = SUFFIXES.get(path.suffix.lower())
    if found is None:
        named = f"suffix {path.suffix!r}" if path.suffix else "no suffix"
        raise SpecFileError(f"{path} has {named}; a spec file must end in .json, .yaml or .yml.")
    return found


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old file or the new one.

    The text goes to a temporary file in the same directory (``os.replace`` is
    only atomic within one file system), is flushed to disk, and is then renamed
    over the target. A failure at any point leaves the target untouched and no
    temporary file behind. The new file keeps the target's permissions, or gets
    the usual ones for a new file (``0o666`` less the umask). Missing parent
    folders are created.
    """
    directory = path.parent
    try:
        # specs/api.yaml in a fresh checkout: the folder is part of the path asked for.
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror or str(error)
        raise SpecFileError(f"cannot write {path}: cannot create {directory}: {reason}.") from error
    if path.is_dir():
        raise SpecFileError(f"cannot write {path}: it is a directory; give a file name.")
    temporary = directory / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        # os.open with 0o666 lets the umask pick the mode, as for any new file;
        # tempfile.mkstemp would force 0o600 onto a spec file others must read.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            if path.exists():
                os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as error:
        reason = error.strerror or str(error)
        raise SpecFileError(f"cannot write {path}: {reason}.") from error


def read_document(path: Path) -> dict[str, t.Any]:
    """Read an OpenAPI document from a ``.json``, ``.yaml`` or ``.yml`` file."""
    fmt = format_of(path)
    if not path.exists():
        raise SpecFileError(f"{path} does not exist.")
    if path.is_dir():
        raise SpecFileError(f"{path} is a directory, not a spec file.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpecFileError(f"{path} is not UTF-8 text.") from error
    except OSError as error:
        raise SpecFileError(f"cannot read {path}: {error.strerror or error}.") from error
    return parse_document(text, fmt, name=str(path))
