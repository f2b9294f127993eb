"""schemathesis settings from a contract: the helper, its TOML and its command."""

from __future__ import annotations

import copy
import tomllib
import typing as t
from pathlib import Path

import pytest
import schemathesis
import yaml
from click.testing import CliRunner
from flask.testing import FlaskCliRunner
from schemathesis.config import ChecksConfig, SchemathesisConfig

from contractkit import schemathesis_config, schemathesis_toml
from contractkit.cli.commands import cli, flask_group
from contractkit.testing.schemathesis import NEGATIVE_EXPECTED, POSITIVE_EXPECTED

ROOT = Path(__file__).resolve().parents[2]
SPEC_FILE = ROOT / "specs" / "example_app.yaml"

Document = dict[str, t.Any]


@pytest.fixture
def spec() -> Document:
    return t.cast(Document, yaml.safe_load(SPEC_FILE.read_text()))


def _document(responses: dict[str, t.Any], policy: str | None = "on-request") -> Document:
    document: Document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"responses": responses}}},
    }
    if policy is not None:
        document["x-status-fallback"] = {"policy": policy}
    return document


def _expected(config: Document, check: str) -> list[str] | None:
    (block,) = config["operations"] or [{"checks": {}}]
    return t.cast(list[str] | None, block["checks"].get(check, {}).get("expected-statuses"))


def test_the_defaults_are_schemathesis_own() -> None:
    # Operation settings replace the defaults rather than add to them, so they are
    # written out in full; a schemathesis release that changes them fails here.
    checks = ChecksConfig()
    assert checks.positive_data_acceptance.expected_statuses == list(POSITIVE_EXPECTED)
    assert checks.negative_data_rejection.expected_statuses == list(NEGATIVE_EXPECTED)


def test_the_example_apps_custom_codes(spec: Document) -> None:
    assert schemathesis_config(spec) == {
        "operations": [
            {
                # 499 falls back to 400: a client that asked for fallbacks gets 400.
                "include-name": "GET /jobs/{job_id}",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": [*POSITIVE_EXPECTED, "400", "499"]
                    },
                    "negative_data_rejection": {"expected-statuses": [*NEGATIVE_EXPECTED, "499"]},
                },
            },
            {
                # 460's fallback, 429, is expected by both checks already.
                "include-name": "GET /search",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": [*POSITIVE_EXPECTED, "460"]},
                    "negative_data_rejection": {"expected-statuses": [*NEGATIVE_EXPECTED, "460"]},
                },
            },
        ]
    }


@pytest.mark.parametrize(
    ("responses", "policy", "positive", "negative"),
    [
        pytest.param({"200": {}, "404": {}}, "on-request", None, None, id="standard codes only"),
        # 2xx already covers 299 and its fallback; an invalid request answered 299 is a failure.
        pytest.param({"299": {"x-fallback": 200}}, "on-request", None, None, id="custom 2xx"),
        pytest.param(
            {"460": {"x-fallback": 429}}, "never", ["460"], ["460"], id="fallbacks never sent"
        ),
        pytest.param(
            {"499": {"x-fallback": 400}}, "always", ["400", "499"], ["499"], id="always sent"
        ),
        pytest.param({"499": {"x-fallback": 400}}, None, ["499"], ["499"], id="no negotiation"),
        # Without x-fallback a client reads 461 as 400 (RFC 9110 §15).
        pytest.param({"461": {}}, "on-request", ["400", "461"], ["461"], id="no x-fallback"),
        pytest.param({"599": {"x-fallback": 500}}, "on-request", None, None, id="custom 5xx"),
        pytest.param(
            {"4XX": {}, "default": {}, "460": {"$ref": "#/components/responses/Limit"}},
            "on-request",
            ["460"],
            ["460"],
            id="ranges, default and $ref",
        ),
    ],
)
def test_what_each_check_expects_beyond_its_defaults(
    responses: dict[str, t.Any],
    policy: str | None,
    positive: list[str] | None,
    negative: list[str] | None,
) -> None:
    document = _document(responses, policy)
    document["components"] = {"responses": {"Limit": {"x-fallback": 429}}}
    config = schemathesis_config(document)
    extended = _expected(config, "positive_data_acceptance")
    assert extended == (None if positive is None else [*POSITIVE_EXPECTED, *positive])
    extended = _expected(config, "negative_data_rejection")
    assert extended == (None if negative is None else [*NEGATIVE_EXPECTED, *negative])


def test_documents_without_operations_give_no_settings() -> None:
    assert schemathesis_config({"openapi": "3.1.0", "paths": {"/x": "nonsense"}}) == {
        "operations": []
    }


