"""``contractkit mock``: the same refusals as ``check``, and a stub served on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from contractkit import ClientContract
from contractkit.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "specs" / "example_app.yaml"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("openapi: 3.0.3\ninfo: {title: x, version: '1'}\n", "paths"),
        ("openapi: 3.0.3\n: [\n", "yaml"),
        ("swagger: '2.0'\ninfo: {title: x}\npaths: {}\n", "version"),
    ],
)
def test_bad_documents_are_refused_as_check_refuses_them(
    tmp_path: Path, text: str, named: str
) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(text)
    result = CliRunner().invoke(cli, ["mock", str(spec)])
    assert result.exit_code == 2
    assert named in result.output.lower()
    assert "Traceback" not in result.output


def test_a_body_that_cannot_be_generated_is_named(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '200':\n          description: A.\n          content:\n"
        "            application/json:\n              schema:\n                allOf:\n"
        "                  - {type: string}\n                  - {type: integer}\n"
    )
    result = CliRunner().invoke(cli, ["mock", str(spec)])
    assert result.exit_code == 2
    assert "GET /a 200 (application/json): allOf branches contradict" in result.output


def test_neither_spec_nor_app_is_a_usage_error() -> None:
    result = CliRunner(env={"FLASK_APP": None}).invoke(cli, ["mock"])
    assert result.exit_code == 2
    assert "give SPEC, or --app" in result.output


@pytest.mark.slow  # starts a server process
@pytest.mark.parametrize(
    "source", [[str(SPEC)], ["--app", "example_app:create_app()"]], ids=["SPEC", "--app"]
)
def test_the_cli_serves_the_example_app_document_on_localhost(source: list[str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {key: value for key, value in os.environ.items() if key != "FLASK_APP"}
    command = [
        str(Path(sys.executable).with_name("contractkit")),
        "mock",
        str(SPEC),
        "--port",
        str(port),
        "--seed",
        "7",
        "--custom-codes-rate",
        "1",
    ]
    server = subprocess.Popen(
        command,
        env=environment,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        contract = ClientContract.from_file(SPEC)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, event_hooks={"response": [contract.check]}) as client:
            for _ in range(100):
                try:
                    client.get("/search?q=x")
                    break
                except httpx.ConnectError:
                    time.sleep(0.1)
            answered = client.get("/search?q=x", headers={"Prefer": "code=460"})
            fallback = client.get("/search?q=x", headers={"Prefer": "code=460, status-fallback"})
            drawn = client.get("/search?q=y")  # rate 1: a custom code, drawn and logged
        assert answered.status_code == 460
        assert answered.reason_phrase == "Tier Limit Exceeded"
        assert fallback.status_code == 429
        assert fallback.headers["Contract-Original-Status"] == "460"
    finally:
        server.terminate()
        _, logged = server.communicate(timeout=10)
    assert "seed 7, custom codes rate 1.0" in logged
    assert (
        f"GET /search?q=y: answered custom code {drawn.status_code} (custom codes rate 1.0, seed 7)"
        in logged
    )


def test_custom_codes_rate_outside_0_1_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["mock", str(SPEC), "--custom-codes-rate", "1.5"])
    assert result.exit_code == 2
    assert "--custom-codes-rate" in result.output


@pytest.mark.slow  # starts a server process
def test_the_cli_warns_of_a_bad_example_and_serves_a_valid_body(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /n:\n    get:\n"
        "      responses:\n        '200':\n          description: A number.\n          content:\n"
        "            application/json:\n              schema: {type: integer, minimum: 1}\n"
        "              example: 0\n"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).with_name("contractkit")), "mock", str(spec)]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                answered = httpx.get(f"http://127.0.0.1:{port}/n")
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert answered.json() >= 1
    finally:
        server.terminate()
        _, logged = server.communicate(timeout=10)
    assert "warning: x: 1 documented example(s) break their schema" in logged
    assert (
        "$.paths['/n'].get.responses['200'].content['application/json'].example: "
        "at (root): less than the minimum of 1" in logged
    )
