"""Apps written into a temporary directory, recorded as ``pytest --contract-record`` does."""

from __future__ import annotations

import importlib
import sys
import textwrap
import typing as t
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask

from contractkit.cli.commands import cli
from contractkit.testing.recording import ContractRecording


class Workspace:
    """A directory holding one app module, its records, and the commands run on it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.records = root / "records"
        self.name = f"ck_propose_{uuid.uuid4().hex[:10]}"
        self.file = root / f"{self.name}.py"

    def write(self, source: str) -> None:
        self.file.write_text(textwrap.dedent(source).lstrip())

    def load(self) -> Flask:
        """The app as its module now reads (imported afresh)."""
        self.forget()
        return t.cast(Flask, importlib.import_module(self.name).app)

    def forget(self) -> None:
        for name in [self.name, f"{self.name}_schemas"]:
            sys.modules.pop(name, None)

    def record(self, requests: Callable[[Flask], object]) -> None:
        """Make ``requests`` to the app with ``--contract-record``'s recorder on."""
        recording = ContractRecording(str(self.records))
        try:
            requests(self.load())
        finally:
            recording.pytest_unconfigure()

    def propose(self, *args: str) -> Result:
        self.forget()
        return CliRunner().invoke(cli, ["propose", "--app", self.name, *args])


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    space = Workspace(tmp_path)
    yield space
    space.forget()
