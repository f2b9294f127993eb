"""The shipped Grafana dashboard: well formed, and querying only what contractkit exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import typing as t
from pathlib import Path

import pytest
import yaml

from contractkit.runtime.metrics import CHECKED_METRIC, VIOLATIONS_METRIC

from ..tools import ROOT, require

DASHBOARD = ROOT / "deploy" / "grafana" / "contractkit-dashboard.json"
EXPORTED = {
    f"{CHECKED_METRIC}_total": {"app", "endpoint", "method"},
    f"{VIOLATIONS_METRIC}_total": {"app", "endpoint", "method", "status", "kind"},
}
#: Grafana's own variables, replaced by what Grafana would put there.
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$__range": "1h", "$endpoint": ".*"}
PROMQL_WORDS = {"sum", "by", "rate", "increase", "topk", "without", "on", "ignoring"}


def _dashboard() -> dict[str, t.Any]:
    return t.cast(dict[str, t.Any], json.loads(DASHBOARD.read_text()))


def _expressions() -> list[str]:
    return [target["expr"] for panel in _dashboard()["panels"] for target in panel["targets"]]


def test_the_dashboard_is_an_importable_grafana_dashboard() -> None:
    dashboard = _dashboard()
    for key in ("title", "uid", "panels", "schemaVersion", "templating", "time"):
        assert key in dashboard, key
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,40}", dashboard["uid"])
    variables = {variable["name"] for variable in dashboard["templating"]["list"]}
    assert variables == {"datasource", "endpoint"}
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids must be unique"


def test_panels_fit_the_grid_without_overlapping() -> None:
    taken: set[tuple[int, int]] = set()
    for panel in _dashboard()["panels"]:
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["w"] > 0 and grid["x"] + grid["w"] <= 24, panel["title"]
        cells = {
            (x, y)
            for x in range(grid["x"], grid["x"] + grid["w"])
            for y in range(grid["y"], grid["y"] + grid["h"])
        }
        assert not cells & taken, f"panel {panel['title']!r} overlaps another"
        taken |= cells


def test_every_query_names_only_exported_metrics_and_labels() -> None:
    expressions = _expressions()
    assert expressions
    used_metrics: set[str] = set()
    for expr in expressions:
        metrics = set(re.findall(r"\bcontractkit_[a-z_]+", expr))
        assert metrics <= set(EXPORTED), f"unknown metric in {expr!r}"
        used_metrics |= metrics
        labels = set()
        for group in re.findall(r"\bby \(([^)]*)\)", expr):
            labels |= {name.strip() for name in group.split(",")}
        labels |= set(re.findall(r"([a-z_]+)=~?\"", expr))
        allowed = set.union(*(EXPORTED[metric] for metric in metrics))
        assert labels <= allowed, f"{expr!r} uses labels {labels - allowed}"
    assert used_metrics == set(EXPORTED), "every exported counter has a panel"


@pytest.mark.slow
def test_every_query_is_valid_promql(tmp_path: Path) -> None:
    """promtool parses each query, Grafana's variables filled in, as a recording rule."""
    promtool = require(
        shutil.which("promtool"), "promtool", "install Debian's 'prometheus' package (.ci/run)"
    )
    rules = []
    for number, expr in enumerate(_expressions()):
        for variable, value in GRAFANA_VARIABLES.items():
            expr = expr.replace(variable, value)
        rules.append({"record": f"dashboard:query{number}", "expr": expr})
    path = tmp_path / "queries.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    done = subprocess.run(
        [promtool, "check", "rules", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"SUCCESS: {len(rules)} rules found" in done.stdout
