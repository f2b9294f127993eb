"""The six tutorial apps, from nothing declared to strict mode, as a user would go.

A copy of ``tests/tutorials`` runs its own tests with ``--contract-record``;
``contractkit propose --apply`` writes each app's declarations; the tests then
pass in strict mode with body checks on, and ``propose`` has nothing more to say.
Every (operation, code) the tests answer or the source sends is declared, and
no other (recall and precision 1.0).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from ..lint.test_lint_undeclared import TUTORIAL_CODES

TUTORIALS = Path(__file__).resolve().parents[1] / "tutorials"
CONTRACTKIT = str(Path(sys.executable).parent / "contractkit")


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(cwd), **env},
        check=False,
    )


@pytest.mark.slow
def test_tutorial_apps_reach_strict_mode(tmp_path: Path) -> None:
    shutil.copytree(TUTORIALS, tmp_path / "tutorials", ignore=shutil.ignore_patterns("__pycache__"))
    pytest_args = [sys.executable, "-m", "pytest", "tutorials", "-q", "-p", "no:cacheprovider"]
    recorded = _run([*pytest_args, "--contract-record=records"], tmp_path)
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    for name in sorted(TUTORIAL_CODES):
        command = [CONTRACTKIT, "propose", "--app", f"tutorials.{name}"]
        applied = _run([*command, "records", "--apply"], tmp_path)
        assert applied.returncode == 0, applied.stdout + applied.stderr
        proposed = Counter(
            (line.split()[0], int(line.split()[2]))
            for line in applied.stdout.splitlines()
            if line.endswith(" proposed")
        )
        assert proposed == Counter((method, code) for _, method, code in TUTORIAL_CODES[name])
        again = _run([*command, "records"], tmp_path)
        assert "Nothing to propose" in again.stdout, again.stdout + again.stderr
    strict = _run(
        [*pytest_args, "-W", "ignore::contractkit.InfrastructureCodeWarning"],
        tmp_path,
        FLASK_CONTRACTKIT_MODE="strict",
        FLASK_CONTRACTKIT_CHECK_BODIES="true",
    )
    assert strict.returncode == 0, strict.stdout + strict.stderr
    assert "12 passed" in strict.stdout
