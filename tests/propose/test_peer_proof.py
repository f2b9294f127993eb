"""``propose`` on apps whose contract a library documents, and on Flask's own tutorial app.

``benchmarks/propose_recall.py`` strips each app (contractkit's ``init_app``
without the library's document; flaskr gets the two lines of ``init_app``),
runs its tests with ``--contract-record``, applies the proposal and runs the
tests again in strict mode, body checks on. Every (operation, code) its tests
answer or its source sends is declared, and nothing neither shows.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Flask's repository as ``fetch`` mirrors it; flaskr's proof is skipped without it.
FLASK_MIRROR = Path("/work/.mirror/pallets+flask/repo")
PEERS = (
    "smorest_app",
    "restx_app",
    "restx_todo_app",
    "apiflask_app",
    "flasgger_app",
    "flasgger_template_app",
    "spectree_app",
    "openapi3_app",
)


def _measure(tmp_path: Path, app: str, *args: str) -> dict[str, object]:
    figures = tmp_path / "figures.json"
    script = str(ROOT / "benchmarks" / "propose_recall.py")
    command = [sys.executable, script, "--only", app, "--json", str(figures), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    [result] = json.loads(figures.read_text())
    assert isinstance(result, dict)
    return result


def _assert_proven(result: dict[str, object]) -> None:
    assert result["missed"] == [], result
    assert result["invented"] == [], result
    assert result["strict_passed"] == result["strict_total"], result


@pytest.mark.slow
@pytest.mark.parametrize("app", PEERS)
def test_a_peer_app_reaches_strict_mode_with_every_code_it_sends(tmp_path: Path, app: str) -> None:
    _assert_proven(_measure(tmp_path, app))


@pytest.mark.slow
@pytest.mark.skipif(not FLASK_MIRROR.is_dir(), reason="no mirror of pallets/flask here")
def test_flaskr_reaches_strict_mode_with_every_code_its_tests_answer(tmp_path: Path) -> None:
    result = _measure(tmp_path, "flaskr", "--flask", str(FLASK_MIRROR))
    _assert_proven(result)
    # GET of register and login shares the function whose POST redirects: the
    # lint cannot tell the branches apart, so their 302 is declared for GET too.
    assert result["extra"] == ["GET /auth/login 302", "GET /auth/register 302"]
    assert result["strict_total"] == 24


@pytest.mark.slow
def test_example_app_with_its_registrations_kept_reaches_strict_mode(tmp_path: Path) -> None:
    # Stripped of its registrations too, its tests fail on the three phrases only those
    # knew (propose writes a placeholder to name); kept, every test passes.
    result = _measure(tmp_path, "example_app+phrases")
    _assert_proven(result)
    assert result["extra"] == []
    assert result["strict_total"] == 38
