"""Where each part of a Swagger 2.0 conversion came from, so problems point into the 2.0 file.

Internal to :mod:`.swagger2`. A user who wrote ``#/definitions/Pet`` has no
``$.components.schemas.Pet`` to look at: a problem the 3.0 validator finds in
the conversion is reported at the 2.0 place it was converted from, with a
message short enough to read in a CI log.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping
from dataclasses import dataclass, field

from .locations import iter_refs, json_path, local_ref, pointer_parts, resolve_pointer

Parts = tuple[str | int, ...]

#: Longest message kept whole; validators start some with the whole offending schema.
_MESSAGE_LIMIT: t.Final = 160


@dataclass(frozen=True, order=True)
class ConversionNote:
    """Something a Swagger 2.0 document says that its OpenAPI 3.0 conversion cannot."""

    #: JSONPath into the 2.0 document, e.g. ``$.paths['/items'].get.parameters[0]``.
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class Origins:
    """JSONPaths of a conversion mapped to the JSONPaths of the 2.0 parts they came from."""

    _sources: dict[str, str] = field(default_factory=dict)
    #: The other way: a 2.0 place (its parts as text) to the first place converted from it.
    _places: dict[tuple[str, ...], Parts] = field(default_factory=dict)

    def record(self, converted: Parts, source: Parts) -> None:
        """Everything at and below ``converted`` came from the same place below ``source``."""
        if converted != source:
            self._sources[json_path(converted)] = json_path(source)
            self._places.setdefault(tuple(map(str, source)), converted)

    def place_of(self, source: t.Sequence[str]) -> list[str]:
        """Where the 2.0 place ``source`` (a JSON Pointer's parts) is in the conversion."""
        for length in range(len(source), 0, -1):
            found = self._places.get(tuple(source[:length]))
            if found is not None:
                return [*map(str, found), *source[length:]]
        return list(source)

    def relocate(self, location: str) -> str:
        """``location`` in the conversion as the place in the 2.0 document it came from.

        The longest recorded place that ``location`` is at or below decides;
        places the conversion did not move are where they were.
        """
        best = ""
        for converted in self._sources:
            if len(converted) > len(best) and _at_or_below(location, converted):
                best = converted
        return self._sources[best] + location[len(best) :] if best else location


def _at_or_below(location: str, prefix: str) -> bool:
    return location == prefix or (location.startswith(prefix) and location[len(prefix)] in ".[")


def short_message(message: str) -> str:
    """``message`` cut to a readable excerpt: its start and its end, which say what is wrong."""
    if len(message) <= _MESSAGE_LIMIT:
        return message
    keep = _MESSAGE_LIMIT // 2
    return f"{message[:keep].rstrip()} … {message[-keep:].lstrip()}"


def follow_moved_refs(
    converted: dict[str, t.Any], document: Mapping[str, t.Any], origins: Origins
) -> None:
    """Point references into parts the conversion moved to where those parts now are.

    ``#/definitions/X`` moves with its section (:func:`.swagger2_schemas.moved_ref`);
    a reference into an operation, such as
    ``#/paths/~1test/get/responses/200/schema/properties/default``, is followed here,
    to ``.../responses/200/content/application~1json/schema/...``.
    """
    for at, ref in list(iter_refs(converted)):
        parts = pointer_parts(ref)
        if parts is None or resolve_pointer(converted, ref)[0]:
            continue
        if not resolve_pointer(document, ref)[0]:
            continue  # broken in the 2.0 document already: reported there
        moved = local_ref(origins.place_of(parts))
        if resolve_pointer(converted, moved)[0]:
            holder: t.Any = converted
            for part in at[:-1]:
                holder = holder[part]
            holder["$ref"] = moved
