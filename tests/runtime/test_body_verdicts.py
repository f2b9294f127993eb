"""Body verdicts are a JSON Schema validator's: each class of false alarm or miss once found."""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask, Response, request
from marshmallow import Schema, fields, validate

from contractkit import ContractKit, responds
from contractkit.runtime.schemas import SchemaCompiler


class VerdictSchema(Schema):
    lower = fields.String(validate=validate.Regexp(r"^[a-z]+$"))
    digits = fields.String(validate=validate.Regexp(r"^\d+$"))
    word = fields.String(validate=validate.Regexp(r"^\w+$"))
    f = fields.Float(validate=validate.Range(max=2**53))
    raw = fields.Raw()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    anything = fields.Dict()
    other = fields.Integer()
    big = fields.Float(validate=validate.Range(max=2**62))
    huge = fields.Float(validate=validate.Range(max=1e300))


def _app(kit: ContractKit, openapi_version: str) -> Flask:
    app = Flask("verdicts")
    app.config.update(CONTRACTKIT_MODE="strict", CONTRACTKIT_OPENAPI_VERSION=openapi_version)

    @app.post("/echo")
    @responds(200, VerdictSchema)
    def echo() -> t.Any:
        return Response(request.get_data(), mimetype="application/json")

    kit.init_app(app)
    kit.contract(app)
    return app


@pytest.fixture(params=["3.1.0", "3.0.3"])
def app(request: pytest.FixtureRequest, kit: ContractKit) -> Flask:
    return _app(kit, t.cast(str, request.param))


def _detail(app: Flask, body: bytes) -> str | None:
    """The problem's detail, or ``None`` if the body passed."""
    response = app.test_client().post("/echo", data=body, content_type="application/json")
    if response.status_code == 200:
        assert response.get_data() == body
        return None
    assert response.status_code == 500, response.get_data()
    return t.cast(str, t.cast(dict[str, t.Any], response.json)["detail"])


DEEP = 3000

PASS = {
    "an ASCII lowercase word": b'{"lower": "abc"}',
    "ASCII digits": b'{"digits": "123"}',
    "the largest double-exact integer": b'{"f": 9007199254740992}',
    "a number past the double range, below the maximum": b'{"f": -1e400}',
    "a number past the double range under Raw": b'{"raw": 1e400}',
    "JSON nested 3000 levels under Raw": b'{"raw": ' + b"[" * DEEP + b"]" * DEEP + b"}",
    "deep JSON in an open Dict": b'{"anything": {"a": ' + b"[" * DEEP + b"]" * DEEP + b"}}",
    "a lone surrogate escape in a Dict key": b'{"counts": {"\\ud800": 1}}',
    "a lone surrogate escape under Raw": b'{"raw": "\\udfff"}',
    # jsonschema-rs alone compares these doubles wrongly with a bound of the same value.
    "a double equal to an integer bound": b'{"big": 4.611686018427388e18}',
    "a double equal to a double bound": b'{"huge": 1e300}',
    "a paired surrogate escape": b'{"lower": "a", "raw": "\\ud83d\\ude00"}',
}

FAIL = {
    # Python's $ matches before a final newline; ECMA-262's does not.
    "a trailing newline under ^[a-z]+$": (b'{"lower": "abc\\n"}', "at /lower: does not match"),
    # ECMA-262's \d and \w are ASCII.
    "Arabic-Indic digits under ^\\d+$": ('{"digits": "١٢٣"}'.encode(), "at /digits: does not"),
    "an accented word under ^\\w+$": ('{"word": "été"}'.encode(), "at /word: does not match"),
    # The verdict on one field does not depend on the others (msgspec used to decide alone).
    "a newline beside other valid fields": (b'{"lower": "abc\\n", "other": 1}', "at /lower"),
    "2**53 + 1 over a maximum of 2**53": (b'{"f": 9007199254740993}', "at /f: greater than"),
    "a number past the double range over the maximum": (b'{"f": 1e400}', "at /f: greater"),
    "the next double over an integer bound": (b'{"big": 4.611686018427389e18}', "at /big"),
    "NaN under Raw": (b'{"raw": NaN}', "not valid JSON"),
    "Infinity as a Dict value": (b'{"anything": {"x": Infinity}}', "not valid JSON"),
    "-Infinity in an open object": (b'{"lower": "a", "extra": -Infinity}', "not valid JSON"),
    "a byte order mark": (b'\xef\xbb\xbf{"lower": "a"}', "byte order mark"),
    "UTF-16 with a byte order mark": ('{"lower": "a"}'.encode("utf-16"), "not UTF-8"),
    "UTF-16 without one": ('{"lower": "a"}'.encode("utf-16-le"), "not valid JSON"),
    "a surrogate encoded in UTF-8": (b'{"raw": "\xed\xa0\x80"}', "not UTF-8"),
    "a Dict value of the wrong type, deep": (
        b'{"counts": {"a": ' + b"[" * DEEP + b"]" * DEEP + b"}}",
        "at a location nested too deep to name",
    ),
    "deep JSON that is cut short": (b'{"raw": ' + b"[" * DEEP + b"]" * (DEEP - 1) + b"}", "JSON"),
}


