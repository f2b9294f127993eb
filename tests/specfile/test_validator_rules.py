"""The quick check of Swagger 2.0 documents: the validator's 2.0 rules, its verdict.

(OpenAPI 3.0 and 3.1 documents: ``tests/openapi/test_validation.py``.)
"""

from __future__ import annotations

import copy
import sys
import typing as t
from pathlib import Path

import pytest

from contractkit.specfile.validator_rules import Unsure, quick_check

from .test_swagger2 import petstore

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))

from bench_corpus_check import reference_verdict

Document = dict[str, t.Any]


def _valid_petstore() -> Document:
    """The petstore, less its ``type: file`` response, which only contractkit accepts."""
    document = petstore()
    for item in document["paths"].values():
        for operation in (value for key, value in item.items() if key != "parameters"):
            for response in operation.get("responses", {}).values():
                if response.get("schema") == {"type": "file"}:
                    response["schema"] = {"type": "string", "format": "binary"}
    return document


def _list_pets(d: Document) -> Document:
    return t.cast(Document, d["paths"]["/pets"]["get"])


def test_a_valid_2_0_document_passes_without_the_validator() -> None:
    document = _valid_petstore()
    assert reference_verdict(document) == (True, "")
    quick_check(document, "2.0")


CASES: list[tuple[str, t.Callable[[Document], object]]] = [
    (
        "parameter default of the wrong type",
        lambda d: _list_pets(d)["parameters"].append(
            {"name": "page", "in": "query", "type": "integer", "default": "first"}
        ),
    ),
    (
        "duplicate operationId",
        lambda d: d["paths"]["/pets"]["post"].update(operationId="listPets"),
    ),
    (
        "duplicate parameter",
        lambda d: _list_pets(d)["parameters"].extend(
            [{"name": "q", "in": "query", "type": "string"}] * 2
        ),
    ),
    (
        "body schema of an unknown type",
        lambda d: d["parameters"]["pet"].update(schema={"type": "strange"}),
    ),
    ("duplicate tag", lambda d: d.update(tags=[{"name": "a"}, {"name": "a"}])),
    ("response without description", lambda d: _list_pets(d)["responses"]["200"].clear()),
]


@pytest.mark.parametrize(("name", "edit"), CASES, ids=[c[0] for c in CASES])
def test_each_2_0_rule_of_the_validator_is_left_to_it(
    name: str, edit: t.Callable[[Document], object]
) -> None:
    document = copy.deepcopy(_valid_petstore())
    edit(document)
    valid, _ = reference_verdict(document)
    assert not valid, "the case must break a rule of openapi-spec-validator"
    with pytest.raises(Unsure):
        quick_check(document, "2.0")


def test_a_2_0_default_valid_for_its_parameter_passes() -> None:
    document = _valid_petstore()
    _list_pets(document)["parameters"].append(
        {"name": "page", "in": "query", "type": "integer", "default": 1}
    )
    assert reference_verdict(document)[0]
    quick_check(document, "2.0")
