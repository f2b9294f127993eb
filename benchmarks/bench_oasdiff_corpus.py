"""Agreement of ``contractkit diff`` with oasdiff on oasdiff's own checker test data.

oasdiff's Go tests in ``checker/`` load base/revision pairs from ``data/`` and
assert what oasdiff reports for them. This script reads those tests (it never
runs Go), finds every pair each test loads, the direction it loads it in and
the level it asserts, runs contractkit's diff on the same pair and prints how
often the two agree on the verdict "breaking or not", overall and per rule
family. oasdiff's files are read from a checkout given on the command line;
none of them is part of this repository::

    python benchmarks/bench_oasdiff_corpus.py /path/to/oasdiff [--list] [--json FILE]

How a test's verdict is derived, mechanically:

- the pair: the two specs the test opens (``open("../data/…")``, the
  ``*File("…")`` handles, ``l(t, N)``, ``loadFrom(t, prefix, N)``, ``d(t, cfg, a, b)``
  or a helper called with two data paths) in the order the diff call takes them;
- the level: a level the test compares (``require.Equal(t, checker.ERR, …)``,
  ``Level: checker.ERR``), else the level oasdiff's ``rules.go`` gives the change
  ids the test expects, else "no change" for ``require.Empty(t, errs)``.

A test whose documents are edited in Go before the diff, whose diff runs with
options contractkit has no counterpart for (excluded elements, stability or
severity settings), that is table-driven, or asserts nothing this script can
read has no mechanical verdict: it is listed apart, never guessed. A pair
whose "not breaking" verdict comes only from tests running one single check is
counted both ways: on the whole documents, and within what the checks it ran can
see (contractkit's breaking changes whose ids belong to oasdiff's other checks are
set aside; ids oasdiff does not have always count).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import time
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from contractkit.errors import ContractError
from contractkit.specfile.diff import DiffError, diff_documents
from contractkit.specfile.files import read_document

_FUNCTION = re.compile(r"^func (Test\w+)\(t \*testing\.T\) \{\n(.*?)^\}", re.M | re.S)
_HANDLE = re.compile(r"(\w+)\s*=\s*dataFileFn\(\"([^\"]+)\"\)")
_ID_CONST = re.compile(r"\b(\w+Id)\s*=\s*\"([a-z0-9-]+)\"")
_RULE = re.compile(r"newBackwardCompatibilityRule\(\s*(\w+)\s*,\s*(ERR|WARN|INFO)\b")
_RULE_CHECK = re.compile(r"newBackwardCompatibilityRule\(\s*(\w+)\s*,\s*\w+\s*,\s*(\w+)")
_SINGLE = re.compile(r"singleCheckConfig\(\s*checker\.(\w+)")
_LEVEL = re.compile(r"(?:Equal\(t,\s*|Level:\s*)checker\.(ERR|WARN|INFO)\b")
_EMPTY = re.compile(r"require\.(?:Empty\(t, \w+\)|Len\(t, \w+, 0\))")
_NEGATIVE = re.compile(r"requireNoChange|NotContains|require\.False|require\.Nil|!=")
_EDITED = re.compile(
    r"\b\w+\.Spec\.[\w.()\[\]\"/{}, ]*(?:=[^=]|\.(?:Delete|Set|Add)\w*\()|"
    r"\bdelete\(\w+\.Spec|loader\.ReadFromURIFunc|\.Extensions\[[^\]]*\]\s*="
)
_OPTIONS = re.compile(
    r"WithExclude|ExcludeElements|StabilityLevel|WithSeverity|ProcessSeverityLevels|"
    r"SeverityLevels|WithDeprecation|MinSunset|WithAttributes|WithOptionalCheck|"
    r"IncludeChecks|WithVersioningPolicy|diff\.Config\{|PathPrefix|PathStripPrefix|MatchPath"
)
_DIFF_CALL = re.compile(r"diff\.Get\w*\(\s*[^,]+,\s*(\w+),\s*(\w+)\s*\)")
_D_CALL = re.compile(r"\bd\(t,\s*[^,]+,\s*(\d+),\s*(\d+)\s*[,)]")

#: Coarse rule families, by the first word of the test file's name that matches.
_FAMILIES: t.Final = (
    ("contains", "2020-12 contains/minContains/maxContains"),
    ("prefix_items", "2020-12 prefixItems"),
    ("dependent", "2020-12 dependentRequired/dependentSchemas"),
    ("_if_", "2020-12 if/then/else"),
    ("pattern_properties", "2020-12 patternProperties"),
    ("property_names", "2020-12 propertyNames"),
    ("unevaluated", "2020-12 unevaluated*"),
    ("content_updated", "2020-12 contentSchema/Encoding/MediaType"),
    ("deprecation", "deprecation and sunset"),
    ("sunset", "deprecation and sunset"),
    ("stability", "stability levels"),
    ("security", "security"),
    ("webhook", "webhooks"),
    ("all_of", "allOf/anyOf/oneOf"),
    ("any_of", "allOf/anyOf/oneOf"),
    ("one_of", "allOf/anyOf/oneOf"),
    ("discriminator", "discriminator"),
    ("nullab", "nullable"),
    ("enum", "enum"),
    ("const", "const"),
    ("pattern", "pattern"),
    ("default", "default values"),
    ("type", "types and formats"),
    ("min", "bounds"),
    ("max", "bounds"),
    ("required", "required"),
    ("mediatype", "media types"),
    ("media_type", "media types"),
    ("status", "status codes"),
    ("header", "headers"),
    ("parameter", "parameters"),
    ("request_body", "request bodies"),
    ("property", "properties"),
    ("api_", "operations"),
)


def family(test_file: str) -> str:
    """The rule family a test file belongs to, by its name."""
    stem = "_" + test_file.removesuffix("_test.go").removeprefix("check_") + "_"
    return next((name for word, name in _FAMILIES if word in stem), "other")


@dataclass
class Verdict:
    """What oasdiff's tests say about one ordered pair."""

    breaking: bool
    tests: list[str] = field(default_factory=list)
    #: The change ids of the checks the "not breaking" tests ran; ``None``: all checks.
    scope: set[str] | None = None
    family: str = ""


