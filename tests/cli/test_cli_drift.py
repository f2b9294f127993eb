"""The committed contract in specs/ matches the example app's code, and holds its own rules."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

from contractkit.cli.loading import load_app, script_info
from contractkit.openapi.exporting import app_documents
from contractkit.specfile.files import read_document
from contractkit.specfile.rules import check_document

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "specs" / "example_app.yaml"
#: Run from the repository root; the failure message repeats it.
EXPORT_COMMAND = "contractkit export specs/example_app.yaml --app example_app"
_SHOWN_LINES = 40


def test_committed_spec_matches_the_example_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.chdir(ROOT)
    # Loaded exactly as the export command loads it, so the fix below is the right one.
    expected = app_documents(load_app(script_info("example_app"))).yaml
    committed = SPEC.read_text(encoding="utf-8") if SPEC.exists() else ""
    if committed == expected:
        return
    diff = list(
        difflib.unified_diff(
            committed.splitlines(),
            expected.splitlines(),
            "specs/example_app.yaml (committed)",
            "example_app (code)",
            lineterm="",
        )
    )
    shown = "\n".join(diff[:_SHOWN_LINES])
    more = (
        f"\n... and {len(diff) - _SHOWN_LINES} more diff lines" if len(diff) > _SHOWN_LINES else ""
    )
    state = "no longer matches" if committed else "is missing; it should hold"
    pytest.fail(
        f"specs/example_app.yaml {state} the example app's contract.\n"
        "If the change is intended, re-export it from the repository root with\n\n"
        f"    {EXPORT_COMMAND}\n\n"
        "and commit it; check the change with `contractkit diff` against the old file.\n\n"
        f"{shown}{more}",
        pytrace=False,
    )


def test_committed_spec_holds_the_contract_rules() -> None:
    assert check_document(read_document(SPEC)) == []
