"""ECMA-262 patterns rewritten as Python ``re`` patterns that match exactly the same strings.

msgspec checks ``pattern`` with Python's ``re``, whose dialect differs from
JSON Schema's ECMA-262: ``$`` also matches before a final newline, ``.`` only
excludes ``\\n``, and ``\\d``, ``\\w``, ``\\s`` are Unicode-aware. A pattern
written in the common subset below is rewritten so that Python reads it as
ECMA-262 does (``$`` as ``\\Z``, ``\\d`` as ``[0-9]``...), and msgspec can then
check it while decoding; any other pattern gets ``None`` and is matched by
regress, an ECMA-262 engine, alone.

The subset: literal characters, ``^``, ``$``, ``.``, ``|``, groups ``(...)``,
``(?:...)``, lookaheads, the quantifiers ``* + ? {n} {n,} {n,m}`` (lazy too),
the classes ``\\d \\D \\w \\W \\s \\S``, escaped punctuation, ``\\t \\n \\r``,
and bracket classes of literals, ranges and ``\\d \\w \\s``.
"""

from __future__ import annotations

import re

#: ECMA-262's WhiteSpace and LineTerminator code points, which its \s matches.
_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_OUTSIDE = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": "[A-Za-z0-9_]",
    "W": "[^A-Za-z0-9_]",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
}
_INSIDE = {"d": "0-9", "w": "A-Za-z0-9_", "s": _SPACE}
_SAME = {"t": "\\t", "n": "\\n", "r": "\\r"}
_PUNCTUATION = set("\\^$.|?*+()[]{}/-")
_QUANTIFIER = re.compile(r"\{[0-9]+(,[0-9]*)?\}")


def python_equivalent(pattern: str) -> str | None:
    """``pattern`` for Python's ``re``, matching what ECMA-262 matches; ``None`` if unsure."""
    out: list[str] = []
    pos = 0
    while pos < len(pattern):
        char = pattern[pos]
        if char == "\\":
            escaped = _escape(pattern, pos, _OUTSIDE)
            if escaped is None:
                return None
            out.append(escaped)
            pos += 2
        elif char == "[":
            end = _bracket(pattern, pos, out)
            if end is None:
                return None
            pos = end
        elif char == "$":
            out.append(r"\Z")
            pos += 1
        elif char == ".":
            out.append("[^\\n\\r\\u2028\\u2029]")
            pos += 1
        elif char == "(":
            if pattern.startswith("(?", pos) and not pattern.startswith(("(?:", "(?=", "(?!"), pos):
                return None  # lookbehind, named groups: different syntax or rules
            out.append(char)
            pos += 1
        elif char == "{":
            match = _QUANTIFIER.match(pattern, pos)
            if match is None or not out:
                return None  # ECMA reads a stray brace as a literal; keep it simple
            out.append(match.group())
            pos = match.end()
        elif char in "]}":
            return None  # ECMA reads a stray bracket as a literal
        else:
            out.append(re.escape(char) if char not in "^|?*+)" else char)
            pos += 1
    translated = "".join(out)
    try:
        re.compile(translated)
    except re.error:
        return None
    return translated


def _escape(pattern: str, pos: int, classes: dict[str, str]) -> str | None:
    if pos + 1 >= len(pattern):
        return None
    letter = pattern[pos + 1]
    if letter in classes:
        return classes[letter]
    if letter in _SAME:
        return _SAME[letter]
    if letter in _PUNCTUATION:
        return re.escape(letter)
    return None  # \b, back-references, \u, \x, \c...: not in the subset


def _bracket(pattern: str, pos: int, out: list[str]) -> int | None:
    """Append the class starting at ``pos``; the index after its ``]``, or ``None``."""
    parts = ["["]
    pos += 1
    if pattern.startswith("^", pos):
        parts.append("^")
        pos += 1
    if pattern.startswith("]", pos):
        return None  # ECMA's [] and [^] are not Python's
    while pos < len(pattern):
        char = pattern[pos]
        if char == "]":
            out.append("".join(parts) + "]")
            return pos + 1
        if char == "\\":
            escaped = _escape(pattern, pos, _INSIDE)
            if escaped is None or escaped.startswith("["):
                return None
            parts.append(escaped)
            pos += 2
        elif char == "[":
            return None  # Python may read [[ as a nested set one day
        else:
            parts.append(char if char == "-" else re.escape(char))
            pos += 1
    return None
