"""The commands on Quart apps: ``contractkit ... --app`` and ``quart contract ...``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from quart.cli import cli as quart_cli

from contractkit.cli.commands import cli, flask_group
from contractkit.specfile.locations import iter_operations

from ..adapters import quart_app

QUART_APP = "tests.adapters.quart_app"
ROOT = Path(__file__).resolve().parents[2]

#: A Quart app behind a factory, as Quart's docs write one, and nothing else in its module.
FACTORY_MODULE = """
from quart import Quart, abort

from contractkit import ContractKit, responds

ck = ContractKit()
ck.register_status(461, "Quota Exceeded", fallback=429)


def create_app(name="factory"):
    app = Quart(name)

    @app.get("/quota")
    @responds(200)
    @responds(461)
    async def quota():
        abort(461)

    ck.init_app(app)
    return app
"""


@pytest.fixture
def factory_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The name of a fresh module holding :data:`FACTORY_MODULE`, importable from ``tmp_path``."""
    name = f"ck_quart_factory_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(FACTORY_MODULE))
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    monkeypatch.chdir(tmp_path)
    yield name
    sys.modules.pop(name, None)


def _paths(output: str) -> dict[str, set[str]]:
    """Each path of the exported document, with the codes its operations declare."""
    paths: dict[str, set[str]] = {}
    for path, _, operation in iter_operations(json.loads(output)):
        paths.setdefault(path, set()).update(operation["responses"])
    return paths


@pytest.mark.parametrize(
    "import_path",
    ["{name}", "{name}:create_app", "{name}:create_app('factory')", "{name}.py"],
    ids=["module", "factory", "factory-call", "file"],
)
def test_export_loads_a_quart_app_by_every_form_flask_takes(
    factory_module: str, import_path: str
) -> None:
    app_path = import_path.format(name=factory_module)
    result = CliRunner().invoke(cli, ["export", "-", "--format", "json", "--app", app_path])
    assert result.exit_code == 0, result.output
    assert _paths(result.stdout) == {"/quota": {"200", "429", "461"}}


def test_export_of_a_module_level_quart_app() -> None:
    result = CliRunner().invoke(cli, ["export", "-", "--format", "json", "--app", QUART_APP])
    assert result.exit_code == 0, result.output
    paths = _paths(result.stdout)
    assert paths["/todos/"] == {"201", "422", "429", "461"}
    assert "/ws" not in paths  # a websocket route is no HTTP operation


def test_quart_app_env_var_names_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASK_APP", raising=False)
    result = CliRunner().invoke(cli, ["check"], env={"QUART_APP": QUART_APP})
    assert result.exit_code == 0, result.output
    assert "app 'tests.adapters.quart_app': valid OpenAPI 3.1.0" in result.stderr


def test_lint_knows_quarts_abort_and_finds_the_undeclared_return() -> None:
    result = CliRunner().invoke(cli, ["lint", "--app", QUART_APP, "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    undeclared = [(item["endpoint"], item["code"]) for item in report["undeclared"]]
    # echo's awaited request.get_json() answers 400 to malformed JSON (Quart gives no 415).
    assert undeclared == [("echo", 400), ("admin.stats", 299)]
    # abort(461) and abort(404) are sites of their declared codes: none goes unproduced.
    assert report["unproduced"] == []


def test_a_module_without_an_app_is_one_line_naming_flasks_advice(factory_module: str) -> None:
    result = CliRunner().invoke(cli, ["export", "-", "--app", f"{factory_module}:nowhere"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot load the app '{factory_module}:nowhere': "
        f"Failed to find attribute 'nowhere' in '{factory_module}'.\n"
    )


def test_quart_contract_is_the_same_group_through_quarts_entry_point(factory_module: str) -> None:
    result = CliRunner().invoke(
        quart_cli, ["--app", factory_module, "contract", "export", "-", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert _paths(result.stdout) == {"/quota": {"200", "429", "461"}}


def test_quart_contract_takes_the_app_from_quart_and_has_no_app_option_of_its_own() -> None:
    runner = quart_app.app.test_cli_runner()
    result = runner.invoke(flask_group, ["check"])
    assert result.exit_code == 0, result.output
    assert "valid OpenAPI 3.1.0, contract rules hold (6 operations)" in result.stderr
    help_text = runner.invoke(flask_group, ["export", "--help"]).stdout
    assert "--app" not in help_text.split("Examples:")[0]


@pytest.mark.slow  # starts a server process
def test_mock_serves_a_quart_apps_own_document(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        str(Path(sys.executable).with_name("contractkit")),
        *("mock", "--app", QUART_APP, "--port", str(port)),
    ]
    environment = {key: value for key, value in os.environ.items() if key != "FLASK_APP"}
    server = subprocess.Popen(
        command, env=environment, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(100):
                try:
                    client.get("/todos/1")
                    break
                except httpx.ConnectError:
                    time.sleep(0.1)
            todo = client.get("/todos/1")
            quota = client.post("/todos/", json={"task": "x"}, headers={"Prefer": "code=461"})
    finally:
        server.terminate()
        server.communicate(timeout=10)
    assert todo.status_code == 200
    assert set(todo.json()) == {"id", "task"}
    assert (quota.status_code, quota.reason_phrase) == (461, "Quota Exceeded")
