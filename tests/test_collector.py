"""Building a contract and its document pauses the garbage collector, and only while building."""

from __future__ import annotations

import gc
import threading
import typing as t
import weakref
from collections.abc import Iterator

import pytest
from apispec import BasePlugin
from flask import Flask
from marshmallow import Schema, fields

from contractkit import ContractKit, responds
from contractkit.collector import collector_paused
from contractkit.openapi.reuse import forget_documents


class Item(Schema):
    name = fields.String(required=True)


class _CollectorWatch(BasePlugin):  # type: ignore[misc]
    """An apispec plugin noting whether the collector runs while each operation is built."""

    seen: t.ClassVar[list[bool]] = []

    def operation_helper(self, path: str | None = None, **kwargs: t.Any) -> None:
        self.seen.append(gc.isenabled())


class _Failing(BasePlugin):  # type: ignore[misc]
    def operation_helper(self, path: str | None = None, **kwargs: t.Any) -> None:
        raise RuntimeError("plugin failed")


def _spec(plugin: type[BasePlugin]) -> dict[str, t.Any]:
    """The document of a small app using ``plugin``."""
    app = Flask("collector")
    app.config["CONTRACTKIT_SPEC_PLUGINS"] = [plugin]

    @app.get("/items/<int:item_id>")
    @responds(200, Item)
    @responds(404)
    def get_item(item_id: int) -> t.Any:
        return {"name": "x"}

    return ContractKit(app).spec(app)


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    forget_documents()  # each test builds its document, none comes from an earlier test
    _CollectorWatch.seen.clear()
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_the_document_is_built_with_the_collector_paused_then_on_again() -> None:
    spec = _spec(_CollectorWatch)
    assert list(spec["paths"]) == ["/items/{item_id}"]
    assert _CollectorWatch.seen == [False]
    assert gc.isenabled()


def test_a_failed_build_switches_the_collector_on_again() -> None:
    with pytest.raises(RuntimeError, match="plugin failed"):
        _spec(_Failing)
    assert gc.isenabled()


def test_a_collector_the_process_switched_off_stays_off() -> None:
    gc.disable()
    _spec(_CollectorWatch)
    assert _CollectorWatch.seen == [False]
    assert not gc.isenabled()


def test_a_pause_begun_by_another_build_lasts_until_that_build_ends() -> None:
    inner_done = threading.Event()
    outer_may_end = threading.Event()
    states: list[bool] = []

    def other_build() -> None:
        with collector_paused():
            states.append(gc.isenabled())
        inner_done.set()
        outer_may_end.wait(5)

    with collector_paused():
        thread = threading.Thread(target=other_build)
        thread.start()
        assert inner_done.wait(5)
        states.append(gc.isenabled())  # the other build ended: still paused for this one
        outer_may_end.set()
    thread.join(5)
    assert states == [False, False]
    assert gc.isenabled()


def test_cycles_made_during_a_build_are_collected_as_it_ends() -> None:
    class Node:
        other: t.Any = None

    with collector_paused():
        first, second = Node(), Node()
        first.other, second.other = second, first
        gone = weakref.ref(first)
        del first, second
        # Enough new containers that a collection is due, kept alive.
        young = [[] for _ in range(2 * gc.get_threshold()[0])]
        assert gone() is not None
    more = [[] for _ in range(10)]  # the next allocations
    assert gone() is None
    assert len(young) > len(more)
