"""Recall and precision of ``contractkit propose`` on apps whose contract is known.

Run it with ``python benchmarks/propose_recall.py`` (add ``--flask PATH``, a clone
or bare git directory of pallets/flask, for its ``examples/tutorial`` app, flaskr;
``--only NAME`` for one app; ``--json FILE`` to save the figures). Each app is
copied into a temporary directory and stripped of its declarations:

- ``example_app/``: every ``@responds`` and ``register_status`` removed; and
  again with its ``register_status`` lines kept (``example_app+phrases``), since
  the phrases its tests assert live only in those registrations;
- the apps of ``tests/peers/`` (flask-smorest, flask-restx, APIFlask, flasgger,
  spectree, flask-openapi3): ``ck.init_app(app, spec=...)`` becomes
  ``ck.init_app(app)`` and the registrations go, so contractkit sees an app that
  declares nothing while the library keeps documenting it as before;
- flaskr, which never used contractkit: the two lines of ``init_app``
  (``app.config.from_prefixed_env()`` and ``ContractKit(app)``) are added.

Then the app's tests run with ``--contract-record``, ``contractkit propose
--apply`` writes the declarations, and the tests run again in strict mode, where
body checks are on. The known contract is what the app declared before (its
decorators, or the document its library builds), kept to the (operation, code)
pairs that its tests answer or its source sends: a documented code nothing sends
is not asked for. flaskr declared nothing, so its known contract is what its
tests answer plus what its source sends, read by hand and listed in
:data:`FLASKR_KNOWN`. Recall is the share of the known pairs the proposal
declares; precision the share of the proposed pairs that are known.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import typing as t
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import libcst as cst

ROOT = Path(__file__).resolve().parent.parent
CONTRACTKIT = str(Path(sys.executable).parent / "contractkit")

#: Prints the (operation, code) pairs an app declares, then per pair whether its
#: tests answered it (in the records) or its source sends it (the lint's sites).
PAIRS = """
import json, sys, warnings
warnings.simplefilter("ignore")
from flask.cli import locate_app
from contractkit.lint.linter import view_sites
from contractkit.lint.status_sites import SourceCache
from contractkit.recording.reading import read_records
from contractkit.declare.paths import openapi_path
from contractkit.state import app_state
module, name, records = sys.argv[1:4]
app = locate_app(module, name)
contract = app_state(app).contract()
cache = SourceCache()
seen = set()
if records:
    for endpoint, method, status, _ in read_records([records]).observed:
        seen.add((endpoint, method, status))
pairs = []
for op in contract.operations:
    sites = view_sites(app, op.endpoint, op.method, cache)
    sent = {s.code for s in sites} if isinstance(sites, list) else set()
    tested = {code for e, m, code in seen if (e, m) == (op.endpoint, op.method)}
    # A document's "default" or "4XX" response declares the codes it covers.
    covered = {c for c in sent | tested if any(a.covers(c) for a in op.catch_alls)}
    # Left out: the 404 contractkit declares for the router, not the view.
    declared = {c for c, r in op.responses.items() if not r.routing}
    for code in sorted(declared | covered):
        # Named by the route (a document's names leave out a Swagger 2.0 basePath).
        name = f"{op.method} {openapi_path(op.rule)}"
        pairs.append([name, code, (op.endpoint, op.method, code) in seen, code in sent])
print(json.dumps({"operations": len(contract.operations), "pairs": pairs}))
"""

#: Sends a peer's calls (those its tests expect the document to declare, and its
#: custom code's) and prints how many answered as expected without a violation.
PEER_CALLS = """
import json, sys, warnings
warnings.simplefilter("ignore")
from tests.peers.test_peers import PEERS
from tests.peers.peer_checks import Call
module_name, mode, records = sys.argv[1:4]
if records:
    from contractkit.testing.recording import ContractRecording
    recording = ContractRecording(records)
