"""The code the documentation shows runs, and does what the text around it says."""

from __future__ import annotations

import importlib.util
import sys
import types

import pytest

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
    assert responses["460"]["x-fallback"] == 429
    assert set(responses) >= {"200", "401", "404", "460", "500"}
    assert spec["x-status-codes"]["460"] == {
        "phrase": "Tier Limit Exceeded",
        "fallback": 429,
        "description": "The caller's plan allows no more calls this hour.",
    }
    assert "299" not in spec["x-status-codes"], "only codes some operation declares are listed"


def test_quickstart_answers_as_declared(quickstart: types.ModuleType) -> None:
    client = quickstart.create_app().test_client()
    assert client.get("/items/1").get_json() == {"id": 1, "name": "Teapot"}
    limited = client.get("/items/1?plan=free")
    assert limited.status == "460 Tier Limit Exceeded"
    fallback = client.get("/items/1?plan=free", headers={"Prefer": "status-fallback"})
    assert fallback.status_code == 429
    created = client.post("/items", json={"name": "Kettle"})
    assert created.status_code == 201 and created.get_json()["name"] == "Kettle"
    invalid = client.post("/items", json={})
    assert invalid.status_code == 422
    assert invalid.mimetype == "application/problem+json"
