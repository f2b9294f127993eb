"""The pytest plugin on a Quart project: coverage and records through Quart's test client.

The project is written the way Quart's own examples write theirs (pallets/quart
``examples/api``): a module-level ``app``, ``async def`` views awaiting the
request body, and ``async def`` tests that ``await`` the test client. Quart's
examples run their tests with pytest-asyncio; here anyio's pytest plugin,
already installed, runs them.
"""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from contractkit.cli.commands import cli
from contractkit.recording.reading import read_records

pytest_plugins = ["pytester"]

TODOS_APP = """
from quart import Quart, abort, request

from contractkit import ContractKit, responds

app = Quart("todos")
app.config["CONTRACTKIT_MODE"] = "strict"
ck = ContractKit()
ck.register_status(461, "Quota Exceeded", fallback=429)

TODOS = {1: {"id": 1, "task": "Write"}}


@app.post("/todos/")
@responds(201, content_type="application/json")
@responds(422, content_type="application/json")
@responds(461)
async def create_todo():
    data = await request.get_json()
    if not data.get("task"):
        return {"error": "task is required"}, 422
    if data["task"] == "one too many":
        abort(461)
    return {"id": 2, "task": data["task"]}, 201


@app.get("/todos/<int:todo_id>")
@responds(200, content_type="application/json")
@responds(404)
async def read_todo(todo_id):
    if todo_id not in TODOS:
        abort(404)
    return TODOS[todo_id]


@app.get("/stats")
@responds(200, content_type="application/json")
async def stats():
    return {"todos": len(TODOS)}, 299  # undeclared: strict mode answers 500


ck.init_app(app)
"""

TODOS_TESTS = """
import pytest

from todos import app

pytestmark = pytest.mark.anyio


async def test_create_todo() -> None:
    test_client = app.test_client()
    response = await test_client.post("/todos/", json={"task": "Abc"})
    assert response.status_code == 201
    assert await response.get_json() == {"id": 2, "task": "Abc"}


async def test_quota() -> None:
    test_client = app.test_client()
    response = await test_client.post(
        "/todos/", json={"task": "one too many"}, headers={"Prefer": "status-fallback"}
    )
    assert response.status_code == 429
    assert response.headers["Contract-Original-Status"] == "461"


async def test_read_todo() -> None:
    test_client = app.test_client()
    assert (await test_client.get("/todos/1")).status_code == 200
    assert (await test_client.get("/todos/7")).status_code == 404
    assert (await test_client.get("/nowhere")).status_code == 404


async def test_stats() -> None:
    test_client = app.test_client()
    assert (await test_client.get("/stats")).status_code == 500
"""


@pytest.fixture
def todos(pytester: pytest.Pytester) -> pytest.Pytester:
    """A Quart project and its async tests."""
    pytester.makepyfile(todos=TODOS_APP, test_todos=TODOS_TESTS, conftest=CONFTEST)
    pytester.syspathinsert()
    return pytester


def test_coverage_counts_what_quarts_test_client_received(todos: pytest.Pytester) -> None:
    result = todos.runpytest("--contract-coverage", "--contract-coverage-json=cov.json")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(
        [
            "todos",
            "  GET /stats * - * 200 * 299 * 0.00%",
            "  POST /todos/ * 201 461 * 422 * - * 66.66%",
            "  GET /todos/{todo_id} * 200 404 * - * - * 100.00%",
            "Matched no route (not part of any operation): todos 404 x1",
            "TOTAL: 4 of 6 declared codes seen, 1 undeclared code(s) answered: 57.14% covered*",
        ]
    )
    report = json.loads((todos.path / "cov.json").read_text())
    seen = {item["operation"]: item["seen"] for item in report["operations"]}
    # The 461 sent as its fallback counts as 461; strict mode's 500 as the view's 299.
    assert seen == {
        "GET /stats": {"299": 1},
        "POST /todos/": {"201": 1, "461": 1},
        "GET /todos/{todo_id}": {"200": 1, "404": 1},
    }


def test_coverage_minimum_fails_a_quart_session_below_it(todos: pytest.Pytester) -> None:
    result = todos.runpytest("--contract-coverage-min=80")
    result.assert_outcomes(passed=4)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["FAIL: contract coverage 57.14% is below --contract-coverage-min=80"]
    )


#: anyio's plugin runs each async test on every backend it knows; Quart runs on asyncio.
CONFTEST = """
import pytest


@pytest.fixture
def anyio_backend():
    return "asyncio"
"""

