"""``CONTRACTKIT_RECORD``, checked when ``init_app`` reads the config."""

from __future__ import annotations

import os
import typing as t
from pathlib import Path

from ..errors import ConfigError

if t.TYPE_CHECKING:
    from .records import RecordWriter


def record_directory(value: object, root_path: str, mode: str) -> Path | None:
    """The directory ``CONTRACTKIT_RECORD`` names, relative to ``root_path``; ``None`` for off.

    :raises ConfigError: for a value that is no path, or a mode that checks nothing,
        so finds nothing to record.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str | os.PathLike):
        raise ConfigError(
            f"CONTRACTKIT_RECORD={value!r} must be the path of a directory, "
            "or None to switch it off."
        )
    if mode == "off":
        raise ConfigError(
            "CONTRACTKIT_RECORD records what the runtime check finds, and CONTRACTKIT_MODE='off' "
            "checks nothing; set CONTRACTKIT_MODE to 'report' or 'strict', or CONTRACTKIT_RECORD "
            "to None."
        )
    return Path(root_path, os.fspath(value))


def production_recorder(directory: Path | None) -> RecordWriter | None:
    """The writer of ``CONTRACTKIT_RECORD``: repeats counted, written once a second.

    Imported only where a directory is set, so an app that records nothing
    loads none of the recording machinery.
    """
    if directory is None:
        return None
    from .records import RecordWriter

    return RecordWriter(directory, "production", interval=1.0)