peer = next(p for p in PEERS if p.module_name == module_name)
calls = list(peer.declared)
if peer.custom:
    calls.append(Call("get", peer.custom[0], int(peer.custom[1].split()[0])))
failed = []
for call in calls:
    app = peer.module.create_app({"CONTRACTKIT_MODE": mode, "TESTING": True})
    response = call.send(app)
    if response.status_code != call.status or app.extensions["contractkit"].violations.total:
        failed.append(f"{call}: {response.status} {response.get_data(as_text=True)[:300]}")
if records:
    recording.pytest_unconfigure()
print(json.dumps({"passed": len(calls) - len(failed), "total": len(calls), "failed": failed}))
"""

#: The peer apps, by module; the hand-written document's app is left out (it has no
#: library to keep documenting it: stripping its document leaves nothing to measure).
PEER_MODULES = (
    "smorest_app",
    "restx_app",
    "restx_todo_app",
    "apiflask_app",
    "flasgger_app",
    "flasgger_template_app",
    "spectree_app",
    "openapi3_app",
)

#: restx_todo's own test module, less the tests of contractkit itself (its line
#: count, its served conversion, a violation it must report).
RESTX_TODO_TESTS = (
    "tests/peers/test_restx_todo.py",
    "-k",
    "not two_lines and not enforced_conversion and not document_lacks",
)

#: flaskr's contract, read from its source and tests: every (operation, code) its
#: tests answer or its views send. ``GET /hello`` answers 200; ``/`` is an alias of
#: ``blog.index`` (``add_url_rule`` without a view).
FLASKR_KNOWN = frozenset(
    {
        ("GET /hello", 200),
        ("GET /auth/register", 200),
        ("POST /auth/register", 200),
        ("POST /auth/register", 302),
        ("GET /auth/login", 200),
        ("POST /auth/login", 200),
        ("POST /auth/login", 302),
        ("GET /auth/logout", 302),
        ("GET /", 200),
        ("GET /create", 200),
        ("GET /create", 302),
        ("POST /create", 200),
        ("POST /create", 302),
        ("GET /{id}/update", 200),
        ("GET /{id}/update", 302),
        ("GET /{id}/update", 403),
        ("GET /{id}/update", 404),
        ("POST /{id}/update", 200),
        ("POST /{id}/update", 302),
        ("POST /{id}/update", 403),
        ("POST /{id}/update", 404),
        ("POST /{id}/delete", 302),
        ("POST /{id}/delete", 403),
        ("POST /{id}/delete", 404),
    }
)


@dataclass
class Result:
    """One app's figures."""

    app: str
    operations: int
    known: int
    proposed: int
    found: int
    strict_passed: int
    strict_total: int
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    #: Proposed pairs that neither the tests answer nor the source sends.
    invented: list[str] = field(default_factory=list)
    #: Pairs the app declared that neither its tests answer nor its source sends.
    unsent: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.known if self.known else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.proposed if self.proposed else 1.0


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(cwd), **env},
        check=False,
        timeout=600,
    )


def _json(done: subprocess.CompletedProcess[str]) -> dict[str, t.Any]:
    """The JSON object a script printed last."""
    try:
        return t.cast(dict[str, t.Any], json.loads(done.stdout.strip().splitlines()[-1]))
    except (IndexError, ValueError):
        sys.exit(f"{done.args}: {done.stdout}{done.stderr}")


def _pairs(cwd: Path, module: str, name: str, records: str = "") -> dict[str, t.Any]:
    return _json(_run([sys.executable, "-c", PAIRS, module, name, records], cwd))


def _declared(pairs: dict[str, t.Any]) -> set[tuple[str, int]]:
    return {(p[0], p[1]) for p in pairs["pairs"]}


def _propose(cwd: Path, app: str, records: str) -> subprocess.CompletedProcess[str]:
    done = _run([CONTRACTKIT, "propose", "--app", app, records, "--apply"], cwd)
    if done.returncode != 0:
        sys.exit(f"propose --app {app}: {done.stdout}{done.stderr}")
    return done


