"""propose on spec-driven apps: a Swagger 2.0 YAML file, a JSON file, a document built by code.

One tutorial-style app answers what its document lacks: a 404, a custom 461
it names in ``HTTP_STATUS_CODES``, and a route the document has no path for.
"""

from __future__ import annotations

import json
import typing as t

import pytest
import yaml

from contractkit.propose.document_patch import build_document_patch
from contractkit.propose.patch import ApplyError
from contractkit.propose.plan import plan
from contractkit.recording.reading import read_records
from contractkit.specfile.rules import check_document

from .conftest import Workspace

APP = """
    import werkzeug.http
    from flask import Flask, jsonify

    from contractkit import ContractKit

    werkzeug.http.HTTP_STATUS_CODES[461] = "Shelf Locked"
    BOOKS = {{1: {{"id": 1, "title": "Dune", "isbn": None}}}}

    app = Flask(__name__)


    @app.get("/books/<int:book_id>")
    def get_book(book_id):
        if book_id == 461:
            return jsonify(error="locked"), 461
        if book_id not in BOOKS:
            return jsonify(error="no such book"), 404
        return jsonify(BOOKS[book_id])


    @app.delete("/books/<int:book_id>")
    def delete_book(book_id):
        return "", 204


    @app.get("/shelves/<int:shelf_id>")
    def get_shelf(shelf_id):
        return jsonify([{{"name": "sci-fi", "size": 3}}])


    app.config["CONTRACTKIT_SPEC"] = {spec}
    app.config.from_prefixed_env()
    ContractKit(app)
"""
SWAGGER = """\
swagger: "2.0"
info: {title: Books, version: "1"}
# The books, one path per resource.
paths:
  /books/{book_id}:
    parameters:
      - {name: book_id, in: path, required: true, type: integer}
    get:
      responses:
        "200":
          description: The book.
          schema:
            type: object
            properties:
              id: {type: integer}
              title: {type: string}
              isbn: {type: string, x-nullable: true}
    delete:
      responses:
        "204": {description: Deleted.}  # nothing to send back
"""
BOOK = {"application/json": {"schema": {"type": "object"}}}
OPENAPI: dict[str, t.Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Books", "version": "1"},
    "paths": {
        "/books/{book_id}": {
            "parameters": [
                {"name": "book_id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "get": {"responses": {"200": {"description": "The book.", "content": BOOK}}},
            "delete": {"responses": {"204": {"description": "Deleted."}}},
        }
    },
}
CALLS = [("get", "/books/1", 200), ("get", "/books/9", 404), ("get", "/books/461", 461)]
CALLS += [("delete", "/books/1", 204), ("get", "/shelves/3", 200)]

pytestmark = pytest.mark.filterwarnings("ignore:app .* and its OpenAPI document do not match")


def _recorded(workspace: Workspace, spec: str) -> None:
    workspace.write(APP.format(spec=spec))

    def requests(app: t.Any) -> None:
        for method, url, status in CALLS:
            assert app.test_client().open(url, method=method.upper()).status_code == status

    workspace.record(requests)


def _strict_and_settled(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every call passes in strict mode with body checks, and propose has nothing more."""
    monkeypatch.setenv("FLASK_CONTRACTKIT_MODE", "strict")
    monkeypatch.setenv("FLASK_CONTRACTKIT_CHECK_BODIES", "true")
    app = workspace.load()
    for method, url, status in CALLS:
        assert app.test_client().open(url, method=method.upper()).status_code == status, url
    again = workspace.propose(str(workspace.records))
    assert again.exit_code == 0, again.output
    assert "Nothing to propose" in again.output
    assert "+++" not in again.output


def test_swagger2_yaml_gets_definitions_and_keeps_its_comments(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = workspace.root / "swagger.yaml"
    document.write_text(SWAGGER)
    _recorded(workspace, '"swagger.yaml"')
    result = workspace.propose(str(workspace.records), "--apply")
    assert result.exit_code == 0, result.output
    text = document.read_text()
    assert text.startswith(SWAGGER.split("  /books")[0])
    assert '        "204": {description: Deleted.}  # nothing to send back\n' in text
    written = yaml.safe_load(text)
    assert check_document(written) == []
    get = written["paths"]["/books/{book_id}"]["get"]["responses"]
    error = {"$ref": "#/definitions/GetBookGet404"}
    assert get["404"] == {"description": "Not Found", "schema": error}
    # The same body under another code: one schema, reused.
    assert get["461"] == {"description": "Shelf Locked", "x-fallback": 400, "schema": error}
    assert written["x-status-codes"]["461"]["phrase"] == "Shelf Locked"
    shelf = written["paths"]["/shelves/{shelf_id}"]
    assert shelf["parameters"] == [
        {"name": "shelf_id", "in": "path", "required": True, "type": "integer", "minimum": 0}
    ]
    assert shelf["get"]["responses"]["200"]["schema"] == {
        "type": "array",
        "items": {"$ref": "#/definitions/GetShelfGet200"},
    }
    _strict_and_settled(workspace, monkeypatch)


def test_json_document_keeps_its_indent_key_order_and_final_newline(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = workspace.root / "openapi.json"
    before = json.dumps(OPENAPI, indent=4) + "\n"
    document.write_text(before)
    _recorded(workspace, '"openapi.json"')
    result = workspace.propose(str(workspace.records), "--apply")
    assert result.exit_code == 0, result.output
    after = document.read_text()
    written = json.loads(after)
    assert after == json.dumps(written, indent=4) + "\n"
    assert list(written) == [*OPENAPI, "components", "x-status-codes"]
    assert list(written["paths"]["/books/{book_id}"]) == ["parameters", "get", "delete"]
    assert check_document(written) == []
    _strict_and_settled(workspace, monkeypatch)


def test_a_document_built_by_code_gets_a_fragment_and_apply_refuses(
    workspace: Workspace,
) -> None:
    document = json.loads(json.dumps(OPENAPI))
    del document["paths"]["/books/{book_id}"]["get"]["responses"]["200"]["content"]
    _recorded(workspace, f"lambda: {document!r}")
    result = workspace.propose(str(workspace.records), "--apply")
    assert result.exit_code == 2, result.output
    assert "built by code" in result.output
    assert "no file to write" in result.output
    fragment = result.output.split("x-status-codes):\n", 1)[1].split("Error:")[0]
    parsed = yaml.safe_load(fragment)
    responses = parsed["paths"]["/books/{book_id}"]["get"]["responses"]
    assert set(responses) == {"404", "461"}
    assert "/shelves/{shelf_id}" in parsed["paths"]
    # What is declared is compared, never edited.
    assert (
        "drift: GET /books/{book_id} 200: declared without a body, but 1 recorded "
        "response(s) sent one (application/json)"
    ) in result.output


def test_a_document_changed_since_it_was_read_is_not_written(workspace: Workspace) -> None:
    document = workspace.root / "openapi.json"
    document.write_text(json.dumps(OPENAPI, indent=2))
    _recorded(workspace, '"openapi.json"')
    app = workspace.load()
    patch = build_document_patch(plan(app, read_records([workspace.records])), app)
    assert len(patch.changes) == 1
    document.write_text(json.dumps(OPENAPI, indent=2) + "\n")
    with pytest.raises(ApplyError, match="changed since it was read"):
        patch.apply()
    assert document.read_text() == json.dumps(OPENAPI, indent=2) + "\n"


PARTIAL_APP = """
    import functools

    from flask import Flask, jsonify

    from contractkit import ContractKit

    app = Flask(__name__)


    def show(kind, item_id):
        if item_id != 1:
            return jsonify(error=f"no such {kind}"), 404
        return jsonify(id=item_id)


    # A view that is no function of its own: a document is edited by path, not source.
    app.add_url_rule("/items/<int:item_id>", "item", functools.partial(show, "item"))
    app.config["CONTRACTKIT_SPEC"] = "openapi.json"
    app.config.from_prefixed_env()
    ContractKit(app)
"""
ITEMS: dict[str, t.Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Items", "version": "1"},
    "paths": {
        "/items/{id}": {
            "get": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {"200": {"description": "The item.", "content": BOOK}},
            }
        }
    },
}


def test_a_document_gets_the_responses_of_a_view_that_is_no_function(
    workspace: Workspace,
) -> None:
    (workspace.root / "openapi.json").write_text(json.dumps(ITEMS, indent=2) + "\n")
    workspace.write(PARTIAL_APP)

    def requests(app: t.Any) -> None:
        assert app.test_client().get("/items/1").status_code == 200
        assert app.test_client().get("/items/9").status_code == 404

    workspace.record(requests)
    result = workspace.propose(str(workspace.records), "--apply")
    assert result.exit_code == 0, result.output
    # The summary names the operation as the document does, not as the rule does.
    assert "GET /items/{id}" in result.output
    assert "/items/{item_id}" not in result.output
    assert "skipped" not in result.output
    written = json.loads((workspace.root / "openapi.json").read_text())
    responses = written["paths"]["/items/{id}"]["get"]["responses"]
    assert set(responses) == {"200", "404"}
    assert check_document(written) == []
