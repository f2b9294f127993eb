"""`contractkit check` and `contractkit diff` through click's test runner, and every --help."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from flask.testing import FlaskCliRunner

from contractkit.cli.commands import cli, flask_group
from contractkit.openapi.exporting import app_documents

from ..cli_apps import shop_app


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin)


def write(path: Path, **variant: object) -> Path:
    documents = app_documents(shop_app(**variant))
    path.write_text(documents.json if path.suffix == ".json" else documents.yaml)
    return path


def assert_trouble(result: Result, fragment: str) -> None:
    """Exit status 2: the command could not run; one line says why, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ")
    assert fragment in last


# check


@pytest.mark.parametrize("name", ["api.yaml", "api.json"])
def test_check_passes_an_exported_spec(tmp_path: Path, name: str) -> None:
    result = run("check", str(write(tmp_path / name)))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == (
        f"{tmp_path / name}: valid OpenAPI 3.1.0, contract rules hold (3 operations).\n"
    )


def test_check_prints_one_line_per_problem_and_exits_1(tmp_path: Path) -> None:
    path = write(tmp_path / "api.yaml")
    text = path.read_text().replace("x-fallback: 429", "x-fallback: 500")
    path.write_text(text.replace("description: Deleted.", "description: ''"))
    result = run("check", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "contractkit's contract rules (the status-code contract, beyond OpenAPI) (2):",
        "  $.paths['/items/{item_id}'].delete.responses['204'].description: the description is "
        "empty; say what this response means to a client.",
        "  $.paths['/search'].get.responses['461']['x-fallback']: fallback 500 for 461 is in "
        "another class; RFC 9110 §15 makes clients read 461 as a 4xx, so use a 4xx code such "
        "as 400.",
    ]
    assert result.stderr == (
        f"{path}: 2 problem(s) found: 0 invalid OpenAPI, 2 contract rule(s).\n"
    )


def test_check_reads_stdin() -> None:
    result = run("check", "-", stdin=app_documents(shop_app()).yaml)
    assert result.exit_code == 0, result.output
    assert "stdin" not in result.stdout


def test_check_reports_a_document_that_is_not_openapi(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "frontend"}')
    result = run("check", str(tmp_path / "package.json"))
    assert result.exit_code == 1
    assert result.stdout.startswith("Invalid OpenAPI (1):\n  $.openapi: openapi is None;")


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("api.yaml", None, "api.yaml does not exist"),
        ("api.yaml", "openapi: [\n", "is not valid YAML"),
        ("api.json", "{", "is not valid JSON"),
        ("api.txt", "openapi: 3.1.0\n", "a spec file must end in .json, .yaml or .yml"),
        ("api.yaml", "- a list\n", "holds a list, not an OpenAPI document"),
    ],
)
def test_check_cannot_run(tmp_path: Path, name: str, content: str | None, fragment: str) -> None:
    if content is not None:
        (tmp_path / name).write_text(content)
    assert_trouble(run("check", str(tmp_path / name)), fragment)


# diff


def test_diff_without_changes(tmp_path: Path) -> None:
    old, new = write(tmp_path / "old.yaml"), write(tmp_path / "new.json")
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{old} -> {new}: no contract changes.\n"


def test_diff_lists_non_breaking_changes_and_exits_0(tmp_path: Path) -> None:
    old, new = write(tmp_path / "old.yaml"), write(tmp_path / "new.yaml", with_stock=True)
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    assert "Other changes (1):\n  - [endpoint-added] GET /stock: the operation was added.\n" in (
        result.stdout
    )


def test_diff_exits_1_on_a_breaking_change(tmp_path: Path) -> None:
    old, new = write(tmp_path / "old.yaml"), write(tmp_path / "new.yaml", tier_fallback=400)
    result = run("diff", str(old), str(new))
    assert result.exit_code == 1
    # Clients that ask for fallbacks now get 400 where they got 429: both are published.
    assert result.stdout.startswith(
        "Breaking changes (2):\n  - [response-non-success-status-removed] GET /search: status "
        "429 was removed; clients that handle it lose its meaning and body.\n"
        "  - [response-status-fallback-changed] GET /search: the x-fallback of status 461 "
        "changed from 429 to 400; clients that do not know 461 now treat it as 400 instead "
        "of 429.\n"
        "Other changes (1):\n  - [response-non-success-status-added] GET /search: status 400 "
        "was added.\n"
    )
    assert result.stdout.endswith(": 2 breaking, 0 warning(s), 1 info.\n")


