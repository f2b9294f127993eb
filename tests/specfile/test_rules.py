"""The contract rules `contractkit check` applies, on real exported documents and edited copies."""

from __future__ import annotations

import copy
import typing as t

import pytest
from flask import Flask
from openapi_spec_validator import OpenAPIV31SpecValidator

from contractkit import ContractKit, responds
from contractkit.openapi.exporting import app_documents
from contractkit.specfile.locations import pointer_parts, resolve_pointer
from contractkit.specfile.rules import Problem, check_document
from example_app import create_app

from ..cli_apps import ErrorSchema, shop_app

Document = dict[str, t.Any]
SEARCH = "$.paths['/search'].get.responses"
TIER = f"{SEARCH}['461']"


@pytest.fixture(scope="module")
def shop() -> Document:
    return app_documents(shop_app()).spec


def edited(document: Document, edit: t.Callable[[Document], object]) -> Document:
    changed = copy.deepcopy(document)
    edit(changed)
    return changed


def _search(doc: Document) -> dict[str, t.Any]:
    return t.cast(dict[str, t.Any], doc["paths"]["/search"]["get"]["responses"])


def _custom(doc: Document, code: int, fallback: int) -> None:
    """Add custom ``code`` with ``fallback`` to /search, as an edited spec would."""
    body = {"application/json": {"schema": {"type": "object"}}}
    response = {"description": "Custom.", "content": body, "x-fallback": fallback}
    _search(doc)[str(code)] = response
    doc["x-status-codes"][str(code)] = {"phrase": "Custom", "fallback": fallback}


@pytest.mark.parametrize("version", ["3.1.0", "3.0.3"])
def test_exported_documents_pass(version: str) -> None:
    assert check_document(app_documents(create_app(), version).spec) == []
    assert check_document(app_documents(shop_app(), version).spec) == []


def test_apps_sharing_one_kit_each_pass() -> None:
    # One ContractKit may serve several apps; each document lists only its own codes.
    kit = ContractKit()
    kit.register_status(461, "Tier Limit Exceeded", fallback=429)
    kit.register_status(299, "Completed With Warnings")
    apps = []
    for code in (461, 299):
        app = Flask(f"app{code}")

        @app.get("/")
        @responds(code, ErrorSchema)
        def index() -> str:
            return ""

        kit.init_app(app)
        apps.append(app)
    documents = [app_documents(app).spec for app in apps]
    assert [list(d["x-status-codes"]) for d in documents] == [["461"], ["299"]]
    assert [check_document(d) for d in documents] == [[], []]


