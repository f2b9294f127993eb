"""Body checks against reference JSON Schema validators, on generated schemas and bodies.

Schemas are marshmallow schemas drawn at random (fixed seed) and published by
contractkit as the app would publish them; bodies are drawn from the published
schema, with values chosen at and around every rule's edge, then some are
mutated into texts that are not RFC 8259 JSON. Each body is judged by
contractkit's check and by a reference:

- OpenAPI 3.1: jsonschema's ``Draft202012Validator``;
- OpenAPI 3.0: openapi-schema-validator's ``OAS30Validator`` (3.0.3 nullable);

both with ECMA-262 ``pattern`` (regress), reading the body as RFC 8259 JSON
with Python's ``json`` (UTF-8 only, no byte order mark, no NaN or Infinity;
numbers past the double range kept exact). A body the reference cannot judge
(a lone surrogate under a pattern, nesting past its recursion limit) is
skipped and counted.

Run ``python -m tests.runtime.differential --schemas 200 --bodies 200`` for a
larger run with a table of disagreements by class.
"""

from __future__ import annotations

import argparse
import collections
import decimal
import json
import random
import sys
import typing as t

import jsonschema
import regress
from flask import Flask, Response
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from marshmallow import Schema, fields, validate
from openapi_schema_validator import OAS30Validator

from contractkit import ContractKit, responds
from contractkit.runtime.body_compiler import compile_body_checks

PATTERNS = [
    r"^[a-z]+$",
    r"^\d+$",
    r"^\w+$",
    r"^[A-Z]{2,4}$",
    r"^\S+@\S+$",
    r"colou?r",
    r"^(ab)+$",
    r"^\s*$",
    r"^.$",
    r"x$",
    r"^[^\n]+$",
    r"\bok\b",
]
STRINGS = [
    "abc",
    "abc\n",
    "\u0661\u0662\u0663",
    "123",
    "été",
    "ete",
    "AB",
    "ABCDE",
    "a@b",
    "a b@c",
    "colour",
    "color",
    "abab",
    "line\nbreak",
    " ",
    "\u00a0",
    "\u2028",
    "\t",
    "😀",
    "",
    "x",
    "x\n",
    "ok",
    "ok\u00e9",
    "\ufeffabc",
]
BOUNDS_INT = [-5, 0, 3, 2**53, -(2**53), 2**63]
BOUNDS_FLOAT = [0, 1.5, -2.5, 2**53, -(2**53), 1e300]
#: Placeholders replaced in the JSON text by literals ``json.dumps`` cannot write.
LITERALS = {"\x00NaN\x00": "NaN", "\x00Inf\x00": "-Infinity", "\x00big\x00": "1e400"}
LONE = "\ud800"

#: Classes of disagreement, in the order a body is attributed to the first it has.
CLASSES = [
    "not UTF-8",
    "lone surrogate",
    "NaN/Infinity",
    "1e400",
    "numbers past 2^53",
    "regex dialect",
    "nullable",
    "deep",
    "other",
]


class Unjudgeable(Exception):
    """The reference validator cannot judge this body."""


# Schemas.


def random_schema(rng: random.Random, name: str, depth: int = 0) -> type[Schema]:
    """A marshmallow schema class with 1-5 random fields."""
    declared = {f"f{i}": _random_field(rng, f"{name}N{i}", depth) for i in range(rng.randint(1, 5))}
    return Schema.from_dict(declared, name=name)


