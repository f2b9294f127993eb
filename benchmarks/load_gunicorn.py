"""Load test: the example app under gunicorn, violations counted by Prometheus across workers.

Run it with ``python benchmarks/load_gunicorn.py`` (needs ``flask-contractkit[bench]``:
gunicorn and prometheus_client). For each mode (off, report, strict) it:

1. starts gunicorn on 127.0.0.1 with ``--workers 4`` serving
   ``benchmarks/load_app.py`` (the example app with ``CONTRACTKIT_PROMETHEUS``
   on, ``/metrics`` and a route that answers undeclared codes), with a fresh
   ``PROMETHEUS_MULTIPROC_DIR`` and ``gunicorn_conf.py``'s ``child_exit`` hook;
2. warms up until every worker has answered, then reads each worker's RSS;
3. sends a fixed number of requests from this process (threads, one
   ``http.client`` connection per request, as gunicorn's sync workers close
   them), one in ``--undeclared-every`` to the undeclared route and the rest
   across the example app's operations, each with the status it must get;
4. scrapes ``/metrics`` before and after, and reads each worker's RSS again;
5. stops gunicorn (SIGTERM to the master it started, SIGKILL after 20 s).

It prints requests served, errors (transport failures and unexpected
statuses), the violations Prometheus counted (summed over workers) against
the undeclared responses sent, checked responses against requests, p50/p99
latency, and RSS per worker at start and end. It exits 1 if errors are not
0, a count is not exact, or a worker's RSS grew more than ``--rss-tolerance``
MiB. Traffic goes to 127.0.0.1 only; requests and time are bounded.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOST = "127.0.0.1"
MODES = ("off", "report", "strict")
UNDECLARED_CODES = (409, 410, 451)


@dataclass(frozen=True)
class Call:
    """One request of the schedule and the status it must get in each mode."""

    method: str
    path: str
    expected: int
    body: bytes | None = None
    #: Whether the answer breaks the contract (strict mode answers 500 instead).
    undeclared: bool = False

    def expected_in(self, mode: str) -> int:
        return 500 if self.undeclared and mode == "strict" else self.expected


#: The example app's operations, answering declared codes only. None of them
#: grows the app's in-memory state (a duplicate name is refused with 409).
DECLARED_CALLS = (
    Call("GET", "/items", 200),
    Call("GET", "/items?limit=5", 200),
    Call("GET", "/items/1", 200),
    Call("GET", "/items/999", 404),
    Call("GET", "/items?limit=0", 400),
    Call("POST", "/items", 409, b'{"name": "Teapot", "price": 3}'),
    Call("POST", "/items", 400, b'{"name": ""}'),
    Call("GET", "/custom", 299),
    Call("GET", "/reports/daily", 200),
    Call("GET", "/reports/weekly", 299),
    Call("GET", "/reports/monthly", 404),
    Call("GET", "/search?q=tea", 200),
    Call("GET", "/jobs/999", 404),
    Call("DELETE", "/jobs/999", 404),
)


def schedule(count: int, undeclared_every: int) -> list[Call]:
    """``count`` calls; every ``undeclared_every``-th answers an undeclared code."""
    declared = itertools.cycle(DECLARED_CALLS)
    undeclared = itertools.cycle(UNDECLARED_CODES)
    calls = []
    for index in range(count):
        if index % undeclared_every == undeclared_every - 1:
            code = next(undeclared)
            calls.append(Call("GET", f"/load/undeclared/{code}", code, undeclared=True))
        else:
            calls.append(next(declared))
    return calls


@dataclass
class Outcome:
    """What the client saw."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    workers: dict[str, int] = field(default_factory=dict)
    served: int = 0


def drive(port: int, calls: list[Call], mode: str, threads: int, deadline: float) -> Outcome:
    """Send ``calls`` from ``threads`` threads; stop at ``deadline`` (monotonic) at the latest."""
    outcome = Outcome()
    lock = threading.Lock()
    indexes = iter(range(len(calls)))

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                index = next(indexes, None)
            if index is None:
                return
            call = calls[index]
            headers = {"Content-Type": "application/json"} if call.body else {}
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                try:
                    conn.request(call.method, call.path, body=call.body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                finally:
                    conn.close()
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    outcome.errors.append(f"{call.method} {call.path}: {error!r}")
                continue
            elapsed = time.perf_counter() - start
            expected = call.expected_in(mode)
            pid = response.headers.get("X-Worker", "?")
            with lock:
                outcome.latencies.append(elapsed)
                outcome.served += 1
                outcome.workers[pid] = outcome.workers.get(pid, 0) + 1
                if response.status != expected:
                    outcome.errors.append(
                        f"{call.method} {call.path}: {response.status}, expected {expected}"
                    )

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(max(0.0, deadline - time.monotonic()) + 5)
    return outcome


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.headers.items()), response.read()
    finally:
        conn.close()


