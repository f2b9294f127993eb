"""The OpenAPI document as JSON and YAML text, byte-for-byte the same for the same app."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Documents:
    """The app's OpenAPI document, as a dict and as the text served and exported."""

    spec: dict[str, t.Any]
    json: str
    yaml: str


def to_json(document: t.Mapping[str, t.Any]) -> str:
    """Indented JSON with a final newline, keys in the document's own order."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_yaml(document: t.Mapping[str, t.Any]) -> str:
    """Block-style YAML, keys in the document's own order."""
    return yaml.safe_dump(
        json.loads(json.dumps(document)),  # plain dicts, lists and scalars only
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