def _random_field(rng: random.Random, name: str, depth: int) -> fields.Field:
    options: dict[str, t.Any] = {}
    if rng.random() < 0.5:
        options["required"] = True
    if rng.random() < 0.3:
        options["allow_none"] = True
    kinds = ["int", "float", "str", "bool", "raw", "dict", "list", "enum", "nullable-enum"]
    if depth < 2:
        kinds += ["nested", "nested-many"]
    kind = rng.choice(kinds)
    if kind == "int":
        return fields.Integer(validate=_range(rng, BOUNDS_INT), **options)
    if kind == "float":
        return fields.Float(validate=_range(rng, BOUNDS_FLOAT), **options)
    if kind == "str":
        rule = rng.choice(["pattern", "pattern", "length", "none"])
        if rule == "pattern":
            return fields.String(validate=validate.Regexp(rng.choice(PATTERNS)), **options)
        if rule == "length":
            low = rng.choice([None, 1, 2])
            return fields.String(validate=validate.Length(min=low, max=rng.choice([3, 5])))
        return fields.String(**options)
    if kind == "bool":
        return fields.Boolean(**options)
    if kind == "raw":
        return fields.Raw(**options)
    if kind == "dict":
        values = rng.choice([None, fields.Integer(), fields.String()])
        return fields.Dict(keys=fields.String(), values=values, **options)
    if kind == "list":
        inner = rng.choice([fields.Integer(), fields.String(), fields.Float(), fields.Raw()])
        return fields.List(inner, validate=rng.choice([None, validate.Length(max=2)]), **options)
    if kind == "enum":
        return fields.String(validate=validate.OneOf(["on", "off"]), **options)
    if kind == "nullable-enum":
        # An enum without null beside nullable: 3.0.3's enum still rejects null.
        return fields.String(allow_none=True, metadata={"enum": ["on", "off"]})
    nested = random_schema(rng, name, depth + 1)
    return fields.Nested(nested, many=kind == "nested-many", **options)


def _range(rng: random.Random, bounds: list[t.Any]) -> validate.Range | None:
    if rng.random() < 0.3:
        return None
    low, high = sorted(rng.sample(bounds, 2))
    return validate.Range(
        min=low if rng.random() < 0.7 else None,
        max=high if rng.random() < 0.7 else None,
        min_inclusive=rng.random() < 0.7,
        max_inclusive=rng.random() < 0.7,
    )


# Bodies.


class BodyMaker:
    """Draws bodies from a published schema; ``tags`` names the edge cases used."""

    def __init__(self, rng: random.Random, components: t.Mapping[str, t.Any]) -> None:
        self._rng = rng
        self._components = components
        self.tags: set[str] = set()

    def body(self, schema: t.Mapping[str, t.Any]) -> bytes:
        self.tags = set()
        rng = self._rng
        text = json.dumps(self.value(schema, 0), ensure_ascii=rng.random() < 0.7)
        for placeholder, literal in LITERALS.items():
            quoted = json.dumps(placeholder)
            if quoted in text:
                text = text.replace(quoted, literal)
        data = text.encode("utf-8", "surrogatepass")  # a lone surrogate: CESU-8 bytes
        if "\\ud800" not in text and LONE in text:
            self.tags.add("not UTF-8")
        roll = rng.random()
        if roll < 0.03:
            self.tags.add("not UTF-8")
            data = b"\xef\xbb\xbf" + data
        elif roll < 0.06:
            self.tags.add("not UTF-8")
            data = text.encode("utf-16", "surrogatepass")
        elif roll < 0.08:
            self.tags.add("not UTF-8")
            data = text.encode("utf-16-le", "surrogatepass")
        return data

    def value(self, schema: t.Any, depth: int) -> t.Any:
        rng = self._rng
        if not isinstance(schema, dict):
            return self._any(depth)
        if "$ref" in schema:
            return self.value(self._components[schema["$ref"].rsplit("/", 1)[1]], depth)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return self.value(rng.choice(schema[key]), depth)
        types = schema.get("type")
        names = types if isinstance(types, list) else [types] if types else []
        if (schema.get("nullable") or "null" in names) and rng.random() < 0.15:
            self.tags.add("nullable")
            return None
        if rng.random() < 0.04:  # a value of some other type entirely
            return self._any(depth)
        if "enum" in schema and rng.random() < 0.85:
            value = rng.choice(schema["enum"])
            if value is None:
                self.tags.add("nullable")
            return value
        name = rng.choice([n for n in names if n != "null"] or [None])
        if name == "integer":
            return self._number(schema, integer=True)
        if name == "number":
            return self._number(schema, integer=False)
        if name == "string":
            if "pattern" in schema:
                self.tags.add("regex dialect")
            value = rng.choice(STRINGS)
            if rng.random() < 0.05:
                self.tags.add("lone surrogate")
                value += LONE
            return value
        if name == "boolean":
            return rng.random() < 0.5
        if name == "array":
            return [
                self.value(schema.get("items", {}), depth + 1) for _ in range(rng.randint(0, 3))
            ]
        if name == "object":
            return self._object(schema, depth)
        return self._any(depth)

    def _number(self, schema: t.Mapping[str, t.Any], *, integer: bool) -> t.Any:
        rng = self._rng
        edges: list[t.Any] = [0, 1, -1, 7, 2.5, 1.0]
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            bound = schema.get(key)
            if isinstance(bound, int | float) and not isinstance(bound, bool):
                edges += [bound, bound + 1, bound - 1, bound + 0.5]
        edges += [2**53 + 1, -(2**53) - 1, 2**64 + 1]
        value = rng.choice(edges)
        if rng.random() < 0.05:
            self.tags.add("1e400")
            return "\x00big\x00"
        if rng.random() < 0.04:
            self.tags.add("NaN/Infinity")
            return rng.choice(["\x00NaN\x00", "\x00Inf\x00"])
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            value = int(value) if integer and rng.random() < 0.7 else value
        if isinstance(value, int) and abs(value) > 2**53:
            self.tags.add("numbers past 2^53")
        return value

    def _object(self, schema: t.Mapping[str, t.Any], depth: int) -> dict[str, t.Any]:
        rng = self._rng
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        body: dict[str, t.Any] = {}
        for name, sub in properties.items():
            if (name in required and rng.random() < 0.97) or rng.random() < 0.6:
                body[name] = self.value(sub, depth + 1)
        extra = schema.get("additionalProperties", True)
        if rng.random() < 0.2 or (not properties and rng.random() < 0.7):
            key = rng.choice(["x", "é", "k" + LONE if rng.random() < 0.2 else "k"])
            if LONE in key:
                self.tags.add("lone surrogate")
            body[key] = self.value(extra if isinstance(extra, dict) else {}, depth + 1)
        return body

    def _any(self, depth: int) -> t.Any:
        """A value of any type, for Raw fields and wrong-type mutations."""
        rng = self._rng
        roll = rng.random()
        if roll < 0.05:
            self.tags.add("NaN/Infinity")
            return rng.choice(["\x00NaN\x00", "\x00Inf\x00"])
        if roll < 0.1:
            self.tags.add("1e400")
            return "\x00big\x00"
        if roll < 0.15:
            self.tags.add("deep")
            nest: t.Any = rng.choice([1, "x", None])
            for _ in range(rng.randint(20, 120)):
                nest = [nest] if rng.random() < 0.5 else {"d": nest}
            return nest
        if roll < 0.2 and depth < 3:
            return {"a": self._any(depth + 1), "b": [self._any(depth + 1)]}
        return rng.choice([None, True, 0, -3, 2.5, 2**53 + 1, "abc", "abc\n", [], {}, [1, "x"]])


