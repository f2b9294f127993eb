"""What every framework adapter does the same way when it sets up an app."""

from __future__ import annotations

import typing as t

from flask.sansio.app import App

from ..config import read_settings
from ..errors import ContractError
from ..late_config import warn_unknown_keys
from ..openapi.own_paths import free_paths
from ..state import EXTENSION_KEY, AppState

if t.TYPE_CHECKING:
    from ..declare.registry import StatusRegistry


def start_state(
    registry: StatusRegistry,
    app: App,
    spec: t.Any,
    current_request: t.Callable[[], t.Any],
    readable: t.Callable[[t.Any], t.Any] | None = None,
) -> AppState:
    """The per-app state every adapter starts from, kept in ``app.extensions``.

    Config is read and checked, and a document given as a dict or file is
    read, here, so that a bad one fails at start-up whatever the framework;
    ``current_request`` is how the adapter's framework finds the request, and
    ``readable`` how its response is read as a Werkzeug one, where it is none.
    """
    if EXTENSION_KEY in app.extensions:
        raise ContractError(f"contractkit is already set up on app {app.name!r}.")
    if spec is not None:
        app.config["CONTRACTKIT_SPEC"] = spec
    warn_unknown_keys(app.config, app.name)
    settings = free_paths(app, read_settings(app))
    state = AppState(registry, app, settings, current_request, readable)
    state.read_document()
    app.extensions[EXTENSION_KEY] = state
    return state
