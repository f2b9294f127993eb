"""The documents an app serves, for the OpenAPI version an export asks for."""

from __future__ import annotations

from flask.sansio.app import App

from ..config import OPENAPI_VERSIONS
from ..errors import ConfigError
from ..state import app_state
from .documents import Documents


def app_documents(app: App, openapi_version: str | None = None) -> Documents:
    """The documents ``app`` serves, or would serve if configured for ``openapi_version``.

    Either way they are built by the code behind the app's own routes (see
    :meth:`~contractkit.state.AppState.documents_for`), so an export is
    byte-for-byte what an app configured with ``CONTRACTKIT_OPENAPI_VERSION =
    openapi_version`` serves, and the app itself is left as it is.

    :param openapi_version: ``"3.1.0"`` or ``"3.0.3"``; ``None`` for the app's own.
    :raises ContractError: if the app does not use contractkit or its contract
        cannot be built.
    """
    state = app_state(app)
    if openapi_version is None:
        return state.documents()
    if openapi_version not in OPENAPI_VERSIONS:
        allowed = ", ".join(OPENAPI_VERSIONS)
        raise ConfigError(f"OpenAPI version {openapi_version!r} is not supported; use {allowed}.")
    return state.documents_for(openapi_version)
