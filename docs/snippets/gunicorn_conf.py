"""gunicorn.conf.py: Prometheus multiprocess mode.

Start gunicorn with PROMETHEUS_MULTIPROC_DIR set to an empty directory:
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus gunicorn -c gunicorn.conf.py 'shop:create_app()'
"""

from __future__ import annotations

import typing as t

from prometheus_client import multiprocess

workers = 4


def child_exit(server: t.Any, worker: t.Any) -> None:
    # The worker's live gauges go; its counters stay in the sum, as they should.
    multiprocess.mark_process_dead(worker.pid)
