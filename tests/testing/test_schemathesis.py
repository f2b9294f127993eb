"""schemathesis v4 fuzzes the example app over real HTTP, in strict mode, with every check.

The recipe is the one the testing guide gives users: ``contractkit schemathesis-config``
writes the statuses schemathesis's checks should expect for the custom codes,
then ``st run URL/openapi.json --checks all`` runs against a real server.
"""

from __future__ import annotations

import os
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest
from flask import Flask

from contractkit import responds
from contractkit.specfile.locations import iter_operations
from contractkit.state import app_state
from example_app import create_app
from example_app.schemas import MessageSchema

from ..servers import serving
from ..tools import LOOPBACK_ENV, ROOT, artifact_dir, console_script, require

pytestmark = pytest.mark.slow

#: Test cases per operation and phase: enough to reach every declared code of the
#: example app, few enough for CI (about 10 s here).
MAX_EXAMPLES = 100
#: A fixed seed, so a run sends the same requests every time and a failure reproduces.
SEED = 20251122
SPEC = ROOT / "specs" / "example_app.yaml"


def _settings(workdir: Path) -> Path:
    """The recipe's first step, as a real process: settings for the custom codes."""
    contractkit = require(console_script("contractkit"), "contractkit", "run pip install -e .")
    target = workdir / "schemathesis.toml"
    done = subprocess.run(
        [contractkit, "schemathesis-config", str(SPEC), "--output", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return target


def _fuzz(url: str, workdir: Path, name: str, *options: str) -> subprocess.CompletedProcess[str]:
    """Run ``st run`` against ``url``; its output and JUnit report go to test-artifacts/."""
    artifacts = artifact_dir("schemathesis")
    command = [
        *[sys.executable, "-m", "schemathesis.cli"],
        *["--config-file", str(_settings(workdir)), "run", f"{url}/openapi.json"],
        *["--checks", "all", "--seed", str(SEED), "--max-examples", str(MAX_EXAMPLES)],
        # No example database: nothing is kept between runs, so every run is the same.
        *["--generation-database", "none", "--request-timeout", "10", "--no-color"],
        *["--report", "junit", "--report-junit-path", str(artifacts / f"{name}.xml")],
        *options,
    ]
    done = subprocess.run(
        command,
        # schemathesis keeps a cache folder (.schemathesis/) in its working directory.
        cwd=workdir,
        env={**os.environ, **LOOPBACK_ENV},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    (artifacts / f"{name}.txt").write_text(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}")
    return done


def test_schemathesis_finds_nothing_wrong_with_the_example_app(tmp_path: Path) -> None:
    # A higher search limit than the app's 30 an hour, so fuzzing reaches the search
    # itself as well as the 460 that answers once the limit is spent.
    app = create_app({"EXAMPLE_SEARCH_CALLS_PER_HOUR": 150})
    assert app.config["CONTRACTKIT_MODE"] == "strict"
    with serving(app) as url:
        done = _fuzz(url, tmp_path, "example_app")
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"schemathesis found problems:\n{output}"
    operations = sum(1 for _ in iter_operations(app_state(app).documents().spec))
    assert f"Tested: {operations}" in output
    assert app_state(app).violations.total == 0, app_state(app).violations.as_dict()


def _broken_example_app(mode: str) -> Flask:
    """The example app with one more operation, which answers a code it does not declare."""
    app = create_app({"CONTRACTKIT_MODE": mode})
    # Flask lets the name be set; another one keeps this app out of the example
    # app's contract coverage, which would count /broken's 200 as never seen.
    app.name = "broken_example_app"

    @app.get("/broken")
    @responds(200, MessageSchema, description="Says something.")
    def broken() -> t.Any:
        return {"title": "Conflict", "status": 409}, 409

    return app


@pytest.mark.parametrize(
    ("mode", "found"),
    [
        # Strict mode answers the undeclared 409 with a 500 problem, which schemathesis flags.
        ("strict", ["Server error", "[500] Internal Server Error"]),
        # With the check off, schemathesis meets the 409 itself.
        ("off", ["Undocumented status code", "Received: 409"]),
    ],
)
def test_schemathesis_fails_an_app_that_answers_an_undeclared_code(
    tmp_path: Path, mode: str, found: list[str]
) -> None:
    app = _broken_example_app(mode)
    with serving(app) as url:
        done = _fuzz(url, tmp_path, f"broken_{mode}", "--include-path", "/broken")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "GET /broken" in output
    for fragment in found:
        assert fragment in output
    violations = app_state(app).violations.counts()
    assert (mode == "strict") == bool(violations), violations
