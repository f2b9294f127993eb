"""The example app's spec is clean under two linters users run: Spectral and Redocly CLI.

Both are pinned in ``tests/linters/package.json`` and installed by ``.ci/run``
with ``npm ci``; they run offline. Errors fail the test; the warnings that
remain are listed here, so a new kind of warning is a decision, not noise.
"""

from __future__ import annotations

import json
import os
import subprocess
import typing as t
from pathlib import Path

import pytest

from ..tools import ROOT, artifact_dir, require

pytestmark = pytest.mark.slow  # starts subprocesses

LINTERS = ROOT / "tests" / "linters"
SPEC = ROOT / "specs" / "example_app.yaml"
INSTALL = "run npm ci --prefix tests/linters (see .ci/run)"

#: Warnings left as they are, by rule. Each is a choice of the example app, not a
#: fault of the contract:
SPECTRAL_WARNINGS = {
    # Short views have a one-line docstring: a summary, and no description.
    "operation-description",
}
REDOCLY_WARNINGS = {
    # GET /custom takes no input and finds no resource: nothing a client does can be wrong.
    "operation-4xx-response",
}
#: Warnings the example app answers with CONTRACTKIT_SPEC_OPTIONS (contact, license,
#: tag descriptions, ``security: []``): they must stay away.
SPECTRAL_ANSWERED = {"info-contact", "info-description", "openapi-tags"}
REDOCLY_ANSWERED = {"info-contact", "info-license", "tag-description", "security-defined"}


def _linter(name: str) -> str:
    return require(str(LINTERS / "node_modules" / ".bin" / name), name, INSTALL)


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        # Offline and quiet: no usage data, no check for a newer version.
        "REDOCLY_TELEMETRY": "off",
        "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        command, cwd=LINTERS, env=environment, capture_output=True, text=True, timeout=120
    )


def _save(name: str, text: str) -> Path:
    path = artifact_dir("linters") / name
    path.write_text(text)
    return path


def _spectral(spec: Path) -> tuple[subprocess.CompletedProcess[str], list[str], set[str]]:
    """Spectral's run, its errors and the rules it warned about."""
    done = _run(
        _linter("spectral"), "lint", str(spec), "--ruleset", ".spectral.yaml", "--format", "json"
    )
    # One result per problem; severity 0 is an error, 1 a warning.
    results: list[dict[str, t.Any]] = json.loads(done.stdout or "[]")
    _save(f"spectral-{spec.stem}.json", json.dumps(results, indent=2))
    errors = [
        f"{r['code']}: {r['message']} at {'.'.join(map(str, r['path']))}"
        for r in results
        if r["severity"] == 0
    ]
    return done, errors, {r["code"] for r in results if r["severity"] == 1}


def _redocly(spec: Path) -> tuple[subprocess.CompletedProcess[str], list[str], set[str]]:
    """Redocly's run, its errors and the rules it warned about."""
    done = _run(
        _linter("redocly"), "lint", str(spec), "--config", "redocly.yaml", "--format", "json"
    )
    problems: list[dict[str, t.Any]] = json.loads(done.stdout)["problems"]
    _save(f"redocly-{spec.stem}.json", json.dumps(problems, indent=2))
    errors = [
        f"{p['ruleId']}: {p['message']} at {p['location'][0]['pointer']}"
        for p in problems
        if p["severity"] == "error"
    ]
    return done, errors, {p["ruleId"] for p in problems if p["severity"] == "warn"}


def test_spectral_oas_finds_no_error() -> None:
    done, errors, warned = _spectral(SPEC)
    assert not errors, "\n".join(errors)
    assert done.returncode == 0, done.stderr
    assert warned <= SPECTRAL_WARNINGS
    assert not warned & SPECTRAL_ANSWERED


def test_redocly_recommended_finds_no_error() -> None:
    done, errors, warned = _redocly(SPEC)
    assert not errors, "\n".join(errors)
    assert done.returncode == 0, done.stderr
    assert warned <= REDOCLY_WARNINGS
    assert not warned & REDOCLY_ANSWERED


@pytest.mark.parametrize("lint", [_spectral, _redocly], ids=["spectral", "redocly"])
def test_the_linters_do_fail_a_broken_spec(tmp_path: Path, lint: t.Any) -> None:
    # Two operations with one operationId: an error under both rulesets.
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        SPEC.read_text().replace("operationId: items.get_item", "operationId: reports.custom")
    )
    done, errors, _ = lint(broken)
    assert done.returncode != 0
    assert any("operation-operationId-unique" in error for error in errors), errors


def test_no_redocly_rule_is_switched_off() -> None:
    config = (LINTERS / "redocly.yaml").read_text()
    assert "extends:\n  - recommended\n" in config
    assert "rules:" not in config
    assert config.count(": off") == 1  # telemetry


@pytest.mark.parametrize("name", ["spectral", "redocly"])
def test_linters_are_pinned(name: str) -> None:
    manifest = json.loads((LINTERS / "package.json").read_text())
    lock = json.loads((LINTERS / "package-lock.json").read_text())
    package = {"spectral": "@stoplight/spectral-cli", "redocly": "@redocly/cli"}[name]
    version = manifest["devDependencies"][package]
    assert version[0].isdigit(), f"{package} must be pinned to an exact version"
    assert lock["packages"][f"node_modules/{package}"]["version"] == version
