"""Outside tools the tests run as real processes, and what to do when one is missing."""

from __future__ import annotations

import os
import shutil
import sys
import typing as t
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Files a person may want to look at after a run (screenshots, reports); gitignored.
ARTIFACTS = ROOT / "test-artifacts"


def console_script(name: str) -> str | None:
    """The console script installed next to this interpreter, else the one on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def require(found: str | None, what: str, install: str) -> str:
    """``found``, or skip the test saying how to install ``what``.

    ``.ci/run`` installs every tool, so under CI (``CI`` set) a missing one
    fails the test instead: a suite that skips there proves nothing.
    """
    if found is not None and Path(found).exists():
        return found
    message = f"{what} is not installed; {install}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (.ci/run installs it, so CI must have it)")
    pytest.skip(message)


def artifact_dir(name: str) -> Path:
    """``test-artifacts/NAME``, created."""
    folder = ARTIFACTS / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


#: Loopback only: requests to the servers the tests start must not go through a proxy.
LOOPBACK_ENV: t.Final = {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