@pytest.mark.parametrize("body", list(PASS.values()), ids=list(PASS))
def test_bodies_a_json_schema_validator_accepts_pass(app: Flask, body: bytes) -> None:
    assert _detail(app, body) is None


@pytest.mark.parametrize(("body", "fragment"), list(FAIL.values()), ids=list(FAIL))
def test_bodies_a_json_schema_validator_rejects_are_violations(
    app: Flask, body: bytes, fragment: str
) -> None:
    detail = _detail(app, body)
    assert detail is not None and fragment in detail, detail


@pytest.mark.parametrize(
    ("schema", "valid", "invalid"),
    [
        # OpenAPI 3.0.3: nullable adds null to the type; the enum still has the last word.
        ({"type": "string", "enum": ["a", "b"], "nullable": True}, ["a"], [None, "c"]),
        ({"type": "string", "enum": ["a", None], "nullable": True}, ["a", None], ["c"]),
        ({"type": "integer", "nullable": True, "maximum": 3}, [None, 3], [4, "x"]),
        # nullable means nothing without a type beside it.
        ({"nullable": True, "allOf": [{"type": "string"}]}, ["x"], [None]),
        ({"type": "integer"}, [1], [1.0, None]),  # draft 4: 1.0 is not an integer
    ],
)
def test_openapi_3_0_nullable_and_integer_semantics(
    schema: dict[str, t.Any], valid: list[t.Any], invalid: list[t.Any]
) -> None:
    validator = SchemaCompiler("3.0.3", {}).compile(schema).validator
    assert [validator.is_valid(value) for value in valid] == [True] * len(valid)
    assert [validator.is_valid(value) for value in invalid] == [False] * len(invalid)


def test_a_nullable_field_with_an_enum_without_null_refuses_null(kit: ContractKit) -> None:
    class StateSchema(Schema):
        state = fields.String(allow_none=True, metadata={"enum": ["on", "off"]})

    app = Flask("nullable_enum")
    app.config.update(CONTRACTKIT_MODE="strict", CONTRACTKIT_OPENAPI_VERSION="3.0.3")

    @app.get("/state")
    @responds(200, StateSchema)
    def state() -> t.Any:
        return {"state": None}

    kit.init_app(app)
    schema = kit.spec(app)["components"]["schemas"]["State"]["properties"]["state"]
    assert schema == {"type": "string", "nullable": True, "enum": ["on", "off"]}
    assert app.test_client().get("/state").status_code == 500


class NodeSchema(Schema):
    name = fields.String(required=True)
    children = fields.List(fields.Nested(lambda: NodeSchema()))


def _tree(depth: int, leaf: str = '"leaf"') -> bytes:
    return (('{"name": "n", "children": [' * depth) + f'{{"name": {leaf}}}' + "]}" * depth).encode()


@pytest.mark.parametrize("mode", ["strict", "report"])
def test_a_body_too_deep_for_a_recursive_schema_is_a_failed_check(
    kit: ContractKit, mode: str
) -> None:
    app = Flask("tree")
    app.config.update(CONTRACTKIT_MODE=mode, CONTRACTKIT_CHECK_BODIES=True)

    @app.get("/tree")
    @responds(200, NodeSchema)
    def tree() -> t.Any:
        depth, leaf = int(request.args["depth"]), request.args.get("leaf", '"leaf"')
        return Response(_tree(depth, leaf), mimetype="application/json")

    kit.init_app(app)
    kit.contract(app)
    client = app.test_client()
    assert client.get("/tree", query_string={"depth": "300"}).status_code == 200
    wrong = client.get("/tree", query_string={"depth": "300", "leaf": "1"})
    assert wrong.status_code == (500 if mode == "strict" else 200)
    deep = client.get("/tree", query_string={"depth": "2000"})
    if mode == "strict":
        assert deep.status_code == 500
        assert "could not check" in t.cast(dict[str, t.Any], deep.json)["detail"]
    else:
        assert (deep.status_code, deep.get_data()) == (200, _tree(2000))
    kinds = [v.kind for v in kit.violations(app).recent()]
    assert kinds == ["invalid-body", "check-failed"]
    assert "past the 1000 checked" in kit.violations(app).recent()[1].detail
