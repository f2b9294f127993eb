"""``contractkit lint --app IMPORT``: exit status, text and JSON output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from contractkit.cli.lint import lint_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # --app imports as flask does, from the working directory; the loader may add to sys.path.
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delenv("FLASK_APP", raising=False)


def _lint(*args: str) -> Result:
    return CliRunner().invoke(lint_command, list(args))


def test_example_app_is_clean() -> None:
    result = _lint("--app", "example_app")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("No undeclared status codes in ")


def test_undeclared_codes_exit_1_with_file_and_line() -> None:
    result = _lint("--app", "tests.lint_app:create_app()")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("tests/lint_app.py:")
    assert any(
        line.startswith("tests/lint_app.py:")
        and "GET /tuple (endpoint 'tuple_int') can answer 409" in line
        for line in lines
    )
    assert re.fullmatch(r"\d+ undeclared status code\(s\) in \d+ operation\(s\)\.", lines[-1])


def test_json_format() -> None:
    result = _lint("--app", "tests.lint_app:create_app()", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    assert {item["form"] for item in report["undeclared"]} >= {"return", "abort", "Response"}
    assert all(item["file"] == "tests/lint_app.py" for item in report["undeclared"])

    clean = json.loads(_lint("--app", "example_app", "--format", "json").output)
    assert clean["ok"] is True
    assert clean["undeclared"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--app", "no_such_module"], "no_such_module"),
        (["--app", "tests.lint_app:nothing_here"], "nothing_here"),
        (["--app", "tests.servers:serving"], ""),
    ],
)
def test_trouble_exits_2(args: list[str], message: str) -> None:
    result = _lint(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_app_without_contractkit_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plain.py").write_text("from flask import Flask\napp = Flask('plain')\n")
    monkeypatch.chdir(tmp_path)
    result = _lint("--app", "plain")
    assert result.exit_code == 2
    assert "does not use contractkit" in result.output


def test_format_must_be_known() -> None:
    assert _lint("--app", "example_app", "--format", "xml").exit_code == 2


@pytest.mark.slow
def test_console_script_runs_the_lint() -> None:
    """One real process, as CI runs it; needs the command registered in contractkit.cli.commands."""
    cli = Path(sys.executable).with_name("contractkit")
    environment = {key: value for key, value in os.environ.items() if key != "FLASK_APP"}
    done = subprocess.run(
        [str(cli), "lint", "--app", "tests.lint_app:create_app()"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "tests/lint_app.py:" in done.stdout


@pytest.mark.slow
def test_flask_contract_lint_uses_the_app_flask_loads() -> None:
    from flask.cli import ScriptInfo

    runner = CliRunner()
    broken = ScriptInfo(app_import_path="tests.lint_app:create_app()", set_debug_flag=False)
    result = runner.invoke(lint_command, ["--format", "json"], obj=broken)
    assert result.exit_code == 1
    assert json.loads(result.output)["ok"] is False
    clean = ScriptInfo(app_import_path="example_app", set_debug_flag=False)
    assert runner.invoke(lint_command, [], obj=clean).exit_code == 0
