"""A client's tests, run against ``contractkit mock`` or the real server: only the URL changes."""

from __future__ import annotations

import os

import httpx

from contractkit import ClientContract

#: The document the client is written against; the stub serves the same one.
CONTRACT = ClientContract.from_file(os.environ.get("API_SPEC", "specs/example_app.yaml"))
#: ``contractkit mock specs/example_app.yaml`` listens here; point it at the real server later.
BASE_URL = os.environ.get("API_URL", "http://127.0.0.1:4010")


def api(base_url: str = BASE_URL) -> httpx.Client:
    """A client whose every response is held to the contract."""
    return httpx.Client(base_url=base_url, event_hooks={"response": [CONTRACT.check]})


def search(client: httpx.Client, q: str, prefer: str | None = None) -> str:
    """What the caller tells its user; a custom code is acted on as its standard code."""
    headers = {"Prefer": prefer} if prefer else {}
    response = client.get("/search", params={"q": q}, headers=headers)
    if CONTRACT.standard_status(response.status_code) == 429:  # 460 Tier Limit Exceeded
        return "try again later"
    response.raise_for_status()
    return f"{len(response.json()['matches'])} match(es)"
