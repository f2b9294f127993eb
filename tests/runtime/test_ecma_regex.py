"""ECMA-262 patterns rewritten for Python's re match exactly what regress (ECMA-262) matches."""

from __future__ import annotations

import re

import pytest
import regress

from contractkit.runtime.ecma_regex import python_equivalent

TRANSLATED = [
    r"^[a-z]+$",
    r"^\d+$",
    r"^\w+$",
    r"^\s*$",
    r"^\S+@\S+$",
    r"^.$",
    r"^.{2,3}$",
    r"colou?r",
    r"^(ab)+$",
    r"^(?:ab|cd)*?x$",
    r"^[^\n]+$",
    r"^[A-Z]{3}-[0-9]{4}$",
    r"^[\w.-]+$",
    r"^[\s\d]+$",
    r"^a(?=b)",
    r"^a(?!b)",
    r"\.\$\^\(\)",
    r"^\t\r\n$",
    r"^-?[0-9]+(\.[0-9]+)?$",
    r"[/]",
]
UNTRANSLATED = [
    r"\bok\b",  # word boundaries
    r"(a)\1",  # back-references
    r"(?<=a)b",  # lookbehind: fixed width only in Python
    r"(?<x>a)",  # named groups: (?P<x>) in Python
    r"\u00e9",
    r"a{,3}",  # a literal brace in ECMA-262 (Annex B)
    r"a]",
    r"[]a]",  # [] matches nothing in ECMA-262
    r"[[:alpha:]]",
    r"[\D]",
]
STRINGS = [
    "",
    "a",
    "abc",
    "abc\n",
    "ab",
    "abab",
    "cdx",
    "x",
    "\u0661\u0662",
    "12",
    "été",
    "a_b-c.d",
    " ",
    "\u00a0",
    "\ufeff",
    "\u2028",
    "\u0085",
    "\r",
    "\t\r\n",
    "😀",
    "😀😀",
    "a@b",
    "a b@c",
    "colour",
    "color",
    "ABC-1234",
    "ABC-1234\n",
    "-1.5",
    "1.",
    ".$^()",
    "/",
    "a1 2",
]


@pytest.mark.parametrize("pattern", TRANSLATED)
def test_rewritten_patterns_match_what_ecma_262_matches(pattern: str) -> None:
    python = python_equivalent(pattern)
    assert python is not None
    ecma = regress.Regex(pattern)
    for text in STRINGS:
        expected = ecma.find(text) is not None
        assert (re.search(python, text) is not None) is expected, (pattern, python, text)


@pytest.mark.parametrize("pattern", UNTRANSLATED)
def test_patterns_outside_the_common_subset_are_left_to_regress(pattern: str) -> None:
    assert python_equivalent(pattern) is None
