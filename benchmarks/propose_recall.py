"""Recall and precision of ``contractkit propose`` on ``example_app/``, declarations stripped.

Run it with ``python benchmarks/propose_recall.py``. In a temporary copy of the
repository's ``example_app/`` and ``tests/``, every ``@responds`` and
``register_status`` is removed (``@accepts`` stays: it is input, not the
contract's responses); ``tests/test_example_app.py`` runs with
``--contract-record``; ``propose --apply`` writes the declarations. The
(operation, code) pairs of the original contract are compared with those of the
proposed one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import libcst as cst

ROOT = Path(__file__).resolve().parent.parent
CONTRACTKIT = str(Path(sys.executable).parent / "contractkit")
PAIRS = """
import json
from example_app import create_app
from contractkit.state import app_state
contract = app_state(create_app()).contract()
print(json.dumps(sorted({(op.name, code) for op in contract.operations for code in op.responses})))
"""


class _Strip(cst.CSTTransformer):
    def leave_Decorator(
        self, original_node: cst.Decorator, updated_node: cst.Decorator
    ) -> cst.Decorator | cst.RemovalSentinel:
        code = cst.Module([]).code_for_node(updated_node.decorator)
        if code.startswith(("responds(", "item_not_found")):
            return cst.RemoveFromParent()
        return updated_node

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        code = cst.Module([]).code_for_node(updated_node)
        if "register_status(" in code:
            return cst.RemoveFromParent()
        return updated_node


def _pairs(cwd: Path) -> set[tuple[str, int]]:
    done = _run([sys.executable, "-c", PAIRS], cwd)
    return {(name, code) for name, code in json.loads(done.stdout)}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd), "FLASK_APP": "example_app:create_app()"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, check=False)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "example_app", root / "example_app")
        shutil.copytree(
            ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__")
        )
        truth = _pairs(root)
        for path in (root / "example_app").glob("*.py"):
            text = path.read_text()
            stripped = cst.parse_module(text).visit(_Strip()).code
            stripped = stripped.replace("item_not_found = responds(", "_unused = responds(")
            path.write_text(stripped)
        before = _pairs(root)
        _run(
            [
                sys.executable,
                "-m",
                "pytest",
                "tests/test_example_app.py",
                "-q",
                "-p",
                "no:cacheprovider",
                "--contract-record=records",
            ],
            root,
        )
        applied = _run([CONTRACTKIT, "propose", "records", "--apply"], root)
        if applied.returncode != 0:
            sys.exit(applied.stdout + applied.stderr)
        after = _pairs(root)
        found = after & truth
        print(
            f"declared originally: {len(truth)} (operation, code) pairs; left after stripping: "
            f"{len(before)}"
        )
        print(f"after propose --apply: {len(after)}; of the original: {len(found)}")
        print(f"recall {len(found) / len(truth):.3f}  precision {len(found) / len(after):.3f}")
        print("missed:", sorted(truth - after))
        print("extra:", sorted(after - truth))
        tests = _run(
            [
                sys.executable,
                "-m",
                "pytest",
                "tests/test_example_app.py",
                "-q",
                "-p",
                "no:cacheprovider",
            ],
            root,
        )
        print("its own tests, strict mode, after --apply:", tests.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
