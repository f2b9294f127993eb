"""``contractkit diff`` on real consecutive versions of Stripe's API, from stripe/openapi's history.

The pairs are a fixed rule over the git history, so every run builds the same
ones: the commits that change ``openapi/spec3.json``, oldest first; each
version and the next one form a pair when both files are in the git directory
(a shallow or size-limited mirror can lack the big ones) and differ; every
``--every``-th such pair is kept (the 1st, the (k+1)-th, ...). The files are
written to a cache directory once and never into this repository::

    python benchmarks/bench_diff_pairs.py /path/to/stripe-openapi.git [--cache DIR]
        [--every 2] [--write-expected]

Each pair is run through the ``diff`` command in this process (click's test
runner: reading both files, comparing, writing the JSON report), timed in CPU
seconds beside the cost of reading the two files alone. The script prints the
time per pair (median, p90, max), the changes listed per pair and the pairs
that crashed, and compares each pair's tally (changes, breaking changes) with
``bench_diff_pairs.expected.json``, so a rerun shows what drifted.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path

from click.testing import CliRunner

from contractkit.cli.commands import diff_command
from contractkit.specfile.files import read_document

SPEC = "openapi/spec3.json"
EXPECTED = Path(__file__).with_name("bench_diff_pairs.expected.json")


class Pair(t.NamedTuple):
    """Two consecutive versions: the commit and blob of each."""

    old_commit: str
    old_blob: str
    new_commit: str
    new_blob: str

    @property
    def name(self) -> str:
        return f"{self.old_commit[:10]}..{self.new_commit[:10]}"


def _git(git_dir: Path, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        ["git", f"--git-dir={git_dir}", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def pairs(git_dir: Path, every: int) -> list[Pair]:
    """The pairs the rule in the module docstring selects, oldest first."""
    log = _git(git_dir, "log", "--reverse", "--format=%H", "--", SPEC).split()
    listed = _git(git_dir, "rev-parse", *(f"{commit}:{SPEC}" for commit in log)).split()
    check = _git(git_dir, "cat-file", "--batch-check", stdin="\n".join(listed) + "\n")
    present = {line.split()[0] for line in check.splitlines() if not line.endswith("missing")}
    versions = list(zip(log, listed, strict=True))
    found = [
        Pair(old[0], old[1], new[0], new[1])
        for old, new in itertools.pairwise(versions)
        if old[1] in present and new[1] in present and old[1] != new[1]
    ]
    return found[::every]


def _cached(git_dir: Path, cache: Path, blob: str) -> Path:
    path = cache / f"{blob}.json"
    if not path.exists():
        text = _git(git_dir, "cat-file", "blob", blob)
        partial = path.with_suffix(".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path


def _percentile(values: t.Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _run(old: Path, new: Path) -> tuple[float, float, dict[str, t.Any] | str]:
    """CPU seconds reading the two files, CPU seconds of the command, its report or error."""
    start = time.process_time()
    read_document(old)
    read_document(new)
    reading = time.process_time() - start
    start = time.process_time()
    result = CliRunner().invoke(diff_command, [str(old), str(new), "--format", "json"])
    whole = time.process_time() - start
    if result.exit_code not in (0, 1):
        return reading, whole, f"exit {result.exit_code}: {result.output[-300:]}{result.exception}"
    return reading, whole, json.loads(result.stdout)


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("git_dir", type=Path, help="a clone of github.com/stripe/openapi")
    parser.add_argument("--cache", type=Path, help="where the versions are written (default: tmp)")
    parser.add_argument("--every", type=int, default=2, help="keep every k-th pair (default 2)")
    parser.add_argument("--write-expected", action="store_true", help="record these tallies")
    args = parser.parse_args(argv)
    cache = args.cache or Path(tempfile.gettempdir(), "contractkit-stripe-pairs")
    cache.mkdir(parents=True, exist_ok=True)
    selected = pairs(args.git_dir, args.every)
    print(f"{len(selected)} pairs: every {args.every}th consecutive change of {SPEC}")
    times: list[float] = []
    readings: list[float] = []
    listed: list[int] = []
    crashes: list[str] = []
    tallies: dict[str, list[int]] = {}
    for pair in selected:
        old = _cached(args.git_dir, cache, pair.old_blob)
        new = _cached(args.git_dir, cache, pair.new_blob)
        reading, whole, report = _run(old, new)
        if isinstance(report, str):
            crashes.append(f"{pair.name}: {report}")
            tallies[pair.name] = [-1, -1]
            continue
        times.append(whole)
        readings.append(reading)
        count = len(report["changes"])
        listed.append(count)
        tallies[pair.name] = [count, report["breaking"]]
        print(f"  {pair.name}  {whole:6.2f} s  {count:5} changes, {report['breaking']} breaking")
    print(f"\npairs run: {len(selected)}, crashed: {len(crashes)}")
    for crash in crashes:
        print(f"  crash {crash}")
    if times:
        print("CPU seconds per pair     median    p90     max")
        for label, values in (("diff command", times), ("reading both files", readings)):
            print(
                f"  {label:22} {statistics.median(values):6.2f} {_percentile(values, 0.9):6.2f} "
                f"{max(values):7.2f}"
            )
        print(
            f"changes listed per pair: median {statistics.median(listed):.0f}, "
            f"p90 {_percentile(listed, 0.9)}, max {max(listed)}, total {sum(listed)}"
        )
    if args.write_expected:
        EXPECTED.write_text(json.dumps(tallies, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {EXPECTED.name}")
    elif EXPECTED.exists():
        expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
        drift = sorted(
            name
            for name in expected.keys() | tallies.keys()
            if expected.get(name) != tallies.get(name)
        )
        print(f"drift from {EXPECTED.name} ([changes, breaking] per pair): {len(drift)} pairs")
        for name in drift:
            print(f"  {name}: expected {expected.get(name)}, got {tallies.get(name)}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
