"""Spec files: formats by suffix, atomic writes, and reading documents back."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
import yaml

from contractkit.errors import SpecFileError
from contractkit.specfile import parsing
from contractkit.specfile.files import format_of, parse_document, read_document, write_atomic


@pytest.mark.parametrize(
    ("name", "expected"),
    [("api.json", "json"), ("api.yaml", "yaml"), ("api.yml", "yaml"), ("API.YAML", "yaml")],
)
def test_format_follows_the_suffix(name: str, expected: str) -> None:
    assert format_of(Path(name)) == expected


@pytest.mark.parametrize(
    ("name", "match"),
    [("api.txt", "suffix '.txt'"), ("api", "no suffix"), ("api.json.bak", "suffix '.bak'")],
)
def test_unknown_suffix_is_an_error(name: str, match: str) -> None:
    with pytest.raises(SpecFileError, match=match):
        format_of(Path(name))


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "api.yaml"
    write_atomic(target, "first: 1\n")
    assert target.read_text() == "first: 1\n"
    write_atomic(target, "second: 2 — ünïcode\n")
    assert target.read_bytes() == "second: 2 — ünïcode\n".encode()
    assert _leftovers(tmp_path) == []


def test_write_atomic_keeps_the_targets_permissions(tmp_path: Path) -> None:
    target = tmp_path / "api.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_write_atomic_gives_new_files_the_usual_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "api.json", "{}\n")
    finally:
        os.umask(umask)
    # Not mkstemp's 0o600: a committed spec is read by others.
    assert stat.S_IMODE((tmp_path / "api.json").stat().st_mode) == 0o644


def test_write_atomic_creates_missing_folders(tmp_path: Path) -> None:
    write_atomic(tmp_path / "specs" / "v1" / "api.yaml", "x: 1\n")
    assert (tmp_path / "specs" / "v1" / "api.yaml").read_text() == "x: 1\n"


def test_write_atomic_rejects_a_file_as_directory(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(SpecFileError, match=r"cannot create .*file: File exists"):
        write_atomic(tmp_path / "file" / "api.yaml", "x: 1\n")


def test_write_atomic_rejects_a_directory_as_target(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").mkdir()
    with pytest.raises(SpecFileError, match="is a directory"):
        write_atomic(tmp_path / "api.yaml", "x: 1\n")


def test_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "api.yaml"
    target.write_text("old: 1\n")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SpecFileError, match=r"cannot write .*api.yaml: Permission denied\."):
        write_atomic(target, "new: 2\n")
    assert target.read_text() == "old: 1\n"
    assert _leftovers(tmp_path) == []


def test_interrupted_write_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "api.yaml", "x: 1\n")
    assert list(tmp_path.iterdir()) == []


def test_read_document_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"openapi": "3.1.0", "paths": {}}')
    (tmp_path / "a.yml").write_text("openapi: 3.1.0\npaths: {}\n")
    assert read_document(tmp_path / "a.json") == read_document(tmp_path / "a.yml")


def test_yaml_is_read_into_the_json_data_model() -> None:
    # Unquoted integer keys and dates are what OpenAPI tools read as strings.
    document = parse_document(
        "openapi: 3.1.0\ninfo: {version: 2024-01-31}\nresponses:\n  200: {description: OK}\n",
        "yaml",
        name="a.yaml",
    )
    assert document["responses"] == {"200": {"description": "OK"}}
    assert document["info"]["version"] == "2024-01-31"


def test_reading_keeps_what_a_json_round_trip_made_of_yaml() -> None:
    # Reading no longer goes through json.dumps/json.loads (which expanded alias
    # bombs and recursed); the document it gives is the same.
    text = (
        "openapi: 3.1.0\nbase: &base {a: 1, b: [1, 2]}\ncopy: *base\nmerged: {<<: *base, c: 3}\n"
        "keys: {200: a, true: b, null: c, 1.5: d}\nwhen: 2024-01-31T10:00:00\nraw: !!binary aGk=\n"
    )
    document = parse_document(text, "yaml", name="a.yaml")
    assert document == json.loads(json.dumps(yaml.safe_load(text), default=str))
    assert list(document["keys"]) == ["200", "true", "null", "1.5"]
    document["copy"]["b"].append(3)  # aliases become copies, as JSON has no sharing
    assert document["base"]["b"] == [1, 2]


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("bad.json", '{"openapi": ', r"bad.json is not valid JSON: Expecting value at line 1"),
        ("bad.yaml", "a: [1, 2\n", r"bad.yaml is not valid YAML: .* at line 2, column 1\.$"),
        ("empty.yaml", "", "holds nothing, not an OpenAPI document"),
        ("list.json", "[1, 2]", "holds a list, not an OpenAPI document"),
        ("text.yaml", "just words\n", "holds a str, not an OpenAPI document"),
    ],
)
def test_unreadable_documents_are_errors(
    tmp_path: Path, name: str, content: str, match: str
) -> None:
    (tmp_path / name).write_text(content)
    with pytest.raises(SpecFileError, match=match) as caught:
        read_document(tmp_path / name)
    assert "\n" not in str(caught.value)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SpecFileError, match=r"nope\.yaml does not exist"):
        read_document(tmp_path / "nope.yaml")


def test_directory_is_not_a_spec_file(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(SpecFileError, match="is a directory"):
        read_document(tmp_path / "dir.yaml")


def test_binary_file_is_not_a_spec_file(tmp_path: Path) -> None:
    (tmp_path / "api.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SpecFileError, match="is not UTF-8 text"):
        read_document(tmp_path / "api.json")


_VARIED = """\
openapi: 3.1.0
info: {title: "T", version: 2024-01-31, x-when: 2024-01-31T10:00:00Z}
flags: [yes, no, on, off, true, False, ~, null, "yes", 'no']
numbers: [1, -2, 0x1F, 0o17, 1_000, 1.5, .inf, -.Inf, .nan, 1e3, "42", 12:30]
text: |
  two
  lines