# Verdicts.


def _ecma_pattern(
    validator: t.Any, pattern: str, instance: t.Any, schema: t.Any
) -> t.Iterator[ValidationError]:
    if not isinstance(instance, str):
        return
    if any("\ud800" <= char <= "\udfff" for char in instance):
        raise Unjudgeable("regress cannot read a lone surrogate")
    if regress.Regex(pattern).find(instance) is None:
        yield ValidationError(f"does not match {pattern!r}")


def _is_integer_2020(checker: t.Any, instance: t.Any) -> bool:
    if isinstance(instance, decimal.Decimal):
        return instance == instance.to_integral_value()
    return t.cast(bool, Draft202012Validator.TYPE_CHECKER.is_type(instance, "integer"))


Reference31 = jsonschema.validators.extend(
    Draft202012Validator,
    {"pattern": _ecma_pattern},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer_2020),
)
Reference30 = jsonschema.validators.extend(OAS30Validator, {"pattern": _ecma_pattern})


def _reject(constant: str) -> t.NoReturn:
    raise ValueError(constant)


def _float(literal: str) -> float | decimal.Decimal:
    value = float(literal)
    return decimal.Decimal(literal) if value in (float("inf"), float("-inf")) else value


def reference_accepts(body: bytes, validator: t.Any) -> bool:
    """The reference's verdict; raises :class:`Unjudgeable` where it has none."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if text.startswith("\ufeff"):
        return False
    try:
        value = json.loads(text, parse_constant=_reject, parse_float=_float)
    except RecursionError:
        raise Unjudgeable("nested past the recursion limit") from None
    except ValueError:
        return False
    try:
        return t.cast(bool, validator.is_valid(value))
    except RecursionError:
        raise Unjudgeable("nested past the recursion limit") from None


def contractkit_verdict(check: t.Any, body: bytes) -> str:
    """``valid``, ``invalid`` or ``check-failed (ErrorName)``."""
    try:
        problem = check.problem(Response(body, mimetype="application/json"))
    except Exception as error:
        return f"check-failed ({type(error).__name__})"
    return "valid" if problem is None else "invalid"


# The run.


class Tally(t.NamedTuple):
    bodies: int
    skipped: int
    #: bodies the reference accepts
    valid: int
    #: bodies judged that hold each class's edge case
    covered: collections.Counter[str]
    #: (class, "missed" | "false alarm") -> count
    disagreements: collections.Counter[tuple[str, str]]
    #: one example body per (class, direction, version)
    examples: dict[tuple[str, str], tuple[str, bytes, str]]


def _app(schemas: list[type[Schema]], openapi_version: str) -> Flask:
    app = Flask(f"differential_{openapi_version}")
    app.config.update(CONTRACTKIT_MODE="strict", CONTRACTKIT_OPENAPI_VERSION=openapi_version)
    for index, schema in enumerate(schemas):

        def view() -> t.Any:
            return {}

        app.add_url_rule(f"/s{index}", f"s{index}", responds(200, schema)(view))
    ContractKit(app)
    return app


def run(schema_count: int, bodies_per_schema: int, seed: int = 13) -> Tally:
    rng = random.Random(seed)
    schemas = [random_schema(rng, f"Gen{i}") for i in range(schema_count)]
    disagreements: collections.Counter[tuple[str, str]] = collections.Counter()
    examples: dict[tuple[str, str], tuple[str, bytes, str]] = {}
    tried = skipped = valid = 0
    covered: collections.Counter[str] = collections.Counter()
    for version in ("3.1.0", "3.0.3"):
        app = _app(schemas, version)
        state = app.extensions["contractkit"]
        spec = state.documents().spec
        compiled = compile_body_checks(state.contract(), spec)
        checks = compiled[0] if isinstance(compiled, tuple) else compiled
        components = spec.get("components", {}).get("schemas", {})
        maker = BodyMaker(rng, components)
        reference_cls = Reference30 if version.startswith("3.0") else Reference31
        for index in range(schema_count):
            path = spec["paths"][f"/s{index}"]["get"]["responses"]["200"]
            schema = path["content"]["application/json"]["schema"]
            validator = reference_cls({**schema, "components": {"schemas": components}})
            check = checks[(f"s{index}", "GET")][200]
            for _ in range(bodies_per_schema):
                body = maker.body(schema)
                try:
                    expected = reference_accepts(body, validator)
                except Unjudgeable:
                    skipped += 1
                    continue
                tried += 1
                valid += expected
                covered.update(maker.tags)
                verdict = contractkit_verdict(check, body)
                if (verdict == "valid") == expected and not verdict.startswith("check-failed"):
                    continue
                direction = "missed" if verdict == "valid" else "false alarm"
                if verdict.startswith("check-failed") and not expected:
                    direction = "check-failed"
                cls = next((c for c in CLASSES if c in maker.tags), "other")
                disagreements[(cls, direction)] += 1
                examples.setdefault((cls, direction), (version, body[:300], verdict))
    return Tally(tried, skipped, valid, covered, disagreements, examples)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--schemas", type=int, default=200)
    parser.add_argument("--bodies", type=int, default=200, help="bodies per schema and version")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    tally = run(args.schemas, args.bodies, args.seed)
    print(
        f"bodies judged: {tally.bodies} ({tally.valid} valid); "
        f"skipped (the reference cannot judge them): {tally.skipped}"
    )
    print(
        "bodies with each class's edge case: "
        + ", ".join(f"{cls} {tally.covered[cls]}" for cls in CLASSES if cls != "other")
    )
    for (cls, direction), count in sorted(tally.disagreements.items()):
        version, body, verdict = tally.examples[(cls, direction)]
        print(f"  {cls:<20} {direction:<14} {count:>7}   e.g. {version} {verdict}: {body!r:.120}")
    if not tally.disagreements:
        print("  no disagreements")
    sys.exit(1 if tally.disagreements else 0)


if __name__ == "__main__":
    main()