#: The same app before anything is declared: contractkit set up, every route undocumented.
UNDECLARED_APP = "\n".join(
    line for line in TODOS_APP.splitlines() if not line.startswith("@responds")
)
UNDECLARED_APP = UNDECLARED_APP.replace(
    '"CONTRACTKIT_MODE"] = "strict"', '"CONTRACTKIT_MODE"] = "report"'
)

UNDECLARED_TESTS = """
import pytest

from todos import app

pytestmark = pytest.mark.anyio


async def test_create_todo() -> None:
    test_client = app.test_client()
    assert (await test_client.post("/todos/", json={"task": "Abc"})).status_code == 201
    assert (await test_client.post("/todos/", json={})).status_code == 422
    assert (await test_client.post("/todos/", json={"task": "one too many"})).status_code == 461
    malformed = {"Content-Type": "application/json"}
    assert (await test_client.post("/todos/", data="{", headers=malformed)).status_code == 400


async def test_read_todo() -> None:
    test_client = app.test_client()
    assert (await test_client.get("/todos/1")).status_code == 200
    assert (await test_client.get("/todos/7")).status_code == 404


async def test_stats() -> None:
    test_client = app.test_client()
    assert (await test_client.get("/stats")).status_code == 299
"""


def test_records_of_a_quart_app_that_declares_nothing_make_propose_declare_its_codes(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "@responds" not in UNDECLARED_APP
    pytester.makepyfile(todos=UNDECLARED_APP, test_todos=UNDECLARED_TESTS, conftest=CONFTEST)
    pytester.syspathinsert()
    result = pytester.runpytest("--contract-record=records")
    result.assert_outcomes(passed=3)

    monkeypatch.chdir(pytester.path)
    sys.modules.pop("todos", None)
    proposed = CliRunner().invoke(cli, ["propose", "records", "--app", "todos"])
    sys.modules.pop("todos", None)
    assert proposed.exit_code == 0, proposed.output
    table = [
        line.split()
        for line in proposed.stdout.splitlines()[1:]
        if line.startswith(("GET", "POST"))
    ]
    assert {(row[0], row[1], row[2], row[-1]) for row in table} == {
        ("GET", "/stats", "299", "proposed"),
        ("POST", "/todos/", "201", "proposed"),
        ("POST", "/todos/", "400", "proposed"),
        ("POST", "/todos/", "422", "proposed"),
        ("POST", "/todos/", "461", "proposed"),
        ("GET", "/todos/{todo_id}", "200", "proposed"),
        ("GET", "/todos/{todo_id}", "404", "proposed"),
    }
    assert "@responds(461" in proposed.stdout


def test_records_of_declared_quart_traffic_keep_the_body_quart_held(
    todos: pytest.Pytester,
) -> None:
    result = todos.runpytest("--contract-record=records")
    result.assert_outcomes(passed=4)
    observed = read_records([todos.path / "records"]).observed.values()
    seen = {(each.endpoint, each.status): each for each in observed}
    # The view's 299, recorded before strict mode answered 500; the 461 sent as its
    # fallback is declared traffic, and its fallback no answer of the view's to propose.
    assert sorted(seen) == [
        ("create_todo", 201),
        ("read_todo", 200),
        ("read_todo", 404),
        ("stats", 299),
    ]
    created = seen["create_todo", 201].body
    assert created is not None
    assert created["fields"]["task"]["types"] == {"string": 1}


def test_applied_proposals_take_a_quart_app_to_strict_mode(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(todos=UNDECLARED_APP, test_todos=UNDECLARED_TESTS, conftest=CONFTEST)
    pytester.syspathinsert()
    pytester.runpytest("--contract-record=records").assert_outcomes(passed=3)
    monkeypatch.chdir(pytester.path)

    def propose(*args: str) -> str:
        sys.modules.pop("todos", None)
        sys.modules.pop("todos_schemas", None)
        done = CliRunner().invoke(cli, ["propose", *args, "--app", "todos"])
        assert done.exit_code == 0, done.output
        return done.stdout

    propose("records", "--apply")
    source = pytester.path / "todos.py"
    source.write_text(source.read_text().replace('= "report"', '= "strict"'))
    sys.modules.pop("todos", None)
    again = pytester.runpytest("--contract-record=again", "--contract-coverage-min=100")
    again.assert_outcomes(passed=3)
    assert again.ret == pytest.ExitCode.OK
    assert "Nothing to propose: the contract declares every code" in propose("again")
