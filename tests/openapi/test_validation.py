"""The build's validation: openapi-spec-validator's verdicts and messages, found quickly.

The quick check must reject every document openapi-spec-validator rejects
(it then runs the validator for the message); these cases break each of the
validator's rules in turn, for both OpenAPI versions.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import typing as t
from pathlib import Path
from types import MappingProxyType

import jsonschema_rs
import pytest
from openapi_schema_validator._specifications import REGISTRY as SPECIFICATIONS
from openapi_schema_validator.validators import OAS30Validator
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from contractkit import ContractKit, SpecError
from contractkit.openapi.documents import snapshot
from contractkit.openapi.exporting import app_documents
from contractkit.openapi.validation import validate_document
from contractkit.specfile.validator_rules import Unsure, _Walk, quick_check
from contractkit.specfile.validator_schemas import meta_schema, oas31_dialect
from example_app import create_app

from ..cli_apps import shop_app
from ..feature_app import build_feature_app, register_codes

Document = dict[str, t.Any]
VERSIONS = ["3.1.0", "3.0.3"]
ITEM = "/items/{item_id}"


def _quick_check(document: Document) -> None:
    quick_check(document, "3.0" if document["openapi"].startswith("3.0.") else "3.1")


def _validator_message(document: Document) -> str | None:
    try:
        validate(document)
    except OpenAPIValidationError as error:
        return str(error.message)
    return None


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "factory", [create_app, shop_app, lambda: _feature_app()], ids=["example", "shop", "feature"]
)
def test_documents_contractkit_builds_pass_the_quick_check(
    factory: t.Callable[[], t.Any], version: str
) -> None:
    document = app_documents(factory(), version).spec
    _quick_check(document)  # no fallback to the slow validator
    assert _validator_message(document) is None


def _feature_app() -> t.Any:
    kit = ContractKit()
    register_codes(kit)
    return build_feature_app(kit)


#: openapi-schema-validator checks the regex format with Python's re, or as ECMA 262
#: when the regress package is installed; then it agrees with jsonschema-rs on patterns.


def _search(d: Document) -> Document:
    return t.cast(Document, d["paths"]["/search"]["get"])


def _item_schema(d: Document) -> Document:
    return t.cast(Document, d["components"]["schemas"]["Item"])


def _int_property(d: Document, schema: Document) -> None:
    _item_schema(d)["properties"]["count"] = schema


def _referenced_nested_then_directly(d: Document) -> None:
    # The walk meets the reference first inside a schema, where it checks no
    # meta-schema, then where a Schema Object is expected, where it must.
    d["x-bad"] = {"type": "strange"}
    content = _search(d)["responses"]["200"]["content"]
    content["application/json"]["schema"] = {"properties": {"p": {"$ref": "#/x-bad"}}}
    content["application/xml"] = {"schema": {"$ref": "#/x-bad"}}


CASES: list[tuple[str, t.Callable[[Document], object]]] = [
    ("duplicate operationId", lambda d: _search(d).update(operationId="get_item")),
    (
        "duplicate parameter",
        lambda d: _search(d)["parameters"].append(copy.deepcopy(_search(d)["parameters"][0])),
    ),
    ("path parameter not declared", lambda d: d["paths"][ITEM].pop("parameters")),
    (
        "declared path parameter not in the path",
        lambda d: _search(d)["parameters"].append(
            {"name": "ghost", "in": "path", "required": True, "schema": {"type": "string"}}
        ),
    ),
    ("duplicate tag", lambda d: d.update(tags=[{"name": "a"}, {"name": "a"}])),
    ("component schema of an unknown type", lambda d: _item_schema(d).update(type="strange")),
    ("nested schema of a bad type", lambda d: _int_property(d, {"type": 5})),
    (
        "parameter schema of a bad type",
        lambda d: d["paths"][ITEM]["parameters"][0].update(schema={"type": "strange"}),
    ),
    (
        "inline response schema of a bad type",
        lambda d: _search(d)["responses"]["200"]["content"]["application/json"].update(
            schema={"type": "array", "items": {"minItems": "x"}}
        ),
    ),
    ("schema that is no object", lambda d: _int_property(d, 5)),
    ("schema referenced inside a schema, then directly", _referenced_nested_then_directly),
    # jsonschema-rs reads patterns as ECMA 262 does, and accepts these two.
    (
        "pattern with a Unicode property",
        lambda d: _int_property(d, {"type": "string", "pattern": "\\p{L}+"}),
    ),
    (
        "pattern property with a control escape",
        lambda d: _int_property(d, {"type": "object", "patternProperties": {"\\cA": {}}}),
    ),
    ("default of the wrong type", lambda d: _int_property(d, {"type": "integer", "default": "x"})),
    (
        "default outside its format",
        lambda d: _int_property(d, {"type": "integer", "format": "int32", "default": 2**40}),
    ),
    (
        "default failing its schema deep inside",
        lambda d: _int_property(
            d, {"type": "array", "items": {"type": "integer"}, "default": [1, "x"]}
        ),
    ),
    (
        "allOf requiring an undefined property",
        lambda d: d["components"]["schemas"].update(
            Both={"allOf": [{"$ref": "#/components/schemas/Item"}], "required": ["ghost"]}
        ),
    ),
    ("response without description", lambda d: _search(d)["responses"]["200"].pop("description")),
    (
        "response key that is no code",
        lambda d: _search(d)["responses"].update({"999": {"description": "Nine."}}),
    ),
    ("info without title", lambda d: d["info"].pop("title")),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("name", "edit"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_of_the_validator_is_caught_with_its_message(
    version: str, name: str, edit: t.Callable[[Document], object]
) -> None:
    document = copy.deepcopy(app_documents(shop_app(), version).spec)
    edit(document)
    message = _validator_message(document)
    if message is None and "pattern" in name:
        # With regress installed the validator reads the pattern as ECMA-262 and accepts it:
        # so must the quick path, never rejecting what the validator accepts.
        validate_document(document, snapshot(document))
        return
    assert message is not None, "the case must break a rule of openapi-spec-validator"
    with pytest.raises(Unsure):
        _quick_check(document)
    with pytest.raises(SpecError, match=re.escape(f"document is invalid: {message}. Check")):
        validate_document(document, snapshot(document))


VALID_AND_MODELLED: list[tuple[str, t.Callable[[Document], object]]] = [
    (
        "allOf whose parts define the required property",
        lambda d: d["components"]["schemas"].update(
            Both={"allOf": [{"$ref": "#/components/schemas/Item"}], "required": ["id"]}
        ),
    ),
    (
        "default beside a $ref",
        lambda d: _int_property(
            d, {"type": "array", "items": {"$ref": "#/components/schemas/Item"}, "default": []}
        ),
    ),
    (
        "allOf whose required property a nested part defines",
        lambda d: d["components"]["schemas"].update(
            Both={"allOf": [{"anyOf": [{"properties": {"x": {}}}]}], "required": ["x"]}
        ),
    ),
    (
        "allOf requiring an undefined property, met first inside another schema",
        lambda d: d["components"]["schemas"].update(
            Outer={"properties": {"in": {"$ref": "#/components/schemas/Both"}}},
            Both={"allOf": [{"properties": {"x": {}}}], "required": ["ghost"]},
        ),
    ),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "edit", [c[1] for c in VALID_AND_MODELLED], ids=[c[0] for c in VALID_AND_MODELLED]
)
def test_what_the_validator_accepts_the_quick_check_accepts(
    version: str, edit: t.Callable[[Document], object]
) -> None:
    document = copy.deepcopy(app_documents(shop_app(), version).spec)
    edit(document)
    assert _validator_message(document) is None
    _quick_check(document)  # no fallback to the slow validator


def test_a_schema_only_jsonschema_rs_rejects_is_judged_by_the_validator() -> None:
    # 3.1 only: the 3.0 document's own JSON Schema checks patterns with jsonschema-rs too.
    document = copy.deepcopy(app_documents(shop_app(), "3.1.0").spec)
    _int_property(document, {"type": "string", "pattern": "(?P<digit>[0-9])"})  # Python syntax
    if _validator_message(document) is not None:
        # With regress the validator reads patterns as ECMA-262 and rejects Python's syntax:
        # the verdict stands, whatever jsonschema-rs says.
        with pytest.raises(SpecError):
            validate_document(document, snapshot(document))
        return
    _quick_check(document)
    validate_document(document, snapshot(document))


#: Schema Objects on both sides of the OpenAPI 3.0 and 3.1 meta-schemas: nested
#: keywords, OpenAPI's own keywords, and the formats the meta-schemas assert.
META_CASES: list[t.Any] = [
    {},
    True,
    False,
    {"type": "string"},
    {"type": 5},
    {"type": "strange"},
    {"type": "null"},
    {"properties": {"a": {"type": 5}}},
    {"items": {"minItems": "x"}},
    {"items": [{}]},
    {"allOf": []},
    {"$defs": {"x": {"type": 7}}},
    {"additionalProperties": {"maxLength": -1}},
    {"unevaluatedProperties": {"type": 3}},
    {"dependentRequired": {"a": [1]}},
    {"discriminator": {"propertyName": "kind"}},
    {"discriminator": 5},
    {"properties": {"a": {"discriminator": 5}}},
    {"xml": {"name": 5}},
    {"xml": {"namespace": "not a uri"}},
    {"externalDocs": {"url": 5}},
    {"nullable": "x"},
    {"nullable": True, "type": "integer"},
    {"exclusiveMinimum": 5},
    {"exclusiveMinimum": True, "minimum": 1},
    {"properties": {"a": {"readOnly": "x"}}},
    {"$ref": "#/components/schemas/Item"},
    {"$ref": "not a uri reference"},
    {"$anchor": "1bad"},
    {"pattern": "["},
    {"pattern": "^a+$"},
    {"patternProperties": {"(": {}}},
    {"format": "int32"},
    {"format": 5},
]


@pytest.mark.parametrize("v30", [False, True], ids=["3.1", "3.0"])
def test_the_meta_schema_judges_as_it_does_compiled_over_the_whole_registry(v30: bool) -> None:
    # Compiled with only the resources jsonschema-rs asks for: never more lenient.
    meta = OAS30Validator.META_SCHEMA if v30 else oas31_dialect().META_SCHEMA
    whole = jsonschema_rs.validator_for(
        meta,
        registry=jsonschema_rs.Registry([(u, SPECIFICATIONS.contents(u)) for u in SPECIFICATIONS]),
        validate_formats=True,
    )
    expected = [whole.is_valid(schema) for schema in META_CASES]
    assert [meta_schema(v30).is_valid(schema) for schema in META_CASES] == expected
    assert True in expected and False in expected


def test_a_reference_held_by_a_mapping_that_is_no_dict_is_left_to_the_validator() -> None:
    # jsonschema-path follows references held by dicts; other Mappings vary by version.
    document = copy.deepcopy(app_documents(shop_app()).spec)
    document["x-item"] = MappingProxyType({"$ref": "#/components/schemas/Item"})
    walk = _Walk(document, "3.1", patterns=True)
    with pytest.raises(Unsure):
        walk._deref({"$ref": "#/x-item"})
    assert walk._deref(MappingProxyType({"type": "string"})) == {"type": "string"}


def test_a_ref_property_is_a_property_not_a_reference() -> None:
    # Kubernetes' JSONSchemaProps has properties named $ref and $schema.
    document = copy.deepcopy(app_documents(shop_app()).spec)
    _int_property(document, {"type": "object", "properties": {"$ref": {"type": "string"}}})
    assert _validator_message(document) is None
    _quick_check(document)


def test_a_null_default_of_a_nullable_schema_passes_as_in_the_validator() -> None:
    document = copy.deepcopy(app_documents(shop_app(), "3.0.3").spec)
    _int_property(document, {"type": "integer", "nullable": True, "default": None})
    assert _validator_message(document) is None
    _quick_check(document)


def test_an_unresolvable_ref_fails_as_it_does_in_the_validator() -> None:
    document = copy.deepcopy(app_documents(shop_app()).spec)
    _search(document)["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Gone"
    }
    with pytest.raises(Exception) as expected:
        validate(document)
    with pytest.raises(type(expected.value)):
        validate_document(document, snapshot(document))


@pytest.mark.slow
def test_exporting_loads_no_part_of_the_validator_the_quick_check_does_not_use() -> None:
    code = (
        "import sys\n"
        "from contractkit.cli import main\n"
        "from contractkit.openapi.exporting import app_documents\n"
        "from example_app import create_app\n"
        "assert app_documents(create_app()).yaml\n"
        "heavy = {'openapi_spec_validator', 'jsonschema_path', 'requests'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])
