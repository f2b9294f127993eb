"""Swagger 2.0 parameters converted: collectionFormat, form encodings, media type lists, refs."""

from __future__ import annotations

import typing as t

import pytest
from click.testing import CliRunner

from contractkit.cli import cli
from contractkit.specfile.diff import diff_documents
from contractkit.specfile.rules import check_document
from contractkit.specfile.swagger2 import convert_document, to_openapi3

Document = dict[str, t.Any]


def _api(parameters: list[Document], path: str = "/items/{ids}", **operation: t.Any) -> Document:
    return {
        "swagger": "2.0",
        "info": {"title": "Items", "version": "1"},
        "paths": {
            path: {
                "post": {
                    "parameters": parameters,
                    "responses": {"200": {"description": "OK", "schema": {"type": "object"}}},
                    **operation,
                }
            }
        },
    }


def _array(place: str, fmt: str | None, name: str = "ids") -> Document:
    parameter = {"name": name, "in": place, "type": "array", "items": {"type": "string"}}
    if place == "path":
        parameter["required"] = True
    if fmt is not None:
        parameter["collectionFormat"] = fmt
    return parameter


@pytest.mark.parametrize(
    ("place", "fmt", "style"),
    [
        ("query", None, {"style": "form", "explode": False}),  # csv, 2.0's default
        ("query", "csv", {"style": "form", "explode": False}),
        ("query", "ssv", {"style": "spaceDelimited", "explode": False}),
        ("query", "pipes", {"style": "pipeDelimited", "explode": False}),
        ("query", "multi", {"style": "form", "explode": True}),
        ("query", "tsv", {"x-collectionFormat": "tsv"}),
        ("path", None, {"style": "simple", "explode": False}),
        ("path", "ssv", {"x-collectionFormat": "ssv"}),
        ("path", "tsv", {"x-collectionFormat": "tsv"}),
        ("path", "pipes", {"x-collectionFormat": "pipes"}),
        ("header", "csv", {"style": "simple", "explode": False}),
        ("header", "pipes", {"x-collectionFormat": "pipes"}),
    ],
)
def test_collection_format_becomes_style_and_explode(
    place: str, fmt: str | None, style: Document
) -> None:
    converted = to_openapi3(_api([_array(place, fmt)]))
    (parameter,) = converted["paths"]["/items/{ids}"]["post"]["parameters"]
    assert {k: v for k, v in parameter.items() if k in ("style", "explode", *style)} == style
    assert parameter["schema"] == {"type": "array", "items": {"type": "string"}}


@pytest.mark.parametrize(
    ("fmt", "encoding"),
    [
        (None, {"style": "form", "explode": False}),
        ("csv", {"style": "form", "explode": False}),
        ("ssv", {"style": "spaceDelimited", "explode": False}),
        ("pipes", {"style": "pipeDelimited", "explode": False}),
        ("multi", {"style": "form", "explode": True}),
        ("tsv", {"x-collectionFormat": "tsv"}),
    ],
)
def test_a_form_array_keeps_its_collection_format_in_the_encoding(
    fmt: str | None, encoding: Document
) -> None:
    fields = [_array("formData", fmt, "tags"), {"name": "n", "in": "formData", "type": "string"}]
    converted = to_openapi3(_api(fields, path="/items"))
    content = converted["paths"]["/items"]["post"]["requestBody"]["content"]
    media = content["application/x-www-form-urlencoded"]
    assert media["encoding"] == {"tags": encoding}  # the string field needs none
    assert media["schema"]["properties"]["tags"] == {"type": "array", "items": {"type": "string"}}


def _form_api(fmt: str, place: str) -> Document:
    return _api([_array(place, fmt, "tags")], path="/items")


@pytest.mark.parametrize("place", ["formData", "query"])
def test_diff_calls_csv_to_multi_breaking_on_form_fields_as_on_query_parameters(
    place: str,
) -> None:
    old = to_openapi3(_form_api("csv", place))
    new = to_openapi3(_form_api("multi", place))
    changes = diff_documents(old, new)
    assert [(c.level, c.id) for c in changes] == [
        (
            "breaking",
            "request-form-field-explode-changed"
            if place == "formData"
            else "request-parameter-explode-changed",
        )
    ]
    assert "tags" in changes[0].message


def test_diff_command_exits_1_for_a_form_field_changed_from_csv_to_multi(tmp_path: t.Any) -> None:
    import json

    for name, fmt in (("old.json", "csv"), ("new.json", "multi")):
        (tmp_path / name).write_text(json.dumps(_form_api(fmt, "formData")))
    result = CliRunner().invoke(
        cli, ["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")]
    )
    assert result.exit_code == 1, result.output
    assert "request-form-field-explode-changed" in result.output


