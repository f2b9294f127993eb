from .orders import app


def test_create_order() -> None:
    client = app.test_client()
    response = client.post("/orders", json={"item": "tea"})
    assert response.status_code == 201
    assert response.json["item"] == "tea"
    assert response.json["note"] is None
    assert client.post("/orders", json={"item": "cake", "note": "warm"}).json["note"] == "warm"


def test_cancelled_order() -> None:
    response = app.test_client().post("/orders", json={"item": "tea", "cancelled": True})
    assert response.status_code == 499
    assert response.json == {"error": "The client cancelled the order"}
