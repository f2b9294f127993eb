from .library import app

ISBN = "9780141439518"


def test_get_book() -> None:
    client = app.test_client()
    assert client.get(f"/books/{ISBN}").json["isbn"] == ISBN
    assert client.get("/books/0").status_code == 404


def test_loan_book() -> None:
    client = app.test_client()
    assert client.post(f"/books/{ISBN}/loan").status_code == 202
    assert client.post("/books/0/loan").json["error"] == "No such book"
