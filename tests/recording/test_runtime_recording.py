"""``CONTRACTKIT_RECORD``: report and strict mode record only what the contract lacks."""

from __future__ import annotations

import typing as t
from pathlib import Path

import pytest
from flask import Flask, jsonify
from marshmallow import Schema, fields

from contractkit import ContractKit, responds
from contractkit.errors import ConfigError
from contractkit.recording.reading import read_records

from ..conftest import MakeApp
from ..frameworks import client_of


class Item(Schema):
    id = fields.Integer(required=True)


def _routes(app: Flask) -> None:
    @app.get("/items/<int:item_id>")
    @responds(200, Item)
    def item(item_id: int) -> t.Any:
        if item_id == 0:
            return jsonify(error="gone", item_id=item_id), 410
        if item_id == 1:
            return jsonify(id="one")  # fails its schema
        return jsonify(id=item_id)

    @app.get("/health")
    def health() -> t.Any:
        return jsonify(ok=True)


def _seen(directory: Path) -> dict[tuple[str, int], int]:
    records = read_records([directory]) if directory.exists() else None
    if records is None:
        return {}
    return {(o.endpoint, o.status): o.count for o in records.observed.values()}


@pytest.mark.parametrize("mode", ["report", "strict"])
def test_declared_traffic_records_nothing(make_app: MakeApp, tmp_path: Path, mode: str) -> None:
    app = make_app(_routes, CONTRACTKIT_MODE=mode, CONTRACTKIT_RECORD=str(tmp_path / "rec"))
    client = app.test_client()
    for item_id in range(2, 12):
        assert client.get(f"/items/{item_id}").status_code == 200
    assert _seen(tmp_path / "rec") == {}
    assert not (tmp_path / "rec").exists()


def test_report_mode_records_undeclared_codes_and_undocumented_routes(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(_routes, CONTRACTKIT_RECORD=str(tmp_path / "rec"))
    client = app.test_client()
    assert client.get("/items/0").status_code == 410
    assert client.get("/health").json == {"ok": True}
    client.head("/health")
    assert client.get("/items/5").status_code == 200
    assert _seen(tmp_path / "rec") == {("item", 410): 1, ("health", 200): 1}


def test_strict_mode_records_what_the_view_answered_and_failed_bodies(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(_routes, CONTRACTKIT_MODE="strict", CONTRACTKIT_RECORD=str(tmp_path / "rec"))
    client = app.test_client()
    assert client.get("/items/0").status_code == 500
    assert client.get("/items/1").status_code == 500
    seen = read_records([tmp_path / "rec"]).observed
    assert {(o.endpoint, o.status) for o in seen.values()} == {("item", 410), ("item", 200)}
    failed = next(o for o in seen.values() if o.status == 200)
    assert failed.body is not None
    assert failed.body["fields"]["id"]["types"] == {"string": 1}
    assert failed.sources == {"production": 1}


def test_body_failures_are_recorded_as_sampled(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(
        _routes,
        CONTRACTKIT_MODE="strict",
        CONTRACTKIT_BODY_SAMPLE_RATE=0.0,
        CONTRACTKIT_RECORD=str(tmp_path / "rec"),
    )
    assert app.test_client().get("/items/1").status_code == 200  # not sampled, not checked
    assert _seen(tmp_path / "rec") == {}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"CONTRACTKIT_MODE": "off", "CONTRACTKIT_RECORD": "rec"}, "CONTRACTKIT_MODE='off'"),
        ({"CONTRACTKIT_RECORD": 3}, "must be the path of a directory"),
    ],
)
def test_bad_settings_fail_at_init_app(
    kit: ContractKit, config: dict[str, t.Any], message: str
) -> None:
    app = Flask(__name__)
    app.config.update(config)
    with pytest.raises(ConfigError, match=message):
        kit.init_app(app)


def _dict_routes(app: t.Any) -> None:
    """``_routes`` as a view that works on Flask and Quart alike writes it: dicts returned."""

    @app.get("/items/<int:item_id>")
    @responds(200, Item)
    async def item(item_id: int) -> t.Any:
        if item_id == 0:
            return {"error": "gone", "item_id": item_id}, 410
        return {"id": "one"} if item_id == 1 else {"id": item_id}


def test_the_view_s_answer_is_recorded_on_either_framework(
    make_app: MakeApp, framework: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(
        _dict_routes, CONTRACTKIT_MODE="strict", CONTRACTKIT_RECORD=str(tmp_path / "rec")
    )
    client = client_of(app)
    assert [client.get(f"/items/{item_id}").status_code for item_id in (0, 1, 2)] == [500, 500, 200]
    seen = read_records([tmp_path / "rec"]).observed
    assert {(o.endpoint, o.status) for o in seen.values()} == {("item", 410), ("item", 200)}
    failed = next(o for o in seen.values() if o.status == 200)
    assert failed.body is not None
    assert failed.body["fields"]["id"]["types"] == {"string": 1}
    assert not [record.message for record in caplog.records if record.exc_info]
