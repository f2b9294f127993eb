"""``contractkit propose`` on apps written the way tutorials write them."""

from __future__ import annotations

import typing as t

from flask import Flask

from contractkit.lint.linter import lint_app
from contractkit.propose.patch import ApplyError, build_patch, schema_module
from contractkit.propose.plan import plan
from contractkit.recording.reading import read_records

from .conftest import Workspace

TUTORIAL = """
    import werkzeug.http
    from flask import Flask, abort, jsonify, make_response, request

    from contractkit import ContractKit

    werkzeug.http.HTTP_STATUS_CODES[462] = "Order Held"

    app = Flask(__name__)
    app.config.from_prefixed_env()
    ContractKit(app)  # the extension: report mode until the contract is written


    @app.route("/orders/<int:order_id>")
    def get_order(order_id):
        if order_id == 0:
            abort(404)
        if order_id == 7:
            # Held for review: a code of our own.
            return jsonify(message="held", order_id=order_id), 462
        note = None if order_id % 2 else "x"
        return jsonify(id=order_id, placed="2026-12-24T10:00:00Z", note=note)


    @app.route("/orders", methods=["POST"])
    def create_order():
        data = request.get_json()
        if data.get("quick"):
            resp = make_response(jsonify(error="Too many quick orders"))
            resp.status_code = 471
            return resp
        return jsonify(id=1, items=[{"sku": "a", "qty": 1}]), 201
"""


def _requests(app: Flask) -> None:
    client = app.test_client()
    for order_id in (0, 1, 2, 7):
        client.get(f"/orders/{order_id}")
    client.post("/orders", json={"quick": True})
    client.post("/orders", json={})


def _proposed(workspace: Workspace) -> t.Any:
    workspace.write(TUTORIAL)
    workspace.record(_requests)
    return workspace.propose(str(workspace.records))


def test_summary_and_diff(workspace: Workspace) -> None:
    result = _proposed(workspace)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Operation" in out and "Production" in out
    lines = out.splitlines()
    rows = {tuple(line.split()[:3]) for line in lines if line.startswith(("GET", "POST"))}
    assert rows >= {
        ("GET", "/orders/{order_id}", "200"),
        ("GET", "/orders/{order_id}", "404"),
        ("GET", "/orders/{order_id}", "462"),
        ("POST", "/orders", "201"),
        ("POST", "/orders", "400"),
        ("POST", "/orders", "415"),
        ("POST", "/orders", "471"),
    }
    assert f"--- a/{workspace.name}.py" in out
    assert f"+++ b/{workspace.name}_schemas.py" in out
    assert 'register_status(462, "Order Held", fallback=400)' in out
    assert 'register_status(471, "TODO Name This Status", fallback=400)' in out
    # Formatting and comments survive; decorators go below the route's.
    assert "+contract_kit = ContractKit(app)  # the extension: report mode" in out
    assert '+@responds(404, description="Not Found")' in out
    assert "placed = fields.DateTime(required=True)" in out
    assert "note = fields.String(required=True, allow_none=True)" in out
    assert "items = fields.List(fields.Nested(CreateOrderPost201ItemsItemSchema" in out
    assert not (workspace.root / f"{workspace.name}_schemas.py").exists()


def test_apply_reaches_strict_mode_and_a_second_run_proposes_nothing(
    workspace: Workspace, monkeypatch: t.Any
) -> None:
    result = _proposed(workspace)
    applied = workspace.propose(str(workspace.records), "--apply")
    assert applied.exit_code == 0, applied.output
    assert "Wrote 2 file(s)." in applied.output
    monkeypatch.setenv("FLASK_CONTRACTKIT_MODE", "strict")
    monkeypatch.setenv("FLASK_CONTRACTKIT_CHECK_BODIES", "true")
    app = workspace.load()
    assert app.config["CONTRACTKIT_MODE"] == "strict"
    client = app.test_client()
    assert client.get("/orders/7").status_code == 462
    assert client.get("/orders/1").json["note"] is None
    assert client.post("/orders", json={"quick": True}).status_code == 471
    assert client.post("/orders", data="{", content_type="application/json").status_code == 400
    again = workspace.propose(str(workspace.records))
    assert again.exit_code == 0, again.output
    assert "Nothing to propose" in again.output
    assert "+++" not in again.output
    assert result.output != again.output
    # The one code nobody named is flagged until a person names it.
    assert any("471" in problem for problem in lint_app(workspace.load()).placeholders)


