"""The document's text: written once, on first use, the same bytes with or without libyaml."""

from __future__ import annotations

import json
import typing as t

import pytest
import yaml

from contractkit.openapi.documents import DocumentText, snapshot, to_json, to_yaml
from contractkit.openapi.exporting import app_documents
from example_app import create_app

_OPTIONS: dict[str, t.Any] = {
    "sort_keys": False,
    "allow_unicode": True,
    "default_flow_style": False,
    "width": 100,
}

#: Strings that take every path of a YAML emitter: quoting, escaping, folding.
TRICKY = {
    "long": "x" * 250,
    "words": "word " * 60,
    "spaces": "a  b   c " * 40,
    "at width": "x" * 99 + " y",
    "newlines": "line1\nline2\n",
    "inner newline": "line1\nline2",
    "crlf": "\r\n",
    "unicode": "ünïcödé ✓ — ü" * 12 + " words " * 20,
    "control": "\x07bell\x1b",
    "leading": " lead",
    "trailing": "trail ",
    "tab": "\t tab",
    "number": "123",
    "float": "1e3",
    "bool": "true",
    "yes": "yes",
    "null": "null",
    "tilde": "~",
    "empty": "",
    "colon": "a: b",
    "dash": "- x",
    "hash": "#x",
    "document": "---",
    "line separator": "\u2028sep\u2029",
    "private use": "\ue000\ufffd\ud7ff",
    "backslash": "\\",
    "quote": "'\"",
    "key: with colon": {"nested": ["", " ", "- ", "?"]},
    "numbers": [1.5, 1e300, -0.0, 2**70, True, None],
}


def _both(document: t.Any) -> tuple[str, str]:
    plain = json.loads(json.dumps(document))
    pure = yaml.dump(plain, Dumper=yaml.SafeDumper, **_OPTIONS)
    return pure, yaml.dump(plain, Dumper=yaml.CSafeDumper, **_OPTIONS)


libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")


@libyaml
@pytest.mark.parametrize("version", ["3.1.0", "3.0.3"])
def test_libyaml_writes_the_example_app_byte_for_byte_as_the_pure_emitter(version: str) -> None:
    documents = app_documents(create_app(), version)
    pure, fast = _both(documents.spec)
    assert fast == pure
    assert documents.yaml == pure


@libyaml
@pytest.mark.parametrize("key", list(TRICKY))
def test_libyaml_writes_tricky_strings_as_the_pure_emitter(key: str) -> None:
    pure, fast = _both({key: TRICKY[key]})
    assert fast == pure
    assert to_yaml({key: TRICKY[key]}) == pure


@pytest.mark.parametrize(
    "text",
    ["NEL \x85 here", "a\ufeffb", "a\ufffeb", "a\uffffb", "clef 𝄞", "emoji 😀 " * 30],
)
def test_characters_libyaml_writes_differently_are_written_by_the_pure_emitter(text: str) -> None:
    document = {"description": text, "list": [text]}
    pure, _ = _both(document)
    assert to_yaml(document) == pure
    assert yaml.safe_load(to_yaml(document)) == document


def test_text_is_written_on_first_use_from_the_document_as_built() -> None:
    documents = app_documents(create_app())
    expected_json = to_json(documents.spec)
    expected_yaml = to_yaml(documents.spec)
    documents.spec["info"]["title"] = "edited after the build"
    assert documents.json == expected_json
    assert documents.yaml == expected_yaml
    assert documents.json is documents.json  # written once


def test_snapshot_keeps_what_json_keeps() -> None:
    document = {"b": float("nan"), "a": 2**80, "c": (1, "ü")}
    text = DocumentText(snapshot(document))
    assert text.json == to_json(document)
    assert text.yaml == to_yaml(document)


def test_values_json_cannot_hold_fail_when_the_snapshot_is_taken() -> None:
    with pytest.raises(TypeError):
        snapshot({"default": object()})
