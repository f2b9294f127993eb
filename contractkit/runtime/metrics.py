"""Prometheus counters of checked responses and violations, loaded only when switched on.

prometheus_client is an optional extra (``flask-contractkit[prometheus]``): this
module imports it inside :func:`prometheus_metrics` only, so an app that leaves
``CONTRACTKIT_PROMETHEUS`` off never imports it, installed or not.

Every label value comes from the app, never from the request: ``app`` is the
Flask app's name (so two apps counting into one registry, such as the default
one, keep their series apart: both may well have an ``index`` endpoint),
endpoints are url_map endpoint names, methods are methods a matched rule allows, statuses
are codes the app answered (anything outside 100-599 is labelled
``"invalid"``) and kinds are :data:`~contractkit.violations.ViolationKind`.
So the number of series is bounded by the app's routes, not by its traffic.

Counters record through prometheus_client's value class, so under gunicorn
with ``PROMETHEUS_MULTIPROC_DIR`` set each worker writes its own file and a
``MultiProcessCollector`` sums them: nothing here is per-process.
"""

from __future__ import annotations

import threading
import typing as t
import weakref

from .. import DISTRIBUTION
from ..declare.status_codes import VALID_CODES
from ..errors import ConfigError
from .violations import Violation

if t.TYPE_CHECKING:
    from prometheus_client import CollectorRegistry, Counter

#: Name of the counter of checked responses (exposed with a ``_total`` suffix).
CHECKED_METRIC: t.Final = "contractkit_checked_responses"
#: Name of the counter of contract violations (exposed with a ``_total`` suffix).
VIOLATIONS_METRIC: t.Final = "contractkit_violations"
#: The install hint when the extra is missing.
_EXTRA = f"pip install '{DISTRIBUTION}[prometheus]'"

#: Counters already created per registry: a registry refuses a second counter
#: of the same name, and one process may build several apps (tests, app factories).
_counters: weakref.WeakKeyDictionary[CollectorRegistry, tuple[Counter, Counter]] = (
    weakref.WeakKeyDictionary()
)
_counters_lock = threading.Lock()


def status_label(code: int) -> str:
    """The ``status`` label of ``code``: itself for a real code, else ``"invalid"``."""
    return str(code) if code in VALID_CODES else "invalid"


class PrometheusMetrics:
    """The two counters of one registry, with label children bound in advance.

    The response check holds on to :meth:`checked` callables, one per
    operation, so counting a checked response costs one ``inc()`` and no label
    lookup. Violations are rarer; their children are cached on first use.
    """

    def __init__(self, app: str, checked: Counter, violations: Counter) -> None:
        self._app = app
        self._checked = checked
        self._violations = violations
        self._lock = threading.Lock()
        self._checked_children: dict[tuple[str, str], t.Callable[[], None]] = {}
        self._violation_children: dict[tuple[str, str, int, str], t.Callable[[], None]] = {}

    def checked(self, endpoint: str, method: str) -> t.Callable[[], None]:
        """The callable that counts one checked response of ``endpoint`` and ``method``.

        Binding it creates the series at 0, so a dashboard sees every operation
        before its first request.
        """
        key = (endpoint, method)
        count = self._checked_children.get(key)
        if count is None:
            with self._lock:
                count = self._checked_children.setdefault(
                    key, self._checked.labels(app=self._app, endpoint=endpoint, method=method).inc
                )
        return count

    def violation(self, violation: Violation) -> None:
        """Count ``violation`` under its endpoint, method, status and kind."""
        key = (violation.endpoint, violation.method, violation.status, violation.kind)
        count = self._violation_children.get(key)
        if count is None:
            child = self._violations.labels(
                app=self._app,
                endpoint=violation.endpoint,
                method=violation.method,
                status=status_label(violation.status),
                kind=violation.kind,
            )
            with self._lock:
                count = self._violation_children.setdefault(key, child.inc)
        count()


def prometheus_metrics(setting: t.Any, app: str) -> PrometheusMetrics | None:
    """The metrics ``CONTRACTKIT_PROMETHEUS`` asks for, or ``None`` when it is off.

    :param app: the ``app`` label of every series counted: the Flask app's name.
    :param setting: ``False`` or ``None`` (off), ``True`` (prometheus_client's
        default registry), or a ``prometheus_client.CollectorRegistry``.
    :raises ConfigError: for another value, or when prometheus_client is not installed.
    """
    if setting is None or setting is False:
        return None
    try:
        import prometheus_client
    except ImportError as error:
        raise ConfigError(
            f"CONTRACTKIT_PROMETHEUS is on, but prometheus_client is not installed: {_EXTRA}."
        ) from error
    if setting is True:
        registry = prometheus_client.REGISTRY
    elif isinstance(setting, prometheus_client.CollectorRegistry):
        registry = setting
    else:
        raise ConfigError(
            f"CONTRACTKIT_PROMETHEUS={setting!r} must be True, False, or a "
            "prometheus_client.CollectorRegistry to register contractkit's counters in."
        )
    with _counters_lock:
        counters = _counters.get(registry)
        if counters is None:
            counters = _counters[registry] = _create_counters(registry)
    return PrometheusMetrics(app, *counters)


def _create_counters(registry: CollectorRegistry) -> tuple[Counter, Counter]:
    from prometheus_client import Counter

    checked = Counter(
        CHECKED_METRIC,
        "Responses contractkit checked against their operation's contract.",
        ("app", "endpoint", "method"),
        registry=registry,
    )
    violations = Counter(
        VIOLATIONS_METRIC,
        "Responses that broke their operation's contract, by the status the app answered.",
        ("app", "endpoint", "method", "status", "kind"),
        registry=registry,
    )
    return checked, violations


__all__: t.Sequence[str] = [
    "CHECKED_METRIC",
    "VIOLATIONS_METRIC",
    "PrometheusMetrics",
    "prometheus_metrics",
    "status_label",
]
