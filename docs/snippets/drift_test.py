"""tests/test_contract.py: the committed contract is the one the code publishes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from contractkit.cli import cli

SPEC = Path("specs/api.yaml")  # committed, reviewed in pull requests
APP = "myapp"  # what `flask --app` would take


def test_committed_contract_matches_the_code(tmp_path: Path) -> None:
    exported = tmp_path / SPEC.name
    result = CliRunner().invoke(cli, ["export", str(exported), "--app", APP])
    assert result.exit_code == 0, result.output
    assert exported.read_text() == SPEC.read_text(), (
        f"{SPEC} is out of date: run `contractkit export {SPEC} --app {APP}`, "
        f"check the change with `contractkit diff`, and commit it"
    )
