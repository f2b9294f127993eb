"""The shipped alerting rules, run by promtool on the series a real app exports.

The input series are scraped from an app with ``CONTRACTKIT_PROMETHEUS`` on,
not written by hand, so renaming a metric or a label breaks this test.
"""

from __future__ import annotations

import shutil
import subprocess
import typing as t
from pathlib import Path

import pytest
import yaml
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from contractkit import ContractKit
from contractkit.runtime.metrics import CHECKED_METRIC, VIOLATIONS_METRIC

from ..runtime_apps import build
from ..tools import ROOT, require

#: The sample names Prometheus scrapes: a counter's name plus "_total".
CHECKED = f"{CHECKED_METRIC}_total"
VIOLATIONS = f"{VIOLATIONS_METRIC}_total"
RULES = ROOT / "deploy" / "prometheus" / "contractkit-rules.yml"
INSTALL = "install Debian's 'prometheus' package, which ships promtool (see .ci/run)"

pytestmark = pytest.mark.slow  # runs promtool


def _scraped_series(kit: ContractKit) -> list[tuple[str, dict[str, str]]]:
    """Every counter series an app in report mode exports after one violation."""
    registry = CollectorRegistry()
    app = build(kit, CONTRACTKIT_MODE="report", CONTRACTKIT_PROMETHEUS=registry)
    client = app.test_client()
    assert client.get("/tuple?code=200").status_code == 200
    assert client.get("/tuple?code=409").status_code == 409  # undeclared: a violation
    series = []
    for family in text_string_to_metric_families(generate_latest(registry).decode()):
        for sample in family.samples:
            if sample.name in (CHECKED, VIOLATIONS):
                series.append((sample.name, dict(sample.labels)))
    return series


def _selector(name: str, labels: dict[str, str]) -> str:
    inside = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    return f"{name}{{{inside}}}"


def _promtool_test(
    tmp_path: Path, tests: list[dict[str, t.Any]]
) -> subprocess.CompletedProcess[str]:
    promtool = require(shutil.which("promtool"), "promtool", INSTALL)
    rules = tmp_path / RULES.name
    rules.write_text(RULES.read_text())
    spec = tmp_path / "test.yml"
    spec.write_text(
        yaml.safe_dump({"rule_files": [rules.name], "evaluation_interval": "1m", "tests": tests})
    )
    return subprocess.run(
        [promtool, "test", "rules", str(spec)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_rules_file_is_valid() -> None:
    promtool = require(shutil.which("promtool"), "promtool", INSTALL)
    done = subprocess.run(
        [promtool, "check", "rules", str(RULES)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS: 3 rules found" in done.stdout


def test_a_violation_in_the_real_series_fires_both_alerts(kit: ContractKit, tmp_path: Path) -> None:
    series = _scraped_series(kit)
    violated = [labels for name, labels in series if name == VIOLATIONS]
    assert violated, "the app exported no violation series"
    wanted = next(labels for labels in violated if labels["status"] == "409")
    input_series = []
    for name, labels in series:
        # 10 checked responses a minute everywhere; the violated series gains 1 a minute.
        rising = name == CHECKED or labels == wanted
        values = ("0+10x30" if name == CHECKED else "0+1x30") if rising else "0x30"
        input_series.append({"series": _selector(name, labels), "values": values})
    endpoint = wanted["endpoint"]
    # One checked series per method of the endpoint (GET, HEAD, ...), each 10 a minute.
    methods = sum(
        1 for name, labels in series if name == CHECKED and labels["endpoint"] == endpoint
    )
    ratio = f"{100 / (10 * methods):.3g}%"
    done = _promtool_test(
        tmp_path,
        [
            {
                "interval": "1m",
                "input_series": input_series,
                "alert_rule_test": [
                    {
                        "eval_time": "15m",
                        "alertname": "ContractViolation",
                        "exp_alerts": [
                            {
                                "exp_labels": {"severity": "warning", **wanted},
                                "exp_annotations": {
                                    "summary": f"GET {endpoint} broke its contract",
                                    "description": "5 response(s) in 5 minutes answered 409"
                                    f" ({wanted['kind']}), which the endpoint's contract does"
                                    " not allow.",
                                },
                            }
                        ],
                    },
                    {
                        "eval_time": "15m",
                        "alertname": "ContractViolationRateHigh",
                        "exp_alerts": [
                            {
                                "exp_labels": {
                                    "severity": "critical",
                                    "app": wanted["app"],
                                    "endpoint": endpoint,
                                },
                                "exp_annotations": {
                                    "summary": f"{endpoint}: over 1% of responses break the"
                                    " contract",
                                    "description": f"{ratio} of the responses contractkit"
                                    f" checked on {endpoint} over 5 minutes broke its contract.",
                                },
                            }
                        ],
                    },
                ],
            }
        ],
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_violation_fires_nothing(kit: ContractKit, tmp_path: Path) -> None:
    series = _scraped_series(kit)
    input_series = [
        {
            "series": _selector(name, labels),
            "values": "0+10x30" if name == CHECKED else "0x30",
        }
        for name, labels in series
    ]
    done = _promtool_test(
        tmp_path,
        [
            {
                "interval": "1m",
                "input_series": input_series,
                "alert_rule_test": [
                    {"eval_time": "15m", "alertname": "ContractViolation", "exp_alerts": []},
                    {
                        "eval_time": "15m",
                        "alertname": "ContractViolationRateHigh",
                        "exp_alerts": [],
                    },
                ],
            }
        ],
    )
    assert done.returncode == 0, done.stdout + done.stderr
