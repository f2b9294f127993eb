"""``contractkit propose`` at scale: merging recorded responses, and a 1,000-route proposal.

Run it with ``python benchmarks/bench_propose.py``. Two measurements:

- Merging: record files of 8 processes holding 1,000,000 responses in all
  (one line each, as ``pytest --contract-record`` writes them; 300 endpoints,
  a few statuses and body shapes each) read by ``read_records``. Seconds, and
  the peak of Python's allocations (tracemalloc) beside the same merge of
  100,000 responses: flat memory means the two peaks are alike.
- Proposing: an app of 1,000 routes that declares nothing, each with a
  recorded body, planned, patched (libcst) and diffed as ``propose`` does.
- Proposing into a document: the same routes enforcing a commented YAML
  document whose operations list only their 200; the 404s planned, compared
  with the document's schemas (drift), written back (ruamel.yaml) and diffed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contractkit.propose.document_drift import document_drift
from contractkit.propose.document_patch import build_document_patch
from contractkit.propose.patch import build_patch, schema_module
from contractkit.propose.plan import plan
from contractkit.recording.reading import read_records
from contractkit.recording.shapes import observe


def write_records(directory: Path, responses: int, files: int = 8) -> None:
    """``responses`` lines over ``files`` files, one response each."""
    lines = []
    for endpoint in range(300):
        for status, body in ((200, {"id": 1, "name": "x"}), (404, {"error": "x"})):
            for variant in range(2):
                shape = observe({**body, **({"note": None} if variant else {})})
                record = {
                    "v": 1,
                    "source": "tests" if variant else "production",
                    "app": "bench",
                    "endpoint": f"view_{endpoint}",
                    "method": "GET",
                    "status": status,
                    "phrase": "OK",
                    "media": "application/json",
                    "headers": [],
                    "body": shape,
                }
                text = json.dumps(record, sort_keys=True, separators=(",", ":"))
                lines.append(f'{{"count":1,"record":{text}}}\n')
    directory.mkdir(parents=True, exist_ok=True)
    per_file = responses // files
    for number in range(files):
        with (directory / f"tests-bench-{number}.jsonl").open("w") as file:
            for index in range(per_file):
                file.write(lines[(index * 7 + number) % len(lines)])


def measure_merge(directory: Path) -> tuple[float, int, int]:
    """Seconds, responses read, and peak bytes allocated.

    Timed without tracemalloc (which slows every allocation several times),
    then merged again under it for the peak.
    """
    started = time.perf_counter()
    records = read_records([directory])
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    read_records([directory])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, records.responses, peak


APP_HEAD = """from flask import Flask, jsonify

from contractkit import ContractKit

app = Flask(__name__)
ContractKit(app)
"""
VIEW = """

@app.route("/things{n}/<int:thing_id>")
def view_{n}(thing_id):
    if thing_id == 0:
        return jsonify(error="missing"), 404
    return jsonify(id=thing_id, name="thing", tags=["a"], created="2026-12-24T10:00:00Z")
"""


OPERATION = """\
  /things{n}/{{thing_id}}:  # thing {n}
    parameters:
      - {{name: thing_id, in: path, required: true, schema: {{type: integer}}}}
    get:
      responses:
        "200":
          description: The thing.
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Thing"}}
"""
DOCUMENT_TAIL = """\
components:
  schemas:
    Thing:  # every thing
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
        tags: {type: array, items: {type: string}}
        created: {type: string, format: date-time}
"""


def measure_proposal(
    root: Path, routes: int, spec_driven: bool = False
) -> tuple[float, float, float, int]:
    """Seconds to import the app; seconds (wall, then CPU) to plan, patch and diff it;
    lines of diff. CPU seconds leave out the time a loaded machine makes it wait."""
    name = "bench_document_app" if spec_driven else "bench_routes_app"
    head = APP_HEAD
    if spec_driven:
        head = head.replace("ContractKit(app)", 'ContractKit(app, spec="bench_routes.yaml")')
        (root / "bench_routes.yaml").write_text(
            "openapi: 3.0.3\ninfo: {title: Things, version: '1'}\npaths:\n"
            + "".join(OPERATION.format(n=n) for n in range(routes))
            + DOCUMENT_TAIL
        )
    (root / f"{name}.py").write_text(head + "".join(VIEW.format(n=n) for n in range(routes)))
    records = root / f"{name}-records"
    records.mkdir()
    with (records / "tests-routes.jsonl").open("w") as file:
        for n in range(routes):
            for status, body in (
                (200, {"id": 1, "name": "t", "tags": ["a"], "created": "2026-12-24T10:00:00Z"}),
                (404, {"error": "x"}),
            ):
                record = {
                    "v": 1,
                    "source": "tests",
                    "app": name,
                    "endpoint": f"view_{n}",
                    "method": "GET",
                    "status": status,
                    "phrase": "OK",
                    "media": "application/json",
                    "headers": [],
                    "body": observe(body),
                }
                file.write(f'{{"count":1,"record":{json.dumps(record, sort_keys=True)}}}\n')
    sys.path.insert(0, str(root))
    loading = time.perf_counter()
    app = importlib.import_module(name).app
    started = time.perf_counter()
    cpu = time.process_time()
    recorded = read_records([records])
    if spec_driven:
        proposal = plan(app, recorded)
        proposal.drift += document_drift(app, recorded)
        patch = build_document_patch(proposal, app)
    else:
        schemas = schema_module(app)
        proposal = plan(app, recorded, schemas.taken())
        patch = build_patch(proposal, schemas, app)
    diff = patch.diff(root)
    wall = time.perf_counter() - started
    return started - loading, wall, time.process_time() - cpu, diff.count("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--routes", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_records(root / "small", args.responses // 10)
        write_records(root / "large", args.responses)
        small = measure_merge(root / "small")
        large = measure_merge(root / "large")
        print(f"merge {small[1]:>9,} responses: {small[0]:6.2f} s, peak {small[2] / 1e6:6.1f} MB")
        print(f"merge {large[1]:>9,} responses: {large[0]:6.2f} s, peak {large[2] / 1e6:6.1f} MB")
        print(f"peak memory, 10x the responses: x{large[2] / small[2]:.2f}")
        loading, seconds, cpu, lines = measure_proposal(root, args.routes)
        print(
            f"proposal for {args.routes:,} routes: {seconds:6.2f} s ({cpu:.2f} s of CPU; "
            f"{lines:,} lines of diff; importing the app took {loading:.2f} s more)"
        )
        loading, seconds, cpu, lines = measure_proposal(root, args.routes, spec_driven=True)
        print(
            f"document proposal for {args.routes:,} routes: {seconds:6.2f} s ({cpu:.2f} s of "
            f"CPU; {lines:,} lines of diff; importing the app took {loading:.2f} s more)"
        )


if __name__ == "__main__":
    main()
