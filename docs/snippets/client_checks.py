"""A client of the example app that knows its contract: requests and httpx, checked."""

from __future__ import annotations

import httpx
import requests

from contractkit import ClientContract


def contract_of(base_url: str) -> ClientContract:
    # Read once per test session: the document the server publishes.
    return ClientContract.from_url(f"{base_url}/openapi.json")


def checked_session(contract: ClientContract) -> requests.Session:
    """A requests session whose every response is held to the contract."""
    session = requests.Session()
    session.hooks["response"].append(contract.check)
    return session


def checked_client(contract: ClientContract, base_url: str) -> httpx.Client:
    """The same with httpx: ``check`` as an event hook."""
    return httpx.Client(base_url=base_url, event_hooks={"response": [contract.check]})


def search(client: httpx.Client, contract: ClientContract, q: str) -> str:
    """What a caller tells its user; a custom code is acted on as its standard code."""
    response = client.get("/search", params={"q": q})
    if contract.standard_status(response.status_code) == 429:  # 460 Tier Limit Exceeded
        return f"try again in {response.headers['Retry-After']} seconds"
    response.raise_for_status()
    return f"{len(response.json()['matches'])} match(es)"
