"""The README's tutorial and the quickstart's commands work as a new user meets them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import types
import warnings
from pathlib import Path

import pytest

from ..tools import ROOT

README = ROOT / "README.md"
QUICKSTART_SNIPPET = ROOT / "docs" / "snippets" / "quickstart.py"
#: ``flask --app TARGET run`` as the pages write it.
RUN = re.compile(r"flask --app (?P<target>\S+) run")


def _tutorial_code() -> str:
    section = README.read_text(encoding="utf-8").split("## Tutorial", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_tutorial_runs_without_a_warning() -> None:
    module = types.ModuleType("readme_tutorial")
    module.__file__ = str(README)
    sys.modules[module.__name__] = module
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            exec(compile(_tutorial_code(), str(README), "exec"), module.__dict__)
            app = module.create_app()
            spec = module.ck.spec(app)
    finally:
        del sys.modules[module.__name__]
    assert [str(warning.message) for warning in caught] == []
    custom = spec["paths"]["/items/{item_id}"]["get"]["responses"]
    (code,) = (code for code in custom if code.startswith("46"))
    assert custom[code]["x-fallback"] == 429


def _documented_runs() -> list[tuple[str, str]]:
    return [
        (page, match.group("target"))
        for page in ("README.md", "docs/quickstart.md")
        for match in RUN.finditer((ROOT / page).read_text(encoding="utf-8"))
        if "quickstart" in match.group("target")  # not the README's example_app
    ]


def test_the_pages_document_both_ways_to_run_the_quickstart() -> None:
    targets = {target for _, target in _documented_runs()}
    assert targets == {"quickstart", "docs/snippets/quickstart.py"}


@pytest.mark.slow  # starts the flask command
@pytest.mark.parametrize(("page", "target"), _documented_runs())
def test_each_documented_command_finds_the_app(page: str, target: str, tmp_path: Path) -> None:
    # A bare module name runs where the page says to save the file; a path, from the root of
    # a checkout, which is where the README's other commands run.
    text = (ROOT / page).read_text(encoding="utf-8")
    if "/" in target or target.endswith(".py"):
        where = ROOT
    else:
        assert f"Save it as `{target}.py`" in text, f"{page} does not say where {target} is"
        shutil.copy(QUICKSTART_SNIPPET, tmp_path / f"{target}.py")
        where = tmp_path
    # `routes` instead of `run`: the same app discovery, without serving.
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", target, "routes"],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "/items/<int:item_id>" in result.stdout