def test_the_toml_is_the_config(spec: Document) -> None:
    text = schemathesis_toml(spec, source="specs/example_app.yaml")
    assert text.startswith("# Status codes schemathesis's")
    assert "custom codes of specs/example_app.yaml." in text
    assert tomllib.loads(text) == schemathesis_config(spec)


def test_names_with_quotes_are_escaped() -> None:
    document = _document({"460": {}})
    document["paths"] = {'/x/"{id}"\\': document["paths"]["/x"]}
    assert tomllib.loads(schemathesis_toml(document)) == schemathesis_config(document)


@pytest.mark.parametrize(
    "path",
    [
        "/x/\U0001f600/{id}",  # outside the BMP: json.dumps wrote a surrogate pair
        "/x/\u00e9\u2713",
        "/x/tab\there",
        "/x/\x7f",
    ],
)
def test_any_path_round_trips_through_tomllib(path: str) -> None:
    document = _document({"460": {}})
    document["paths"] = {path: document["paths"]["/x"]}
    text = schemathesis_toml(document)
    assert tomllib.loads(text) == schemathesis_config(document)
    assert tomllib.loads(text)["operations"][0]["include-name"] == f"GET {path}"


@pytest.mark.parametrize("source", ["specs/a\nb.yaml", "specs/a\rb.yaml", "specs/\U0001f600.yaml"])
def test_any_source_name_keeps_the_header_a_comment(source: str) -> None:
    document = _document({"460": {}})
    assert tomllib.loads(schemathesis_toml(document, source=source)) == schemathesis_config(
        document
    )


def test_schemathesis_applies_the_settings_per_operation(spec: Document) -> None:
    config = SchemathesisConfig.from_str(schemathesis_toml(spec))
    schema = schemathesis.openapi.from_dict(copy.deepcopy(spec), config=config)

    def expected(path: str, check: str) -> list[str]:
        operation = schema[path]["GET"]
        checks = schema.config.checks_config_for(operation=operation, phase="fuzzing")
        return t.cast(list[str], getattr(checks, check).expected_statuses)

    assert "460" in expected("/search", "positive_data_acceptance")
    assert "499" in expected("/jobs/{job_id}", "negative_data_rejection")
    assert expected("/items", "positive_data_acceptance") == list(POSITIVE_EXPECTED)


# The command


def test_command_writes_to_stdout(spec: Document) -> None:
    result = CliRunner().invoke(cli, ["schemathesis-config", str(SPEC_FILE)])
    assert result.exit_code == 0, result.output
    assert result.stdout == schemathesis_toml(spec, source=str(SPEC_FILE))


def test_command_writes_a_file(spec: Document, tmp_path: Path) -> None:
    target = tmp_path / "schemathesis.toml"
    result = CliRunner().invoke(cli, ["schemathesis-config", str(SPEC_FILE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {target} (2 operation(s) with custom codes).\n"
    assert tomllib.loads(target.read_text()) == schemathesis_config(spec)


def test_command_reads_stdin(spec: Document) -> None:
    result = CliRunner().invoke(cli, ["schemathesis-config", "-"], input=SPEC_FILE.read_text())
    assert result.exit_code == 0, result.output
    assert result.stdout == schemathesis_toml(spec, source="stdin")


def test_command_under_flask(runner: FlaskCliRunner, spec: Document) -> None:
    result = runner.invoke(flask_group, ["schemathesis-config", str(SPEC_FILE)])
    assert result.exit_code == 0, result.output
    assert tomllib.loads(result.output) == schemathesis_config(spec)


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        ("missing.yaml", None, "does not exist"),
        ("broken.yaml", "paths: [", "YAML"),
        ("swagger.yaml", "swagger: '2.0'\n", "is not an OpenAPI 3 document"),
    ],
)
def test_command_trouble_exits_2(
    tmp_path: Path, name: str, text: str | None, fragment: str
) -> None:
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    result = CliRunner().invoke(cli, ["schemathesis-config", str(path)])
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr


def test_command_creates_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "schemathesis.toml"
    result = CliRunner().invoke(cli, ["schemathesis-config", str(SPEC_FILE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("#") or "[[operations]]" in target.read_text()


def test_command_cannot_write_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    target = tmp_path / "file" / "schemathesis.toml"
    result = CliRunner().invoke(cli, ["schemathesis-config", str(SPEC_FILE), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_command_help_has_examples_and_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["schemathesis-config", "--help"])
    assert result.exit_code == 0
    for line in (
        "contractkit schemathesis-config specs/api.yaml --output schemathesis.toml",
        "st --config-file schemathesis.toml run",
        "0  the settings were written",
        "2  bad usage, or a file that is missing",
    ):
        assert line in result.stdout
    assert "  schemathesis-config " in CliRunner().invoke(cli, ["--help"]).stdout