def _rules(checker: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    """oasdiff's level of each change id (by its string and its Go name), and each
    check's change ids, from the Go constants and ``rules.go``."""
    names: dict[str, str] = {}
    for path in checker.glob("*.go"):
        if not path.name.endswith("_test.go"):
            names.update(_ID_CONST.findall(path.read_text(encoding="utf-8")))
    rules = (checker / "rules.go").read_text(encoding="utf-8")
    levels = {names.get(const, const): level for const, level in _RULE.findall(rules)} | {
        const: level for const, level in _RULE.findall(rules)
    }
    checks: dict[str, set[str]] = collections.defaultdict(set)
    for const, check in _RULE_CHECK.findall(rules):
        checks[check].add(names.get(const, const))
    return levels, checks


class _Corpus:
    """Every derivable ordered pair, and the tests that have no mechanical verdict."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.checker = root / "checker"
        self.levels, self.checks = _rules(self.checker)
        helpers = "".join(p.read_text(encoding="utf-8") for p in self.checker.glob("*_test.go"))
        self.handles = dict(_HANDLE.findall(helpers))
        self.pairs: dict[tuple[str, str], Verdict] = {}
        self.underived: list[tuple[str, str]] = []

    def read(self) -> None:
        for path in sorted(self.checker.glob("*_test.go")):
            text = path.read_text(encoding="utf-8")
            for name, body in _FUNCTION.findall(text):
                if "data/" not in body and not re.search(r"\bl\(t, |\bd\(t, |File\(\"", body):
                    continue
                self._test(path.name, name, body)

    def _data(self, expression: str) -> str | None:
        """The data file a Go expression names, relative to ``data/``."""
        literal = re.fullmatch(r"\"\.\./data/([^\"]+)\"", expression.strip())
        if literal:
            return literal.group(1)
        handle = re.fullmatch(r"(\w+)\(\"([^\"]+)\"\)", expression.strip())
        if handle and handle.group(1) in self.handles:
            return f"{self.handles[handle.group(1)]}/{handle.group(2)}"
        return None

    def _loads(self, body: str) -> dict[str, str]:
        """Variables holding a loaded spec, and the file each holds."""
        found: dict[str, str] = {}
        for var, expr in re.findall(
            r"(\w+),\s*(?:err|_)\s*:?=\s*open\((.+?)(?:,\s*\w+\(?\)?)?\)\n", body
        ):
            data = self._data(expr)
            if data:
                found[var] = data
        for var, number in re.findall(r"(\w+)\s*:?=\s*l\(t,\s*(\d+)", body):
            found[var] = f"openapi-test{number}.yaml"
        for var, prefix, number in re.findall(
            r"(\w+)\s*:?=\s*loadFrom\(t,\s*\"\.\./data/([^\"]+)\",\s*(\d+)\)", body
        ):
            found[var] = f"{prefix}spec{number}.yaml"
        for var, expr in re.findall(
            r"(\w+),\s*(?:err|_)\s*:?=\s*load\.NewSpecInfo\(\w+,\s*load\.NewSource\((.+?)\)\)", body
        ):
            data = self._data(expr)
            if data:
                found[var] = data
        return found

    def _pair(self, body: str) -> tuple[str, str] | None:
        loads = self._loads(body)
        call = _DIFF_CALL.search(body)
        if call and call.group(1) in loads and call.group(2) in loads:
            for var in call.groups():
                # Used anywhere but where it is loaded and diffed: edited in Go.
                if len(re.findall(rf"\b{var}\b", body)) > 2 + (call.group(1) == call.group(2)):
                    return None
            return loads[call.group(1)], loads[call.group(2)]
        numbers = _D_CALL.search(body)
        if numbers:
            return tuple(f"openapi-test{n}.yaml" for n in numbers.groups())  # type: ignore[return-value]
        helper = re.search(
            r"\w+\(t,\s*(\"\.\./data/[^\"]+\"|\w+\(\"[^\"]+\"\)),\s*"
            r"(\"\.\./data/[^\"]+\"|\w+\(\"[^\"]+\"\))",
            body,
        )
        if helper:
            base, revision = self._data(helper.group(1)), self._data(helper.group(2))
            if base and revision:
                return base, revision
        return None

    def _level(self, body: str) -> str | None:
        """``"ERR"``, ``"WARN"``, ``"INFO"`` or ``"NONE"`` as the test asserts it."""
        explicit: list[str] = _LEVEL.findall(body)
        if explicit:
            return max(explicit, key=("INFO", "WARN", "ERR").index)
        expected: list[str] = []
        for line in body.splitlines():
            if _NEGATIVE.search(line):
                continue
            for const in re.findall(r"checker\.(\w+Id)\b", line):
                expected.append(self.levels.get(const, "?"))
            for literal in re.findall(r"\"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\"", line):
                if literal in self.levels and "GetId" in body:
                    expected.append(self.levels[literal])
        expected = [level for level in expected if level != "?"]
        if expected:
            return max(expected, key=("INFO", "WARN", "ERR").index)
        if _EMPTY.search(body):
            return "NONE"
        return None

    def _test(self, file: str, name: str, body: str) -> None:
        label = f"{file}:{name}"
        why = None
        if "range " in body and ("tc." in body or "tt." in body):
            why = "table-driven"
        elif _EDITED.search(body):
            why = "documents edited in Go before the diff"
        elif _OPTIONS.search(body):
            why = "diff or checker options contractkit has no counterpart for"
        pair = None if why else self._pair(body)
        if why is None and pair is None:
            why = "no base/revision pair found (or the documents are edited in Go)"
        elif pair is not None and pair[0] == pair[1]:
            why = "documents edited in Go before the diff"
        level = None if why else self._level(body)
        if why is None and level is None:
            why = "no level asserted"
        if why is not None or pair is None or level is None:
            self.underived.append((label, why or ""))
            return
        breaking = level == "ERR"
        single = _SINGLE.findall(body)
        scope = None if breaking or not single else set().union(*(self.checks[c] for c in single))
        verdict = self.pairs.get(pair)
        if verdict is None:
            self.pairs[pair] = Verdict(breaking, [label], scope, family(file))
            return
        verdict.tests.append(label)
        if breaking and not verdict.breaking:
            verdict.breaking, verdict.scope, verdict.family = True, None, family(file)
        elif not breaking and not verdict.breaking:
            both = None if scope is None or verdict.scope is None else verdict.scope | scope
            verdict.scope = both


def _contractkit(root: Path, pair: tuple[str, str]) -> tuple[bool | None, list[str]]:
    """Whether contractkit rates ``pair`` breaking, and the breaking change ids."""
    try:
        old = read_document(root / "data" / pair[0])
        new = read_document(root / "data" / pair[1])
        changes = diff_documents(old, new)
    except (ContractError, DiffError, OSError) as error:
        return None, [f"error: {error}"]
    breaking = sorted({change.id for change in changes if change.level == "breaking"})
    return bool(breaking), breaking


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("oasdiff", type=Path, help="a checkout of github.com/oasdiff/oasdiff")
    parser.add_argument("--list", action="store_true", help="list every disagreement")
    parser.add_argument("--json", type=Path, help="write every pair's result to this file")
    args = parser.parse_args(argv)
    corpus = _Corpus(args.oasdiff)
    corpus.read()
    started = time.perf_counter()
    tally: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    rows: list[dict[str, t.Any]] = []
    scoped: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for pair, verdict in sorted(corpus.pairs.items()):
        ours, ids = _contractkit(args.oasdiff, pair)
        if ours is None:
            outcome = within = "error"
        elif verdict.breaking:
            outcome = within = "breaking found" if ours else "breaking missed"
        else:
            outcome = "false alarm" if ours else "non-breaking right"
            # What the checks the test ran can see: their ids, and ids oasdiff lacks.
            seen = [
                i
                for i in ids
                if verdict.scope is None or i in verdict.scope or i not in corpus.levels
            ]
            within = "false alarm" if seen else "non-breaking right"
        for key in ("all", verdict.family):
            tally[key][outcome] += 1
            scoped[key][within] += 1
        rows.append(
            {
                "base": pair[0],
                "revision": pair[1],
                "oasdiff": "breaking" if verdict.breaking else "not breaking",
                "one-check-only": verdict.scope is not None,
                "outcome within the checks run": within,
                "contractkit": ids,
                "outcome": outcome,
                "family": verdict.family,
                "tests": verdict.tests,
            }
        )
    elapsed = time.perf_counter() - started
    agree = ("breaking found", "non-breaking right")
    print(f"{len(corpus.pairs)} ordered pairs from oasdiff's checker tests ({elapsed:.1f} s)")
    partial = [row for row in rows if row["one-check-only"]]
    print(
        f"{len(partial)} of them are 'not breaking' by tests that ran one check only; "
        "'within the checks run' sets aside contractkit's\nbreaking changes those checks "
        "cannot see (ids of oasdiff's other checks)."
    )
    for title, table in (("whole documents", tally), ("within the checks run", scoped)):
        print(f"\n{title}:")
        for key in ["all", *sorted(k for k in table if k != "all")]:
            counts = table[key]
            total = sum(counts.values())
            good = sum(counts[name] for name in agree)
            detail = ", ".join(
                f"{counts[name]} {name}"
                for name in (*agree, "breaking missed", "false alarm", "error")
                if counts[name]
            )
            print(f"{key:45} {good:4}/{total:<4} {100 * good / total:5.1f}%  ({detail})")
    print(f"tests without a mechanical verdict: {len(corpus.underived)}")
    for why, count in collections.Counter(why for _, why in corpus.underived).most_common():
        print(f"  {count:4}  {why}")
    if args.list:
        for row in rows:
            if row["outcome"] not in agree:
                fine = row["outcome within the checks run"] in agree
                mark = " (one check only; agrees within it)" if fine else ""
                print(
                    f"{row['outcome']}: {row['base']} -> {row['revision']}{mark} "
                    f"[{row['family']}] {row['contractkit']} {row['tests'][0]}"
                )
    if args.json:
        args.json.write_text(
            json.dumps({"pairs": rows, "underived": corpus.underived}, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