def test_output_saves_the_patch(workspace: Workspace) -> None:
    workspace.write(TUTORIAL)
    workspace.record(_requests)
    result = workspace.propose(str(workspace.records), "--output", "contract.patch")
    assert result.exit_code == 0, result.output
    patch = (workspace.root / "contract.patch").read_text()
    assert patch.startswith(f"--- a/{workspace.name}.py")
    assert patch in result.output


def test_a_source_changed_since_it_was_read_is_not_written(workspace: Workspace) -> None:
    workspace.write(TUTORIAL)
    workspace.record(_requests)
    app = workspace.load()
    schemas = schema_module(app)
    patch = build_patch(plan(app, read_records([workspace.records])), schemas, app)
    workspace.file.write_text(workspace.file.read_text() + "\n# edited meanwhile\n")
    try:
        patch.apply()
    except ApplyError as error:
        assert "changed since it was read" in str(error)
    else:
        raise AssertionError("apply wrote over a changed file")
    assert not schemas.path.exists()
    assert "@responds" not in workspace.file.read_text()


def test_records_of_another_version_are_reported_not_applied(workspace: Workspace) -> None:
    workspace.write(TUTORIAL)
    workspace.record(_requests)
    source = TUTORIAL.replace('@app.route("/orders", methods=["POST"])', "")
    source = source.replace("def create_order():", "def _create_order():")
    workspace.write(source)
    result = workspace.propose(str(workspace.records))
    assert result.exit_code == 0, result.output
    assert "stale: POST 'create_order' answered 471 x1" in result.output
    assert "471" not in "".join(line for line in result.output.splitlines() if line[:1] in "+-")


def test_a_corrupt_line_is_named_and_the_rest_used(workspace: Workspace) -> None:
    workspace.write(TUTORIAL)
    workspace.record(_requests)
    (record_file,) = workspace.records.iterdir()
    with record_file.open("a") as file:
        file.write('{"count":1,"record":{"app":"cut sho')
    result = workspace.propose(str(workspace.records))
    assert result.exit_code == 0, result.output
    lines = len(record_file.read_text().splitlines())
    assert f"warning: skipped {record_file}:{lines}: not a record line" in result.output
    assert "462" in result.output


DECLARED = """
    from flask import Flask, jsonify
    from marshmallow import Schema, fields

    from contractkit import ContractKit, responds


    class Item(Schema):
        id = fields.Integer(required=True)
        name = fields.String(required=True)


    app = Flask(__name__)
    ContractKit(app)


    @app.route("/items/<int:item_id>")
    @responds(200, Item)
    def item(item_id):
        if item_id % 4 == 0:
            return jsonify(id=item_id, extra=True)
        return jsonify(id=str(item_id) if item_id == 1 else item_id, name="x", extra=False)
"""


def test_drift_is_reported_with_numbers_never_edited(workspace: Workspace) -> None:
    workspace.write(DECLARED)
    workspace.record(lambda app: [app.test_client().get(f"/items/{n}") for n in range(1, 5)])
    result = workspace.propose(str(workspace.records), "--apply")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "field 'name' is declared required but missing in 25% of 4 recorded responses" in out
    assert "field 'extra' is not declared, and was sent in 100% of 4 recorded responses" in out
    assert "field 'id' is declared Integer but was string in 25% of 4 responses" in out
    assert "Nothing to propose" in out
    assert "@responds(200, Item)" in workspace.file.read_text()


