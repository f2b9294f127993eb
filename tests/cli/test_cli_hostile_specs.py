"""Spec files written to hurt: remote and file ``$ref``s, YAML alias bombs, deep nesting.

``check``, ``diff`` and ``schemathesis-config`` read spec files from pull
requests, so each must finish quickly, never touch the network or other files,
and exit 2 (not 1, which means "problems found" or "breaking change") on a
file it cannot process.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import typing as t
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from contractkit.cli.commands import cli
from contractkit.specfile.parsing import MAX_ALIAS_NODES, MAX_DEPTH

SECRET = "hunter2-Zq9"

#: 398 bytes that expand to 9**9 strings when aliases are followed.
BILLION_LAUGHS = """\
openapi: 3.0.3
info: {title: lol, version: "1"}
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

COMMANDS = ["check", "diff", "schemathesis-config"]


def run(command: str, path: Path) -> Result:
    """``command`` on ``path`` (``diff`` compares it with itself), timed."""
    args = [command, str(path), str(path)] if command == "diff" else [command, str(path)]
    return CliRunner().invoke(cli, args)


def spec(schema: dict[str, t.Any], version: str = "3.0.3") -> dict[str, t.Any]:
    ok = {"description": "OK", "content": {"application/json": {"schema": schema}}}
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"responses": {"200": ok}}}},
    }