def test_diff_fails_on_warnings_when_asked(tmp_path: Path) -> None:
    old = write(tmp_path / "old.yaml")
    spec = yaml.safe_load(old.read_text())
    spec["paths"]["/search"]["get"]["operationId"] = "find"
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(spec))
    assert run("diff", str(old), str(new)).exit_code == 0
    result = run("diff", str(old), str(new), "--fail-on", "warning", "--format", "markdown")
    assert result.exit_code == 1
    assert "| `api-operation-id-" in result.stdout
    assert result.stdout.startswith("### Contract changes:")


def test_diff_of_deeply_nested_schemas(tmp_path: Path) -> None:
    schema: dict[str, t.Any] = {"type": "string"}
    for _ in range(400):
        schema = {"type": "array", "items": schema}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "deep", "version": "1"},
        "paths": {
            "/a": {
                "post": {
                    "requestBody": {"content": {"a/b": {"schema": schema}}},
                    "responses": {"204": {"description": "none"}},
                }
            }
        },
    }
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(spec))
    new.write_text(json.dumps(spec).replace('"string"', '"integer"'))
    result = run("diff", str(old), str(new))
    assert result.exit_code == 1, result.output
    assert "[request-property-type-changed] POST /a" in result.stdout


def test_diff_json_format(tmp_path: Path) -> None:
    old, new = write(tmp_path / "old.yaml"), write(tmp_path / "new.yaml", item_codes=(200,))
    result = run("diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["breaking"], report["warning"], report["info"]) == (1, 0, 0)
    assert report["changes"][0]["id"] == "response-non-success-status-removed"
    assert report["changes"][0]["level"] == "breaking"
    assert report["changes"][0]["operation"] == "GET /items/{item_id}"


def test_diff_reads_new_from_stdin(tmp_path: Path) -> None:
    old = write(tmp_path / "old.yaml")
    result = run("diff", str(old), "-", stdin=app_documents(shop_app(with_delete=False)).json)
    assert result.exit_code == 1
    assert "DELETE /items/{item_id}: the operation was removed" in result.stdout


def test_diff_needs_openapi_documents(tmp_path: Path) -> None:
    old = write(tmp_path / "old.yaml")
    (tmp_path / "package.json").write_text('{"name": "frontend"}')
    result = run("diff", str(old), str(tmp_path / "package.json"))
    assert_trouble(result, "package.json is not an OpenAPI 3 document (openapi: None)")


def test_diff_missing_file(tmp_path: Path) -> None:
    old = write(tmp_path / "old.yaml")
    assert_trouble(run("diff", str(old), str(tmp_path / "gone.yaml")), "gone.yaml does not exist")


def test_diff_reads_stdin_once_only() -> None:
    assert_trouble(run("diff", "-", "-"), "only one of OLD and NEW can be '-'")


def test_diff_unknown_format(tmp_path: Path) -> None:
    old = write(tmp_path / "old.yaml")
    assert_trouble(run("diff", str(old), str(old), "--format", "xml"), "'xml' is not one of")


# flask contract check / diff, and help


def test_flask_contract_check_and_diff(runner: FlaskCliRunner, tmp_path: Path) -> None:
    old, new = write(tmp_path / "old.yaml"), write(tmp_path / "new.yaml", with_delete=False)
    assert runner.invoke(flask_group, ["check", str(old)]).exit_code == 0
    assert runner.invoke(flask_group, ["diff", str(old), str(new)]).exit_code == 1


def test_group_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("export", "check", "diff"):
        assert f"  {command} " in result.stdout


@pytest.mark.parametrize(
    ("command", "lines"),
    [
        (
            "export",
            [
                "contractkit export specs/api.yaml --app myapp",
                "flask --app myapp contract export specs/api.yaml",
                "0  the document was written",
                "2  bad usage, an app that cannot be loaded",
            ],
        ),
        (
            "check",
            [
                "contractkit check specs/api.yaml",
                "0  the document is valid and its contract rules hold",
                "1  problems were found",
                "2  bad usage, or a file that is missing, not JSON/YAML, or past the limits",
            ],
        ),
        (
            "diff",
            [
                "contractkit diff specs/api.yaml new-api.yaml",
                "0  nothing at or above the --fail-on level (changes may be listed)",
                "1  at least one change at or above the --fail-on level",
                "2  bad usage, or a file that is missing, not JSON/YAML or not OpenAPI 3",
            ],
        ),
    ],
)
def test_help_has_examples_and_exit_codes(command: str, lines: list[str]) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "Exit status:" in result.stdout
    for line in lines:
        assert line in result.stdout


def test_flask_export_help_shows_flask_examples(runner: FlaskCliRunner) -> None:
    result = runner.invoke(flask_group, ["export", "--help"])
    assert result.exit_code == 0
    assert "flask --app myapp contract export specs/api.yaml" in result.stdout
    assert "--app IMPORT" not in result.stdout
    assert "Exit status:" in result.stdout
