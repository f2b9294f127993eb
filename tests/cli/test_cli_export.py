"""`contractkit export` and `flask contract export` through click's test runner."""

from __future__ import annotations

import sys
import textwrap
import typing as t
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskCliRunner

from contractkit.cli.commands import cli, flask_group
from contractkit.openapi.exporting import app_documents
from contractkit.specfile.locations import iter_operations
from contractkit.state import app_state
from example_app import create_app

from ..cli_apps import shop_app

SHOP = "tests.cli_apps:shop_app()"


@pytest.fixture(autouse=True)
def _keep_sys_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # Flask's loader puts the app's directory first on sys.path; undo it after each test.
    monkeypatch.setattr(sys, "path", list(sys.path))


def test_the_app_may_come_from_flaskenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # load_dotenv() writes os.environ itself; these make the test put it back.
    monkeypatch.setenv("FLASK_APP", "")
    monkeypatch.delenv("FLASK_APP")
    monkeypatch.delenv("FLASK_SKIP_DOTENV", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".flaskenv").write_text(f"FLASK_APP={SHOP}\n")
    result = CliRunner().invoke(cli, ["export", "-", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == app_documents(shop_app()).json


@pytest.fixture
def module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], str]]:
    """Write a module into tmp_path, the working directory, and return its unique name."""
    monkeypatch.chdir(tmp_path)
    names: list[str] = []

    def write(source: str) -> str:
        name = f"ck_app_{uuid.uuid4().hex[:12]}"
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
        names.append(name)
        return name

    yield write
    for name in names:
        sys.modules.pop(name, None)


