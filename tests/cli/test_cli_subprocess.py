"""The installed console scripts, run as real processes the way CI runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contractkit.openapi.exporting import app_documents
from example_app import create_app

from ..adapters.quart_app import app as quart_app

pytestmark = pytest.mark.slow  # starts subprocesses

ROOT = Path(__file__).resolve().parents[2]


def script(name: str) -> str:
    """The console script installed next to this interpreter, else the one on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"the {name!r} console script is not installed; run pip install -e .")
    return found


def run(
    *args: str, seed: str = "0", cwd: Path = ROOT, **env: str
) -> subprocess.CompletedProcess[str]:
    inherited = {key: value for key, value in os.environ.items() if key != "FLASK_APP"}
    environment = {**inherited, "PYTHONHASHSEED": seed, **env}
    return subprocess.run(
        args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def test_export_is_byte_identical_across_processes(tmp_path: Path) -> None:
    # Different hash seeds change set and dict-of-set iteration order in Python;
    # the committed spec must not depend on them.
    outputs = []
    for seed in ("0", "1", "4242"):
        target = tmp_path / f"api-{seed}.yaml"
        done = run(script("contractkit"), "export", str(target), "--app", "example_app", seed=seed)
        assert done.returncode == 0, done.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].decode() == app_documents(create_app()).yaml


def test_check_and_diff_gate_a_breaking_change(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    contractkit = script("contractkit")
    assert (
        run(contractkit, "export", str(old), "--app", "tests.cli_apps:shop_app()").returncode == 0
    )
    changed = "tests.cli_apps:shop_app(item_codes=(200,))"
    assert run(contractkit, "export", str(new), "--app", changed).returncode == 0
    assert run(contractkit, "check", str(new)).returncode == 0

    done = run(contractkit, "diff", str(old), str(new))
    assert done.returncode == 1
    assert "GET /items/{item_id}: status 404 was removed" in done.stdout

    done = run(contractkit, "diff", str(old), str(new), "--format", "json")
    assert done.returncode == 1
    assert json.loads(done.stdout)["changes"][0]["id"] == "response-non-success-status-removed"


def test_export_via_the_environment_and_stdout() -> None:
    done = run(script("contractkit"), "export", "-", "--format", "json", FLASK_APP="example_app")
    assert done.returncode == 0, done.stderr
    assert done.stdout == app_documents(create_app()).json


@pytest.mark.parametrize("command", [["contractkit"], ["flask", "contract"]])
def test_both_commands_find_the_app_in_flaskenv(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / ".flaskenv").write_text("FLASK_APP=example_app\n")
    done = run(
        script(command[0]), *command[1:], "export", "-", "--format", "json",
        cwd=tmp_path, PYTHONPATH=str(ROOT),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == app_documents(create_app()).json


def test_errors_are_one_line_with_exit_status_2(tmp_path: Path) -> None:
    done = run(script("contractkit"), "export", str(tmp_path / "api.yaml"), "--app", "nowhere_x")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "Error: cannot load the app 'nowhere_x': Could not import 'nowhere_x'.\n"


def test_flask_contract_commands_come_from_the_entry_point(tmp_path: Path) -> None:
    target = tmp_path / "api.yaml"
    done = run(script("flask"), "--app", "example_app", "contract", "export", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_text() == app_documents(create_app()).yaml
    done = run(script("flask"), "--app", "example_app", "contract", "check", str(target))
    assert done.returncode == 0, done.stderr


def test_quart_contract_commands_come_from_the_entry_point(tmp_path: Path) -> None:
    target = tmp_path / "api.yaml"
    quart_app_path = "tests.adapters.quart_app"
    done = run(script("quart"), "--app", quart_app_path, "contract", "export", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_text() == app_documents(quart_app).yaml
    done = run(script("contractkit"), "check", str(target))
    assert done.returncode == 0, done.stderr
