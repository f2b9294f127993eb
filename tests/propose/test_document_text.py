"""Document files written back in their own layout: only what is added differs."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from contractkit.propose.document_text import read_document_file

YAML_TEXT = textwrap.dedent(
    """\
    openapi: 3.0.3
    info: {title: Pets, version: '1'}   # flow style, single quotes
    paths:
        /pets:
            get:
                responses:
                    '200':
                        description: ok<spaces>
                # delete comes next
            delete:
                responses:
                    '204': {description: gone}
                    # closes delete's responses
    components:
        schemas:
            Pet:
                required:
                  - id
                properties:
                    id: {type: integer}
    """
).replace("<spaces>", "   ")  # trailing spaces, which ruamel.yaml drops and the file keeps


def test_yaml_keeps_comments_quotes_indent_and_trailing_spaces(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text(YAML_TEXT)
    document = read_document_file(path)
    assert document.note is None
    assert document.dump() == YAML_TEXT
    responses = document.data["paths"]["/pets"]
    responses["get"]["responses"][document.string("404")] = {"description": "Not Found"}
    responses["delete"]["responses"][document.string("404")] = {"description": "Not Found"}
    added = document.dump()
    assert added == YAML_TEXT.replace(
        "description: ok   \n",
        "description: ok   \n                '404':\n                    description: Not Found\n",
    ).replace(
        "{description: gone}\n",
        "{description: gone}\n                '404':\n                    description: Not Found\n",
    )
    # A comment closing a block stays below what is added to the block.
    assert "Not Found\n            # delete comes next\n        delete:" in added
    assert "Not Found\n                # closes delete's responses\ncomponents:" in added


@pytest.mark.parametrize("indent", [None, 2, 4, "\t"])
@pytest.mark.parametrize("ending", ["", "\n", "\n\n"])
def test_json_keeps_indent_and_ending(
    tmp_path: Path, indent: int | str | None, ending: str
) -> None:
    data = {"openapi": "3.0.3", "paths": {"/é": {}}, "info": {"title": "t", "version": "1"}}
    text = json.dumps(data, indent=indent, ensure_ascii=False) + ending
    path = tmp_path / "openapi.json"
    path.write_text(text)
    document = read_document_file(path)
    assert document.note is None
    assert document.dump() == text


def test_a_layout_that_cannot_be_kept_is_said_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text("openapi: 3.0.3\npaths:\n  /a:\n      get: {}\n  /b:\n    get: {}\n")
    assert "cannot reproduce exactly" in (read_document_file(path).note or "")