def _result(
    app: str,
    truth: set[tuple[str, int]],
    after: dict[str, t.Any],
    strict: tuple[int, int],
    before: t.AbstractSet[tuple[str, int]] = frozenset(),
) -> Result:
    """``before``: what the stripped app still declares (``@accepts``' input error code)."""
    proposed = _declared(after)
    return Result(
        app=app,
        operations=after["operations"],
        known=len(truth),
        proposed=len(proposed),
        found=len(proposed & truth),
        strict_passed=strict[0],
        strict_total=strict[1],
        missed=[f"{op} {code}" for op, code in sorted(truth - proposed)],
        extra=[f"{op} {code}" for op, code in sorted(proposed - truth)],
        invented=[
            f"{p[0]} {p[1]}" for p in after["pairs"] if not (p[2] or p[3] or (p[0], p[1]) in before)
        ],
    )


def _pytest_counts(done: subprocess.CompletedProcess[str]) -> tuple[int, int]:
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|error)", last)}
    passed = counts.get("passed", 0)
    return passed, passed + counts.get("failed", 0) + counts.get("error", 0)


# -- example_app -------------------------------------------------------------------


class _Strip(cst.CSTTransformer):
    def __init__(self, registrations: bool = True) -> None:
        super().__init__()
        #: Whether ``register_status`` lines go too, or only the ``@responds``.
        self.registrations = registrations

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
        if self.registrations and "register_status(" in code:
            return cst.RemoveFromParent()
        return updated_node


