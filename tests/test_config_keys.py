"""Config keys are defined once, in ``contractkit.config.KEYS``, and used from there."""

from __future__ import annotations

import re

from contractkit.config import DEFAULTS, KEYS

from .tools import ROOT

KEY = re.compile(r"\bCONTRACTKIT_[A-Z][A-Z_]*[A-Z]\b")


def test_every_key_is_defined_once_with_a_meaning() -> None:
    names = [key.name for key in KEYS]
    assert len(names) == len(set(names))
    assert all(KEY.fullmatch(name) for name in names)
    assert all(key.doc.strip().endswith(".") for key in KEYS)
    assert {key.name: key.default for key in KEYS} == DEFAULTS


def test_the_code_reads_only_defined_keys() -> None:
    used = {
        name
        for path in (ROOT / "contractkit").rglob("*.py")
        for name in KEY.findall(path.read_text())
    }
    assert used - set(DEFAULTS) == set()
    assert set(DEFAULTS) - used == set(), "a defined key nothing reads"


def test_the_docs_name_only_defined_keys() -> None:
    pages = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]
    named = {name for page in pages for name in KEY.findall(page.read_text())}
    assert named - set(DEFAULTS) == set()