CASES: list[tuple[str, t.Callable[[Document], object], list[tuple[str, str]]]] = [
    (
        "custom code without x-fallback",
        lambda d: _search(d)["461"].pop("x-fallback"),
        [(TIER, "custom status 461 has no x-fallback")],
    ),
    (
        "x-fallback as a string",
        lambda d: _search(d)["461"].update({"x-fallback": "429"}),
        [(f"{TIER}['x-fallback']", "fallback '429' for 461 must be an integer")],
    ),
    (
        "x-fallback as a bool",
        lambda d: _search(d)["461"].update({"x-fallback": True}),
        [(f"{TIER}['x-fallback']", "must be an integer status code")],
    ),
    (
        "x-fallback in another class",
        lambda d: _search(d)["461"].update({"x-fallback": 500}),
        [(f"{TIER}['x-fallback']", "fallback 500 for 461 is in another class")],
    ),
    (
        "x-fallback that is itself custom",
        lambda d: _search(d)["461"].update({"x-fallback": 499}),
        [(f"{TIER}['x-fallback']", "must be a registered standard code")],
    ),
    (
        "x-fallback that is reserved",
        lambda d: _search(d)["461"].update({"x-fallback": 418}),
        [(f"{TIER}['x-fallback']", "must be a registered standard code")],
    ),
    *(
        (
            f"x-fallback {fallback} that cannot carry {code}'s body",
            lambda d, code=code, fallback=fallback: _custom(d, code, fallback),
            [
                (f"{SEARCH}['{code}']['x-fallback']", f"fallback {fallback} for {code} can never"),
                (f"$['x-status-codes']['{code}'].fallback", f"fallback {fallback} for {code} can"),
            ],
        )
        for code, fallback in [(299, 204), (299, 205), (399, 304)]
    ),
    (
        "x-fallback disagreeing with x-status-codes",
        lambda d: _search(d)["461"].update({"x-fallback": 400}),
        [(f"{TIER}['x-fallback']", "x-fallback 400 disagrees with x-status-codes")],
    ),
    (
        "x-fallback on a standard code",
        lambda d: _search(d)["200"].update({"x-fallback": 200}),
        [(f"{SEARCH}['200']['x-fallback']", "is a standard code and needs no fallback")],
    ),
    (
        "x-fallback on default",
        lambda d: _search(d).update({"default": {"description": "Other.", "x-fallback": 500}}),
        [(f"{SEARCH}.default['x-fallback']", "custom status codes only, not on 'default'")],
    ),
    (
        "custom code missing from x-status-codes",
        lambda d: d["x-status-codes"].pop("461"),
        [(TIER, "custom status 461 is not listed in x-status-codes")],
    ),
    (
        "x-status-codes entry no response uses",
        lambda d: d["x-status-codes"].update({"462": {"phrase": "Spare", "fallback": 400}}),
        [("$['x-status-codes']['462']", "listed in x-status-codes but no response declares it")],
    ),
    (
        "x-status-codes lists a standard code",
        lambda d: d["x-status-codes"].update({"404": {"phrase": "Not Found", "fallback": 404}}),
        [("$['x-status-codes']['404']", "404 is a standard code")],
    ),
    (
        "x-status-codes key that is no code",
        lambda d: d["x-status-codes"].update({"abc": {}}),
        [("$['x-status-codes'].abc", "'abc' is not a status code")],
    ),
    (
        "x-status-codes that is a list",
        lambda d: d.update({"x-status-codes": ["461"]}),
        [
            (f"{SEARCH}['299']", "custom status 299 is not listed in x-status-codes"),
            (TIER, "custom status 461 is not listed in x-status-codes"),
            ("$['x-status-codes']", "must map custom codes"),
        ],
    ),
    (
        "x-status-codes entry that is no object",
        lambda d: d["x-status-codes"].update({"461": 429}),
        [("$['x-status-codes']['461']", "must be an object with phrase and fallback")],
    ),
    (
        "phrase that would split the status line",
        lambda d: d["x-status-codes"]["461"].update({"phrase": "Tier\r\nX-Evil: 1"}),
        [("$['x-status-codes']['461'].phrase", "characters a status line cannot carry")],
    ),
    (
        "entry without phrase",
        lambda d: d["x-status-codes"]["461"].pop("phrase"),
        [("$['x-status-codes']['461']", "custom status 461 has no phrase")],
    ),
    (
        "entry without fallback",
        lambda d: d["x-status-codes"]["461"].pop("fallback"),
        [
            ("$['x-status-codes']['461']", "custom status 461 has no fallback"),
        ],
    ),
    (
        "entry fallback in another class",
        lambda d: d["x-status-codes"]["461"].update({"fallback": 200}),
        [
            (f"{TIER}['x-fallback']", "disagrees with x-status-codes"),
            ("$['x-status-codes']['461'].fallback", "fallback 200 for 461 is in another class"),
        ],
    ),
    (
        "entry with an empty description",
        lambda d: d["x-status-codes"]["461"].update({"description": ""}),
        [("$['x-status-codes']['461'].description", "must be a non-empty string")],
    ),
    (
        "response with a blank description",
        lambda d: _search(d)["200"].update({"description": "  "}),
        [(f"{SEARCH}['200'].description", "the description is empty")],
    ),
    (
        "response without description",
        lambda d: _search(d)["461"].pop("description"),
        [(TIER, '"description" is a required property')],
    ),
    (
        "response key that is no status code",
        lambda d: _search(d).update({"999": {"description": "Nine."}}),
        [(SEARCH, "'999' was unexpected")],
    ),
    (
        "reserved code",
        lambda d: _search(d).update({"418": {"description": "Teapot."}}),
        [(f"{SEARCH}['418']", "418 is reserved by IANA")],
    ),
    (
        "informational code",
        lambda d: _search(d).update({"102": {"description": "Processing."}}),
        [(f"{SEARCH}['102']", "informational (1xx)")],
    ),
    (
        "$ref that points nowhere",
        lambda d: _search(d)["461"]["content"]["application/json"].update(
            {"schema": {"$ref": "#/components/schemas/Gone"}}
        ),
        [
            (
                f"{TIER}.content['application/json'].schema['$ref']",
                "'#/components/schemas/Gone' points to nothing",
            )
        ],
    ),
    (
        "x-fallback on a standard code behind a $ref",
        lambda d: (
            d["components"].update(
                {"responses": {"Ok": {"description": "Ok.", "x-fallback": 200}}}
            ),
            _search(d).update({"200": {"$ref": "#/components/responses/Ok"}}),
        ),
        [(f"{SEARCH}['200']['x-fallback']", "is a standard code and needs no fallback")],
    ),
    (
        "Swagger 2.0",
        lambda d: d.update({"openapi": "2.0"}),
        [("$.openapi", "contractkit checks OpenAPI 3.0 and 3.1 documents")],
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_broken_rule_is_one_problem_at_its_path(
    shop: Document,
    edit: t.Callable[[Document], object],
    expected: list[tuple[str, str]],
) -> None:
    problems = check_document(edited(shop, edit))
    assert [p.location for p in problems] == [location for location, _ in expected]
    for problem, (_, fragment) in zip(problems, expected, strict=True):
        assert fragment in problem.message
        assert "\n" not in str(problem)


def test_refs_are_percent_decoded_json_pointers() -> None:
    # RFC 6901 §6: in a URI fragment '{' and '}' are percent-encoded.
    document: Document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/items/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "get": {"responses": {"200": {"description": "OK"}}},
            },
            "/copy/{id}": {"$ref": "#/paths/~1items~1%7Bid%7D"},
        },
    }
    OpenAPIV31SpecValidator(document).validate()  # the reference validator accepts it
    assert check_document(document) == []
    document["paths"]["/copy/{id}"]["$ref"] = "#/paths/~1items~1%7Bname%7D"
    assert [p.message for p in check_document(document) if "$ref" in p.location] == [
        "$ref '#/paths/~1items~1%7Bname%7D' points to nothing in this document."
    ]


