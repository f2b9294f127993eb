"""``contractkit diff`` on two large documents: 5,000 operations each, every one changed.

Each operation has a path and a query parameter, a JSON request body with nested
properties, 2020-12 keywords and a shared ``$ref``, and three responses (one a
custom code with its fallback). The revision edits every operation (a bound, an
enum value, a property added), so the walk visits all of it. The figures are the
whole command (``contractkit diff old.yaml new.yaml`` in a subprocess: reading,
comparing, writing the report) and ``diff_documents`` alone, beside the cost of
only reading the two files, in the same run, for JSON and YAML files::

    python benchmarks/bench_diff.py [--operations 5000] [--format json|yaml]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path

import yaml

from contractkit.specfile.diff import diff_documents
from contractkit.specfile.files import read_document


def _operation(index: int, revised: bool) -> dict[str, t.Any]:
    name: dict[str, t.Any] = {"type": "string", "maxLength": 40 if revised else 64}
    properties: dict[str, t.Any] = {
        "name": name,
        "kind": {"type": "string", "enum": ["a", "b", "c"] if revised else ["a", "b"]},
        "count": {"type": "integer", "minimum": 0, "maximum": 1000},
        "tags": {
            "type": "array",
            "items": {"type": "string", "pattern": "^[a-z]+$"},
            "contains": {"const": "main"},
            "maxItems": 20,
        },
        "owner": {"$ref": "#/components/schemas/Owner"},
        "extra": {
            "type": "object",
            "patternProperties": {"^x-": {"type": "string"}},
            "propertyNames": {"maxLength": 30},
        },
    }
    if revised:
        properties["note"] = {"type": "string"}
    body = {"type": "object", "required": ["name", "kind"], "properties": properties}
    item = {"$ref": "#/components/schemas/Item"}
    return {
        "operationId": f"op{index}",
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
            {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 100}},
        ],
        "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": item}}},
            "404": {"description": "Not found"},
            "460": {
                "description": "Tier limit",
                "x-fallback": 429,
                "content": {"application/problem+json": {"schema": {"type": "object"}}},
            },
            "429": {
                "description": "Answered in place of 460",
                "content": {"application/problem+json": {"schema": {"type": "object"}}},
            },
        },
    }


def document(operations: int, revised: bool) -> dict[str, t.Any]:
    """An OpenAPI 3.1 document with ``operations`` operations (two per path)."""
    paths = {
        f"/things{index}/{{id}}": {
            "get" if index % 2 else "put": _operation(2 * index, revised),
            "post": _operation(2 * index + 1, revised),
        }
        for index in range(operations // 2)
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Big", "version": "2" if revised else "1"},
        "paths": paths,
        "components": {
            "schemas": {
                "Owner": {"type": "object", "properties": {"id": {"type": "integer"}}},
                "Item": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "owner": {"$ref": "#/components/schemas/Owner"},
                    },
                },
            }
        },
    }


def _run(command: str, folder: str, operations: int, fmt: str) -> None:
    old_path, new_path = Path(folder, f"old.{fmt}"), Path(folder, f"new.{fmt}")
    for path, revised in ((old_path, False), (new_path, True)):
        data = document(operations, revised)
        text = json.dumps(data) if fmt == "json" else yaml.safe_dump(data)
        path.write_text(text, encoding="utf-8")
    size = (old_path.stat().st_size + new_path.stat().st_size) / 1e6
    start = time.perf_counter()
    old, new = read_document(old_path), read_document(new_path)
    reading = time.perf_counter() - start
    start = time.perf_counter()
    changes = diff_documents(old, new)
    comparing = time.perf_counter() - start
    start = time.perf_counter()
    done = subprocess.run(
        [command, "diff", str(old_path), str(new_path)], capture_output=True, check=False
    )
    whole = time.perf_counter() - start
    if done.returncode != 1:
        sys.exit(f"contractkit diff exited {done.returncode}: {done.stderr.decode()[-500:]}")
    print(f"{fmt}: {operations} operations, {size:.1f} MB in all, {len(changes)} changes")
    print(f"  reading both files      {reading:6.2f} s")
    print(f"  diff_documents          {comparing:6.2f} s  ({comparing / reading:.2f}x reading)")
    print(f"  contractkit diff (CLI)  {whole:6.2f} s  ({whole / reading:.2f}x reading)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--operations", type=int, default=5000)
    parser.add_argument("--format", choices=["json", "yaml"], action="append")
    args = parser.parse_args()
    command = shutil.which("contractkit")
    if command is None:
        sys.exit("contractkit is not installed: pip install -e '.[dev]'")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in args.format or ["json", "yaml"]:
            _run(command, folder, args.operations, fmt)


if __name__ == "__main__":
    main()