@pytest.mark.parametrize(
    ("place", "fmt", "path"),
    [
        ("path", "pipes", "/items/{ids}"),
        ("path", "ssv", "/items/{ids}"),
        ("path", "tsv", "/items/{ids}"),
        ("query", "tsv", "/items/{ids}"),
        ("formData", "tsv", "/items/{ids}"),
    ],
)
def test_a_collection_format_3_0_cannot_say_is_a_note_naming_parameter_and_operation(
    place: str, fmt: str, path: str
) -> None:
    parameters = [_array(place, fmt)]
    if place != "path":
        parameters.append({"name": "ids", "in": "path", "required": True, "type": "string"})
    (note,) = convert_document(_api(parameters, path=path)).notes
    assert note.location == "$.paths['/items/{ids}'].post.parameters[0]"
    assert f"the {place} parameter 'ids' of POST /items/{{ids}}" in note.message
    assert f"collectionFormat {fmt!r} has no OpenAPI 3.0 form" in note.message


def test_expressible_collection_formats_give_no_note() -> None:
    parameters = [_array("path", "csv"), _array("query", "pipes", "q"), _array("header", None, "h")]
    assert convert_document(_api(parameters)).notes == ()


def test_a_shared_parameter_is_noted_where_it_is_written_once_per_operation() -> None:
    document = _api([{"$ref": "#/parameters/ids"}])
    document["parameters"] = {"ids": _array("path", "pipes")}
    (note,) = convert_document(document).notes
    assert note.location == "$.parameters.ids"
    assert "POST /items/{ids}" in note.message


def test_check_warns_about_what_3_0_cannot_say_and_still_passes(tmp_path: t.Any) -> None:
    import json

    spec = tmp_path / "swagger.json"
    spec.write_text(json.dumps(_api([_array("path", "pipes")])))
    result = CliRunner().invoke(cli, ["check", str(spec)])
    assert result.exit_code == 0, result.output
    assert (
        "warning: $.paths['/items/{ids}'].post.parameters[0]: the path parameter 'ids' of "
        "POST /items/{ids}: collectionFormat 'pipes'" in result.output
    )


@pytest.mark.parametrize(
    ("own", "media_types"),
    [
        (None, {"application/xml"}),
        (["text/plain"], {"text/plain"}),
        ([], {"*/*"}),  # 2.0 §Operation Object: an empty value clears the global definition
    ],
)
def test_an_operations_produces_replaces_the_documents_even_when_empty(
    own: list[str] | None, media_types: set[str]
) -> None:
    document = _api([], path="/items", **({} if own is None else {"produces": own}))
    document["produces"] = ["application/xml"]
    assert check_document(document) == []
    converted = to_openapi3(document)
    assert set(converted["paths"]["/items"]["post"]["responses"]["200"]["content"]) == media_types


@pytest.mark.parametrize(
    ("own", "media_types"),
    [(None, {"application/xml"}), ([], {"application/json"})],
)
def test_an_operations_empty_consumes_clears_the_documents(
    own: list[str] | None, media_types: set[str]
) -> None:
    body = {"name": "item", "in": "body", "schema": {"type": "object"}}
    document = _api([body], path="/items", **({} if own is None else {"consumes": own}))
    document["consumes"] = ["application/xml"]
    converted = to_openapi3(document)
    assert set(converted["paths"]["/items"]["post"]["requestBody"]["content"]) == media_types


@pytest.mark.parametrize(
    "ref", ["#/parameters/Item%20Body", "#/parameters/Item Body", "#/parameters/Item%20B~1dy"]
)
def test_a_body_parameter_reference_is_followed_as_rfc_6901_reads_it(ref: str) -> None:
    name = "Item B/dy" if "~1" in ref else "Item Body"
    document = _api([{"$ref": ref}], path="/items")
    document["parameters"] = {
        name: {"name": "item", "in": "body", "required": True, "schema": {"type": "object"}}
    }
    assert check_document(document) == []
    operation = to_openapi3(document)["paths"]["/items"]["post"]
    assert "parameters" not in operation
    assert operation["requestBody"]["required"] is True


def test_examples_and_extensions_of_parameters_are_kept_where_3_0_keeps_them() -> None:
    parameters = [
        {"name": "q", "in": "query", "type": "string", "x-example": "tea", "x-internal": True},
        {"name": "n", "in": "formData", "type": "string", "x-example": "Kit", "x-max-kb": 4},
    ]
    operation = to_openapi3(_api(parameters, path="/items"))["paths"]["/items"]["post"]
    assert operation["parameters"] == [
        {
            "name": "q",
            "in": "query",
            "example": "tea",
            "x-internal": True,
            "schema": {"type": "string"},
        }
    ]
    field = operation["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert field["properties"]["n"] == {"type": "string", "example": "Kit", "x-max-kb": 4}
