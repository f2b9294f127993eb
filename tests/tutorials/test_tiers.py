from .tiers import LIMIT, app, calls


def test_quota_runs_out() -> None:
    calls["count"] = 0
    client = app.test_client()
    for used in range(1, LIMIT + 1):
        assert client.get("/quota").json == {"used": used, "limit": LIMIT}
    response = client.get("/quota")
    assert response.status_code == 460
    assert response.json["error"] == "Tier limit exceeded"
