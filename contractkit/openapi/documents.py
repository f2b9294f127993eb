"""The OpenAPI document as JSON and YAML text, byte-for-byte the same for the same app."""

from __future__ import annotations

import functools
import json
import pickle
import re
import threading
import typing as t

from ..collector import collector_paused

#: Characters libyaml writes differently from PyYAML's pure-Python emitter
#: (escaped, or broken across lines), found by emitting every code point of the
#: Basic Multilingual Plane with both: NEL, the byte order mark, U+FFFE and
#: U+FFFF; and everything beyond that plane. A document holding none of them is
#: written byte for byte the same by both.
_LIBYAML_DIFFERS = re.compile("[\x85\ufeff\ufffe\uffff\U00010000-\U0010ffff]")
_YAML_OPTIONS: t.Final[dict[str, t.Any]] = {
    "sort_keys": False,
    "allow_unicode": True,
    "default_flow_style": False,
    "width": 100,
}


_T = t.TypeVar("_T")


class DocumentText:
    """A built document's JSON and YAML text, each written on first use, then kept.

    Text is only wanted when the document is served or exported, and writing
    it costs more than building the document, so nothing is written before.
    It is written from :attr:`snapshot`, taken when the document was built,
    so it is the document as built even if the dict was edited since.
    """

    def __init__(self, snapshot: str) -> None:
        #: The document as compact JSON, keys in the document's own order.
        self.snapshot = snapshot

    @functools.cached_property
    def json(self) -> str:
        return to_json(json.loads(self.snapshot))

    @functools.cached_property
    def yaml(self) -> str:
        return _yaml_text(json.loads(self.snapshot), self.snapshot)

    def new_dict(self) -> dict[str, t.Any]:
        """A new dict of the document as built, for an app of its own.

        Unpickled, not decoded: for a process's own plain data, ``pickle.loads``
        makes the copy in two thirds of ``json.loads``'s time.
        """
        return t.cast(dict[str, t.Any], pickle.loads(self._pickled))

    @functools.cached_property
    def _pickled(self) -> bytes:
        return pickle.dumps(json.loads(self.snapshot), protocol=pickle.HIGHEST_PROTOCOL)


class Documents:
    """The app's OpenAPI document, as a dict and as the text served and exported."""

    def __init__(self, spec: dict[str, t.Any] | None, text: DocumentText) -> None:
        self._spec = spec
        #: Its text, written from the document as built.
        self.text = text
        self._lock = threading.Lock()

    @property
    def spec(self) -> dict[str, t.Any]:
        """The document as a dict, the app's own: an edit changes no other app's.

        A document kept from an earlier app is decoded from its snapshot on
        first use: serving, exporting and checking read the text, so most apps
        of a test suite never need the dict.
        """
        if self._spec is None:
            with self._lock, collector_paused():
                if self._spec is None:
                    self._spec = self.text.new_dict()
        return self._spec

    @property
    def json(self) -> str:
        """The document as indented JSON."""
        return self.text.json

    @property
    def yaml(self) -> str:
        """The document as block-style YAML."""
        return self.text.yaml


def snapshot(document: t.Mapping[str, t.Any]) -> str:
    """``document`` as compact JSON: what its text is later written from.

    The stdlib's encoder, not a faster one: ``json.loads`` gives back exactly
    what it wrote, NaN and big integers included, so the text written later
    is the text the dict itself would give. Raises ``TypeError`` for values
    JSON cannot hold, when the document is built rather than when served.
    """
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def to_json(document: t.Mapping[str, t.Any]) -> str:
    """Indented JSON with a final newline, keys in the document's own order."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_yaml(document: t.Mapping[str, t.Any]) -> str:
    """Block-style YAML, keys in the document's own order."""
    text = snapshot(document)
    return _yaml_text(json.loads(text), text)  # plain dicts, lists and scalars only


def _yaml_text(plain: t.Any, snapshot: str) -> str:
    # Imported on first use: an app that is never asked for YAML never loads PyYAML.
    import yaml

    # libyaml writes ~3x faster than the pure-Python emitter, and the same bytes
    # unless the document holds one of the characters the two write differently.
    dumper: t.Any = yaml.SafeDumper
    if yaml.__with_libyaml__ and not _LIBYAML_DIFFERS.search(snapshot):
        dumper = yaml.CSafeDumper
    return t.cast(str, yaml.dump(plain, Dumper=dumper, **_YAML_OPTIONS))


def json_copy(node: _T) -> _T:
    """A copy of JSON-like data (dicts, lists and scalars): ``copy.deepcopy`` without its cost."""
    data: t.Any = node
    if type(data) is dict:
        return t.cast(_T, {key: json_copy(value) for key, value in data.items()})
    if type(data) is list:
        return t.cast(_T, [json_copy(value) for value in data])
    return node
