"""pytest plugin: ``--contract-coverage`` reports which declared status codes tests exercised.

Registered through the ``pytest11`` entry point and idle unless
``--contract-coverage`` is given. Under pytest-xdist each worker records its
own responses and sends them to the controller, which merges and reports.

pytest imports this module in every project that installs contractkit, so
it imports nothing of contractkit's own (nor Flask, apispec, the validators
or msgspec) until the switch is given: :mod:`.coverage` is imported then.
"""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest

if t.TYPE_CHECKING:
    from .coverage import CoverageData

#: Key of the records in an xdist worker's ``workeroutput``.
_WORKER_KEY = "contractkit_coverage"
_PLUGIN_NAME = "contractkit-coverage"
_RECORD_NAME = "contractkit-record"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contractkit", "contract coverage (contractkit)")
    group.addoption(
        "--contract-coverage",
        action="store_true",
        default=False,
        help="Record the status codes contractkit apps answer and report the declared "
        "codes no test saw.",
    )
    group.addoption(
        "--contract-coverage-min",
        type=_percent,
        default=None,
        metavar="PCT",
        help="Fail the session when coverage is below PCT%% (declared codes seen, out of "
        "the declared ones plus the undeclared ones answered).",
    )
    group.addoption(
        "--contract-coverage-fail-undeclared",
        action="store_true",
        default=False,
        help="Fail the session when any operation answered a code it does not declare.",
    )
    group.addoption(
        "--contract-coverage-json",
        default=None,
        metavar="PATH",
        help="Also write the report as JSON to PATH.",
    )
    group.addoption(
        "--contract-coverage-app",
        action="append",
        default=[],
        metavar="NAME",
        help="Record only the app with this name (Flask's app.name); repeatable. "
        "Default: every app that uses contractkit.",
    )
    group.addoption(
        "--contract-record",
        default=None,
        metavar="DIR",
        help="Record the shape of every response of a contractkit app (field names, types, "
        "codes, never a value) to a file per process in DIR, for 'contractkit propose'.",
    )


def _percent(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 100:
        raise ValueError(value)  # argparse turns it into a usage error
    return number


def pytest_configure(config: pytest.Config) -> None:
    option = config.option
    if option.contract_record:
        from .recording import ContractRecording

        config.pluginmanager.register(ContractRecording(option.contract_record), _RECORD_NAME)
    # Any of the coverage options asks for coverage: --contract-coverage-min=100
    # alone must not be a usage error, nor silently do nothing.
    implied = (
        option.contract_coverage_min is not None
        or option.contract_coverage_fail_undeclared
        or option.contract_coverage_json is not None
        or bool(option.contract_coverage_app)
    )
    if not (option.contract_coverage or implied):
        return
    config.pluginmanager.register(ContractCoverage(config), _PLUGIN_NAME)


class ContractCoverage:
    """The session's recorder, report and pass/fail decision."""

    def __init__(self, config: pytest.Config) -> None:
        from .coverage import CoverageData, Recorder

        self.config = config
        self.data = CoverageData()
        self.recorder = Recorder(self.data, config.option.contract_coverage_app)
        self.recorder.connect()
        self.failures: list[str] = []
        self.reported = False

    @property
    def is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")

    def pytest_unconfigure(self) -> None:
        self.recorder.disconnect()

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: t.Any, error: object) -> None:
        """xdist controller: merge what a finished worker recorded."""
        output = getattr(node, "workeroutput", None) or {}
        if _WORKER_KEY in output:
            self.data.merge(type(self.data).from_dict(output[_WORKER_KEY]))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.is_worker:
            # Sent to the controller after this hook, with the rest of workeroutput.
            self.config.workeroutput[_WORKER_KEY] = self.data.as_dict()  # type: ignore[attr-defined]

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self, session: pytest.Session) -> t.Generator[None, object, object]:
        result = yield
        if self.is_worker or self.config.option.collectonly:
            return result
        self.reported = True
        self.failures = self._failures()
        path = self.config.option.contract_coverage_json
        if path is not None:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(self.data.as_dict(), indent=2) + "\n", encoding="utf-8")
        if self.failures:
            session.testsfailed += 1  # the exit code pytest gives failed tests
        return result

    def _failures(self) -> list[str]:
        option = self.config.option
        failures = []
        totals = self.data.totals()
        minimum = option.contract_coverage_min
        if minimum is not None:
            if not self.data.operations:
                failures.append("no contractkit app answered a request, so nothing was covered")
            elif totals.percent < minimum:
                failures.append(
                    f"contract coverage {_format_percent(totals.percent)} is below "
                    f"--contract-coverage-min={minimum:g}"
                )
        if option.contract_coverage_fail_undeclared and totals.undeclared:
            names = [
                f"{r.app}: {r.name} answered {_codes(r.undeclared)}"
                for r in self.data.sorted_operations()
                if r.undeclared
            ]
            failures.append("undeclared status codes were answered: " + "; ".join(names))
        return failures

    def pytest_terminal_summary(self, terminalreporter: t.Any) -> None:
        if not self.reported:
            return
        terminalreporter.write_sep("-", "contract coverage")
        for line in format_table(self.data):
            terminalreporter.write_line(line)
        path = self.config.option.contract_coverage_json
        if path is not None:
            terminalreporter.write_line(f"JSON report written to {path}")
        for failure in self.failures:
            terminalreporter.write_line(f"FAIL: {failure}", red=True, bold=True)


def format_table(data: CoverageData) -> list[str]:
    """The report as text lines: one row per operation, grouped by app, then totals."""
    if not data.operations and not data.unrouted:
        return ["No contractkit app answered a request."]
    header = ("Operation", "Seen", "Never seen", "Undeclared", "Cover")
    rows: list[tuple[str, ...]] = []
    app = None
    for record in data.sorted_operations():
        if record.app != app:
            app = record.app
            rows.append((app, "", "", "", ""))
        name = record.name if record.documented else f"{record.name} (undocumented)"
        cover = record.percent
        rows.append(
            (
                f"  {name}",
                _codes(record.covered),
                _codes(record.missing),
                _codes(record.undeclared),
                "-" if cover is None else _format_percent(cover),
            )
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [_row(header, widths)] + [_row(row, widths) for row in rows]
    if data.unrouted:
        counts = ", ".join(
            f"{app} {status} x{count}" for (app, status), count in sorted(data.unrouted.items())
        )
        lines.append(f"Matched no route (not part of any operation): {counts}")
    totals = data.totals()
    lines.append(
        f"TOTAL: {totals.covered} of {totals.declared} declared codes seen, "
        f"{totals.undeclared} undeclared code(s) answered: {_format_percent(totals.percent)} "
        "covered (an undeclared code counts as not covered)"
    )
    return lines


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    *left, last = cells
    text = "  ".join(cell.ljust(width) for cell, width in zip(left, widths, strict=False))
    return f"{text}  {last.rjust(widths[-1])}".rstrip()


def _codes(codes: list[int]) -> str:
    return " ".join(map(str, codes)) or "-"


def _format_percent(value: float) -> str:
    return f"{value:.2f}%"  # already rounded down by coverage.percent
