"""The ``CONTRACTKIT_*`` config keys, their defaults, and how they are checked."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from flask import Flask

from .errors import ConfigError

Mode = t.Literal["off", "report", "strict"]

MODES: t.Final = ("off", "report", "strict")
OPENAPI_VERSIONS: t.Final = ("3.1.0", "3.0.3")
INPUT_ERROR_STATUSES: t.Final = (400, 422)

#: Every key with its default; ``init_app`` fills in the ones the app leaves unset.
DEFAULTS: t.Final[dict[str, t.Any]] = {
    "CONTRACTKIT_MODE": "report",
    "CONTRACTKIT_OPENAPI_VERSION": "3.1.0",
    "CONTRACTKIT_TITLE": None,
    "CONTRACTKIT_VERSION": "1.0.0",
    "CONTRACTKIT_DESCRIPTION": None,
    "CONTRACTKIT_SERVERS": None,
    "CONTRACTKIT_OPENAPI_JSON_PATH": "/openapi.json",
    "CONTRACTKIT_OPENAPI_YAML_PATH": "/openapi.yaml",
    "CONTRACTKIT_DOCS_PATH": "/docs",
    "CONTRACTKIT_INPUT_ERROR_STATUS": 422,
}


@dataclass(frozen=True)
class Settings:
    """The app's contractkit config, read and checked once by ``init_app``."""

    mode: Mode
    openapi_version: str
    title: str
    version: str
    description: str | None
    servers: tuple[dict[str, t.Any], ...]
    json_path: str | None
    yaml_path: str | None
    docs_path: str | None
    input_error_status: int


def _choice(config: t.Mapping[str, t.Any], key: str, choices: tuple[t.Any, ...]) -> t.Any:
    value = config[key]
    if value not in choices:
        allowed = ", ".join(repr(choice) for choice in choices)
        raise ConfigError(f"{key}={value!r} is not supported; use one of {allowed}.")
    return value


def _route(config: t.Mapping[str, t.Any], key: str) -> str | None:
    value = config[key]
    if value in (None, False, ""):
        return None
    if not isinstance(value, str) or not value.startswith("/"):
        raise ConfigError(
            f"{key}={value!r} must be a URL path starting with '/', or None to switch it off."
        )
    return value.rstrip("/") or "/"


def _text(config: t.Mapping[str, t.Any], key: str, default: str | None) -> str | None:
    value = config[key]
    if value is None:
        return default
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}={value!r} must be a non-empty string.")
    return value


def read_settings(app: Flask) -> Settings:
    """Fill in defaults on ``app.config`` and return the checked settings."""
    for key, default in DEFAULTS.items():
        app.config.setdefault(key, default)
    config = app.config
    servers = config["CONTRACTKIT_SERVERS"] or ()
    if not all(isinstance(s, dict) and isinstance(s.get("url"), str) for s in servers):
        raise ConfigError(
            "CONTRACTKIT_SERVERS must be a list of OpenAPI server objects such as "
            "[{'url': 'https://api.example.com'}]."
        )
    return Settings(
        mode=_choice(config, "CONTRACTKIT_MODE", MODES),
        openapi_version=_choice(config, "CONTRACTKIT_OPENAPI_VERSION", OPENAPI_VERSIONS),
        title=_text(config, "CONTRACTKIT_TITLE", app.name) or app.name,
        version=_text(config, "CONTRACTKIT_VERSION", "1.0.0") or "1.0.0",
        description=_text(config, "CONTRACTKIT_DESCRIPTION", None),
        servers=tuple(servers),
        json_path=_route(config, "CONTRACTKIT_OPENAPI_JSON_PATH"),
        yaml_path=_route(config, "CONTRACTKIT_OPENAPI_YAML_PATH"),
        docs_path=_route(config, "CONTRACTKIT_DOCS_PATH"),
        input_error_status=_choice(config, "CONTRACTKIT_INPUT_ERROR_STATUS", INPUT_ERROR_STATUSES),
    )
