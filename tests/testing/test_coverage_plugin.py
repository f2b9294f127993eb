"""The --contract-coverage pytest plugin, run on a small project with pytester."""

from __future__ import annotations

import json
import typing as t

import pytest

from contractkit.testing.coverage import percent

pytest_plugins = ["pytester"]

SHOP_APP = """
from flask import Flask, abort
from flask.views import MethodView

from contractkit import ContractKit, exempt, responds

kit = ContractKit()
kit.register_status(299, "Completed With Warnings")


def create_app():
    app = Flask("shop")
    # Coverage must see what the views answer, whatever the runtime check would do.
    app.config["CONTRACTKIT_MODE"] = "off"

    @app.get("/things/<int:thing_id>")
    @responds(200)
    @responds(404)
    def get_thing(thing_id):
        if thing_id != 1:
            abort(404)
        return {"id": 1}

    @app.post("/things")
    @responds(201)
    @responds(409)
    def create_thing():
        return {"id": 2}, 201

    class Report(MethodView):
        @responds(200)
        @responds(299)
        def get(self):
            return {"warnings": ["late"]}, 299

    app.add_url_rule("/report", view_func=Report.as_view("report"))

    @app.get("/legacy")
    def legacy():
        return "not in the contract"

    @app.get("/health")
    @exempt
    def health():
        return "ok"

    @app.get("/teapot")
    @responds(200)
    def teapot():
        return "short and stout", 202

    kit.init_app(app)
    return app


def create_backoffice():
    app = Flask("backoffice")
    # Strict mode answers 500 for a violation; coverage must still see the view's code.
    app.config["CONTRACTKIT_MODE"] = "strict"

    @app.get("/stats")
    @responds(200, content_type="application/json")
    def stats():
        return {"orders": 3}

    @app.get("/broken")
    @responds(200)
    def broken():
        return {"orders": 3}, 201

    kit.init_app(app)
    return app
"""

CONFTEST = """
import threading

import pytest
from werkzeug.serving import make_server

from shopapp import create_app


@pytest.fixture
def client():
    return create_app().test_client()


@pytest.fixture
def live_url():
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(5)
"""

TESTS = """
import urllib.error
import urllib.request

from flask import Flask

from shopapp import create_backoffice


def test_get_thing(client):
    assert client.get("/things/1").status_code == 200
    assert client.head("/things/1").status_code == 200
    assert client.get("/things/7").status_code == 404


def test_create_thing(client):
    assert client.post("/things").status_code == 201


def test_report(client):
    assert client.get("/report").status_code == 299
    # Sent as its fallback, 200, on request: still the view's 299.
    fallback = client.get("/report", headers={"Prefer": "status-fallback"})
    assert fallback.status_code == 200
    assert fallback.headers["Contract-Original-Status"] == "299"


def test_outside_the_contract(client):
    assert client.get("/legacy").status_code == 200
    assert client.get("/health").status_code == 200
    assert client.get("/openapi.json").status_code == 200
    assert client.options("/things/1").status_code == 200
    assert client.get("/nowhere").status_code == 404
    assert client.delete("/things/1").status_code == 405


def test_teapot_through_a_live_server(live_url):
    with urllib.request.urlopen(live_url + "/teapot") as response:
        assert response.status == 202


def test_another_app():
    client = create_backoffice().test_client()
    assert client.get("/stats").status_code == 200
    assert client.get("/broken").status_code == 500


def test_app_without_contractkit():
    app = Flask("plain")
    app.add_url_rule("/", "index", lambda: ("", 204))
    assert app.test_client().get("/").status_code == 204
"""


def _operation(
    app: str,
    method: str,
    path: str,
    declared: list[int],
    seen: dict[int, int],
    *,
    documented: bool = True,
) -> dict[str, t.Any]:
    return {
        "app": app,
        "operation": f"{method} {path}",
        "method": method,
        "path": path,
        "documented": documented,
        "declared": declared,
        "seen": {str(code): count for code, count in seen.items()},
        "covered": sorted(set(declared) & seen.keys()),
        "missing": sorted(set(declared) - seen.keys()),
        "undeclared": sorted(seen.keys() - set(declared)),
    }


