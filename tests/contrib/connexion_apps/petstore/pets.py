"""The pets resource: one function per operation, as RestyResolver names them."""

from __future__ import annotations

from connexion import NoContent

pets: dict[int, dict[str, object]] = {}


def search(limit: int = 100) -> object:
    return list(pets.values())[:limit]


def post(body: dict[str, object]) -> object:
    pet = {"id": len(pets) + 1, "name": body["name"], "tag": body.get("tag")}
    pets[pet["id"]] = pet  # type: ignore[index]
    return pet, 201


def get(petId: int) -> object:
    if petId not in pets:
        return NoContent, 404
    return pets[petId]


def put(petId: int, body: dict[str, object]) -> object:
    exists = petId in pets
    pets[petId] = {"id": petId, "name": body["name"], "tag": body.get("tag")}
    return pets[petId], (200 if exists else 201)


def delete(petId: int) -> object:
    if pets.pop(petId, None) is None:
        return NoContent, 404
    return NoContent, 204
