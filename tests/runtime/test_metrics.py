"""Prometheus counters: checked responses and violations, bounded labels, multiprocess mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import typing as t
from pathlib import Path

import pytest
from flask import Flask
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from contractkit import ConfigError, ContractKit, responds
from contractkit.runtime.metrics import status_label

from ..frameworks import client_of, new_app
from ..runtime_apps import build
from ..tools import ROOT

CHECKED = "contractkit_checked_responses_total"
VIOLATIONS = "contractkit_violations_total"


def _metered(
    kit: ContractKit, framework: str, mode: str = "report", **config: t.Any
) -> tuple[Flask, CollectorRegistry]:
    registry = CollectorRegistry()
    app = build(
        kit,
        framework=framework,
        CONTRACTKIT_MODE=mode,
        CONTRACTKIT_PROMETHEUS=registry,
        **config,
    )
    return app, registry


def _violations(registry: CollectorRegistry, endpoint: str, status: str, kind: str) -> float | None:
    labels = {
        "app": "runtime_app",
        "endpoint": endpoint,
        "method": "GET",
        "status": status,
        "kind": kind,
    }
    return registry.get_sample_value(VIOLATIONS, labels)


def test_metrics_are_off_by_default(kit: ContractKit, framework: str) -> None:
    app = build(kit, framework=framework)
    assert app.config["CONTRACTKIT_PROMETHEUS"] is False
    assert app.extensions["contractkit"].metrics is None


def test_checked_responses_are_counted_per_endpoint_and_method(
    kit: ContractKit, framework: str
) -> None:
    app, registry = _metered(kit, framework)
    client = client_of(app)
    for code in (200, 201, 404):
        client.get(f"/tuple?code={code}")
    client.head("/tuple")
    client.get("/health")  # exempt: not checked, not counted
    assert (
        registry.get_sample_value(
            CHECKED, {"app": "runtime_app", "endpoint": "tuple_view", "method": "GET"}
        )
        == 3
    )
    assert (
        registry.get_sample_value(
            CHECKED, {"app": "runtime_app", "endpoint": "tuple_view", "method": "HEAD"}
        )
        == 1
    )
    assert (
        registry.get_sample_value(
            CHECKED, {"app": "runtime_app", "endpoint": "health", "method": "GET"}
        )
        is None
    )
    assert registry.get_sample_value(VIOLATIONS, {}) is None


def test_every_operation_has_a_series_from_start_up(kit: ContractKit, framework: str) -> None:
    app, registry = _metered(kit, framework)
    kit.contract(app)
    # Before any request: dashboards see each operation at 0, not a missing series.
    assert (
        registry.get_sample_value(
            CHECKED, {"app": "runtime_app", "endpoint": "custom", "method": "GET"}
        )
        == 0
    )
    assert (
        registry.get_sample_value(
            CHECKED, {"app": "runtime_app", "endpoint": "custom", "method": "HEAD"}
        )
        == 0
    )


def test_violations_are_counted_by_endpoint_method_status_and_kind(
    kit: ContractKit, framework: str
) -> None:
    app, registry = _metered(kit, framework, "strict")
    client = client_of(app)
    for _ in range(3):
        client.get("/tuple?code=409")
    client.get("/tuple?code=410")
    client.get("/undocumented")
    assert _violations(registry, "tuple_view", "409", "undeclared-status") == 3
    assert _violations(registry, "tuple_view", "410", "undeclared-status") == 1
    assert _violations(registry, "undocumented", "200", "undocumented-operation") == 1
    # An undocumented operation's responses are checked too, so they count as checked.
    assert (
        registry.get_sample_value(
            CHECKED, {"app": "runtime_app", "endpoint": "undocumented", "method": "GET"}
        )
        == 1
    )
    assert (
        registry.get_sample_value(
            CHECKED, {"app": "runtime_app", "endpoint": "tuple_view", "method": "GET"}
        )
        == 4
    )


def test_body_violations_carry_their_kind(kit: ContractKit, framework: str) -> None:
    app, registry = _metered(kit, framework, "report", CONTRACTKIT_CHECK_BODIES=True)
    client_of(app).get("/response?code=200")  # a body that matches its schema
    client_of(app).get("/tuple?code=404")  # THING is no ErrorSchema body
    assert _violations(registry, "tuple_view", "404", "invalid-body") == 1
    assert _violations(registry, "response_object", "200", "invalid-body") is None


def test_codes_outside_100_599_are_labelled_invalid(kit: ContractKit, framework: str) -> None:
    app, registry = _metered(kit, framework)
    client_of(app).get("/out-of-range")
    assert _violations(registry, "out_of_range", "invalid", "undeclared-status") == 1


@pytest.mark.parametrize(
    ("code", "label"),
    [(100, "100"), (599, "599"), (99, "invalid"), (600, "invalid"), (1000, "invalid")],
)
def test_status_label(code: int, label: str) -> None:
    assert status_label(code) == label


def test_off_mode_counts_nothing(kit: ContractKit, framework: str) -> None:
    app, registry = _metered(kit, framework, "off")
    client_of(app).get("/tuple?code=409")
    assert b"contractkit_checked_responses_total{" not in generate_latest(registry)
    assert b"contractkit_violations_total{" not in generate_latest(registry)


def test_label_values_come_from_the_url_map_never_from_the_request(
    kit: ContractKit, framework: str
) -> None:
    app, registry = _metered(kit, framework)
    client = client_of(app)
    secret = "s3cr3t-token-value"
    client.get(f"/tuple?code=409&token={secret}", headers={"X-Api-Key": secret})
    client.get(f"/undocumented?{secret}=1", headers={"Authorization": f"Bearer {secret}"})
    client.get(f"/nowhere/{secret}")  # no rule: not checked, not counted
    client.open("/tuple", method=secret.upper())  # no rule allows it: not counted
    exposition = generate_latest(registry).decode()
    assert secret not in exposition.lower()
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    for family in registry.collect():
        for sample in family.samples:
            assert sample.labels.get("endpoint", "tuple_view") in endpoints
            assert sample.labels.get("method", "GET") in {"GET", "HEAD", "POST", "DELETE"}


def test_apps_sharing_a_registry_keep_their_series_apart(kit: ContractKit, framework: str) -> None:
    # Both apps have an index endpoint; the app label keeps their counts apart.
    registry = CollectorRegistry()
    apps = []
    for name in ("shop", "admin"):
        app = new_app(framework, name)
        app.config["CONTRACTKIT_PROMETHEUS"] = registry  # no duplicate-series error

        @app.get("/")
        @responds(200)
        def index() -> t.Any:
            return "", 409

        kit.init_app(app)
        apps.append(app)
    client_of(apps[0]).get("/")
    for _ in range(2):
        client_of(apps[1]).get("/")
    for name, count in (("shop", 1), ("admin", 2)):
        labels = {"app": name, "endpoint": "index", "method": "GET"}
        assert registry.get_sample_value(CHECKED, labels) == count
        labels |= {"status": "409", "kind": "undeclared-status"}
        assert registry.get_sample_value(VIOLATIONS, labels) == count


def test_true_uses_the_default_registry(kit: ContractKit, framework: str) -> None:
    labels = {
        "app": "runtime_app",
        "endpoint": "tuple_view",
        "method": "GET",
        "status": "409",
        "kind": "undeclared-status",
    }
    before = REGISTRY.get_sample_value(VIOLATIONS, labels) or 0
    app = build(kit, framework=framework, CONTRACTKIT_PROMETHEUS=True)
    client_of(app).get("/tuple?code=409")
    assert REGISTRY.get_sample_value(VIOLATIONS, labels) == before + 1


@pytest.mark.parametrize("value", ["yes", 1, object(), CollectorRegistry])
def test_a_bad_setting_is_a_config_error(kit: ContractKit, value: t.Any, framework: str) -> None:
    with pytest.raises(ConfigError, match="CONTRACTKIT_PROMETHEUS"):
        build(kit, framework=framework, CONTRACTKIT_PROMETHEUS=value)


def _run(script: str, **env: str) -> dict[str, t.Any]:
    """Run ``script`` in a fresh interpreter at the repo root; it prints one JSON line."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return t.cast(dict[str, t.Any], json.loads(result.stdout.splitlines()[-1]))