def test_drift_says_when_bodies_were_sampled(workspace: Workspace) -> None:
    workspace.write(DECLARED)
    workspace.record(lambda app: [app.test_client().get(f"/items/{n % 4 + 1}") for n in range(320)])
    result = workspace.propose(str(workspace.records))
    assert result.exit_code == 0, result.output
    assert (
        "field 'extra' is not declared, and was sent in 100% of 103 recorded responses "
        "(bodies read: 103 of 320 responses, sampled)"
    ) in result.output


ELSEWHERE = """
    from flask import Flask, jsonify

    from {name}_kit import kit

    app = Flask(__name__)
    kit.init_app(app)


    @app.route("/")
    def index():
        return jsonify(done=True), 299
"""


def test_an_edit_that_cannot_be_placed_writes_nothing(workspace: Workspace) -> None:
    (workspace.root / f"{workspace.name}_kit.py").write_text(
        # Made where no statement of its own names it: nowhere to register codes after.
        "from contractkit import ContractKit\n\nkits = [ContractKit()]\nkit = kits[0]\n"
    )
    workspace.write(ELSEWHERE.format(name=workspace.name))
    workspace.record(lambda app: app.test_client().get("/"))
    before = workspace.file.read_text()
    result = workspace.propose(str(workspace.records), "--apply")
    assert result.exit_code == 2
    assert "no statement making a ContractKit" in result.output
    assert "--apply refused" in result.output
    assert workspace.file.read_text() == before
    assert not (workspace.root / f"{workspace.name}_schemas.py").exists()


def test_codes_are_registered_beside_the_kit_of_the_apps_package(workspace: Workspace) -> None:
    kit_file = workspace.root / f"{workspace.name}_kit.py"
    kit_file.write_text("from contractkit import ContractKit\n\nkit = ContractKit()\n")
    workspace.write(ELSEWHERE.format(name=workspace.name))
    workspace.record(lambda app: app.test_client().get("/"))
    result = workspace.propose(str(workspace.records), "--apply")
    assert result.exit_code == 0, result.output
    assert kit_file.read_text().endswith(
        'kit = ContractKit()\nkit.register_status(299, "TODO Name This Status", fallback=200)\n'
    )


LIBRARY_VIEW = """
    import flask
    from flask import Flask

    from contractkit import ContractKit

    app = Flask(__name__)
    ContractKit(app)
    # A view function that an installed library defines: not the app's source to edit.
    app.add_url_rule("/flashes", view_func=flask.get_flashed_messages)


    @app.route("/ping")
    def ping():
        return {"pong": True}
"""


def test_a_view_installed_with_a_library_is_reported_never_edited(workspace: Workspace) -> None:
    workspace.write(LIBRARY_VIEW)
    workspace.record(lambda app: [app.test_client().get(url) for url in ("/flashes", "/ping")])
    result = workspace.propose(str(workspace.records), "--apply")
    assert result.exit_code == 0, result.output
    [row] = [line for line in result.output.splitlines() if line.startswith("GET /flashes")]
    assert row.endswith("its view is installed library code (flask.helpers), not the app's")
    assert "flask/helpers.py" not in result.output
    assert "@responds(200" in workspace.file.read_text()  # ping's, in the app's own module


FORM_VIEW = """
    from flask import Flask, redirect, render_template_string, request

    from contractkit import ContractKit

    app = Flask(__name__)
    ContractKit(app)


    @app.route("/register", methods=("GET", "POST"))
    def register():
        if request.method == "POST":
            return redirect("/login")
        return render_template_string("<form method=post></form>")
"""


METHODS = ("GET", "POST")


def test_one_declaration_per_code_of_a_view_serving_get_and_post(workspace: Workspace) -> None:
    workspace.write(FORM_VIEW)
    workspace.record(lambda app: [app.test_client().open("/register", method=m) for m in METHODS])
    result = workspace.propose(str(workspace.records), "--apply")
    assert result.exit_code == 0, result.output
    source = workspace.file.read_text()
    # The source's redirect (either method) and the one seen on POST, with its HTML body.
    assert source.count("@responds(302") == 1
    # Every recorded 302 carried a Location: the declaration documents it.
    location = 'headers={"Location": "Where the response points to."}'
    assert f'@responds(302, content_type="text/html", description="Found", {location})' in source
