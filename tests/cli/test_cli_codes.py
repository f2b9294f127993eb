"""``contractkit codes``: custom codes as Python, TypeScript and JSON constants."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from contractkit.cli import cli

SPEC = Path(__file__).resolve().parents[2] / "specs" / "example_app.yaml"


def run(*args: str, stdin: str | None = None) -> t.Any:
    return CliRunner().invoke(cli, ["codes", *args], input=stdin)


def test_python_constants_with_phrase_and_fallback() -> None:
    result = run(str(SPEC), "--format", "python")
    assert result.exit_code == 0, result.output
    namespace: dict[str, t.Any] = {}
    exec(result.stdout, namespace)
    assert namespace["TIER_LIMIT_EXCEEDED"] == 460
    assert namespace["COMPLETED_WITH_WARNINGS"] == 299
    assert namespace["PHRASES"][460] == "Tier Limit Exceeded"
    assert namespace["FALLBACKS"] == {299: 200, 460: 429, 499: 400}


def test_python_is_the_default_and_the_output_is_stable() -> None:
    assert run(str(SPEC)).stdout == run(str(SPEC), "--format", "python").stdout


def test_typescript_constants() -> None:
    result = run(str(SPEC), "--format", "typescript")
    assert result.exit_code == 0, result.output
    assert "export const TIER_LIMIT_EXCEEDED = 460;" in result.stdout
    assert (
        '  [TIER_LIMIT_EXCEEDED]: { phrase: "Tier Limit Exceeded", fallback: 429 },'
        in result.stdout
    )


def test_json_lists_each_code() -> None:
    result = run(str(SPEC), "--format", "json")
    data = json.loads(result.stdout)
    assert data["title"] == "contractkit example API"
    assert [(c["code"], c["name"], c["fallback"]) for c in data["codes"]] == [
        (299, "COMPLETED_WITH_WARNINGS", 200),
        (460, "TIER_LIMIT_EXCEEDED", 429),
        (499, "CLIENT_CLOSED_REQUEST", 400),
    ]


def test_names_for_codes_without_phrase_and_phrases_that_collide() -> None:
    document = yaml.safe_load(SPEC.read_text())
    document["x-status-codes"]["499"]["phrase"] = "Tier-limit  exceeded!"
    del document["x-status-codes"]["299"]["phrase"]
    result = run("-", "--format", "json", stdin=json.dumps(document))
    assert result.exit_code == 0, result.output
    names = {c["code"]: c["name"] for c in json.loads(result.stdout)["codes"]}
    assert names == {
        299: "STATUS_299",
        460: "TIER_LIMIT_EXCEEDED_460",
        499: "TIER_LIMIT_EXCEEDED_499",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("openapi: 3.1.0\ninfo: {}\n", "is not an OpenAPI document a client contract"),
        ("[1, 2]", "not an OpenAPI document (a mapping)"),
    ],
)
def test_a_document_that_cannot_be_read_exits_2(text: str, message: str) -> None:
    result = run("-", stdin=text)
    assert result.exit_code == 2
    assert message in result.output


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = run(str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_help_has_examples_and_exit_codes() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "contractkit codes specs/api.yaml --format typescript" in result.stdout
    assert "2  bad usage, or a document that cannot be read" in result.stdout


def test_a_swagger_2_document_is_read_too() -> None:
    from ..client.test_contract import SWAGGER2

    result = run("-", "--format", "json", stdin=json.dumps(SWAGGER2))
    assert result.exit_code == 0, result.output
    assert [(c["code"], c["fallback"]) for c in json.loads(result.stdout)["codes"]] == [(460, 429)]
