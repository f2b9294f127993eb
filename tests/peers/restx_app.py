"""A flask-restx API on a blueprint, with namespaces, enforced by contractkit.

Namespaces, models, ``@api.expect(..., validate=True)``, ``@api.marshal_with``,
``@api.response`` with a custom code, ``flask_restx.abort`` and an
``@api.errorhandler``, the way flask-restx's documentation writes them. The
API lives under a blueprint's prefix, which flask-restx writes as the
document's ``basePath``. contractkit adds the three lines marked
``# contractkit`` besides the import.

Two things flask-restx users meet, written here as they must be:

- ``marshal_with(..., skip_none=True)``: flask-restx marshals a field the
  data lacks as ``null``, but documents it as a plain ``string``;
- the custom code comes from an error handler: flask-restx 1.3's own error
  handling reads ``abort(460)`` as ``HTTPStatus(460)``, which raises.

460 is also a code AWS load balancers send, so its registration warns
(``InfrastructureCodeWarning``), as it would in any app.
"""

from __future__ import annotations

import typing as t

from flask import Blueprint, Flask
from flask_restx import Api, Namespace, Resource, abort, fields

from contractkit import ContractKit  # contractkit

pets = Namespace("pets", description="Pets and their look-ups")
owners = Namespace("owners", description="Who owns which pet")

pet = pets.model(
    "Pet",
    {
        "id": fields.Integer(readonly=True),
        "name": fields.String(required=True, min_length=1),
        "tag": fields.String(),
    },
)
owner = owners.model("Owner", {"name": fields.String(required=True)})

PETS: dict[int, dict[str, t.Any]] = {}
#: Look-ups left on the caller's plan; at 0, a 460.
QUOTA = {"left": 0}


class TierLimit(Exception):
    """The caller's plan has no look-ups left."""


@pets.route("/")
class PetList(Resource):
    @pets.marshal_list_with(pet, skip_none=True)
    def get(self) -> t.Any:
        """List the pets"""
        return list(PETS.values())

    @pets.expect(pet, validate=True)
    @pets.response(400, "Not a valid pet")
    @pets.marshal_with(pet, code=201, description="The new pet", skip_none=True)
    def post(self) -> t.Any:
        """Add a pet"""
        new = {"id": max(PETS, default=0) + 1, **pets.payload}
        PETS[new["id"]] = new
        return new, 201


@pets.route("/<int:pet_id>")
@pets.response(404, "No such pet")
class PetItem(Resource):
    @pets.marshal_with(pet, skip_none=True)
    @pets.response(460, "Tier limit: the plan's look-ups are used up")
    def get(self, pet_id: int) -> t.Any:
        """Look a pet up"""
        if pet_id == 460:
            raise TierLimit("Your plan's look-ups are used up.")
        if pet_id not in PETS:
            abort(404, f"Pet {pet_id} doesn't exist")
        return PETS[pet_id]

    @pets.response(204, "Pet removed")
    def delete(self, pet_id: int) -> t.Any:
        """Remove a pet"""
        if pet_id not in PETS:
            abort(404, f"Pet {pet_id} doesn't exist")
        if PETS[pet_id].get("adopted"):
            return "", 202  # a bug: the document promises 204
        del PETS[pet_id]
        return "", 204


@owners.route("/<int:pet_id>")
class PetOwner(Resource):
    @owners.marshal_with(owner)
    def get(self, pet_id: int) -> t.Any:
        """Who owns a pet"""
        return {"name": "Ann"}


def create_app(config: t.Mapping[str, t.Any] | None = None) -> Flask:
    PETS.clear()
    PETS.update(
        {
            1: {"id": 1, "name": "Rex", "tag": "dog"},
            2: {"id": 2, "name": None},  # a record the model does not allow
            3: {"id": 3, "name": "Tom", "adopted": True},
        }
    )
    app = Flask(__name__)
    app.config.update(config or {})
    blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
    api = Api(blueprint, version="1.0", title="Pets API", description="Pets, with a quota")
    api.add_namespace(pets)
    api.add_namespace(owners)

    @api.errorhandler(TierLimit)
    def tier_limit(error: TierLimit) -> t.Any:
        """The caller's plan has no look-ups left."""  # flask-restx: the response's description
        return {"message": str(error)}, 460

    app.register_blueprint(blueprint)
    ck = ContractKit()  # contractkit
    ck.register_status(460, "Tier Limit", fallback=429)  # contractkit
    ck.init_app(app, spec=lambda: api.__schema__)  # contractkit
    return app
