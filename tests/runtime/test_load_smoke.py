"""A small run of the gunicorn load test: violations counted exactly across worker processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

from ..tools import LOOPBACK_ENV, ROOT

pytestmark = pytest.mark.slow


def test_violations_are_counted_exactly_across_gunicorn_workers(tmp_path: Path) -> None:
    results_file = tmp_path / "results.json"
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "load_gunicorn.py"),
        "--requests=400",
        "--warmup=40",
        "--workers=2",
        "--concurrency=4",
        "--modes=report,strict",
        "--time-limit=120",
        "--rss-tolerance=64",  # too few requests to judge memory; the full run does
        f"--json={results_file}",
    ]
    run = subprocess.run(
        command,
        env={**os.environ, **LOOPBACK_ENV},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    results: list[dict[str, t.Any]] = json.loads(results_file.read_text())
    assert [r["mode"] for r in results] == ["report", "strict"]
    for result in results:
        assert (result["served"], result["errors"]) == (400, 0)
        assert len(result["per_worker"]) == 2  # both workers answered
        assert result["undeclared_sent"] == 20
        assert result["violations_counted_by_status"] == result["undeclared_sent_by_status"]
        assert result["checked_counted"] == 400
