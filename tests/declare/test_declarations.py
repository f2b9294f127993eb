"""The responds/accepts/exempt decorators and the errors they raise at import time."""

from __future__ import annotations

import pytest
from flask import Blueprint, Flask
from flask.views import MethodView
from marshmallow import Schema, fields

from contractkit import ContractKit, DeclarationError, accepts, exempt, responds
from contractkit.declare.decorators import declarations_of

from ..frameworks import new_app


class ItemSchema(Schema):
    id = fields.Integer(required=True)


class OtherSchema(Schema):
    name = fields.String()


def view() -> str:
    return ""


@pytest.mark.parametrize(
    ("code", "schema", "message"),
    [
        ("404", None, "Write 404 instead of '404'"),
        ("four", None, "is a string; give an int"),
        (True, None, "is a bool"),
        (False, None, "is a bool"),
        (200.0, None, "is a float"),
        (None, None, "is a NoneType"),
        (99, None, "outside 100-599"),
        (0, None, "outside 100-599"),
        (600, None, "outside 100-599"),
        (1000, None, "outside 100-599"),
        (102, None, "Use 202 Accepted"),
        (100, None, "informational"),
        (418, None, "reserved by IANA"),
        (204, ItemSchema, "never carries a body"),
        (304, ItemSchema(), "never carries a body"),
        (200, dict, "must be a marshmallow Schema"),
        (200, {"type": "object"}, "must be a marshmallow Schema"),
    ],
)
def test_bad_declarations_fail_when_decorating(code: object, schema: object, message: str) -> None:
    with pytest.raises(DeclarationError, match=message):
        responds(code, schema)(view)  # type: ignore[arg-type]


def test_empty_description_is_rejected() -> None:
    with pytest.raises(DeclarationError, match="non-empty str"):
        responds(200, description="  ")


def test_declarations_are_stored_on_the_same_function() -> None:
    def get_item() -> str:
        return ""

    decorated = responds(404)(responds(200, ItemSchema, description="The item")(get_item))
    assert decorated is get_item
    codes = [d.code for d in declarations_of(get_item).responses]
    assert codes == [200, 404]
    assert declarations_of(get_item).responses[0].description == "The item"


def test_same_code_twice_with_different_schemas_fails() -> None:
    def get_item() -> str:
        return ""

    responds(200, ItemSchema)(get_item)
    with pytest.raises(DeclarationError, match=r"declared twice on .*get_item"):
        responds(200, OtherSchema)(get_item)


def test_same_code_twice_identically_is_kept_once() -> None:
    def get_item() -> str:
        return ""

    responds(200, ItemSchema)(responds(200, ItemSchema)(get_item))
    assert len(declarations_of(get_item).responses) == 1


def test_same_code_with_another_content_type_adds_a_representation() -> None:
    def export() -> str:
        return ""

    responds(200, ItemSchema)(responds(200, OtherSchema, content_type="text/csv")(export))
    assert {d.content_type for d in declarations_of(export).responses} == {
        "application/json",
        "text/csv",
    }


class ErrorSchema(Schema):
    message = fields.String(required=True)


@pytest.mark.parametrize("bare_first", [True, False], ids=["bare-above", "schema-above"])
def test_a_code_declared_with_and_without_a_body_fails_in_either_order(bare_first: bool) -> None:
    app = Flask(__name__)
    bare, with_body = responds(400, description="Malformed JSON"), responds(400, ErrorSchema)
    outer, inner = (bare, with_body) if bare_first else (with_body, bare)
    message = (
        r"status 400 is declared on .*create_item both without a body \(responds\(400\)\) and "
        r"with one \(responds\(400, ErrorSchema\)\).*Keep responds\(400, ErrorSchema\)"
    )
    with pytest.raises(DeclarationError, match=message):

        @app.post("/items")
        @responds(201)
        @outer
        @inner
        def create_item() -> tuple[str, int]:
            return "", 201


def test_a_body_only_for_some_methods_beside_a_bare_code_is_allowed() -> None:
    def items() -> str:
        return ""

    responds(400, ErrorSchema, methods=["POST"])(responds(400, methods=["GET"])(items))
    bodies = {d.methods: d.content_type for d in declarations_of(items).responses}
    assert bodies == {frozenset({"POST"}): "application/json", frozenset({"GET"}): None}


def test_a_bare_code_beside_a_media_type_without_schema_fails() -> None:
    def export() -> str:
        return ""

    responds(200, content_type="text/csv")(export)
    with pytest.raises(DeclarationError, match=r"responds\(200, content_type='text/csv'\)"):
        responds(200)(export)


def test_declarations_do_not_leak_between_views_sharing_a_decorator() -> None:
    common = responds(404)

    def a() -> str:
        return ""

    def b() -> str:
        return ""

    common(a)
    responds(200)(b)
    common(b)
    assert [d.code for d in declarations_of(a).responses] == [404]
    assert [d.code for d in declarations_of(b).responses] == [200, 404]


def test_subclass_declarations_do_not_change_the_base_class() -> None:
    @responds(404)
    class Base(MethodView):
        pass

    @responds(409)
    class Child(Base):
        pass

    assert [d.code for d in declarations_of(Base).responses] == [404]
    assert [d.code for d in declarations_of(Child).responses] == [404, 409]


def test_order_relative_to_route_decorators_does_not_matter(
    kit: ContractKit, framework: str
) -> None:
    app = new_app(framework, __name__)

    @responds(200, ItemSchema)
    @app.get("/above")
    def above() -> str:
        return ""

    @app.get("/below")
    @responds(200, ItemSchema)
    def below() -> str:
        return ""

    kit.init_app(app)
    contract = kit.contract(app)
    assert set(contract.by_endpoint) == {("above", "GET"), ("below", "GET")}
    assert all(op.responses[200].content for op in contract.operations)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"location": "files"}, "use 'json', 'query' or 'form'"),
        ({"arg_name": "not an identifier"}, "must be a Python identifier"),
    ],
)
def test_bad_accepts_fails(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(DeclarationError, match=message):
        accepts(ItemSchema, **kwargs)  # type: ignore[arg-type]


def test_accepts_needs_a_schema() -> None:
    with pytest.raises(DeclarationError, match="needs a marshmallow Schema"):
        accepts(None)  # type: ignore[arg-type]


def test_accepts_twice_for_one_location_fails() -> None:
    def create() -> str:
        return ""

    accepts(ItemSchema)(create)
    with pytest.raises(DeclarationError, match="already accepts json input"):
        accepts(OtherSchema)(create)


def test_exempt_marks_blueprints_and_views() -> None:
    bp = Blueprint("health", __name__)
    assert exempt(bp) is bp
    assert declarations_of(bp).exempt
    assert not declarations_of(Blueprint("other", __name__)).exempt
