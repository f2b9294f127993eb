"""A contract kept for the next app built from the same sources, and never for other sources."""

from __future__ import annotations

import typing as t

import pytest
from flask import Blueprint, Flask, abort
from marshmallow import Schema, fields

from contractkit import ContractError, ContractKit, accepts, exempt, responds
from contractkit.declare.contracts import forget_contracts
from contractkit.declare.operations import Contract
from contractkit.state import app_state

from ..frameworks import Web, client_of, new_app


class Pet(Schema):
    name = fields.String(required=True)


class PetQuery(Schema):
    limit = fields.Integer()


class UnhashablePet(Pet):
    """A schema class whose instances compare by value and so cannot be hashed."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnhashablePet)

    __hash__ = None  # type: ignore[assignment]


def factory(
    *,
    pets_doc: str = "List the pets.",
    blueprint_code: int = 503,
    handler_code: int = 201,
    view_doc: str = "One pet.",
    blueprint_name: str | None = None,
    extra_method: bool = False,
    phrase: str = "Pet Asleep",
    schema: t.Any = Pet,
    marked_exempt: bool = False,
    framework: str = "flask",
    **config: t.Any,
) -> t.Any:
    """An app as a factory makes one: a blueprint, a function view and a MethodView."""
    web = Web(framework)
    app = new_app(framework, "pets")
    app.config.update(config)
    kit = ContractKit()
    kit.register_status(461, phrase, fallback=429)
    pets = web.Blueprint("pets", __name__, url_prefix="/pets")
    responds(blueprint_code)(pets)

    @pets.get("/")
    @accepts(PetQuery, location="query")
    @responds(200, schema)
    @responds(461)
    def list_pets(query: t.Any) -> t.Any:
        return {"name": "Rex"}

    list_pets.__doc__ = pets_doc

    class PetView(web.MethodView):  # type: ignore[misc]
        @responds(200, Pet)
        def get(self, pet_id: int) -> t.Any:
            return {"name": "Rex"}

        @responds(handler_code)
        def put(self, pet_id: int) -> t.Any:
            return "", handler_code

        @responds(204)
        def delete(self, pet_id: int) -> t.Any:
            return "", 204

    PetView.__doc__ = view_doc
    methods = ["GET", "PUT", "DELETE"] if extra_method else ["GET", "PUT"]
    pets.add_url_rule("/<int:pet_id>", view_func=PetView.as_view("pet"), methods=methods)

    @app.get("/health")
    def health() -> str:
        return "ok"

    if marked_exempt:
        exempt(health)
    app.register_blueprint(pets, **({"name": blueprint_name} if blueprint_name else {}))
    kit.init_app(app)
    return app


def contract_of(app: t.Any) -> Contract:
    return app_state(app).contract()


def test_the_next_app_gets_the_kept_contract_bound_to_its_own_rules(framework: str) -> None:
    forget_contracts()
    first_app, second_app = factory(framework=framework), factory(framework=framework)
    first, second = contract_of(first_app), contract_of(second_app)
    assert second.operations == first.operations
    assert second.source is first.source is not None
    own_rules = {id(rule) for rule in second_app.url_map.iter_rules()}
    assert all(id(op.rule) in own_rules for op in second.operations)
    assert not any(id(op.rule) in own_rules for op in first.operations)
    assert second.undocumented == first.undocumented == {"health": second.undocumented["health"]}


def test_the_kept_contract_serves_the_next_app(framework: str) -> None:
    factory(framework=framework)
    client = client_of(factory(framework=framework, CONTRACTKIT_MODE="strict"))
    assert client.get("/pets/?limit=2").status_code == 200
    invalid = client.get("/pets/?limit=many")
    assert invalid.status_code == 422
    assert invalid.get_json()["errors"]["query"]["limit"]
    assert client.put("/pets/1").status_code == 201


CHANGES: list[tuple[str, dict[str, t.Any], t.Callable[[Contract], object]]] = [
    (
        "a view's docstring",
        {"pets_doc": "All the pets."},
        lambda c: c.by_endpoint[("pets.list_pets", "GET")].summary == "All the pets.",
    ),
    (
        "a view class's docstring",
        {"view_doc": "The pet."},
        lambda c: c.by_endpoint[("pets.pet", "GET")].summary == "The pet.",
    ),
    (
        "a blueprint's declaration",
        {"blueprint_code": 502},
        lambda c: 502 in c.by_endpoint[("pets.list_pets", "GET")].responses,
    ),
    (
        "a MethodView handler's declaration",
        {"handler_code": 204},
        lambda c: 204 in c.by_endpoint[("pets.pet", "PUT")].responses,
    ),
    (
        "the name a blueprint is registered under",
        {"blueprint_name": "animals"},
        lambda c: ("animals.list_pets", "GET") in c.by_endpoint,
    ),
    (
        "a rule's methods",
        {"extra_method": True},
        lambda c: ("pets.pet", "DELETE") in c.by_endpoint,
    ),
    (
        "a custom code's registration",
        {"phrase": "Pet Away"},
        lambda c: c.by_endpoint[("pets.list_pets", "GET")].responses[461].description == "Pet Away",
    ),
    ("an exempt mark", {"marked_exempt": True}, lambda c: "health" in c.exempt_endpoints),
    (
        "the exempt endpoints configured",
        {"CONTRACTKIT_EXEMPT_ENDPOINTS": ["health"]},
        lambda c: "health" in c.exempt_endpoints,
    ),
    (
        "the input error status",
        {"CONTRACTKIT_INPUT_ERROR_STATUS": 400},
        lambda c: 400 in c.by_endpoint[("pets.list_pets", "GET")].responses,
    ),
    (
        "problem+json errors",
        {"CONTRACTKIT_JSON_ERRORS": False},
        lambda c: 404 not in c.by_endpoint[("pets.pet", "GET")].responses,
    ),
    (
        "a schema instance",
        {"schema": Pet(only=("name",))},
        lambda c: (
            c.by_endpoint[("pets.list_pets", "GET")].responses[200].content[0].schema is not Pet
        ),
    ),
]


@pytest.mark.parametrize(("change", "shows"), [c[1:] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_a_changed_source_gets_a_contract_of_its_own(
    change: dict[str, t.Any], shows: t.Callable[[Contract], object], framework: str
) -> None:
    before = contract_of(factory(framework=framework))
    after = contract_of(factory(framework=framework, **change))
    assert after.source != before.source
    assert shows(after)
    assert not shows(before)
    # And the first sources still get their own contract back.
    assert contract_of(factory(framework=framework)).source is before.source


def test_a_source_that_cannot_be_hashed_is_read_every_time() -> None:
    first = contract_of(factory(schema=UnhashablePet()))
    second = contract_of(factory(schema=UnhashablePet()))
    assert first.source is None and second.source is None
    assert first.by_endpoint[("pets.list_pets", "GET")].responses[200].content


def test_a_bad_declaration_fails_for_every_app(framework: str) -> None:
    def bad_app() -> t.Any:
        app = new_app(framework, "bad")

        @app.get("/")
        @responds(462)
        def index() -> str:
            return ""

        ContractKit(app)
        return app

    for _ in range(2):
        with pytest.raises(ContractError, match="462 is declared by GET /"):
            contract_of(bad_app())


class PetWithOptions(Pet):
    """A schema whose instances carry an option of its own."""

    def __init__(self, *, shout: bool = False, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self.shout = shout


def _with_attribute(schema: Schema) -> Schema:
    schema.label = "pets"  # type: ignore[attr-defined]
    return schema


def test_equal_schema_instances_made_per_app_share_one_contract() -> None:
    first = contract_of(factory(schema=Pet(many=True)))
    second = contract_of(factory(schema=Pet(many=True)))
    assert second.source is first.source
    assert contract_of(factory(schema=Pet(many=True, only=("name",)))).source != first.source
    assert contract_of(factory(schema=Pet())).source != first.source


@pytest.mark.parametrize(
    "make",
    [lambda: PetWithOptions(shout=True), lambda: _with_attribute(Pet())],
    ids=["own __init__", "own attribute"],
)
def test_a_schema_instance_with_state_of_its_own_is_only_itself(
    make: t.Callable[[], Schema],
) -> None:
    assert contract_of(factory(schema=make())).source != contract_of(factory(schema=make())).source


def test_a_later_app_parses_input_with_equal_schema_instances(framework: str) -> None:
    def app_with_input() -> t.Any:
        app = new_app(framework, "orders")

        @app.post("/orders")
        @accepts(Pet(only=("name",)))
        @responds(201)
        def create(body: dict[str, t.Any]) -> t.Any:
            return "", 201 if body == {"name": "Rex"} else 500

        ContractKit(app)
        return app

    for _ in range(2):
        client = client_of(app_with_input())
        assert client.post("/orders", json={"name": "Rex"}).status_code == 201
        assert client.post("/orders", json={}).status_code == 422


# A module-level blueprint that each app of a suite registers, as most Flask apps are laid out.
shop = Blueprint("shop", __name__, url_prefix="/shop")


@shop.get("/items/<int:item_id>")
@responds(200, Pet)
@responds(404)
def get_item(item_id: int) -> t.Any:
    """One item."""
    if item_id != 1:
        abort(404)
    return {"name": "Rex"}


@shop.get("/")
def shop_page() -> str:
    return "<h1>Shop</h1>"


def shop_app() -> Flask:
    app = Flask("shop")
    app.config["CONTRACTKIT_MODE"] = "strict"
    app.register_blueprint(shop)
    ContractKit(app)
    return app


def test_apps_registering_one_module_level_blueprint_share_one_contract() -> None:
    first, second = shop_app(), shop_app()
    assert contract_of(second).source is contract_of(first).source
    client = second.test_client()
    assert client.get("/shop/items/1").status_code == 200
    missing = client.get("/shop/items/2")
    assert missing.status_code == 404
    assert missing.mimetype == "application/problem+json"
    page = client.get("/shop/")  # an HTML page no one declared: strict mode says so
    assert page.status_code == 500
    assert page.json["violation"] == "undocumented-operation"  # type: ignore[index]
    assert "shop.shop_page" in page.json["detail"]  # type: ignore[index]
