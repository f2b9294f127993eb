"""Requests per second: ``contractkit mock`` beside Prism's ``prism mock``, on the same document.

Run it with ``python benchmarks/bench_mock_prism.py [--spec specs/example_app.yaml]``. It
installs ``@stoplight/prism-cli`` from the npm registry into a temporary directory (or uses
``--prism-dir``, a directory where it is installed), starts both stubs on 127.0.0.1, warms
each up, then sends the same requests to each in alternating rounds (every GET operation
of the document, path and required query parameters filled in; one ``http.client``
connection per request from ``--threads`` threads), and prints each stub's requests per
second, the statuses it answered, and the ratio. Both servers are stopped on exit.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import typing as t
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOST = "127.0.0.1"
_VARIABLE = re.compile(r"\{([^{}/]+)\}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def get_urls(spec: Path) -> list[str]:
    """A URL for each GET operation: path variables as ``1``, required query parameters as ``x``."""
    from contractkit.client.reading import read_file
    from contractkit.specfile.locations import follow
    from contractkit.specfile.servers import path_prefixes

    document = read_file(spec)
    prefix = path_prefixes(document)[0]
    urls = []
    for path, item in document["paths"].items():
        item = t.cast(dict[str, t.Any], follow(document, item))
        operation = item.get("get")
        if not isinstance(operation, dict):
            continue
        parameters = [
            t.cast(dict[str, t.Any], follow(document, p))
            for p in [*item.get("parameters", ()), *operation.get("parameters", ())]
        ]
        query = [p["name"] for p in parameters if p.get("in") == "query" and p.get("required")]
        url = prefix + _VARIABLE.sub("1", path)
        urls.append(url + ("?" + "&".join(f"{name}=x" for name in query) if query else ""))
    return urls


def wait_ready(port: int, process: subprocess.Popen[bytes], name: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited with {process.returncode} before serving")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{name} did not listen on {HOST}:{port} within 120 s")


def load(
    port: int, urls: list[str], count: int, threads: int
) -> tuple[float, collections.Counter[int]]:
    """Send ``count`` GETs across ``urls``; the seconds taken and the statuses answered."""
    statuses: collections.Counter[int] = collections.Counter()
    lock = threading.Lock()
    share = count // threads

    def worker(offset: int) -> None:
        seen: collections.Counter[int] = collections.Counter()
        for i in range(share):
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            connection.request("GET", urls[(offset + i) % len(urls)])
            response = connection.getresponse()
            response.read()
            seen[response.status] += 1
            connection.close()
        with lock:
            statuses.update(seen)

    started = time.perf_counter()
    running = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return time.perf_counter() - started, statuses


def prism_binary(prism_dir: Path | None, scratch: Path) -> Path:
    if prism_dir is None:
        prism_dir = scratch / "prism"
        prism_dir.mkdir()
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("npm is not installed; give --prism-dir")
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent", "@stoplight/prism-cli"],
            cwd=prism_dir,
            check=True,
            timeout=600,
        )
    binary = prism_dir / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        sys.exit(f"no prism in {prism_dir}/node_modules/.bin")
    return binary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "specs" / "example_app.yaml")
    parser.add_argument("--prism-dir", type=Path, default=None)
    parser.add_argument("--requests", type=int, default=2000, help="per round and stub")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    urls = get_urls(args.spec)
    with tempfile.TemporaryDirectory() as scratch:
        prism = prism_binary(args.prism_dir, Path(scratch))
        ports = {"contractkit mock": free_port(), "prism mock": free_port()}
        script = Path(sys.executable).with_name("contractkit")
        commands = {
            "contractkit mock": [
                str(script),
                "mock",
                str(args.spec),
                "--port",
                str(ports["contractkit mock"]),
            ],
            "prism mock": [
                str(prism),
                "mock",
                "-h",
                HOST,
                "-p",
                str(ports["prism mock"]),
                str(args.spec),
            ],
        }
        processes = {
            name: subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for name, command in commands.items()
        }
        try:
            for name, process in processes.items():
                wait_ready(ports[name], process, name)
                load(ports[name], urls, 200, args.threads)  # warm-up
            seconds: dict[str, float] = collections.defaultdict(float)
            statuses: dict[str, collections.Counter[int]] = collections.defaultdict(
                collections.Counter
            )
            for _ in range(args.rounds):
                for name in processes:
                    taken, seen = load(ports[name], urls, args.requests, args.threads)
                    seconds[name] += taken
                    statuses[name].update(seen)
        finally:
            for process in processes.values():
                process.terminate()
            for process in processes.values():
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
    sent = (args.requests // args.threads) * args.threads * args.rounds
    rates = {name: sent / seconds[name] for name in processes}
    print(
        f"{args.spec.name}: {len(urls)} GET operations, {sent} requests per stub, "
        f"{args.threads} threads"
    )
    for name, rate in rates.items():
        print(f"  {name:17} {rate:8.1f} req/s  statuses {dict(sorted(statuses[name].items()))}")
    ratio = rates["contractkit mock"] / rates["prism mock"]
    print(f"  contractkit mock / prism mock: {ratio:.2f}")


if __name__ == "__main__":
    main()
