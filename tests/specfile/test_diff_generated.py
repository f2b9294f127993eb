"""Removing a custom code from a real export is one change: generated parts are named in it."""

from __future__ import annotations

import copy
import typing as t

import pytest
from flask import Flask

from contractkit import ContractKit, responds
from contractkit.specfile.diff import diff_documents

from ..feature_app import ErrorSchema, ItemSchema, register_codes

if t.TYPE_CHECKING:
    from ..conftest import MakeApp


@pytest.fixture
def kit() -> ContractKit:
    """A ContractKit with the feature app's custom codes: 460 falls back to 429."""
    kit = ContractKit()
    register_codes(kit)
    return kit


def _search(*codes: tuple[int, t.Any]) -> t.Callable[[Flask], None]:
    def routes(app: Flask) -> None:
        def view() -> t.Any:
            return {"name": "a"}, 200

        for code, schema in codes:
            view = responds(code, schema)(view)
        app.add_url_rule("/search", view_func=view)

    return routes


def _export(kit: ContractKit, make_app: MakeApp, *codes: tuple[int, t.Any]) -> dict[str, t.Any]:
    return copy.deepcopy(kit.spec(make_app(_search(*codes))))


def test_removing_a_custom_code_is_one_change(kit: ContractKit, make_app: MakeApp) -> None:
    old = _export(kit, make_app, (200, ItemSchema), (460, ErrorSchema))
    new = _export(kit, make_app, (200, ItemSchema))
    # The export generated a 429 fallback response and the Prefer parameter for 460.
    operation = old["paths"]["/search"]["get"]
    assert {"429", "460"} <= set(operation["responses"])
    assert [p["name"] for p in operation["parameters"]] == ["Prefer"]
    changes = diff_documents(old, new)
    breaking = [change for change in changes if change.level == "breaking"]
    assert [change.id for change in breaking] == ["response-non-success-status-removed"]
    assert breaking[0].message == (
        "status 460 was removed, with its generated fallback response 429 and the Prefer "
        "parameter that asked for fallbacks; clients that handle it lose its meaning and body."
    )
    assert all("rejected" not in change.message for change in changes)
    assert [change.id for change in changes] == ["response-non-success-status-removed"]


def test_a_declared_fallback_stays_its_own(kit: ContractKit, make_app: MakeApp) -> None:
    old = _export(kit, make_app, (200, ItemSchema), (429, ErrorSchema), (460, ErrorSchema))
    new = _export(kit, make_app, (200, ItemSchema), (429, ErrorSchema))
    changes = diff_documents(old, new)
    assert [change.id for change in changes if change.level == "breaking"] == [
        "response-non-success-status-removed"
    ]
    assert "fallback response" not in changes[0].message
    # The view still answers 429 itself: it stays in both documents, unreported.
    assert all("429" not in (change.old_pointer or "") for change in changes)


def test_the_prefer_parameter_removed_alone_rejects_no_client(
    kit: ContractKit, make_app: MakeApp
) -> None:
    old = _export(kit, make_app, (200, ItemSchema), (460, ErrorSchema))
    new = copy.deepcopy(old)
    new["paths"]["/search"]["get"].pop("parameters")
    changes = [(change.id, change.level) for change in diff_documents(old, new)]
    assert changes == [("request-parameter-removed", "warning")]
    assert "rejected" not in diff_documents(old, new)[0].message
