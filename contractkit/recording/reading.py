"""Reading record files back: every file and directory given, merged per response kind.

Files of many processes and hosts add up. Identical lines are counted
before they are parsed, so a million recorded responses cost one parse per
distinct shape, and memory grows with the shapes, not with the traffic.
"""

from __future__ import annotations

import json
import typing as t
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .records import SUFFIX
from .shapes import Shape, is_shape, merge_shapes, scaled

#: What a merged record is kept by: endpoint, method, status, media type.
Key = tuple[str, str, int, str]
_PREFIX = '{"count":'
_SEPARATOR = ',"record":'
_FIELDS: t.Final = {
    "app": str,
    "endpoint": str,
    "method": str,
    "status": int,
    "phrase": str,
    "media": str,
    "source": str,
    "headers": list,
}


@dataclass
class Observed:
    """Every recorded response of one endpoint, method, status and media type."""

    endpoint: str
    method: str
    status: int
    media: str
    #: Responses by source: ``tests`` and ``production``.
    sources: Counter[str] = field(default_factory=Counter)
    #: Status-line phrases sent, with how often.
    phrases: Counter[str] = field(default_factory=Counter)
    #: Header names sent, with how often.
    headers: Counter[str] = field(default_factory=Counter)
    #: The merged shape of the JSON bodies that were read; ``None`` when none had one.
    body: Shape | None = None
    #: Responses counted without reading their body (sampled: see :mod:`.records`).
    unshaped: int = 0
    #: The apps (``app.name``) that sent them.
    apps: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        return sum(self.sources.values())


@dataclass
class Records:
    """What :func:`read_records` found: merged records, and the lines it could not use."""

    observed: dict[Key, Observed] = field(default_factory=dict)
    #: ``file:line: reason`` for each unusable line.
    problems: list[str] = field(default_factory=list)
    files: int = 0
    #: Responses read in all.
    responses: int = 0


def record_files(paths: t.Iterable[str | Path]) -> list[Path]:
    """The record files named by ``paths``: files as given, directories searched."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob(f"*{SUFFIX}") if p.is_file())
        else:
            found.append(path)
    return found


def read_records(paths: t.Iterable[str | Path]) -> Records:
    """Merge every record in ``paths``; a bad line is named and skipped, never fatal.

    :raises OSError: when a file named cannot be read at all.
    """
    result = Records()
    counts: Counter[str] = Counter()
    first_seen: dict[str, Path] = {}
    for path in record_files(paths):
        result.files += 1
        with path.open(encoding="utf-8", errors="replace") as file:
            # Identical lines are counted by Counter's C loop: one Python step per shape.
            lines = Counter(file)
        for line, repeats in lines.items():
            if not line.strip():
                continue
            text, count = _split(line)
            if text is None:
                where = _where(path, line)
                result.problems.append(f"{where}: not a record line (cut short?)")
                continue
            first_seen.setdefault(text, path)
            counts[text] += count * repeats
    for text, count in counts.items():
        record = _parse(text)
        if isinstance(record, str):
            path = first_seen[text]
            result.problems.append(f"{_where(path, _line_holding(path, text))}: {record}")
            continue
        result.responses += count
        _add(result.observed, record, count)
    return result


def _line_holding(path: Path, text: str) -> str:
    with path.open(encoding="utf-8", errors="replace") as file:
        return next((line for line in file if text in line), text)


def _where(path: Path, line: str) -> str:
    """``file:number`` of the first occurrence of ``line`` in ``path`` (only for bad lines)."""
    with path.open(encoding="utf-8", errors="replace") as file:
        number = next((n for n, each in enumerate(file, 1) if each == line), 0)
    return f"{path}:{number}"


def _split(line: str) -> tuple[str | None, int]:
    line = line.rstrip("\n")
    cut = line.find(_SEPARATOR)
    if not line.startswith(_PREFIX) or cut < 0 or not line.endswith("}"):
        return None, 0
    count = line[len(_PREFIX) : cut]
    if not count.isdigit() or int(count) < 1:
        return None, 0
    return line[cut + len(_SEPARATOR) : -1], int(count)


def _parse(text: str) -> dict[str, t.Any] | str:
    try:
        record = json.loads(text)
    except ValueError as error:
        return f"not valid JSON ({error}); the line may be cut short"
    if not isinstance(record, dict):
        return "not a record"
    for name, kind in _FIELDS.items():
        if not isinstance(record.get(name), kind):
            return f"not a record: {name!r} is missing or not a {kind.__name__}"
    if record.get("v") != 1:
        return f"record version {record.get('v')!r} is not one this contractkit reads (1)"
    body = record.get("body")
    if body is not None and not is_shape(body):
        return "not a record: its 'body' is not a shape"
    return record


def _add(observed: dict[Key, Observed], record: dict[str, t.Any], count: int) -> None:
    key: Key = (record["endpoint"], record["method"], record["status"], record["media"])
    found = observed.get(key)
    if found is None:
        found = observed[key] = Observed(*key)
    found.sources[record["source"]] += count
    found.phrases[record["phrase"]] += count
    found.apps.add(record["app"])
    for name in record["headers"]:
        if isinstance(name, str):
            found.headers[name] += count
    if record.get("shaped") is False:
        found.unshaped += count
    body = record.get("body")
    if body is not None:
        shape = scaled(body, count) if count > 1 else body
        found.body = shape if found.body is None else merge_shapes(found.body, shape)