@pytest.fixture
def silent_server() -> Iterator[tuple[str, socket.socket]]:
    """A port that accepts connections and never answers: where a fetch would hang."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}", server
    finally:
        server.close()


def _connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


# $refs outside the document


@pytest.mark.parametrize(
    "ref",
    [
        "{server}/schema.json",
        "{server}/schema.json#/components/schemas/Item",
        "file:///etc/passwd",
        "file://{directory}/fake.env",
        "../../etc/hostname",
        "fake.env",
        "fake.env#/a",
    ],
)
def test_check_refuses_refs_outside_the_document(
    tmp_path: Path, silent_server: tuple[str, socket.socket], ref: str
) -> None:
    url, server = silent_server
    (tmp_path / "fake.env").write_text(f"TOKEN={SECRET}\n")
    ref = ref.format(server=url, directory=tmp_path)
    path = tmp_path / "api.json"
    path.write_text(json.dumps(spec({"$ref": ref})))
    started = time.monotonic()
    result = run("check", path)
    assert time.monotonic() - started < 10  # a fetch of the silent server never returns
    assert result.exit_code == 1, result.output
    where = "$.paths['/x'].get.responses['200'].content['application/json'].schema['$ref']"
    shown = repr(ref) if len(ref) <= 80 else repr(ref[:77] + "...")  # long refs are cut
    assert result.stdout == (
        f"Invalid OpenAPI (1):\n  {where}: $ref {shown} points outside this document; "
        "contractkit follows only references inside it ('#/components/...'). Bundle the spec "
        "into one file.\n"
    )
    assert SECRET not in result.output
    assert "root:" not in result.output  # nothing of /etc/passwd either
    assert _connections(server) == 0


def test_check_does_not_fetch_a_local_looking_ref_under_a_remote_id(
    tmp_path: Path, silent_server: tuple[str, socket.socket]
) -> None:
    url, server = silent_server
    schema = {"$id": f"{url}/s.json", "$ref": "#/$defs/a", "default": 1}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(spec(schema, "3.1.0")))
    result = run("check", path)
    assert result.exit_code == 1
    assert _connections(server) == 0


@pytest.mark.parametrize("command", ["diff", "schemathesis-config"])
def test_diff_and_schemathesis_config_never_fetch_refs(
    tmp_path: Path, silent_server: tuple[str, socket.socket], command: str
) -> None:
    url, server = silent_server
    (tmp_path / "fake.env").write_text(f"TOKEN={SECRET}\n")
    document = spec({"$ref": f"{url}/schema.json"})
    document["paths"]["/x"]["get"]["responses"]["201"] = {"$ref": "fake.env"}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(document))
    result = run(command, path)
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    assert _connections(server) == 0


# YAML aliases


@pytest.mark.parametrize("command", COMMANDS)
def test_a_yaml_alias_bomb_is_refused_in_one_line(tmp_path: Path, command: str) -> None:
    path = tmp_path / "lol.yaml"
    path.write_text(BILLION_LAUGHS)
    assert len(BILLION_LAUGHS.encode()) < 400
    result = run(command, path)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: {path} uses YAML aliases that expand to more than {MAX_ALIAS_NODES} nodes; "
        "write the document without them, or reuse parts with $ref.\n"
    )


def test_a_few_yaml_aliases_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
        "x-ok: &ok {description: OK}\n"
        "paths:\n  /a: {get: {responses: {'200': *ok}}}\n  /b: {get: {responses: {'200': *ok}}}\n"
    )
    result = run("check", path)
    assert result.exit_code == 0, result.output


def test_a_recursive_yaml_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("openapi: 3.0.3\nloop: &x [1, *x]\n")
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path} has an alias inside its own anchor; JSON cannot hold a cycle.\n"
    )


# Deep nesting


def _nested_json(levels: int) -> str:
    head = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x-deep": '
    return head + '{"a": ' * levels + "1" + "}" * levels + "}"


@pytest.mark.parametrize(
    ("command", "name"),
    [*((command, "deep.json") for command in COMMANDS), ("check", "deep.yaml")],
)
def test_a_deeply_nested_spec_is_refused_in_one_line(
    tmp_path: Path, command: str, name: str
) -> None:
    # YAML is read by the same code for every command, and PyYAML's scanner is
    # slow on deep flow collections (~2 s to reach the limit), so once is enough.
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(_nested_json(100_000))
    else:
        path.write_text("openapi: 3.0.3\nx-deep: " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = run(command, path)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: {path} nests more than {MAX_DEPTH} levels deep; no OpenAPI document needs that.\n"
    )


def _legal_schema(levels: int, leaf: str) -> dict[str, t.Any]:
    schema: dict[str, t.Any] = {"type": leaf}
    for _ in range(levels):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_legal_300_level_schema_is_checked_and_diffed(tmp_path: Path, version: str) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(spec(_legal_schema(300, "string"), version)))
    new.write_text(json.dumps(spec(_legal_schema(300, "integer"), version)))
    checked = run("check", old)
    assert checked.exit_code == 0, checked.output
    diffed = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert diffed.exit_code == 1, diffed.output  # the leaf's type changed: breaking
    assert "Traceback" not in diffed.output
    assert "1 breaking" in diffed.output
    config = run("schemathesis-config", old)
    assert config.exit_code == 0, config.output


@pytest.mark.parametrize("command", COMMANDS)
def test_a_recursion_error_is_trouble_not_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # Where no thread with a large stack can start, the command runs with Python's
    # default limit, too low for a 300-level schema: exit 2, never 1 ("problems found").
    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(spec(_legal_schema(300, "string"), "3.1.0")))
    result = run(command, path)
    if command in ("schemathesis-config", "diff", "check"):
        # schemathesis-config never walks schemas; diff walks them with its own stack;
        # check reaches the validator's verdict without its recursion on a valid document.
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "Error: a document nests too deeply to process (Python's recursion limit ran out); "
        f"spec files may nest up to {MAX_DEPTH} levels, and no OpenAPI document needs that many.\n"
    )


@pytest.mark.parametrize(
    "schemas",
    [
        {"A": {"$ref": "#/components/schemas/A"}},
        {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}},
    ],
)
def test_a_ref_cycle_is_a_problem_at_each_ref(tmp_path: Path, schemas: dict[str, t.Any]) -> None:
    document = spec({"$ref": "#/components/schemas/A"}, "3.1.0")
    document["components"] = {"schemas": schemas}
    path = tmp_path / "loop.json"
    path.write_text(json.dumps(document))
    result = run("check", path)
    assert result.exit_code == 1, result.output
    heading, *lines = result.stdout.splitlines()
    assert heading == f"Invalid OpenAPI ({len(schemas) + 1}):"
    locations = [line.strip().split(": ", 1)[0] for line in lines]
    assert locations == [
        "$.paths['/x'].get.responses['200'].content['application/json'].schema['$ref']",
        *(f"$.components.schemas.{name}['$ref']" for name in schemas),
    ]
    assert all("leads into a cycle of $refs" in line for line in lines)
    for command in ("diff", "schemathesis-config"):
        assert run(command, path).exit_code == 0
