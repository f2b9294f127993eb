from .tasks import app


def test_list_tasks() -> None:
    body = app.test_client().get("/tasks").json
    assert body["total"] == len(body["tasks"])


def test_create_task() -> None:
    client = app.test_client()
    assert client.post("/tasks", json={"title": "read"}).status_code == 201
    refused = client.post("/tasks", json={})
    assert refused.status_code == 422
    assert refused.json["field"] == "title"
