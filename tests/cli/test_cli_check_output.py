"""``check`` output: invalid OpenAPI apart from contractkit's own contract rules."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from contractkit.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def third_party(**responses: t.Any) -> dict[str, t.Any]:
    """A valid OpenAPI document in the style of AWS's: made-up 4xx codes, nothing registered."""
    return {
        "openapi": "3.0.0",
        "info": {"title": "Queue service", "version": "2012-11-05"},
        "paths": {
            "/queues": {
                "get": {
                    "operationId": "ListQueues",
                    "responses": {
                        "200": {"description": "Success"},
                        "480": {"description": "QueueDoesNotExist"},
                        "481": {"description": ""},
                        **responses,
                    },
                }
            }
        },
    }


def test_a_valid_third_party_document_breaks_only_contract_rules(tmp_path: Path) -> None:
    path = tmp_path / "sqs.json"
    path.write_text(json.dumps(third_party()))
    result = run("check", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "contractkit's contract rules (the status-code contract, beyond OpenAPI) (5):"
    )
    assert "Invalid OpenAPI" not in result.stdout
    responses = "$.paths['/queues'].get.responses"
    assert (
        f"  {responses}['480']: custom status 480 is not listed in x-status-codes; register it "
        "at the top level with its phrase and fallback: x-status-codes: {'480': {phrase: ..., "
        "fallback: 400}}." in lines
    )
    assert (
        f"  {responses}['481'].description: the description is empty; say what this "
        "response means to a client." in lines
    )
    assert lines[-1].startswith("  Custom codes are registered under the top-level x-status-codes")
    assert result.stderr == f"{path}: 5 problem(s) found: 0 invalid OpenAPI, 5 contract rule(s).\n"


def test_the_two_kinds_are_headed_apart_invalid_openapi_first(tmp_path: Path) -> None:
    document = third_party(**{"999": {"description": "No such code"}})
    path = tmp_path / "sqs.json"
    path.write_text(json.dumps(document))
    result = run("check", str(path))
    assert result.exit_code == 1
    headings = [line for line in result.stdout.splitlines() if not line.startswith("  ")]
    assert headings[0].startswith("Invalid OpenAPI (")
    assert headings[1].startswith("contractkit's contract rules")


@pytest.mark.parametrize(
    ("responses", "valid_openapi"), [({}, True), ({"999": {"description": "No"}}, False)]
)
def test_json_output_gives_each_problem_its_kind(
    tmp_path: Path, responses: dict[str, t.Any], valid_openapi: bool
) -> None:
    path = tmp_path / "sqs.json"
    path.write_text(json.dumps(third_party(**responses)))
    result = run("check", str(path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["document"] == str(path)
    assert report["valid_openapi"] is valid_openapi
    assert report["contract_rules_hold"] is False
    kinds = {problem["kind"] for problem in report["problems"]}
    assert kinds == ({"contract"} if valid_openapi else {"openapi", "contract"})
    assert all(set(p) == {"kind", "location", "message"} for p in report["problems"])


def test_json_output_of_a_document_that_holds(tmp_path: Path) -> None:
    document = third_party()
    del document["paths"]["/queues"]["get"]["responses"]["480"]
    del document["paths"]["/queues"]["get"]["responses"]["481"]
    path = tmp_path / "sqs.json"
    path.write_text(json.dumps(document))
    result = run("check", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "document": str(path),
        "valid_openapi": True,
        "contract_rules_hold": True,
        "problems": [],
    }
