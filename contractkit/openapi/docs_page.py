"""The ``/docs/`` page: the custom status codes as a table, then Swagger UI, offline."""

from __future__ import annotations

import functools
import json
import typing as t
from dataclasses import dataclass
from importlib.resources import files

from jinja2 import Environment, PackageLoader

from ..declare.status_codes import STANDARD_PHRASES

#: The page's own script and styles (no inline script, for a strict CSP).
OWN_STATIC = str(files(__package__) / "static")
#: contractkit's own file names among the assets, so Swagger UI's never shadow them.
OWN_ASSETS = frozenset({"contractkit-docs.js", "contractkit-docs.css"})


@functools.cache
def swagger_ui_dist() -> str:
    """Swagger UI 5's assets, shipped in the flask-swagger-ui wheel: no CDN.

    Found on the first asset request: importing flask-swagger-ui (which
    builds a blueprint of its own) is no part of an app's start-up.
    """
    return str(files("flask_swagger_ui") / "dist")


# An environment of our own, not the app's: autoescaping is always on, and an
# app template of the same name can never replace the page.
_templates = Environment(loader=PackageLoader(__package__, "templates"), autoescape=True)


@dataclass(frozen=True)
class CodeRow:
    """One custom status code as the page shows it; every field is text to escape."""

    code: str
    phrase: str
    fallback: str
    description: str


def custom_code_rows(document: t.Mapping[str, t.Any]) -> list[CodeRow]:
    """The rows of the table, from the document's top-level ``x-status-codes``.

    Read from the published document rather than the registry, so the page
    shows what clients read, whichever way the contract was declared.
    Swagger UI shows neither ``x-status-codes`` nor a response's ``x-fallback``
    prominently, hence this table.
    """
    codes = document.get("x-status-codes")
    if not isinstance(codes, t.Mapping):
        return []
    rows = []
    for code, entry in sorted(codes.items(), key=lambda item: str(item[0])):
        if not isinstance(entry, t.Mapping):
            continue
        fallback = entry.get("fallback")
        phrase = STANDARD_PHRASES.get(fallback) if isinstance(fallback, int) else None
        rows.append(
            CodeRow(
                code=str(code),
                phrase=str(entry.get("phrase", "")),
                fallback="" if fallback is None else f"{fallback} {phrase or ''}".strip(),
                description=str(entry.get("description") or ""),
            )
        )
    return rows


def fallback_note(document: t.Mapping[str, t.Any]) -> str:
    """One sentence saying when clients receive fallbacks, from ``x-status-fallback``."""
    negotiation = document.get("x-status-fallback")
    if not isinstance(negotiation, t.Mapping):
        return ""
    policy = negotiation.get("policy")
    preference = negotiation.get("preference", "status-fallback")
    header = negotiation.get("originalStatusHeader", "Contract-Original-Status")
    if policy == "on-request":
        return (
            f"A client that does not know a code treats it as its fallback. A request with "
            f"Prefer: {preference} is answered with the fallback, the custom code kept in the "
            f"{header} header."
        )
    if policy == "always":
        return f"Clients always receive the fallback, the custom code kept in the {header} header."
    if policy == "never":
        return (
            "Clients always receive the custom code; one that does not know it treats it as "
            "its fallback."
        )
    return ""


def page_html(
    document: t.Mapping[str, t.Any], spec_url: str, title: str, asset_url: t.Callable[..., str]
) -> str:
    """The page's HTML, for any framework that serves it.

    :param asset_url: the URL of an asset by file name (``_external=True`` for
        an absolute one), as the serving framework's ``url_for`` builds it.
    """
    config = {
        "url": spec_url,
        "dom_id": "#swagger-ui",
        "deepLinking": True,
        "showExtensions": True,
        "oauth2RedirectUrl": asset_url("oauth2-redirect.html", _external=True),
    }
    return _templates.get_template("docs.html").render(
        title=title,
        asset=asset_url,
        rows=custom_code_rows(document),
        note=fallback_note(document),
        config_json=json.dumps(config),
    )


def asset_folder(filename: str) -> str:
    """The folder an asset of the page is served from: contractkit's own, or Swagger UI's."""
    return OWN_STATIC if filename in OWN_ASSETS else swagger_ui_dist()
