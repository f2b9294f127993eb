"""Return values dumped through the declared schema: CONTRACTKIT_SERIALIZE and serialize=.

Every app here is written once and served by Flask and by Quart (the
``framework`` fixture): Flask dumps in ``Flask.make_response``, Quart in its
coroutine of the same name.
"""

from __future__ import annotations

import dataclasses
import typing as t

import pytest
from marshmallow import Schema, fields

from contractkit import ContractKit, DeclarationError, responds

from ..frameworks import client_of, new_app, web_of


class PetSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


@dataclasses.dataclass
class Pet:
    id: int
    name: str
    secret: str = "s3cret"


PETS = [Pet(1, "Kitty"), Pet(2, "Coco")]


def smorest_style_app(kit: ContractKit, framework: str, **config: t.Any) -> t.Any:
    """A MethodView blueprint, as flask-smorest users write them, serialising app-wide."""
    app = new_app(framework, "smorest_style")
    web = web_of(app)
    app.config.update(CONTRACTKIT_SERIALIZE=True, **config)
    blp = web.Blueprint("pets", __name__, url_prefix="/pets")

    class Pets(web.MethodView):  # type: ignore[misc]
        @responds(200, PetSchema(many=True))
        def get(self) -> t.Any:
            return PETS

        @responds(201, PetSchema, headers={"Location": "The new pet"})
        def post(self) -> t.Any:
            return Pet(3, "Rex"), 201, {"Location": "/pets/3"}

    class PetById(web.MethodView):  # type: ignore[misc]
        @responds(200, PetSchema)
        @responds(404)
        def get(self, pet_id: int) -> t.Any:
            if pet_id == 0:
                return {"id": 0, "name": "Ghost", "secret": "x"}, 200
            if pet_id == 9:
                return web.jsonify({"id": 9, "name": "Raw", "secret": "kept"})
            return PETS[pet_id - 1]

    blp.add_url_rule("/", view_func=Pets.as_view("pets"))
    blp.add_url_rule("/<int:pet_id>", view_func=PetById.as_view("pet"))
    app.register_blueprint(blp)
    kit.init_app(app)
    return app


def apiflask_style_app(kit: ContractKit, framework: str, **config: t.Any) -> t.Any:
    """Function views on the app, as APIFlask's @app.output users write them, per declaration."""
    app = new_app(framework, "apiflask_style")
    app.config.update(config)

    @app.get("/pets/<int:pet_id>")
    @responds(200, PetSchema, serialize=True)
    def get_pet(pet_id: int) -> t.Any:
        return PETS[pet_id - 1]

    @app.get("/raw/<int:pet_id>")
    @responds(200, PetSchema)  # serialize left out: CONTRACTKIT_SERIALIZE, off by default
    def raw_pet(pet_id: int) -> t.Any:
        return {"id": pet_id, "name": "Raw", "secret": "leaks"}

    kit.init_app(app)
    return app


@pytest.mark.parametrize("mode", ["report", "strict"])
def test_a_dataclass_and_a_list_are_dumped_app_wide(
    kit: ContractKit, framework: str, mode: str
) -> None:
    app = smorest_style_app(kit, framework, CONTRACTKIT_MODE=mode)
    client = client_of(app)
    one = client.get("/pets/1")
    assert one.status_code == 200
    assert one.get_json() == {"id": 1, "name": "Kitty"}
    many = client.get("/pets/")
    assert many.get_json() == [{"id": 1, "name": "Kitty"}, {"id": 2, "name": "Coco"}]
    assert kit.violations(app).total == 0


def test_a_tuple_keeps_its_status_and_headers(kit: ContractKit, framework: str) -> None:
    client = client_of(smorest_style_app(kit, framework, CONTRACTKIT_MODE="strict"))
    created = client.post("/pets/")
    assert created.status_code == 201
    assert created.headers["Location"] == "/pets/3"
    assert created.get_json() == {"id": 3, "name": "Rex"}
    extra = client.get("/pets/0")
    assert extra.get_json() == {"id": 0, "name": "Ghost"}, "the unknown key is dropped"