def example_app(root: Path, registrations: bool = True) -> Result:
    name = "example_app" if registrations else "example_app+phrases"
    shutil.copytree(ROOT / "example_app", root / "example_app")
    shutil.copytree(ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    target = ("example_app", "create_app()")
    truth = _declared(_pairs(root, *target))  # every declared code is tested or sent
    for path in (root / "example_app").glob("*.py"):
        stripped = cst.parse_module(path.read_text()).visit(_Strip(registrations)).code
        path.write_text(stripped.replace("item_not_found = responds(", "_unused = responds("))
    before = _declared(_pairs(root, *target))
    tests = [sys.executable, "-m", "pytest", "tests/test_example_app.py", "-q", "-p"]
    tests.append("no:cacheprovider")
    _run([*tests, "--contract-record=records"], root)
    _propose(root, "example_app:create_app()", "records")
    strict = _pytest_counts(_run(tests, root))  # the example app runs in strict mode
    after = _pairs(root, *target, "records")
    return _result(name, truth, after, strict, before)


# -- the peers ---------------------------------------------------------------------


def _strip_peer(path: Path) -> None:
    text = path.read_text()
    text = re.sub(r"ck\.init_app\(app, spec=.*\)  #", "ck.init_app(app)  #", text)
    text = re.sub(r"\n *ck\.register_status\(.*\)  # contractkit", "", text)
    path.write_text(text)


def _peer_strict(root: Path, module: str, records: str = "") -> tuple[int, int]:
    if module.endswith("restx_todo_app"):
        args = [sys.executable, "-m", "pytest", *RESTX_TODO_TESTS, "-q", "-p", "no:cacheprovider"]
        if records:
            args.append(f"--contract-record={records}")
        return _pytest_counts(_run(args, root))
    mode = "report" if records else "strict"
    done = _json(_run([sys.executable, "-c", PEER_CALLS, module, mode, records], root))
    for failure in done["failed"] if not records else []:
        print(f"  {module}: {failure}", file=sys.stderr)
    return done["passed"], done["total"]


def peer(root: Path, name: str) -> Result:
    """One app of ``tests/peers/``, by module name."""
    shutil.copytree(
        ROOT / "tests" / "peers", root / "tests" / "peers", ignore=shutil.ignore_patterns("__py*")
    )
    shutil.copy(ROOT / "tests" / "__init__.py", root / "tests" / "__init__.py")
    module = f"tests.peers.{name}"
    records = str(root / "records")
    path = root / "tests" / "peers" / f"{name}.py"
    shutil.copy(path, path.with_name(f"{name}_known.py"))  # the app as it declared itself
    _strip_peer(path)
    _peer_strict(root, module, records)  # its tests, recorded; the app declares nothing
    original = _pairs(root, f"{module}_known", "create_app()", records)
    truth = {(p[0], p[1]) for p in original["pairs"] if p[2] or p[3]}
    unsent = sorted(f"{p[0]} {p[1]}" for p in original["pairs"] if not (p[2] or p[3]))
    _propose(root, f"{module}:create_app()", records)
    result = _result(
        name, truth, _pairs(root, module, "create_app()", records), _peer_strict(root, module)
    )
    result.unsent = unsent
    return result


# -- flaskr ------------------------------------------------------------------------

_FLASKR_INIT = """
    app.config.from_prefixed_env()
    ContractKit(app)

    return app
"""


def _flaskr_copy(source: Path, root: Path) -> None:
    """``examples/tutorial`` of a Flask clone, or of a bare git directory (``fetch``'s)."""
    if (source / "examples" / "tutorial").is_dir():
        shutil.copytree(source / "examples" / "tutorial", root, dirs_exist_ok=True)
        return
    archive = subprocess.run(
        ["git", f"--git-dir={source}", "archive", "HEAD", "examples/tutorial"],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive.stdout, check=True)
    shutil.copytree(root / "examples" / "tutorial", root, dirs_exist_ok=True)
    shutil.rmtree(root / "examples")


def flaskr(root: Path, source: Path) -> Result:
    _flaskr_copy(source, root)
    init = root / "flaskr" / "__init__.py"
    text = init.read_text().replace("\n    return app\n", _FLASKR_INIT, 1)
    init.write_text("from contractkit import ContractKit\n" + text)
    tests = [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider"]
    _run([*tests, "--contract-record=records"], root)
    _propose(root, "flaskr:create_app()", "records")
    strict = _pytest_counts(_run(tests, root, FLASK_CONTRACTKIT_MODE="strict"))
    truth = set(FLASKR_KNOWN)
    result = _result("flaskr", truth, _pairs(root, "flaskr", "create_app()", "records"), strict)
    return result


# -- the table ---------------------------------------------------------------------


def table(results: list[Result]) -> str:
    header = (
        "app",
        "operations",
        "known",
        "proposed",
        "recall",
        "precision",
        "invented",
        "strict tests",
    )
    rows = [
        (
            r.app,
            str(r.operations),
            str(r.known),
            str(r.proposed),
            f"{r.recall:.3f}",
            f"{r.precision:.3f}",
            str(len(r.invented)),
            f"{r.strict_passed}/{r.strict_total}",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    head = "  ".join(c.ljust(w) for c, w in zip(header, widths, strict=True))
    return "\n".join([head, *lines])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--flask", type=Path, help="a clone or bare git directory of Flask")
    parser.add_argument("--only", action="append", help="measure only these apps")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args()
    jobs: dict[str, Callable[[Path], Result]] = {
        "example_app": example_app,
        "example_app+phrases": functools.partial(example_app, registrations=False),
    }
    jobs.update({name: functools.partial(peer, name=name) for name in PEER_MODULES})
    if options.flask is not None:
        jobs["flaskr"] = lambda root: flaskr(root, options.flask.resolve())
    results = []
    for name, job in jobs.items():
        if options.only and name not in options.only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            result = job(Path(tmp))
        results.append(result)
        for label in ("missed", "extra", "invented", "unsent"):
            for pair in getattr(result, label):
                print(f"  {name}: {label} {pair}", file=sys.stderr)
    print(table(results))
    if options.json is not None:
        figures = [{**asdict(r), "recall": r.recall, "precision": r.precision} for r in results]
        options.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
