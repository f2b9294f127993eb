"""gunicorn settings for Prometheus multiprocess mode; the recipe the production guide shows.

Start gunicorn with ``PROMETHEUS_MULTIPROC_DIR`` set to an empty directory:
each worker then writes its counters to its own file there, and a
``MultiProcessCollector`` on ``/metrics`` sums them, whichever worker answers
the scrape. Counters of a worker that exited stay in the sum, as they should.
"""

from __future__ import annotations

import typing as t

from prometheus_client import multiprocess


def child_exit(server: t.Any, worker: t.Any) -> None:
    """Tell prometheus_client a worker is gone (its live gauges are dropped; counters stay)."""
    multiprocess.mark_process_dead(worker.pid)