def test_a_response_object_is_left_alone(kit: ContractKit, framework: str) -> None:
    app = smorest_style_app(kit, framework, CONTRACTKIT_MODE="report")
    response = client_of(app).get("/pets/9")
    assert response.get_json() == {"id": 9, "name": "Raw", "secret": "kept"}


def test_serialize_per_declaration(kit: ContractKit, framework: str) -> None:
    client = client_of(apiflask_style_app(kit, framework, CONTRACTKIT_MODE="report"))
    assert client.get("/pets/2").get_json() == {"id": 2, "name": "Coco"}
    # Not opted in: the extra key goes out, as without serialisation.
    assert client.get("/raw/1").get_json()["secret"] == "leaks"


def test_serialize_false_overrides_the_app_wide_setting(kit: ContractKit, framework: str) -> None:
    app = new_app(framework, "override")
    app.config["CONTRACTKIT_SERIALIZE"] = True

    @app.get("/pet")
    @responds(200, PetSchema, serialize=False)
    def pet() -> t.Any:
        return {"id": 1, "name": "Kitty", "secret": "kept"}

    kit.init_app(app)
    assert client_of(app).get("/pet").get_json()["secret"] == "kept"


def test_without_serialisation_a_dataclass_fails_as_the_framework_fails_it(
    kit: ContractKit, framework: str
) -> None:
    app = new_app(framework, "plain")

    @app.get("/pet")
    @responds(200, PetSchema)
    def pet() -> t.Any:
        return PETS[0]

    kit.init_app(app)
    assert app.make_response.__func__ is type(app).make_response, "the app's own, unwrapped"
    assert client_of(app).get("/pet").status_code == 500


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((200,), "needs a JSON schema"),
        ((200, PetSchema), "serialize must be True, False or None"),
    ],
)
def test_bad_serialize_declarations(args: tuple[t.Any, ...], message: str) -> None:
    serialize: t.Any = True if len(args) == 1 else "yes"
    with pytest.raises(DeclarationError, match=message):
        responds(*args, serialize=serialize)


def test_returning_a_response_with_a_status_is_left_alone(kit: ContractKit, framework: str) -> None:
    app = new_app(framework, "response_tuple")
    web = web_of(app)
    app.config["CONTRACTKIT_SERIALIZE"] = True

    @app.get("/pet")
    @responds(201, PetSchema)
    def pet() -> t.Any:
        return web.Response(
            '{"id": 1, "name": "A", "secret": "kept"}', mimetype="application/json"
        ), 201

    kit.init_app(app)
    response = client_of(app).get("/pet")
    assert response.status_code == 201
    assert response.get_json()["secret"] == "kept"


def test_routes_added_after_init_app_are_dumped_once_the_contract_is_built(
    kit: ContractKit, framework: str
) -> None:
    app = new_app(framework, "late")

    @app.get("/ping")
    @responds(200)
    def ping() -> str:
        return ""

    kit.init_app(app)  # sees no serialize=True yet
    blp = web_of(app).Blueprint("late_pets", __name__)

    @blp.get("/pet")
    @responds(200, PetSchema, serialize=True)
    def pet() -> t.Any:
        return PETS[0]

    app.register_blueprint(blp)
    kit.contract(app)  # at the end of the factory, as the docs advise
    assert client_of(app).get("/pet").get_json() == {"id": 1, "name": "Kitty"}


def test_a_spec_driven_app_cannot_serialize(kit: ContractKit, framework: str) -> None:
    from contractkit import ConfigError

    app = new_app(framework, "spec_driven")
    app.config["CONTRACTKIT_SERIALIZE"] = True
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/pet": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    with pytest.raises(ConfigError, match="CONTRACTKIT_SERIALIZE"):
        kit.init_app(app, spec=document)


