from .greetings import app


def test_hello() -> None:
    response = app.test_client().get("/hello")
    assert response.status_code == 200
    assert response.json == {"message": "Hello, World!"}


def test_hello_name() -> None:
    assert app.test_client().get("/hello/ada").json["name"] == "ada"


def test_hello_world_again() -> None:
    response = app.test_client().get("/hello/world")
    assert response.status_code == 299
    assert response.json["message"] == "Already greeted"