def export(*args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(cli, ["export", *args], env=env)


def assert_one_line_error(result: Result, *fragments: str) -> None:
    """Exit status 2, and the last stderr line is the one clear error; no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ")
    for fragment in fragments:
        assert fragment in last


def served(app: Flask, url: str) -> str:
    return app.test_client().get(url).get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "url"), [("api.yaml", "/openapi.yaml"), ("api.json", "/openapi.json")]
)
def test_export_writes_what_the_app_serves(tmp_path: Path, name: str, url: str) -> None:
    result = export(str(tmp_path / name), "--app", "example_app")
    assert result.exit_code == 0, result.output
    app = create_app()
    assert (tmp_path / name).read_text() == served(app, url)
    operations = len(list(iter_operations(app_state(app).documents().spec)))
    assert result.stderr == f"Wrote {tmp_path / name} (OpenAPI 3.1.0, {operations} operations).\n"
    assert result.stdout == ""


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_openapi_version_matches_an_app_configured_with_it(tmp_path: Path, version: str) -> None:
    result = export(
        str(tmp_path / "api.json"), "--app", "example_app", "--openapi-version", version
    )
    assert result.exit_code == 0, result.output
    configured = create_app({"CONTRACTKIT_OPENAPI_VERSION": version})
    assert (tmp_path / "api.json").read_text() == served(configured, "/openapi.json")


def test_another_version_leaves_the_app_alone() -> None:
    app = create_app()
    before = app_state(app).documents()
    assert app_documents(app, "3.0.3").spec["openapi"] == "3.0.3"
    assert app.config["CONTRACTKIT_OPENAPI_VERSION"] == "3.1.0"
    assert app_state(app).documents() is before
    assert served(app, "/openapi.json") == before.json


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_export_to_stdout(fmt: str) -> None:
    result = export("-", "--format", fmt, "--app", SHOP)
    assert result.exit_code == 0, result.output
    documents = app_documents(shop_app())
    assert result.stdout == (documents.json if fmt == "json" else documents.yaml)


def test_output_printed_while_loading_stays_off_stdout(module: Callable[[str], str]) -> None:
    name = module(
        """
        print("starting up")
        from tests.cli_apps import shop_app
        app = shop_app()
        """
    )
    result = export("-", "--format", "json", "--app", name)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("{")
    assert "starting up" in result.stderr


def test_export_is_deterministic_and_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "api.yaml"
    target.write_text("stale: true\n")
    assert export(str(target), "--app", SHOP).exit_code == 0
    first = target.read_bytes()
    assert export(str(target), "--app", SHOP).exit_code == 0
    assert target.read_bytes() == first
    assert b"stale" not in first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["api.yaml"]


@pytest.mark.parametrize(
    ("import_path", "expected"),
    [
        ("tests.cli_apps:shop_app()", '"x-fallback": 429'),
        ("tests.cli_apps:shop_app(tier_fallback=400)", '"x-fallback": 400'),
        ("example_app", '"title": "contractkit example API"'),
        ("example_app:create_app()", '"title": "contractkit example API"'),
        ('example_app:create_app({"CONTRACTKIT_TITLE": "From arguments"})', "From arguments"),
    ],
)
def test_app_import_paths_work_as_for_flask(
    tmp_path: Path, import_path: str, expected: str
) -> None:
    result = export(str(tmp_path / "api.json"), "--app", import_path)
    assert result.exit_code == 0, result.output
    assert expected in (tmp_path / "api.json").read_text()


def test_module_app_variable_and_file_path(tmp_path: Path, module: Callable[[str], str]) -> None:
    name = module("from tests.cli_apps import shop_app\nshop = shop_app(tier_phrase='By Name')\n")
    for import_path in (f"{name}:shop", str(tmp_path / f"{name}.py")):
        result = export(str(tmp_path / "api.json"), "--app", import_path)
        assert result.exit_code == 0, result.output
        assert '"phrase": "By Name"' in (tmp_path / "api.json").read_text()


def test_flask_app_environment_variable(tmp_path: Path) -> None:
    result = export(str(tmp_path / "api.json"), env={"FLASK_APP": SHOP})
    assert result.exit_code == 0, result.output
    assert '"title": "Shop"' in (tmp_path / "api.json").read_text()


def test_wsgi_py_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "wsgi.py").write_text("from tests.cli_apps import shop_app\napp = shop_app()\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, "wsgi", raising=False)
    try:
        result = export("api.yaml", env={"FLASK_APP": None})
    finally:
        sys.modules.pop("wsgi", None)
    assert result.exit_code == 0, result.output
    assert "title: Shop" in (tmp_path / "api.yaml").read_text()


def test_flask_contract_export_uses_flasks_app(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(flask_group, ["export", str(tmp_path / "api.yaml")])
    assert result.exit_code == 0, result.output
    app = t.cast(Flask, runner.app)
    assert (tmp_path / "api.yaml").read_text() == served(app, "/openapi.yaml")


def test_flask_contract_export_to_stdout_in_another_version(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        flask_group, ["export", "-", "--format", "json", "--openapi-version", "3.0.3"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == served(
        create_app({"CONTRACTKIT_OPENAPI_VERSION": "3.0.3"}), "/openapi.json"
    )


# Every way an export can fail: exit 2 and one line, never a traceback.


def test_unimportable_module(tmp_path: Path) -> None:
    result = export(str(tmp_path / "api.yaml"), "--app", "no_such_module_here")
    assert_one_line_error(result, "cannot load the app 'no_such_module_here'", "Could not import")


def test_module_whose_own_import_fails(tmp_path: Path, module: Callable[[str], str]) -> None:
    name = module("import no_such_dependency_here\n")
    result = export(str(tmp_path / "api.yaml"), "--app", name)
    assert_one_line_error(result, "ModuleNotFoundError: No module named 'no_such_dependency_here'")


def test_factory_that_raises(tmp_path: Path, module: Callable[[str], str]) -> None:
    name = module("def create_app():\n    raise RuntimeError('database\\nunreachable')\n")
    result = export(str(tmp_path / "api.yaml"), "--app", name)
    assert_one_line_error(
        result, f"loading the app '{name}' failed: RuntimeError: database unreachable"
    )


@pytest.mark.parametrize(
    ("ending", "code"),
    [("sys.exit(app.run())", "None"), ("sys.exit(3)", "3"), ("sys.exit('bye')", "'bye'")],
)
@pytest.mark.parametrize("command", ["export", "lint"])
def test_module_that_exits_while_imported(
    tmp_path: Path, module: Callable[[str], str], ending: str, code: str, command: str
) -> None:
    # Under a CLI app.run() returns at once, so sys.exit(app.run()) is sys.exit(None): exit 0.
    name = module(f"import sys\nfrom tests.cli_apps import shop_app\napp = shop_app()\n{ending}\n")
    args = [str(tmp_path / "api.yaml")] if command == "export" else []
    # As the contractkit script (main) and flask's CLI set it, so app.run() returns at once.
    env = {"FLASK_RUN_FROM_CLI": "true"}
    result = CliRunner().invoke(cli, [command, *args, "--app", name], env=env)
    assert_one_line_error(
        result,
        f"Error: the app module '{name}' exited while being imported (sys.exit({code})); put "
        "that call under 'if __name__ == \"__main__\":' so importing only builds the app.",
    )
    assert not (tmp_path / "api.yaml").exists()


def test_lint_reads_the_views_of_an_empty_contract(module: Callable[[str], str]) -> None:
    result = CliRunner().invoke(cli, ["lint", "--app", module(BLUEPRINT_ONLY)])
    assert result.exit_code == 1, result.output
    assert "GET / (endpoint 'pages.index') can answer 200 by return" in result.output
    assert "1 status code(s) in 1 view(s) that declare nothing" in result.output


def test_module_without_an_app(tmp_path: Path, module: Callable[[str], str]) -> None:
    name = module("VALUE = 1\n")
    result = export(str(tmp_path / "api.yaml"), "--app", name)
    assert_one_line_error(result, "Failed to find Flask application or factory")


def test_missing_attribute(tmp_path: Path) -> None:
    result = export(str(tmp_path / "api.yaml"), "--app", "example_app:nope")
    assert_one_line_error(result, "Failed to find attribute 'nope'")


def test_no_app_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = export("api.yaml", env={"FLASK_APP": None})
    assert_one_line_error(result, "no app to load: give --app IMPORT or set FLASK_APP")


def test_app_without_contractkit(tmp_path: Path, module: Callable[[str], str]) -> None:
    name = module("from flask import Flask\napp = Flask('plain')\n")
    result = export(str(tmp_path / "api.yaml"), "--app", name)
    assert_one_line_error(result, "app 'plain' does not use contractkit")
    assert not (tmp_path / "api.yaml").exists()


def test_contract_that_cannot_be_built(tmp_path: Path, module: Callable[[str], str]) -> None:
    name = module(
        """
        from flask import Flask
        from contractkit import ContractKit, responds
        app = Flask("unregistered")

        @app.get("/")
        @responds(462)
        def index():
            return ""

        ContractKit(app)
        """
    )
    result = export(str(tmp_path / "api.yaml"), "--app", name)
    assert_one_line_error(result, "custom status 462 is declared", "never registered")


def test_missing_directories_are_created(tmp_path: Path) -> None:
    result = export(str(tmp_path / "specs" / "v1" / "api.yaml"), "--app", SHOP)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "specs" / "v1" / "api.yaml").read_text().startswith("openapi:")


def test_stdout_is_yaml_unless_told(tmp_path: Path) -> None:
    as_yaml = export("-", "--app", SHOP)
    assert as_yaml.exit_code == 0, as_yaml.stderr
    assert as_yaml.stdout.startswith("openapi: ")
    as_json = export("-", "--format", "json", "--app", SHOP)
    assert as_json.stdout.startswith("{")


def test_directory_as_target(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").mkdir()
    result = export(str(tmp_path / "api.yaml"), "--app", SHOP)
    assert_one_line_error(result, "is a directory")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["api.txt"], "suffix '.txt'; a spec file must end in .json, .yaml or .yml"),
        (["api"], "no suffix"),
        (["api.json", "--format", "yaml"], "--format yaml does not match api.json"),
        (["api.yaml", "--openapi-version", "2.0"], "'2.0' is not one of '3.1.0', '3.0.3'"),
        (["api.yaml", "--format", "toml"], "'toml' is not one of 'json', 'yaml'"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], fragment: str) -> None:
    result = export(*args, "--app", SHOP)
    assert_one_line_error(result, fragment)
    assert "Usage: contractkit export" in result.stderr or "Usage: " in result.stderr


def test_usage_is_checked_before_the_app_is_loaded(tmp_path: Path) -> None:
    # A wrong suffix is reported as such, not hidden behind the app's own failure.
    result = export("api.txt", "--app", "no_such_module_here")
    assert_one_line_error(result, "suffix '.txt'")


BLUEPRINT_ONLY = """
from flask import Blueprint, Flask
from contractkit import ContractKit, responds

bp = Blueprint("pages", __name__)
responds(200)(bp)

@bp.get("/")
def index():
    return ""

app = Flask("blueprint_only")
app.register_blueprint(bp)
ContractKit(app)
"""


def test_an_empty_contract_is_an_error_that_says_why(
    tmp_path: Path, module: Callable[[str], str]
) -> None:
    name = module(BLUEPRINT_ONLY)
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "api.yaml"), "--app", name])
    assert_one_line_error(
        result,
        "app 'blueprint_only' uses contractkit but its contract has no operation",
        "declarations on blueprint 'pages' add codes only to views with a declaration",
    )
    assert not (tmp_path / "api.yaml").exists()
