"""The pytest plugin, loaded in every project that installs contractkit, is light when idle."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.slow  # fresh interpreters

#: What an idle plugin must not import: contractkit's heavy dependencies.
HEAVY = ("apispec", "openapi_spec_validator", "jsonschema_rs", "msgspec", "flask_swagger_ui")

_LOADED = """
import json, sys
import contractkit.testing.pytest_plugin
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""

_SESSION = f"""
import sys

HEAVY = {HEAVY!r}


def test_heavy_modules(request):
    loaded = [name for name in HEAVY if name in sys.modules]
    assert "contractkit.testing.pytest_plugin" in sys.modules
    if request.config.getoption("--contract-coverage"):
        assert "contractkit.testing.coverage" in sys.modules
    else:
        assert loaded == []
        assert "contractkit.testing.coverage" not in sys.modules
"""


def test_importing_the_plugin_imports_nothing_heavy() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(json.loads(done.stdout))
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)
    assert "flask" not in loaded


@pytest.mark.parametrize("switch", [[], ["--contract-coverage"]])
def test_an_idle_session_imports_nothing_heavy(
    pytester: pytest.Pytester, switch: list[str]
) -> None:
    pytester.makepyfile(test_idle=_SESSION)
    # schemathesis's own pytest plugin imports jsonschema-rs whatever contractkit does.
    result = pytester.runpytest_subprocess("-p", "no:schemathesis", "-p", "no:randomly", *switch)
    result.assert_outcomes(passed=1)