_SERVE = """
    import json, sys
    {block}
    from example_app import create_app

    app = create_app({{"CONTRACTKIT_MODE": "report", "TESTING": True}})
    client = app.test_client()
    result = {{
        "statuses": [client.get(path).status_code for path in ("/items", "/custom", "/nowhere")],
        "imported": "prometheus_client" in sys.modules,
    }}
    {then}
    print(json.dumps(result))
"""

_SWITCH_ON = """try:
        create_app({"CONTRACTKIT_PROMETHEUS": True})
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {error}"
"""


@pytest.mark.slow
def test_without_the_extra_nothing_breaks_and_switching_it_on_says_what_to_install() -> None:
    # sys.modules[name] = None makes every import of it raise ImportError, as if not installed.
    blocked = "sys.modules['prometheus_client'] = None"
    result = _run(_SERVE.format(block=blocked, then=_SWITCH_ON))
    assert result["statuses"] == [200, 299, 404]
    assert result["error"].startswith("ConfigError: CONTRACTKIT_PROMETHEUS is on")
    assert "pip install 'flask-contractkit[prometheus]'" in result["error"]


@pytest.mark.slow
def test_prometheus_client_is_not_imported_unless_switched_on() -> None:
    # Installed here, yet an app that leaves metrics off never imports it.
    result = _run(_SERVE.format(block="", then=""))
    assert result == {"statuses": [200, 299, 404], "imported": False}


_WORKER = """
    import json
    from example_app import create_app
    from tests.runtime_apps import build
    from contractkit import ContractKit

    app = build(ContractKit(), CONTRACTKIT_MODE="report", CONTRACTKIT_PROMETHEUS=True)
    client = app.test_client()
    for _ in range({count}):
        client.get("/tuple?code=409")
    client.get("/tuple?code=200")
    print(json.dumps({{"ok": True}}))
"""


@pytest.mark.slow
def test_counts_of_several_processes_add_up_in_multiprocess_mode(tmp_path: Path) -> None:
    # prometheus_client picks its file-backed values when PROMETHEUS_MULTIPROC_DIR is set
    # at import: each process writes its own file, as each gunicorn worker does.
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for count in (3, 5, 7):
        _run(_WORKER.format(count=count), **env)
    assert len(list(tmp_path.glob("counter_*.db"))) == 3
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(tmp_path))
    labels = {"app": "runtime_app", "endpoint": "tuple_view", "method": "GET"}
    assert registry.get_sample_value(CHECKED, labels) == 3 + 5 + 7 + 3
    labels |= {"status": "409", "kind": "undeclared-status"}
    assert registry.get_sample_value(VIOLATIONS, labels) == 3 + 5 + 7
