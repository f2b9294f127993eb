"""``pytest --contract-record``'s recorder on Flask and Quart apps alike."""

from __future__ import annotations

import typing as t
from pathlib import Path

from contractkit import ContractKit, responds
from contractkit.recording.reading import read_records
from contractkit.testing.recording import ContractRecording

from ..conftest import MakeApp
from ..frameworks import abort_of, client_of


def test_a_custom_code_sent_as_its_fallback_is_recorded_once_as_the_view_answered_it(
    kit: ContractKit, make_app: MakeApp, framework: str, tmp_path: Path
) -> None:
    kit.register_status(461, "Quota Exceeded", fallback=429)
    abort = abort_of(framework)

    def routes(app: t.Any) -> None:
        @app.get("/quota")
        @responds(200, content_type="application/json")
        @responds(461)
        async def quota() -> t.Any:
            abort(461)

    app = make_app(routes)
    recording = ContractRecording(str(tmp_path / "records"))
    try:
        client = client_of(app)
        assert client.get("/quota").status_code == 461
        assert client.get("/quota", headers={"Prefer": "status-fallback"}).status_code == 429
    finally:
        recording.pytest_unconfigure()
    observed = read_records([tmp_path / "records"]).observed.values()
    # Not a 429 for propose to declare: the view answered 461 both times.
    assert {(each.endpoint, each.status, each.count) for each in observed} == {("quota", 461, 1)}
