"""Record files: written one per process and flushed per line; read back merged."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, jsonify

from contractkit.recording.reading import read_records
from contractkit.recording.records import SHAPE_EVERY, SHAPED_FIRST, RecordWriter


def _app() -> Flask:
    app = Flask("records")

    @app.get("/item")
    def item() -> object:
        return jsonify(id=1, name="lamp")

    return app


def _record(writer: RecordWriter, app: Flask, times: int = 1) -> None:
    with app.test_request_context("/item"):
        for _ in range(times):
            writer.add(app.name, "item", "GET", app.make_response(jsonify(id=1, name="lamp")))


def test_each_record_is_on_disk_when_add_returns(tmp_path: Path) -> None:
    writer = RecordWriter(tmp_path, "tests", interval=0)
    _record(writer, _app(), times=2)
    assert writer.path is not None
    assert writer.path.parent == tmp_path
    assert len(writer.path.read_text().splitlines()) == 2  # flushed, not yet closed
    records = read_records([tmp_path])
    (observed,) = records.observed.values()
    assert (observed.endpoint, observed.method, observed.status) == ("item", "GET", 200)
    assert observed.media == "application/json"
    assert observed.sources == {"tests": 2}
    assert observed.body is not None
    assert observed.body["fields"]["name"]["types"] == {"string": 2}
    assert "lamp" not in writer.path.read_text()
    writer.close()


def test_repeats_are_counted_then_written_as_one_line(tmp_path: Path) -> None:
    writer = RecordWriter(tmp_path, "production", interval=3600)
    _record(writer, _app(), times=50)
    assert writer.path is not None
    assert len(writer.path.read_text().splitlines()) == 1  # the new shape, at once
    writer.close()
    assert len(writer.path.read_text().splitlines()) == 2  # and the 49 repeats
    assert read_records([writer.path]).responses == 50


def test_bodies_are_sampled_per_kind_and_counts_stay_exact(tmp_path: Path) -> None:
    writer = RecordWriter(tmp_path, "production", interval=3600)
    app = _app()
    times = SHAPED_FIRST + 2 * SHAPE_EVERY + 5
    _record(writer, app, times=times)
    with app.test_request_context("/item"):  # another kind: its first body is read
        writer.add(app.name, "item", "GET", app.make_response((jsonify(id=1), 299)))
    writer.close()
    assert writer.path is not None
    text = writer.path.read_text()
    assert '"shaped":false' in text
    records = read_records([writer.path])
    assert records.responses == times + 1
    ok, custom = sorted(records.observed.values(), key=lambda found: found.status)
    read = SHAPED_FIRST + 3  # then responses 100, 200 and 300, counting from 0
    assert (ok.count, ok.unshaped) == (times, times - read)
    assert ok.body is not None and ok.body["types"] == {"object": read}
    assert ok.body["fields"]["name"]["types"] == {"string": read}
    assert (custom.count, custom.unshaped) == (1, 0)
    assert custom.body is not None and custom.body["fields"]["id"]["types"] == {"integer": 1}


def test_files_of_several_processes_add_up(tmp_path: Path) -> None:
    for folder in ("host-a", "host-b"):
        writer = RecordWriter(tmp_path / folder, "production", interval=0)
        _record(writer, _app(), times=3)
        writer.close()
    records = read_records([tmp_path / "host-a", tmp_path / "host-b"])
    assert records.files == 2
    assert records.responses == 6


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ('{"count":1,"record":{"app":"x","endpo', "not a record line"),
        ("garbage", "not a record line"),
        ('{"count":0,"record":{}}', "not a record line"),
        ('{"count":1,"record":{"v":1}}', "'app' is missing"),
        ('{"count":1,"record":[1,2]}', "not a record"),
        ('{"count":1,"record":{"a":1,}}', "not valid JSON"),
    ],
)
def test_a_bad_line_is_named_and_the_good_ones_used(tmp_path: Path, bad: str, reason: str) -> None:
    writer = RecordWriter(tmp_path, "tests", interval=0)
    _record(writer, _app(), times=2)
    writer.close()
    assert writer.path is not None
    with writer.path.open("a") as file:
        file.write(bad + "\n")
    records = read_records([tmp_path])
    assert records.responses == 2
    (problem,) = records.problems
    assert problem.startswith(f"{writer.path}:3: ")
    assert reason in problem