@pytest.mark.parametrize(
    ("ref", "parts"),
    [
        ("#", []),
        ("#/a~1b/c~0d", ["a/b", "c~d"]),
        ("#/~01", ["~1"]),
        ("#/a%20b/%7Bid%7D", ["a b", "{id}"]),
        ("#/a%2Fb", ["a", "b"]),
        ("#/%E2%9C%93", ["\u2713"]),
        ("#anchor", None),
        ("other.yaml#/a", None),
    ],
)
def test_pointer_parts(ref: str, parts: list[str] | None) -> None:
    assert pointer_parts(ref) == parts


def test_array_indexes_are_ascii_digits_without_leading_zeros() -> None:
    document = {"a": ["x", "y"]}
    assert resolve_pointer(document, "#/a/1") == (True, "y")
    assert resolve_pointer(document, "#/a/01") == (False, None)
    assert resolve_pointer(document, "#/a/\u00b2") == (False, None)


def test_problem_prints_as_path_and_message() -> None:
    assert str(Problem("$.openapi", "wrong.")) == "$.openapi: wrong."


@pytest.mark.parametrize(
    "document",
    [
        {"openapi": "3.1.0"},
        {"openapi": "3.1.0", "paths": []},
        {"openapi": "3.1.0", "paths": {"/a": None}},
        {"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": []}}}},
        {"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {"461": "x"}}}}},
        {"openapi": "3.1.0", "paths": {"/a": {"$ref": "#/nowhere"}}},
        {"openapi": "3.0.3", "x-status-codes": {"461": {"phrase": 7, "fallback": None}}},
        {"openapi": 3.1},
    ],
)
def test_malformed_documents_give_problems_not_exceptions(document: Document) -> None:
    problems = check_document(document)
    assert problems
    assert all(isinstance(p, Problem) for p in problems)