def counters(port: int) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """The contractkit counters on /metrics, by sample name and labels."""
    status, _, body = get(port, "/metrics")
    if status != 200:
        raise RuntimeError(f"/metrics answered {status}")
    found: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if sample.name.startswith("contractkit_") and sample.name.endswith("_total"):
                labels = tuple(sorted(sample.labels.items()))
                found.setdefault(sample.name, {})[labels] = sample.value
    return found


def delta(
    after: dict[tuple[tuple[str, str], ...], float],
    before: dict[tuple[tuple[str, str], ...], float],
) -> dict[tuple[tuple[str, str], ...], float]:
    return {key: value - before.get(key, 0.0) for key, value in after.items()}


def children(pid: int) -> list[int]:
    """Pids whose parent is ``pid`` (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The fields after the ")" that closes the command name: state, ppid, ...
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_mode(mode: str, args: argparse.Namespace, deadline: float) -> dict[str, t.Any]:
    """Start gunicorn in ``mode``, load it, measure, stop it."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="contractkit-prom-") as metrics_dir:
        env = {
            **os.environ,
            "FLASK_CONTRACTKIT_MODE": mode,
            "PROMETHEUS_MULTIPROC_DIR": metrics_dir,
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)]),
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(args.workers),
            "--bind",
            f"{HOST}:{port}",
            "--config",
            str(HERE / "gunicorn_conf.py"),
            "--log-level",
            "warning",
            "--chdir",
            str(ROOT),
            "load_app:create_app()",
        ]
        # The workers' stderr: gunicorn's own messages and the contractkit log lines.
        log_path = Path(metrics_dir).with_suffix(".log")
        with log_path.open("wb") as log:
            master = subprocess.Popen(command, env=env, stderr=log)
            try:
                result = measure(mode, master, port, args, deadline)
            finally:
                stop(master)
        lines = log_path.read_text(errors="replace").splitlines()
        log_path.unlink()
        result["violation_log_lines"] = sum("contract violation" in line for line in lines)
        return result


