"""The conversion held to swagger2openapi's own fixtures, when a copy of them is at hand.

``benchmarks/swagger2openapi_fixtures.py`` prints the comparison; here every
difference it finds must be one whose reason is documented.
"""

from __future__ import annotations

import importlib.util
import sys
import typing as t
from pathlib import Path

import pytest

MIRROR = Path("/work/.mirror/Mermade+oas-kit/repo")
SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "swagger2openapi_fixtures.py"


@pytest.fixture(scope="module")
def comparison() -> t.Any:
    if not MIRROR.exists():
        pytest.skip("no copy of Mermade/oas-kit at hand")
    spec = importlib.util.spec_from_file_location("swagger2openapi_fixtures", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_difference_from_swagger2openapi_has_a_documented_reason(comparison: t.Any) -> None:
    cases = comparison.fixtures(MIRROR)
    assert len(cases) >= 30
    unexplained = [
        f"{name}: {kind} ({where})"
        for name, files in cases.items()
        for kind, where in comparison.compare_fixture(name, files)
        if kind not in comparison.REASONS
    ]
    assert unexplained == []
