"""`contractkit check` and `diff` on Swagger 2.0 files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from contractkit.cli.commands import cli

from ..specfile.test_swagger2 import petstore


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_check_validates_a_2_0_file(tmp_path: Path) -> None:
    path = tmp_path / "swagger.json"
    path.write_text(json.dumps(petstore()))
    result = run("check", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{path}: valid Swagger 2.0, contract rules hold (6 operations).\n"


def test_check_reports_an_invalid_2_0_file_where_it_is_wrong(tmp_path: Path) -> None:
    document = petstore()
    del document["paths"]["/pets"]["post"]["responses"]
    path = tmp_path / "swagger.json"
    path.write_text(json.dumps(document))
    result = run("check", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith("Invalid OpenAPI (1):\n  $.paths['/pets'].post: ")
    assert "'responses' is a required property" in result.stdout.replace('"', "'")


def test_diff_compares_2_0_files_as_their_conversions(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.yaml"
    old.write_text(json.dumps(petstore()))
    changed = petstore()
    del changed["paths"]["/pets/{pet_id}"]["get"]["responses"]["404"]
    changed["definitions"]["Pet"]["required"] = ["name", "tag"]
    new.write_text(json.dumps(changed))  # JSON is YAML
    result = run("diff", str(old), str(new))
    assert result.exit_code == 1, result.output
    assert "GET /pets/{pet_id}: status 404 was removed" in result.stdout
    assert "tag" in result.stdout
    assert (
        result.stderr.count("is Swagger 2.0; it is compared as its OpenAPI 3.0.3 conversion") == 2
    )