folded: >
  one
  line
keys: {200: a, true: b, null: c, 1.5: d, "404": e}
base: &base {a: 1, b: [1, 2]}
copy: *base
scalar: &s value
again: *s
tagged: [!!str 3, !!int "4", !!float "5", !!null ""]
empty: {}
none:
"""


@pytest.mark.parametrize(
    "text",
    [
        _VARIED,
        _VARIED + "merged: {<<: *base, c: 3}\n",  # merge keys: read the long way
        _VARIED + "raw: !!binary aGk=\n",
        _VARIED + "? [complex, key]\n: value\n",
    ],
    ids=["plain", "merge-key", "binary", "complex-key"],
)
def test_the_fast_yaml_reader_reads_what_safe_load_reads(text: str) -> None:
    try:
        expected: object = json.loads(json.dumps(yaml.safe_load(text), default=str))
    except (TypeError, yaml.YAMLError):
        expected = None
    if expected is None:
        with pytest.raises(SpecFileError):
            parse_document(text, "yaml", name="a.yaml")
        return
    if "<<" not in text and "!!binary" not in text and "?" not in text:
        # The plain document takes the fast path, not the fallback.
        built = parsing._build(yaml.parse(text, Loader=yaml.CSafeLoader))
        assert json.dumps(parsing.json_model(built, "a.yaml")) == json.dumps(expected)
    # Compared as JSON text: NaN is not equal to itself.
    assert json.dumps(parse_document(text, "yaml", name="a.yaml")) == json.dumps(expected)


def test_the_repositorys_documents_read_as_safe_load_reads_them() -> None:
    root = Path(__file__).parents[2]
    paths = [*root.glob("specs/*.yaml"), *root.glob("docs/snippets/**/*.yaml")]
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        expected = json.loads(json.dumps(yaml.safe_load(text), default=str))
        assert parse_document(text, "yaml", name=path.name) == expected, path


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("enum: [lt, =, gt]\n", "line 1, column 12"),
        ("a:\n  op: =\n", "line 2, column 7"),
    ],
)
def test_a_bare_equals_sign_is_named_with_its_line_and_the_fix(text: str, where: str) -> None:
    # Valid YAML 1.1: '=' is its "value" type, which PyYAML resolves but cannot build.
    with pytest.raises(SpecFileError) as raised:
        parse_document(text, "yaml", name="api.yaml")
    message = str(raised.value)
    assert message.startswith(f"api.yaml cannot be read: {where} holds a bare '='")
    assert "tag:yaml.org,2002:value" in message
    assert message.endswith("quote it ('=') to mean the text.")
    assert parse_document(text.replace("=", "'='"), "yaml", name="api.yaml")  # the fix works
