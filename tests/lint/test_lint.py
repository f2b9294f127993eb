"""The static lint: undeclared literal codes found in view source, with file:line."""

from __future__ import annotations

import json
import re
import typing as t
from pathlib import Path

import pytest
from flask import Flask

from contractkit import ContractError, ContractKit, responds
from contractkit.lint.linter import LintReport, lint_app, lint_text
from example_app import create_app as create_example_app

from .. import lint_app as fixture

FIXTURE_FILE = Path(fixture.__file__)

#: (endpoint, method, code, form, line) for each "# expect:" marker of the fixture app.
Expected = tuple[str, str, int, str, int]


def _markers() -> list[Expected]:
    found = []
    lines = FIXTURE_FILE.read_text(encoding="utf-8").splitlines()
    for number, text in enumerate(lines, start=1):
        match = re.search(r"# expect: (\S+) (\S+) (\d+) (.+)$", text)
        if match:
            endpoint, method, code, form = match.groups()
            found.append((endpoint, method, int(code), form, number))
    return found


MARKERS = _markers()


@pytest.fixture(scope="module")
def report() -> LintReport:
    return lint_app(fixture.create_app())


def _found(report: LintReport) -> list[Expected]:
    return [
        (f.operation.endpoint, f.operation.method, f.site.code, f.site.form, f.site.line)
        for f in report.undeclared
    ]


def test_markers_cover_every_form() -> None:
    forms = {form for *_, form, _ in MARKERS}
    assert forms == {
        "return",
        "return without a status",
        "abort",
        "make_response",
        "Response",
        "redirect",
        "raise",
        "status attribute",
    }


@pytest.mark.parametrize("expected", MARKERS, ids=lambda m: f"{m[0]}-{m[2]}-line{m[4]}")
def test_finds_each_undeclared_code(report: LintReport, expected: Expected) -> None:
    assert expected in _found(report)
    assert all(f.site.file == str(FIXTURE_FILE) for f in report.undeclared)


def test_finds_nothing_else(report: LintReport) -> None:
    """No false alarm: non-HTTP abort(), nested functions, local variables, headers."""
    assert sorted(_found(report)) == sorted(MARKERS)
    assert not report.ok


def test_names_the_helpers_it_followed(report: LintReport) -> None:
    via = {(f.operation.endpoint, f.site.code): f.site.via for f in report.undeclared}
    assert via[("via_helper", 410)] == ("_gone",)
    assert via[("via_helper", 403)] == ("_forbid",)
    assert via[("thing", 409)] == ("Thing._refuse",)
    assert via[("tuple_int", 409)] == ()


def test_reports_declared_codes_the_view_never_answers(report: LintReport) -> None:
    unproduced = {u.operation.endpoint: u.codes for u in report.unproduced}
    assert unproduced["unproduced"] == (404,)
    assert "clean" not in unproduced
    assert "headers_only" not in unproduced


def test_text_report_says_in_full_why_an_unproduced_code_is_only_information(
    report: LintReport,
) -> None:
    lines = lint_text(report).splitlines()
    assert (
        "info: GET /unproduced (endpoint 'unproduced') declares 404 but its own code never "
        "answers it; it may still come from an error handler, a hook or code the lint does "
        "not follow."
    ) in lines


def test_reads_undocumented_views_and_skips_exempt_ones(report: LintReport) -> None:
    assert report.skipped == []
    assert [(u.endpoint, u.method, u.site.code) for u in report.undocumented] == [
        ("undocumented", "GET", 418)
    ]
    without_findings = ["clean", "create_order", "headers_only", "unproduced", "undocumented"]
    assert report.checked == len({(m[0], m[1]) for m in MARKERS}) + len(without_findings)


def test_text_report_leads_with_file_and_line(report: LintReport) -> None:
    text = lint_text(report, root=str(FIXTURE_FILE.parent.parent))
    first = text.splitlines()[0]
    line = min(m[4] for m in MARKERS)
    assert first.startswith(f"tests/lint_app.py:{line}: ")
    assert "GET /helper (endpoint 'via_helper') can answer 410 by return (in _gone)" in text
    assert text.endswith(
        f"{len(MARKERS)} undeclared status code(s) in {report.checked} operation(s)."
    )


def test_json_report(report: LintReport) -> None:
    data = json.loads(json.dumps(report.as_dict(root=str(FIXTURE_FILE.parent.parent))))
    assert data["ok"] is False
    first = next(item for item in data["undeclared"] if item["endpoint"] == "tuple_int")
    line = next(m[4] for m in MARKERS if m[0] == "tuple_int")
    assert first == {
        "file": "tests/lint_app.py",
        "line": line,
        "code": 409,
        "form": "return",
        "via": [],
        "endpoint": "tuple_int",
        "operation": "GET /tuple",
        "declared": [200],
    }
    assert {"endpoint": "unproduced", "operation": "GET /unproduced", "codes": [404]} in data[
        "unproduced"
    ]


def test_example_app_is_clean() -> None:
    report = lint_app(create_example_app())
    assert report.undeclared == []
    assert report.skipped == []
    assert report.ok
    assert lint_text(report).startswith("No undeclared status codes in ")


def test_input_error_status_counts_as_answered(kit: ContractKit) -> None:
    from marshmallow import Schema, fields

    from contractkit import accepts

    class Body(Schema):
        name = fields.String(required=True)

    app = Flask(__name__)

    @app.post("/things")
    @accepts(Body)
    @responds(201)
    def create(body: dict[str, t.Any]) -> t.Any:
        return body, 201

    kit.init_app(app)
    assert lint_app(app).unproduced == []


def test_views_without_python_source_are_skipped(kit: ContractKit) -> None:
    app = Flask(__name__)
    # A callable object is no function: there is no view source to read.
    app.add_url_rule("/len", "length", responds(200)(_Builtin()))
    kit.init_app(app)
    report = lint_app(app)
    assert report.checked == 0
    assert [(s.endpoint, s.reason) for s in report.skipped] == [
        ("length", "the view is not a Python function")
    ]


class _Builtin:
    """A callable object, not a function: the lint cannot read it."""

    def __call__(self) -> str:
        return ""


def test_app_without_contractkit_is_an_error() -> None:
    with pytest.raises(ContractError, match="does not use contractkit"):
        lint_app(Flask(__name__))
