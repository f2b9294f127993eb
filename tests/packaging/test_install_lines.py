"""Every install line in the README and the docs names the distribution contractkit is published as.

``contractkit`` on PyPI is an unrelated project: a line that installs it by that name would
install someone else's package.
"""

from __future__ import annotations

import re
from importlib.metadata import metadata
from pathlib import Path

import pytest

from contractkit import DISTRIBUTION

from ..tools import ROOT

PAGES = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").rglob("*.md")),
    *(ROOT / "docs").rglob("*.rst"),
]
#: ``pip install NAME`` or ``pip install 'NAME[extra]'``, not ``-e .`` or other options.
INSTALL = re.compile(r"pip install (?:-\w+ )*['\"]?(?P<name>[A-Za-z][\w.-]*)")


def _install_lines() -> list[tuple[Path, str]]:
    return [
        (page, match.group("name"))
        for page in PAGES
        for match in INSTALL.finditer(page.read_text(encoding="utf-8"))
    ]


def test_the_distribution_name_is_the_installed_one() -> None:
    assert metadata(DISTRIBUTION)["Name"] == "flask-contractkit"


@pytest.mark.parametrize("page", ["README.md", "docs/quickstart.md"])
def test_the_first_pages_say_how_to_install(page: str) -> None:
    assert f"pip install {DISTRIBUTION}\n" in (ROOT / page).read_text(encoding="utf-8")


def test_every_install_line_names_the_real_distribution() -> None:
    lines = _install_lines()
    assert any(name == DISTRIBUTION for _, name in lines)
    wrong = [
        f"{page.relative_to(ROOT)}: pip install {name}"
        for page, name in lines
        if name != DISTRIBUTION
    ]
    assert wrong == []
