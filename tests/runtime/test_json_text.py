"""Bodies are read as RFC 8259 JSON: the strict reader and the deep one agree with the stdlib."""

from __future__ import annotations

import json
import random
import re
import typing as t
from decimal import Decimal

import pytest

from contractkit import ContractKit, responds
from contractkit.runtime.json_text import NotJSON, read_json

SEEDS = [
    '{"a": [1, 2.5, -0, 1e5, 1e400, "x\\u00e9", true, false, null], "b": {"c": "\\ud83d\\ude00"}}',
    '["abc", 0.1, {}, [[]], -12.5e-3, {"d": []}]',
    ' {"é" : "ü" } ',
]
_LONE = re.compile("[\ud800-\udfff]")
ALPHABET = '{}[]",:0123456789.eE+-\\ u\x00\x1ftfnlrsa\t\n\xe9'


def _stdlib(text: str) -> t.Any:
    """What Python's json reads, held to RFC 8259: no NaN or Infinity, 1e400 kept exact."""

    def reject(constant: str) -> t.NoReturn:
        raise ValueError(constant)

    def number(literal: str) -> float | Decimal:
        value = float(literal)
        return Decimal(literal) if value in (float("inf"), float("-inf")) else value

    return json.loads(text, parse_constant=reject, parse_float=number)


def _mutations(count: int, seed: int) -> t.Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        chars = list(rng.choice(SEEDS))
        for _ in range(rng.randint(0, 3)):
            at, roll = rng.randrange(len(chars) + 1), rng.random()
            if roll < 0.4:
                chars[at : at + 1] = []
            elif roll < 0.8:
                chars[at:at] = [rng.choice(ALPHABET)]
            else:
                chars[at : at + 1] = [rng.choice(ALPHABET)]
        yield "".join(chars)


@pytest.mark.parametrize(
    ("nesting", "count"), [(1, 3000), (1500, 300)], ids=["shallow", "1500 levels"]
)
def test_both_readers_agree_with_the_stdlib_on_mutated_texts(nesting: int, count: int) -> None:
    """At 1500 levels the recursive readers give up and the loop reads every text."""
    agreed = 0
    for text in _mutations(count, seed=nesting):
        wrapped = "[" * nesting + text + "]" * nesting
        try:
            (expected,) = _stdlib(f"[{text}]")
        except ValueError:  # not JSON, or more than one value inside the brackets
            expected = NotJSON
        try:
            value = read_json(wrapped.encode("utf-8", "surrogatepass")).value
            for _ in range(nesting):
                (value,) = value
        except (NotJSON, ValueError):
            value = NotJSON
        if value is NotJSON or expected is NotJSON:
            assert value is expected, text
        else:
            # Lone surrogates cannot reach the validator (a Rust string): U+FFFD stands in.
            wanted = _LONE.sub("\ufffd", json.dumps(expected, default=float, ensure_ascii=False))
            assert json.dumps(value, default=float, ensure_ascii=False) == wanted, text
        agreed += 1
    assert agreed == count


def test_deep_texts_report_their_depth() -> None:
    reading = read_json(b"[" * 5000 + b"{}" + b"]" * 5000)
    assert reading.depth == 5001


def test_lone_surrogates_become_replacement_characters_keeping_lengths() -> None:
    value = read_json(b'{"k\\ud800": ["\\udfffx", "\\ud83d\\ude00"]}').value
    assert value == {"k\ufffd": ["\ufffdx", "\U0001f600"]}


def test_doubles_of_large_integers_are_handed_on_exactly() -> None:
    """jsonschema-rs compares such a double with an equal integer bound wrongly."""
    value = read_json(b"[4.611686018427388e18, 9007199254740993, 1.5, 1e15, -2e300]").value
    assert value == [
        Decimal("4611686018427387904.0"),
        9007199254740993,
        1.5,
        1e15,
        Decimal(f"{int(-2e300)}.0"),
    ]
    assert str(value[0]).endswith(".0")  # still not an integer for draft 4


#: An integer of 5,000 digits: more than Python's int() converts (4,300 by default).
HUGE = "7" * 5000


def test_an_integer_past_pythons_digit_limit_is_read_exactly() -> None:
    with pytest.raises(ValueError, match="4300"):
        json.loads(HUGE)  # what the stdlib says, and why it was "not valid JSON"
    assert read_json(f'{{"id": {HUGE}, "n": -{HUGE}}}'.encode()).value == {
        "id": Decimal(HUGE),
        "n": Decimal(f"-{HUGE}"),
    }
    deep = "[" * 1500 + HUGE + "]" * 1500  # the loop reader, too
    value = read_json(deep.encode()).value
    for _ in range(1500):
        value = value[0]
    assert value == Decimal(HUGE)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (f'{{"id": {HUGE}}}', None),
        (f'{{"id": -{HUGE}}}', "holds an integer of more than 4300 digits"),
        (f'{{"id": {HUGE}.5}}', 'at /id: not of type "integer"'),
    ],
)
def test_a_body_with_a_huge_integer_is_judged_by_its_schema(
    kit: ContractKit, body: str, problem: str | None
) -> None:
    from flask import Flask, Response
    from marshmallow import Schema, fields, validate

    class Ledger(Schema):
        id = fields.Integer(required=True, validate=validate.Range(min=0))

    app = Flask("ledger")
    app.config["CONTRACTKIT_MODE"] = "strict"

    @app.get("/ledger")
    @responds(200, Ledger)
    def ledger() -> Response:
        return Response(body, mimetype="application/json")

    kit.init_app(app)
    response = app.test_client().get("/ledger")
    if problem is None:
        assert response.status_code == 200
        assert kit.violations(app).total == 0
    else:
        assert response.status_code == 500
        [violation] = kit.violations(app).recent()
        assert problem in violation.detail
        assert "not valid JSON" not in violation.detail
