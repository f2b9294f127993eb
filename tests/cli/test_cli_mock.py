"""``contractkit mock``: the same refusals as ``check``, and a stub served on 127.0.0.1."""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import time
import typing as t
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


SOURCES = {"SPEC": (str(SPEC),), "--app": ("--app", "example_app:create_app()")}
#: How the mock names what it serves: the document's title, or the app's name.
SERVED_NAMES = {"SPEC": "contractkit example API", "--app": "example_app"}


class Served(t.NamedTuple):
    """What a mock started from one source answered, and what it logged."""

    answers: tuple[tuple[int, str, dict[str, str], object], ...]
    logged: str


@functools.cache  # each source is served once, whichever test asks first
def serve_and_ask(source: tuple[str, ...]) -> Served:
    """Start ``contractkit mock`` on *source* (its own process) and ask it the same requests."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {key: value for key, value in os.environ.items() if key != "FLASK_APP"}
    command = [str(Path(sys.executable).with_name("contractkit")), "mock", *source]
    options = ["--port", str(port), "--seed", "7", "--custom-codes-rate", "1"]
    server = subprocess.Popen(
        [*command, *options],
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
            responses = [
                client.get("/search?q=x", headers={"Prefer": "code=460"}),
                client.get("/search?q=x", headers={"Prefer": "code=460, status-fallback"}),
                client.get("/search?q=y"),  # rate 1: a custom code, drawn and logged
            ]
    finally:
        server.terminate()
        _, logged = server.communicate(timeout=10)
    kept = ("Contract-Original-Status", "Content-Type", "Vary", "Preference-Applied")
    answers = tuple(
        (
            response.status_code,
            response.reason_phrase,
            {name: response.headers[name] for name in kept if name in response.headers},
            response.json(),
        )
        for response in responses
    )
    return Served(answers, logged)


@pytest.mark.slow  # starts a server process
@pytest.mark.parametrize("named", SOURCES)
def test_the_cli_serves_the_example_app_document_on_localhost(named: str) -> None:
    (answered, fallback, drawn), logged = serve_and_ask(SOURCES[named])
    assert f"contractkit mock: {SERVED_NAMES[named]}, " in logged  # it served what it names
    assert answered[:2] == (460, "Tier Limit Exceeded")
    assert fallback[0] == 429
    assert fallback[2]["Contract-Original-Status"] == "460"
    assert "seed 7, custom codes rate 1.0" in logged
    assert (
        f"GET /search?q=y: answered custom code {drawn[0]} (custom codes rate 1.0, seed 7)"
        in logged
    )


@pytest.mark.slow  # starts a server process per source
def test_the_app_and_its_exported_document_serve_the_same_answers() -> None:
    """``specs/example_app.yaml`` is the app's export: a mock of either answers alike."""
    from_spec, from_app = (serve_and_ask(source).answers for source in SOURCES.values())
    assert from_app == from_spec


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