#: What the shop project's tests truly exercise, worked out by hand.
EXPECTED_REPORT = {
    "version": 1,
    "totals": {"declared": 9, "covered": 5, "undeclared": 3, "percent": 41.66},
    "operations": [
        _operation("backoffice", "GET", "/broken", [200], {201: 1}),
        _operation("backoffice", "GET", "/stats", [200], {200: 1}),
        _operation("shop", "GET", "/legacy", [], {200: 1}, documented=False),
        _operation("shop", "GET", "/report", [200, 299], {299: 2}),
        _operation("shop", "GET", "/teapot", [200], {202: 1}),
        _operation("shop", "POST", "/things", [201, 409], {201: 1}),
        _operation("shop", "GET", "/things/{thing_id}", [200, 404], {200: 2, 404: 1}),
    ],
    "unrouted": [
        {"app": "shop", "status": 404, "count": 1},
        {"app": "shop", "status": 405, "count": 1},
    ],
}


@pytest.fixture
def shop(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project whose tests call two contractkit apps and one plain Flask app."""
    pytester.makepyfile(shopapp=SHOP_APP, conftest=CONFTEST, test_shop=TESTS)
    pytester.syspathinsert()
    return pytester


def test_off_unless_asked_for(shop: pytest.Pytester) -> None:
    result = shop.runpytest()
    result.assert_outcomes(passed=7)
    result.stdout.no_fnmatch_line("*contract coverage*")


def test_prints_a_truthful_table(shop: pytest.Pytester) -> None:
    result = shop.runpytest("--contract-coverage")
    result.assert_outcomes(passed=7)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "*- contract coverage -*",
            "Operation *Seen *Never seen *Undeclared *Cover",
            "backoffice",
            "  GET /broken * - * 200 * 201 * 0.00%",
            "  GET /stats * 200 * - * - * 100.00%",
            "shop",
            "  GET /legacy (undocumented) * - * - * 200 * 0.00%",
            "  GET /report * 299 * 200 * - * 50.00%",
            "  GET /teapot * - * 200 * 202 * 0.00%",
            "  POST /things * 201 * 409 * - * 50.00%",
            "  GET /things/{thing_id} * 200 404 * - * - * 100.00%",
            "Matched no route (not part of any operation): shop 404 x1, shop 405 x1",
            "TOTAL: 5 of 9 declared codes seen, 3 undeclared code(s) answered: 41.66% covered*",
        ]
    )


def test_writes_the_json_report(shop: pytest.Pytester) -> None:
    result = shop.runpytest("--contract-coverage", "--contract-coverage-json=out/cov.json")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["JSON report written to out/cov.json"])
    report = json.loads((shop.path / "out" / "cov.json").read_text())
    assert report == EXPECTED_REPORT


TWO_OF_THREE = """
from flask import Flask
from contractkit import ContractKit, responds

app = Flask("thirds")

@app.get("/thing")
@responds(200)
@responds(201)
@responds(202)
def thing():
    return "", 200 if app.config.get("FIRST") else 201

ContractKit(app)

def test_two_of_three():
    app.config["FIRST"] = True
    app.test_client().get("/thing")
    app.config["FIRST"] = False
    app.test_client().get("/thing")
"""


def test_one_figure_in_the_table_the_total_and_the_json(pytester: pytest.Pytester) -> None:
    # Two of three codes: the table said 66%, the total 66.66% and the JSON 66.67.
    pytester.makepyfile(test_thirds=TWO_OF_THREE)
    result = pytester.runpytest("--contract-coverage", "--contract-coverage-json=cov.json")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "  GET /thing * 200 201 * 202 * - * 66.66%",
            "TOTAL: 2 of 3 declared codes seen, 0 undeclared code(s) answered: 66.66% covered*",
        ]
    )
    assert json.loads((pytester.path / "cov.json").read_text())["totals"]["percent"] == 66.66


UNDECLARED_APP = """
from flask import Flask, abort, jsonify

from contractkit import ContractKit


def create_app():
    # The Flask tutorial's way: custom codes returned, nothing declared yet.
    app = Flask("tutorial")
    app.config["CONTRACTKIT_MODE"] = "off"

    @app.post("/tasks")
    def create_task():
        return jsonify(id=1), 201

    @app.get("/tasks/<int:task_id>")
    def get_task(task_id):
        if task_id != 1:
            abort(404)
        return jsonify(id=1, state="done"), 299

    ContractKit(app)
    return app


def test_create():
    assert create_app().test_client().post("/tasks").status_code == 201


def test_read():
    client = create_app().test_client()
    assert client.get("/tasks/1").status_code == 299
    assert client.get("/tasks/2").status_code == 404
"""


def test_undeclared_codes_the_tests_saw_are_not_full_coverage(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_tutorial=UNDECLARED_APP)
    result = pytester.runpytest("--contract-coverage-min=100")
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "  POST /tasks (undocumented) * - * - * 201 * 0.00%",
            "  GET /tasks/{task_id} (undocumented) * - * - * 299 404 * 0.00%",
            "TOTAL: 0 of 0 declared codes seen, 3 undeclared code(s) answered: 0.00% covered*",
            "FAIL: contract coverage 0.00% is below --contract-coverage-min=100",
        ]
    )


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(2, 3, 66.66), (1, 3, 33.33), (29, 100, 29.0), (99_996, 100_000, 99.99), (0, 0, 100.0)],
)
def test_percentages_are_rounded_down_to_two_decimals(part: int, whole: int, shown: float) -> None:
    assert percent(part, whole) == shown


@pytest.mark.parametrize(
    ("minimum", "passes"), [("41", True), ("41.66", True), ("41.67", False), ("100", False)]
)
def test_fails_below_the_minimum(shop: pytest.Pytester, minimum: str, passes: bool) -> None:
    result = shop.runpytest("--contract-coverage", f"--contract-coverage-min={minimum}")
    result.assert_outcomes(passed=7)
    if passes:
        assert result.ret == pytest.ExitCode.OK
        result.stdout.no_fnmatch_line("FAIL: *")
    else:
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        result.stdout.fnmatch_lines(
            [f"FAIL: contract coverage 41.66% is below --contract-coverage-min={minimum}"]
        )


def test_fails_on_undeclared_codes_when_asked(shop: pytest.Pytester) -> None:
    assert shop.runpytest("--contract-coverage").ret == pytest.ExitCode.OK
    result = shop.runpytest("--contract-coverage", "--contract-coverage-fail-undeclared")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "FAIL: undeclared status codes were answered: backoffice: GET /broken answered 201; "
            "shop: GET /legacy answered 200; "
            "shop: GET /teapot answered 202"
        ]
    )


def test_records_only_the_named_apps(shop: pytest.Pytester) -> None:
    result = shop.runpytest(
        "--contract-coverage", "--contract-coverage-app=backoffice", "--contract-coverage-min=33"
    )
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        ["TOTAL: 1 of 2 declared codes seen, 1 undeclared*: 33.33% covered*"]
    )
    result.stdout.no_fnmatch_line("shop")


def test_fails_when_no_app_answered(shop: pytest.Pytester) -> None:
    result = shop.runpytest(
        "--contract-coverage", "--contract-coverage-app=nonesuch", "--contract-coverage-min=1"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "No contractkit app answered a request.",
            "FAIL: no contractkit app answered a request, so nothing was covered",
        ]
    )


def test_collect_only_does_not_fail(shop: pytest.Pytester) -> None:
    result = shop.runpytest("--collect-only", "--contract-coverage", "--contract-coverage-min=1")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.no_fnmatch_line("*contract coverage*")


@pytest.mark.parametrize(
    "option",
    [
        "--contract-coverage-min=50",
        "--contract-coverage-json=cov.json",
        "--contract-coverage-fail-undeclared",
        "--contract-coverage-app=shop",
    ],
)
def test_options_imply_the_switch(shop: pytest.Pytester, option: str) -> None:
    result = shop.runpytest(option)
    assert result.ret != pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["*contract coverage*"])


@pytest.mark.parametrize("value", ["-1", "100.5", "most"])
def test_minimum_must_be_a_percentage(shop: pytest.Pytester, value: str) -> None:
    result = shop.runpytest("--contract-coverage", f"--contract-coverage-min={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--contract-coverage-min*invalid*"])


@pytest.mark.slow
def test_merges_the_records_of_xdist_workers(shop: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    result = shop.runpytest_subprocess(
        "-n", "2", "--contract-coverage", "--contract-coverage-json=cov.json"
    )
    result.assert_outcomes(passed=7)
    result.stdout.fnmatch_lines(
        ["TOTAL: 5 of 9 declared codes seen, 3 undeclared code(s) answered: 41.66% covered*"]
    )
    assert json.loads((shop.path / "cov.json").read_text()) == EXPECTED_REPORT