def measure(
    mode: str, master: subprocess.Popen[bytes], port: int, args: argparse.Namespace, deadline: float
) -> dict[str, t.Any]:
    # Ready when every worker has answered a request.
    seen: set[str] = set()
    ready_by = time.monotonic() + 60
    while len(seen) < args.workers:
        if time.monotonic() > ready_by or master.poll() is not None:
            raise RuntimeError(f"gunicorn did not start {args.workers} workers ({mode} mode)")
        warm = drive(port, schedule(max(args.warmup, 50), args.undeclared_every), mode, 8, deadline)
        seen |= set(warm.workers)
        if not warm.workers:
            time.sleep(0.2)  # not listening yet
    workers = children(master.pid)
    rss_start = {pid: rss_mib(pid) for pid in workers}
    before = counters(port)

    calls = schedule(args.requests, args.undeclared_every)
    started = time.perf_counter()
    outcome = drive(port, calls, mode, args.concurrency, deadline)
    wall = time.perf_counter() - started

    after = counters(port)
    rss_end = {pid: rss_mib(pid) for pid in workers}
    if children(master.pid) != workers:
        outcome.errors.append(
            f"workers changed during the run: {workers} -> {children(master.pid)}"
        )

    violations = delta(
        after.get("contractkit_violations_total", {}),
        before.get("contractkit_violations_total", {}),
    )
    checked = delta(
        after.get("contractkit_checked_responses_total", {}),
        before.get("contractkit_checked_responses_total", {}),
    )
    sent_undeclared: dict[str, int] = {}
    for call in calls[: outcome.served + len(outcome.errors)]:
        if call.undeclared:
            code = str(call.expected)
            sent_undeclared[code] = sent_undeclared.get(code, 0) + 1
    counted: dict[str, int] = {}
    for labels, value in violations.items():
        label = dict(labels)
        if label["kind"] != "undeclared-status" or label["endpoint"] != "load.undeclared":
            outcome.errors.append(f"unexpected violation {label}: {value:g}")
            continue
        counted[label["status"]] = counted.get(label["status"], 0) + int(value)
    counted = {code: n for code, n in counted.items() if n}
    return {
        "mode": mode,
        "workers": args.workers,
        "requests": len(calls),
        "served": outcome.served,
        "errors": len(outcome.errors),
        "error_examples": outcome.errors[:5],
        "per_worker": sorted(outcome.workers.values()),
        "undeclared_sent": sum(sent_undeclared.values()),
        "undeclared_sent_by_status": sent_undeclared,
        # Off mode checks nothing, so it counts nothing.
        "violations_expected_by_status": sent_undeclared if mode != "off" else {},
        "violations_counted": sum(counted.values()),
        "violations_counted_by_status": counted,
        "checked_counted": int(sum(checked.values())),
        "checked_expected": outcome.served if mode != "off" else 0,
        "p50_ms": percentile(outcome.latencies, 0.50) * 1000,
        "p99_ms": percentile(outcome.latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(outcome.latencies) * 1000,
        "requests_per_s": outcome.served / wall,
        "rss_start_mib": [round(rss_start[pid], 1) for pid in workers],
        "rss_end_mib": [round(rss_end[pid], 1) for pid in workers],
        "rss_growth_mib": max(rss_end[pid] - rss_start[pid] for pid in workers),
    }


def stop(master: subprocess.Popen[bytes]) -> None:
    """Stop the gunicorn master this script started, and with it its workers."""
    if master.poll() is None:
        master.send_signal(signal.SIGTERM)
        try:
            master.wait(20)
        except subprocess.TimeoutExpired:
            master.kill()
            master.wait(5)


def problems(result: dict[str, t.Any], rss_tolerance: float) -> list[str]:
    found = []
    if result["errors"]:
        found.append(f"{result['errors']} errors, e.g. {result['error_examples']}")
    if result["served"] != result["requests"]:
        found.append(f"served {result['served']} of {result['requests']} requests")
    if result["violations_counted_by_status"] != result["violations_expected_by_status"]:
        found.append(
            f"violations counted {result['violations_counted_by_status']} != expected "
            f"{result['violations_expected_by_status']}"
        )
    if result["checked_counted"] != result["checked_expected"]:
        found.append(
            f"checked responses counted {result['checked_counted']} != {result['checked_expected']}"
        )
    if result["rss_growth_mib"] > rss_tolerance:
        found.append(f"a worker's RSS grew {result['rss_growth_mib']:.1f} MiB")
    return [f"{result['mode']}: {problem}" for problem in found]


def report(results: list[dict[str, t.Any]]) -> None:
    first = results[0]
    print(f"gunicorn --workers {first['workers']} on {HOST}, {first['requests']} requests per mode")
    header = (
        f"{'mode':<8}{'served':>8}{'errors':>8}{'undeclared':>12}{'counted':>9}{'checked':>9}"
        f"{'p50 ms':>9}{'p99 ms':>9}{'req/s':>8}  RSS start -> end (MiB)"
    )
    print(header)
    for r in results:
        rss = ", ".join(
            f"{a}->{b}" for a, b in zip(r["rss_start_mib"], r["rss_end_mib"], strict=True)
        )
        print(
            f"{r['mode']:<8}{r['served']:>8}{r['errors']:>8}{r['undeclared_sent']:>12}"
            f"{r['violations_counted']:>9}{r['checked_counted']:>9}{r['p50_ms']:>9.2f}"
            f"{r['p99_ms']:>9.2f}{r['requests_per_s']:>8.0f}  {rss}"
        )
    for r in results:
        print(
            f"{r['mode']}: requests per worker {r['per_worker']}; violations by status "
            f"{r['violations_counted_by_status']} (sent {r['undeclared_sent_by_status']}); "
            f"{r['violation_log_lines']} violation log lines"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=20_000, help="measured requests per mode")
    parser.add_argument("--warmup", type=int, default=400, help="requests before measuring")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--undeclared-every", type=int, default=20, help="one in N undeclared")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated modes")
    parser.add_argument("--time-limit", type=float, default=600, help="seconds for the whole run")
    parser.add_argument("--rss-tolerance", type=float, default=8.0, help="MiB a worker may grow")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    modes = [mode for mode in args.modes.split(",") if mode]
    if not set(modes) <= set(MODES) or args.undeclared_every < 2:
        parser.error(f"modes are {', '.join(MODES)}; --undeclared-every must be 2 or more")

    deadline = time.monotonic() + args.time_limit
    results = [run_mode(mode, args, deadline) for mode in modes]
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    found = [p for result in results for p in problems(result, args.rss_tolerance)]
    for problem in found:
        print(f"FAILED {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
