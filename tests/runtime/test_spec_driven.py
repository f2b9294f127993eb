"""Spec-driven apps at runtime: the same checks, status lines and reports as decorator mode."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask import Flask
from openapi_spec_validator import validate
from prometheus_client import CollectorRegistry

from contractkit import ContractKit
from contractkit.cli import cli
from contractkit.specfile.diff import diff_documents
from contractkit.testing.coverage import CoverageData, Recorder
from contractkit.testing.schemathesis import schemathesis_config
from tests.peers.handwritten_app import create_app

from ..frameworks import client_of, new_app, web_of

APP = "tests.peers.handwritten_app:create_app()"


def strict(framework: str = "flask") -> Flask:
    return create_app({"CONTRACTKIT_MODE": "strict"}, framework=framework)


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/pets", 200),
        ("get", "/pets/1", 200),
        ("get", "/pets/3", 404),
        ("delete", "/pets/1", 204),
        ("delete", "/pets/9", 404),  # through the `default` response, body checked
        ("head", "/pets/1", 200),
    ],
)
def test_declared_codes_pass_untouched(method: str, url: str, status: int, framework: str) -> None:
    app = strict(framework)
    response = getattr(client_of(app), method)(url)
    assert response.status_code == status
    assert app.extensions["contractkit"].violations.total == 0


def test_custom_code_has_its_phrase_and_negotiated_fallback(framework: str) -> None:
    client = client_of(strict(framework))
    assert client.get("/pets/470").status_code == 470
    fallback = client.get("/pets/470", headers={"Prefer": "status-fallback"})
    assert fallback.status_code == 429
    assert fallback.headers["Contract-Original-Status"] == "470"
    assert fallback.headers["Preference-Applied"] == "status-fallback"
    assert fallback.get_json() == {"message": "Daily quota used up."}


@pytest.mark.parametrize(
    ("method", "url", "kind"),
    [("delete", "/pets/2", "undeclared-status"), ("get", "/pets/2", "invalid-body")],
)
def test_strict_mode_answers_a_violation_with_problem_json(
    method: str, url: str, kind: str, framework: str
) -> None:
    app = strict(framework)
    response = getattr(client_of(app), method)(url)
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    [violation] = app.extensions["contractkit"].violations.recent()
    assert violation.kind == kind
    assert violation.operation == f"{method.upper()} /pets/{{id}}"


def test_report_mode_records_and_leaves_the_response_alone(framework: str) -> None:
    app = create_app(
        {"CONTRACTKIT_MODE": "report", "CONTRACTKIT_CHECK_BODIES": True}, framework=framework
    )
    client = client_of(app)
    assert client.delete("/pets/2").status_code == 202
    assert client.get("/pets/2").get_json()["name"] is None
    kinds = sorted(v.kind for v in app.extensions["contractkit"].violations.recent())
    assert kinds == ["invalid-body", "undeclared-status"]


def _policy_app(policy: str, framework: str) -> Flask:
    app: Flask = new_app(framework, f"policy_{policy}")
    app.config.update(CONTRACTKIT_MODE="strict", CONTRACTKIT_DEFAULT_RESPONSE=policy)

    @app.get("/answer/<int:code>")
    def answer(code: int) -> t.Any:
        return {"message": "x"} if code != 299 else {"wrong": 1}, code

    error = {"type": "object", "required": ["message"], "properties": {"message": {}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/answer/{code}": {
                "parameters": [{"name": "code", "in": "path", "required": True, "schema": {}}],
                "get": {
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": {}}},
                        },
                        "default": {
                            "description": "Anything else.",
                            "content": {"application/json": {"schema": error}},
                        },
                    }
                },
            }
        },
    }
    ContractKit().init_app(app, spec=document)
    return app


@pytest.mark.parametrize(
    ("policy", "code", "allowed"),
    [
        ("errors", 404, True),
        ("errors", 503, True),
        ("errors", 201, False),  # never an undeclared 2xx or 3xx
        ("errors", 302, False),
        ("errors", 461, False),  # custom codes must be listed
        ("any", 201, True),
        ("any", 461, True),
        ("any", 299, False),  # allowed, but its body contradicts `default`
        ("ignore", 404, False),
        ("ignore", 200, True),
    ],
)
def test_default_response_policy(policy: str, code: int, allowed: bool, framework: str) -> None:
    app = _policy_app(policy, framework)
    response = client_of(app).get(f"/answer/{code}")
    assert (response.status_code == code) is allowed
    assert (app.extensions["contractkit"].violations.total == 0) is allowed


def test_prometheus_counts_spec_driven_operations(framework: str) -> None:
    registry = CollectorRegistry()
    app = create_app(
        {"CONTRACTKIT_MODE": "report", "CONTRACTKIT_PROMETHEUS": registry}, framework=framework
    )
    client = client_of(app)
    client.get("/pets/1")
    client.delete("/pets/2")
    checked = "contractkit_checked_responses_total"
    name = app.name
    get = {"app": name, "endpoint": "get_pet", "method": "GET"}
    assert registry.get_sample_value(checked, get) == 1
    labels = {"app": name, "endpoint": "delete_pet", "method": "DELETE", "status": "202"}
    violations = registry.get_sample_value(
        "contractkit_violations_total", {**labels, "kind": "undeclared-status"}
    )
    assert violations == 1


def test_coverage_counts_the_documents_operations() -> None:
    data = CoverageData()
    recorder = Recorder(data)
    recorder.connect()
    try:
        client = strict().test_client()
        client.get("/pets/1")
        client.delete("/pets/9")  # answered through `default`
    finally:
        recorder.disconnect()
    records = {r.name: r for r in data.sorted_operations()}
    assert records["GET /pets/{id}"].covered == [200]
    assert records["GET /pets/{id}"].missing == [404, 470]
    assert records["DELETE /pets/{id}"].covered == [404]
    assert records["DELETE /pets/{id}"].undeclared == []


def test_served_and_exported_document_is_the_one_enforced(tmp_path: Path) -> None:
    app = strict()
    served = app.test_client().get("/openapi.json").get_json()
    validate(served)
    source = yaml.safe_load((Path(__file__).parent.parent / "peers" / "openapi.yaml").read_text())
    assert served["paths"]["/pets"] == source["paths"]["/pets"]
    get = served["paths"]["/pets/{id}"]["get"]
    assert get["responses"]["429"]["description"].startswith("Answered in place of 470")
    assert [p["name"] for p in get["parameters"]] == ["Prefer"]
    assert served["x-status-fallback"]["policy"] == "on-request"

    out = tmp_path / "api.json"
    result = CliRunner().invoke(cli, ["export", str(out), "--app", APP])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text()) == served
    assert diff_documents(served, json.loads(out.read_text())) == []
    [block] = schemathesis_config(served)["operations"]
    assert block["include-name"] == "GET /pets/{id}"
    assert "470" in block["checks"]["positive_data_acceptance"]["expected-statuses"]


def test_export_refuses_another_openapi_version() -> None:
    args = ["export", "-", "--format", "json", "--app", APP, "--openapi-version", "3.1.0"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "does not convert to 3.1.0" in result.output


@pytest.mark.parametrize(
    ("app", "code", "output"),
    [
        (APP, 0, ""),
        (
            "tests.peers.handwritten_app:create_app(None, True)",
            1,
            "contractkit's contract rules (the status-code contract, beyond OpenAPI) (1):\n"
            "  app 'tests.peers.handwritten_app': route GET /pets/<int:pet_id>/photo "
            "(endpoint 'pet_photo') has no operation in the document\n",
        ),
    ],
)
def test_check_app_reports_unmatched_routes(app: str, code: int, output: str) -> None:
    result = CliRunner().invoke(cli, ["check", "--app", app])
    assert result.exit_code == code, result.output
    assert result.stdout == output


def test_enforcing_an_exported_document_again_changes_nothing() -> None:
    exported = strict().extensions["contractkit"].documents().spec
    app = create_app({"CONTRACTKIT_MODE": "strict", "CONTRACTKIT_SPEC": exported})
    again = app.extensions["contractkit"].documents().spec
    assert again == exported
    assert app.test_client().get("/pets/470").status == "470 Quota Exceeded"


def test_lint_reads_the_documents_contract() -> None:
    from contractkit.lint.linter import lint_app

    report = lint_app(create_app())
    # The 404s are covered by `default`; the 202 is the bug the document does not allow.
    assert [(f.operation.name, f.site.code) for f in report.undeclared] == [
        ("DELETE /pets/{id}", 202)
    ]


_SCHEMA = {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}
_DOCUMENTS = {
    "3.0.3": {
        "openapi": "3.0.3",
        "info": {"title": "Counts", "version": "1"},
        "paths": {
            "/count": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "The count.",
                            "content": {"application/json": {"schema": _SCHEMA}},
                        }
                    }
                }
            }
        },
    },
    "2.0": {
        "swagger": "2.0",
        "info": {"title": "Counts", "version": "1"},
        "produces": ["application/json"],
        "paths": {
            "/count": {
                "get": {"responses": {"200": {"description": "The count.", "schema": _SCHEMA}}}
            }
        },
    },
}


@pytest.mark.parametrize("version", list(_DOCUMENTS))
@pytest.mark.parametrize("given", ["dict", "callable"])
def test_a_document_of_each_version_is_enforced(
    kit: ContractKit, framework: str, version: str, given: str
) -> None:
    document = _DOCUMENTS[version]
    app = new_app(framework, "counts")
    app.config["CONTRACTKIT_MODE"] = "strict"
    request = web_of(app).request

    @app.get("/count")
    def count() -> t.Any:
        return {"n": 3 if "right" in request.args else "three"}

    kit.init_app(app, spec=document if given == "dict" else lambda: document)
    client = client_of(app)
    assert client.get("/count?right").json == {"n": 3}
    response = client.get("/count")
    assert (response.status_code, response.json["violation"]) == (500, "invalid-body")
    served = client.get("/openapi.json").json
    assert served["paths"]["/count"]["get"]["responses"]["200"]["content"]["application/json"]
    assert kit.violations(app).total == 1
