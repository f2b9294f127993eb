"""Timing apps per request through WSGI (Flask) or ASGI (Quart, connexion), for the benchmarks."""

from __future__ import annotations

import gc
import os
import statistics
import time
import typing as t

from flask import Flask
from werkzeug.test import EnvironBuilder


def _start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> None:
    return None


def pin_to_one_cpu() -> None:
    """Keep the process on one CPU, so the scheduler's moves are no part of the figures."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})


def time_batch(app: Flask, environ: dict[str, t.Any], count: int) -> float:
    """Seconds per request over ``count`` requests straight through ``app.wsgi_app``.

    No test client and no server: the figures are the app's own cost.
    """
    wsgi = app.wsgi_app
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(count):
            body = wsgi(dict(environ), _start_response)
            for _chunk in body:
                pass
            body.close()  # type: ignore[attr-defined]
        return (time.perf_counter() - start) / count
    finally:
        gc.enable()


def interleaved_medians(
    apps: dict[str, Flask], path: str, batch: int, rounds: int
) -> dict[str, float]:
    """Median µs per request of ``GET path`` for each app, timed in interleaved rounds.

    Interleaving, with the order reversed every other round, spreads the
    machine's slow moments over every variant instead of one.
    """
    environ = EnvironBuilder(path=path).get_environ()
    for app in apps.values():  # warm up: first-request work is no part of the figures
        time_batch(app, environ, 200)
    samples: dict[str, list[float]] = {name: [] for name in apps}
    for round_ in range(rounds):
        names = list(apps)
        if round_ % 2:
            names.reverse()
        for name in names:
            samples[name].append(time_batch(apps[name], environ, batch) * 1e6)
    return {name: statistics.median(values) for name, values in samples.items()}


async def time_asgi_batch(
    app: t.Any,
    scope: dict[str, t.Any],
    receiver: t.Callable[[], t.Callable[[], t.Awaitable[dict[str, t.Any]]]],
    count: int,
    status: int,
) -> float:
    """CPU seconds per request over ``count`` requests straight into the ASGI ``app``.

    CPU time of the whole process, every thread: an ASGI wrapper of a WSGI app
    runs it in a thread pool, where the hand-over waits more than it works, so
    wall-clock time would measure the scheduler rather than the app.
    ``receiver`` makes each request's ``receive``; every answer must be ``status``.
    """
    seen: list[int] = []

    async def send(message: t.MutableMapping[str, t.Any]) -> None:
        if message["type"] == "http.response.start":
            seen.append(message["status"])

    gc.disable()
    try:
        start = time.process_time()
        for _ in range(count):
            await app(dict(scope), receiver(), send)
        elapsed = (time.process_time() - start) / count
    finally:
        gc.enable()
    if set(seen) != {status}:
        raise SystemExit(f"expected only {status}, got {sorted(set(seen))}")
    return elapsed
