"""The documents an app serves, for the OpenAPI version an export asks for."""

from __future__ import annotations

import dataclasses

from flask import Flask

from .config import OPENAPI_VERSIONS
from .errors import ConfigError
from .extension import AppState, Documents, app_state


def app_documents(app: Flask, openapi_version: str | None = None) -> Documents:
    """The documents ``app`` serves, or would serve if configured for ``openapi_version``.

    For another version, a second :class:`~contractkit.extension.AppState` with
    only that setting changed builds the documents through the very code the
    app's own routes use, so the export is byte-for-byte what an app configured
    with ``CONTRACTKIT_OPENAPI_VERSION = openapi_version`` serves. The app
    itself is not touched: its config, state and cached documents stay as they
    are.

    :param openapi_version: ``"3.1.0"`` or ``"3.0.3"``; ``None`` for the app's own.
    :raises ContractError: if the app does not use contractkit or its contract
        cannot be built.
    """
    state = app_state(app)
    if openapi_version is None or openapi_version == state.settings.openapi_version:
        return state.documents()
    if openapi_version not in OPENAPI_VERSIONS:
        allowed = ", ".join(OPENAPI_VERSIONS)
        raise ConfigError(f"OpenAPI version {openapi_version!r} is not supported; use {allowed}.")
    settings = dataclasses.replace(state.settings, openapi_version=openapi_version)
    return AppState(state.kit, app, settings).documents()
