"""What a process imports on each path: an app that only serves, and the file commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # fresh interpreters

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "example_app.yaml"

#: Modules an app that serves requests in report mode, never asked for its document,
#: does not run: the document build and its validation, the spec-driven reader, the
#: body checks' compilers, YAML and the docs page's assets; and connexion and Quart, which
#: a Flask app needs not have installed.
NOT_SERVING = (
    "connexion",
    "contractkit.contrib.connexion",
    "quart",
    "contractkit.adapters.quart",
    "contractkit.openapi.builder",
    "contractkit.openapi.validation",
    "contractkit.openapi.reuse",
    "contractkit.declare.document",
    "contractkit.runtime.bodies",
    "apispec.ext.marshmallow",
    "openapi_schema_validator",
    "jsonschema_rs",
    "msgspec",
    "yaml",
    "flask_swagger_ui",
)
#: contractkit's app machinery, which check and diff of a file never use.
APP_MACHINERY = (
    "contractkit.state",
    "contractkit.extension",
    "contractkit.runtime",
    "contractkit.openapi.builder",
    "contractkit.openapi.serving",
    "contractkit.declare.operations",
    "contractkit.lint",
)

_SERVE = """
import json, sys
from flask import Flask
from marshmallow import Schema, fields
from contractkit import ContractKit, responds

class Item(Schema):
    id = fields.Integer()

app = Flask("serve")

@app.get("/items")
@responds(200, Item)
def items():
    return {"id": 1}

kit = ContractKit(app)
assert app.test_client().get("/items").status_code == 200
assert app.test_client().get("/nowhere").status_code == 404
assert kit.violations(app).total == 0
print(json.dumps(sorted(sys.modules)))
"""
_COMMAND = """
import json, sys
from contractkit.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="contractkit")
except SystemExit as done:
    assert done.code == 0, done.code
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules(script: str, *args: str, stderr: bool = False) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = (done.stderr if stderr else done.stdout).strip().splitlines()
    return _names(json.loads(lines[-1]))


def _names(value: object) -> list[str]:
    assert isinstance(value, list)
    return [str(name) for name in value]


def _under(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(f"{p}.") for p in prefixes)]


def test_an_app_that_serves_loads_no_document_machinery() -> None:
    modules = _modules(_SERVE)
    assert "contractkit.runtime.checker" in modules  # it did check the response
    assert _under(modules, NOT_SERVING) == []


@pytest.mark.parametrize("command", [["check", str(SPEC)], ["diff", str(SPEC), str(SPEC)]])
def test_file_commands_load_no_app_machinery(command: list[str]) -> None:
    modules = _modules(_COMMAND, *command, stderr=True)
    assert "contractkit.specfile.files" in modules  # it did read the file
    assert _under(modules, APP_MACHINERY) == []


@pytest.mark.parametrize(
    "command", [["export", "-", "--app", "example_app"], ["check", "--app", "example_app"]]
)
def test_app_commands_on_a_flask_app_import_no_quart(command: list[str]) -> None:
    modules = _modules(_COMMAND, *command, stderr=True)
    assert "contractkit.state" in modules  # it did load the app
    assert _under(modules, ("quart", "contractkit.adapters.quart")) == []
