"""The example app through the client openapi-python-client generates from its document.

Generated with ``openapi-python-client generate --path specs/example_app.yaml
--meta none --output-path example_client``.
"""

from __future__ import annotations

from example_client import Client
from example_client.api.reports import reports_search
from example_client.models import Error, SearchResult


def search(base_url: str, q: str) -> str:
    """Search, asking the server for standard codes only (RFC 7240 ``Prefer``).

    The generated code turns every status into ``http.HTTPStatus``, which knows
    no custom code: a 460 would raise ``ValueError`` before the body is read.
    Answered as its fallback, 429, the response parses as the document says.
    """
    client = Client(base_url=base_url)
    answer = reports_search.sync_detailed(client=client, q=q, prefer="status-fallback")
    if isinstance(answer.parsed, SearchResult):
        return f"{len(answer.parsed.matches)} match(es)"
    if isinstance(answer.parsed, Error):  # 429, with 460's body
        original = answer.headers.get("Contract-Original-Status")
        return f"limited ({original} {answer.parsed.title}): {answer.parsed.detail}"
    return f"failed with {answer.status_code}"
