"""Which of contractkit's own paths (``/openapi.json``, ``/openapi.yaml``, ``/docs``) an app uses.

An app may serve one of them itself: another tool's document or docs page, or
a page of its own. Found at ``init_app``, contractkit's route steps aside;
found later, it cannot, and says so.
"""

from __future__ import annotations

import dataclasses
import typing as t
import warnings

from flask.sansio.app import App

from ..config import Settings
from ..declare.doc_tools import OWN_PATH_KEYS, is_doc_tool_endpoint
from ..declare.operations import OWN_ENDPOINT_PREFIX
from ..errors import ContractWarning

#: The config key of each Settings field holding one of contractkit's own paths.
_KEYS = dict(zip(("json_path", "yaml_path", "docs_path"), OWN_PATH_KEYS, strict=True))


def free_paths(app: App, settings: Settings) -> Settings:
    """``settings`` without the paths of contractkit's routes that ``app`` already serves.

    The app's route (another tool's spec or docs, or a page of its own) keeps
    its path: contractkit neither shadows it nor is shadowed by it without a
    word. Each skipped route is one :class:`~contractkit.errors.ContractWarning`,
    naming the path and the config key that moves it; except, in a
    spec-driven app, a documentation tool's route: it serves the very
    document contractkit enforces, which is what the app wants there.
    """
    skipped: dict[str, t.Any] = {}
    for field, (path, endpoint) in _routes_at_own_paths(app, settings).items():
        if _worth_a_warning(settings, endpoint):
            warnings.warn(
                f"app {app.name!r} already has a route at {path}, so contractkit does not add "
                f"its own there; set {_KEYS[field]} to another path to serve it, or to None.",
                ContractWarning,
                stacklevel=3,
            )
        skipped[field] = None
    documents = [getattr(settings, f) for f in ("json_path", "yaml_path") if f not in skipped]
    if skipped and not any(documents):
        skipped["docs_path"] = None  # the docs page would have no document to show
    return dataclasses.replace(settings, **skipped) if skipped else settings


def warn_shadowed(app: App, settings: Settings) -> None:
    """Warn of each route the app added at one of contractkit's paths after ``init_app``.

    werkzeug answers a path with the route added first, which is
    contractkit's: the app's route never answers. Flask has no way to take a
    route back, so the warning says how to reorder or move one of them.
    """
    for field, (path, endpoint) in _routes_at_own_paths(app, settings).items():
        if _worth_a_warning(settings, endpoint):
            warnings.warn(
                f"app {app.name!r} added a route at {path} (endpoint {endpoint!r}) after "
                "init_app, so contractkit's own route there, added first, answers that path "
                "and the app's never does. Call init_app after adding that route to leave the "
                f"path to it, or set {_KEYS[field]} to another path.",
                ContractWarning,
                stacklevel=2,
            )


def _routes_at_own_paths(app: App, settings: Settings) -> dict[str, tuple[str, str]]:
    """Another route of ``app`` answering GET at each of contractkit's paths: its path and
    endpoint, by the Settings field of that path."""
    fields: dict[str, str] = {}  # each path with and without its final slash
    for name in _KEYS:
        path = getattr(settings, name)
        if path is not None:
            bare = path.rstrip("/")
            fields.update({bare or "/": name, f"{bare}/": name})
    found: dict[str, tuple[str, str]] = {}
    for rule in app.url_map.iter_rules():
        field = fields.get(rule.rule)
        if field is None or field in found or rule.endpoint.startswith(OWN_ENDPOINT_PREFIX):
            continue
        if rule.methods is None or "GET" in rule.methods:  # contractkit's routes answer GET
            found[field] = (rule.rule, rule.endpoint)
    return found


def _worth_a_warning(settings: Settings, endpoint: str) -> bool:
    # A spec-driven app's documentation tool serves the document contractkit enforces.
    return not (settings.spec is not None and is_doc_tool_endpoint(endpoint))
