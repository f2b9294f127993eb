"""The code the documentation shows runs, and does what the text around it says."""

from __future__ import annotations

import importlib.util
import logging
import sys
import tomllib
import types
import typing as t
from pathlib import Path

import pytest

from contractkit import ContractKit, RegistrationError, responds
from example_app import create_app as create_example_app

from ..tools import ROOT

SNIPPETS = ROOT / "docs" / "snippets"


def _load(name: str) -> types.ModuleType:
    """A fresh import of ``docs/snippets/NAME.py`` (snippets keep module-level state)."""
    spec = importlib.util.spec_from_file_location(f"snippet_{name}", SNIPPETS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def quickstart() -> types.ModuleType:
    return _load("quickstart")


def test_every_snippet_is_used_by_a_page() -> None:
    pages = "".join(path.read_text() for path in (ROOT / "docs").rglob("*.md"))
    for snippet in SNIPPETS.glob("*.py"):
        assert f"snippets/{snippet.name}" in pages, f"{snippet.name} is shown on no page"


def test_quickstart_publishes_custom_codes_with_their_fallbacks(
    quickstart: types.ModuleType,
) -> None:
    app = quickstart.create_app()
    spec = app.test_client().get("/openapi.json").get_json()
    responses = spec["paths"]["/items/{item_id}"]["get"]["responses"]
    assert responses["461"]["x-fallback"] == 429
    assert set(responses) >= {"200", "401", "404", "461", "500"}
    assert spec["x-status-codes"]["461"] == {
        "phrase": "Tier Limit Exceeded",
        "fallback": 429,
        "description": "The caller's plan allows no more calls this hour.",
    }
    assert "299" not in spec["x-status-codes"], "only codes some operation declares are listed"


def test_quickstart_answers_as_declared(quickstart: types.ModuleType) -> None:
    client = quickstart.create_app().test_client()
    assert client.get("/items/1").get_json() == {"id": 1, "name": "Teapot"}
    limited = client.get("/items/1?plan=free")
    assert limited.status == "461 Tier Limit Exceeded"
    fallback = client.get("/items/1?plan=free", headers={"Prefer": "status-fallback"})
    assert fallback.status_code == 429
    created = client.post("/items", json={"name": "Kettle"})
    assert created.status_code == 201 and created.get_json()["name"] == "Kettle"
    assert client.get(created.headers["Location"]).get_json() == created.get_json()
    missing = client.get("/items/99")
    assert missing.status_code == 404
    assert missing.mimetype == "application/problem+json"
    assert missing.get_json()["status"] == 404
    invalid = client.post("/items", json={})
    assert invalid.status_code == 422
    assert invalid.mimetype == "application/problem+json"


@pytest.fixture
def custom_codes() -> types.ModuleType:
    return _load("custom_codes")


def test_custom_codes_go_on_the_status_line(custom_codes: types.ModuleType) -> None:
    client = custom_codes.create_app().test_client()
    assert client.get("/jobs/1").status == "299 Completed With Warnings"
    assert client.get("/jobs/2").status == "499 Client Closed Request"
    plain = client.get("/jobs/1")
    assert plain.headers["Vary"] == "Prefer"
    assert "Contract-Original-Status" not in plain.headers


def test_prefer_status_fallback_gets_the_registered_fallback(
    custom_codes: types.ModuleType,
) -> None:
    client = custom_codes.create_app().test_client()
    for job, fallback, original in ((1, 200, "299"), (2, 400, "499")):
        response = client.get(f"/jobs/{job}", headers={"Prefer": "status-fallback"})
        assert response.status_code == fallback
        assert response.headers["Preference-Applied"] == "status-fallback"
        assert response.headers["Contract-Original-Status"] == original
        assert response.get_json()["id"] == job, "the body is the view's own"


@pytest.mark.parametrize(
    ("policy", "prefer", "status", "applied"),
    [
        ("always", None, 400, None),
        ("never", "status-fallback", 499, None),
        ("on-request", "status-fallback", 400, "status-fallback"),
    ],
)
def test_fallback_policies(
    custom_codes: types.ModuleType,
    policy: str,
    prefer: str | None,
    status: int,
    applied: str | None,
) -> None:
    app = custom_codes.create_app(policy)
    headers = {"Prefer": prefer} if prefer else {}
    response = app.test_client().get("/jobs/2", headers=headers)
    assert response.status_code == status
    assert response.headers.get("Preference-Applied") == applied
    spec = app.test_client().get("/openapi.json").get_json()
    assert spec["x-status-fallback"]["policy"] == policy


def test_custom_codes_are_published_with_their_fallbacks(custom_codes: types.ModuleType) -> None:
    spec = custom_codes.create_app().test_client().get("/openapi.json").get_json()
    responses = spec["paths"]["/jobs/{job_id}"]["get"]["responses"]
    assert responses["299"]["x-fallback"] == 200, "the x00 of its class when none is given"
    assert responses["499"]["x-fallback"] == 400
    assert responses["499"]["description"].startswith("Client Closed Request: ")
    assert spec["x-status-codes"]["299"]["phrase"] == "Completed With Warnings"
    assert "Prefer" in {p["name"] for p in spec["paths"]["/jobs/{job_id}"]["get"]["parameters"]}


@pytest.mark.parametrize(
    ("code", "phrase", "options", "message"),
    [
        (471, "Quota Exceeded", {"fallback": 503}, "in another class"),
        (150, "Custom Info", {}, "202 Accepted"),
        (102, "Working", {}, "informational"),
        (404, "Missing", {}, "standard code"),
        (418, "Teapot", {}, "418"),
        (461, "Bad\r\nSet-Cookie: x", {}, "phrase"),
    ],
)
def test_registration_rules_the_guide_states(
    code: int, phrase: str, options: dict[str, t.Any], message: str
) -> None:
    with pytest.raises(RegistrationError, match=message):
        ContractKit().register_status(code, phrase, **options)


@pytest.fixture
def violations() -> types.ModuleType:
    return _load("violations")


def test_report_mode_sends_the_response_and_records_the_violation(
    violations: types.ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    app = violations.create_app("report")
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="shop.alerts"):
        gone = client.get("/orders/0")
        wrong = client.get("/orders/1")
        fine = client.get("/orders/2")
    assert gone.status_code == 410 and gone.get_json() == {"title": "Gone"}
    assert wrong.status_code == 200 and wrong.get_json()["total"] == "12.50"
    assert fine.status_code == 200
    store = violations.ck.violations(app)
    assert store.total == 2
    assert {v.kind for v in store.recent()} == {"undeclared-status", "invalid-body"}
    forwarded = [r.getMessage() for r in caplog.records if r.name == "shop.alerts"]
    assert [m.split(":")[0] for m in forwarded] == ["undeclared-status", "invalid-body"]


def test_strict_mode_turns_a_violation_into_a_500_problem(violations: types.ModuleType) -> None:
    app = violations.create_app("strict")
    response = app.test_client().get("/orders/0")
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["violation"] == "undeclared-status"
    assert problem["returned_status"] == 410
    assert problem["declared_statuses"] == [200, 404]  # 404: the router answers /orders/-1


@pytest.fixture
def drift_test() -> types.ModuleType:
    return _load("drift_test")


@pytest.mark.parametrize("drifted", [False, True])
def test_the_drift_test_compares_the_committed_spec_with_the_code(
    drift_test: types.ModuleType,
    drifted: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "path", list(sys.path))
    committed = tmp_path / "committed.yaml"
    text = (ROOT / "specs" / "example_app.yaml").read_text()
    committed.write_text(text.replace("Tier Limit Exceeded", "Tier Limit") if drifted else text)
    monkeypatch.setattr(drift_test, "SPEC", committed)
    monkeypatch.setattr(drift_test, "APP", "example_app")
    out = tmp_path / "out"
    out.mkdir()
    if drifted:
        with pytest.raises(AssertionError, match="is out of date: run `contractkit export"):
            drift_test.test_committed_contract_matches_the_code(out)
    else:
        drift_test.test_committed_contract_matches_the_code(out)


def test_schemathesis_config_expects_the_custom_codes(tmp_path: Path) -> None:
    snippet = _load("schemathesis_setup")
    path = tmp_path / "schemathesis.toml"
    text = snippet.write_schemathesis_config(create_example_app({"TESTING": True}), path)
    config = tomllib.loads(path.read_text())
    assert path.read_text() == text
    blocks = {block["include-name"]: block["checks"] for block in config["operations"]}
    search = blocks["GET /search"]
    assert "460" in search["positive_data_acceptance"]["expected-statuses"]
    assert "429" in search["positive_data_acceptance"]["expected-statuses"], "its fallback too"
    assert "460" in search["negative_data_rejection"]["expected-statuses"]


def _metric_lines(response: t.Any, endpoint: str) -> dict[str, float]:
    """The exposition's samples of ``endpoint``, by metric name and kind."""
    samples: dict[str, float] = {}
    for line in response.get_data(as_text=True).splitlines():
        if line.startswith("contractkit_") and f'endpoint="{endpoint}"' in line:
            name = line.split("{")[0]
            kind = line.split('kind="')[1].split('"')[0] if 'kind="' in line else ""
            samples[f"{name}{kind}"] = samples.get(f"{name}{kind}", 0) + float(line.split()[-1])
    return samples


def test_metrics_count_checked_responses_and_violations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    snippet = _load("metrics")
    app = snippet.create_app()

    @app.get("/ping")
    @responds(200)
    def ping() -> t.Any:
        return "", 204  # undeclared

    client = app.test_client()
    before = _metric_lines(client.get("/metrics"), "ping")
    client.get("/ping")
    client.get("/ping")
    after = _metric_lines(client.get("/metrics"), "ping")
    checked = "contractkit_checked_responses_total"
    violated = "contractkit_violations_totalundeclared-status"
    assert after[checked] - before.get(checked, 0) == 2
    assert after[violated] - before.get(violated, 0) == 2
    assert _metric_lines(client.get("/metrics"), "metrics") == {}, "/metrics is exempt"


def test_metrics_in_multiprocess_mode_read_the_workers_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    response = _load("metrics").create_app().test_client().get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"


def test_gunicorn_conf_drops_a_dead_workers_live_gauges(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    conf = _load("gunicorn_conf")
    (tmp_path / "gauge_livesum_4242.db").write_bytes(b"")
    (tmp_path / "counter_4242.db").write_bytes(b"")
    conf.child_exit(None, types.SimpleNamespace(pid=4242))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter_4242.db"]


@pytest.mark.slow
def test_client_checks_hold_the_example_app_to_its_contract() -> None:
    from contractkit import ContractViolationError

    from ..servers import serving

    snippet = _load("client_checks")
    app = create_example_app({"EXAMPLE_SEARCH_CALLS_PER_HOUR": 1})
    with serving(app) as base_url:
        contract = snippet.contract_of(base_url)
        with snippet.checked_session(contract) as session:
            assert session.get(f"{base_url}/items/1").json()["name"] == "Teapot"
            with pytest.raises(ContractViolationError, match="matches no operation"):
                session.get(f"{base_url}/nowhere")
        with snippet.checked_client(contract, base_url) as client:
            assert snippet.search(client, contract, "tea") == "1 match(es)"
            assert snippet.search(client, contract, "tea").startswith("try again in ")


@pytest.mark.slow
def test_the_same_client_runs_against_the_stub_and_the_real_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from contractkit.mock import app as stub_app

    from ..servers import serving

    monkeypatch.setenv("API_SPEC", str(ROOT / "specs" / "example_app.yaml"))
    snippet = _load("mock_client")
    with serving(stub_app(snippet.CONTRACT)) as stub_url, snippet.api(stub_url) as client:  # type: ignore[arg-type]
        assert snippet.search(client, "tea").endswith("match(es)")
        assert snippet.search(client, "tea", prefer="code=460") == "try again later"
        assert snippet.search(client, "tea", prefer="code=460, status-fallback") == (
            "try again later"
        )
    real = create_example_app({"EXAMPLE_SEARCH_CALLS_PER_HOUR": 1})
    with serving(real) as real_url, snippet.api(real_url) as client:
        assert snippet.search(client, "tea") == "1 match(es)"
        assert snippet.search(client, "tea") == "try again later"