def serializing_app(kit: ContractKit, framework: str) -> t.Any:
    """Views as the Flask docs write them, in an app that serialises every declared body."""
    app = new_app(framework, "serializing")
    web = web_of(app)
    app.config.update(CONTRACTKIT_SERIALIZE=True, CONTRACTKIT_MODE="strict")

    @app.get("/pets/<int:pet_id>")
    @responds(200, PetSchema)
    def pet(pet_id: int) -> t.Any:
        return PETS[pet_id - 1]

    @app.get("/stream")
    @responds(200, PetSchema)
    def stream() -> t.Any:
        def chunks() -> t.Iterator[str]:
            yield '{"id": 1, '
            yield '"name": "Kitty"}'

        return web.stream(chunks()), 200, {"Content-Type": "application/json"}

    @app.get("/forgot")
    @responds(200, PetSchema)
    def forgot() -> t.Any:
        PETS[0].name.upper()  # no return: the framework refuses the view's None

    @app.get("/text/<kind>")
    @responds(200, PetSchema)
    def text(kind: str) -> t.Any:
        body = '{ "name": "Coco",  "id": 2 }'
        bodies = {"str": body, "bytes": body.encode(), "bytearray": bytearray(body.encode())}
        return bodies[kind], 200, {"Content-Type": "application/json"}

    kit.init_app(app)
    return app


def test_head_is_dumped_as_get_is(kit: ContractKit, framework: str) -> None:
    client = client_of(serializing_app(kit, framework))
    get = client.get("/pets/1")
    head = client.head("/pets/1")
    assert (get.status_code, head.status_code) == (200, 200)
    assert head.data == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]


def test_a_generator_is_streamed_untouched(kit: ContractKit, framework: str) -> None:
    app = serializing_app(kit, framework)
    response = client_of(app).get("/stream")
    assert response.status_code == 200
    assert response.get_json() == {"id": 1, "name": "Kitty"}
    assert kit.violations(app).total == 0


@pytest.mark.parametrize("kind", ["str", "bytes", "bytearray"])
def test_a_text_or_bytes_body_goes_out_untouched(
    kit: ContractKit, framework: str, kind: str
) -> None:
    if framework == "quart" and kind == "bytearray":
        pytest.skip("Quart's make_response takes text and bytes, not a bytearray")
    response = client_of(serializing_app(kit, framework)).get(f"/text/{kind}")
    assert response.status_code == 200
    assert response.data == b'{ "name": "Coco",  "id": 2 }'


def test_a_view_that_returns_nothing_fails_as_the_framework_fails_it(
    kit: ContractKit, framework: str
) -> None:
    app = serializing_app(kit, framework)
    app.testing = True  # let the view's error reach the test, as the framework raises it
    if framework == "quart":  # Quart answers its own TypeError with a 500, even when testing
        assert client_of(app).get("/forgot").status_code == 500
        return
    with pytest.raises(TypeError, match="did not return a valid response"):
        client_of(app).get("/forgot")


def test_an_async_generator_is_streamed_untouched_on_quart(kit: ContractKit) -> None:
    # Quart only: Flask cannot stream an async generator, Quart's async views return them.
    app = new_app("quart", "async_stream")
    app.config["CONTRACTKIT_SERIALIZE"] = True

    @app.get("/stream")
    @responds(200, PetSchema)
    async def stream() -> t.Any:
        async def chunks() -> t.AsyncIterator[bytes]:
            yield b'{"id": 1, "name": "Kitty", '
            yield b'"secret": "streamed"}'

        return chunks(), 200, {"Content-Type": "application/json"}

    kit.init_app(app)
    response = client_of(app).get("/stream")
    assert response.get_json() == {"id": 1, "name": "Kitty", "secret": "streamed"}
    assert kit.violations(app).total == 0
