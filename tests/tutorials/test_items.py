from .items import app


def test_get_item() -> None:
    client = app.test_client()
    assert client.get("/items/1").json["name"] == "lamp"
    assert client.get("/items/9").status_code == 404


def test_delete_item() -> None:
    client = app.test_client()
    assert client.delete("/items/2").status_code == 409
    assert client.delete("/items/9").status_code == 404
    assert client.delete("/items/1").status_code == 204
