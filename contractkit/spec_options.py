"""``CONTRACTKIT_SPEC_OPTIONS`` and ``CONTRACTKIT_SPEC_PLUGINS``, checked when the config is read.

Like flask-smorest's ``API_SPEC_OPTIONS``, the options are top-level OpenAPI
fields handed to apispec. Unlike it, they never overwrite what contractkit
writes itself: a key that would is an error naming the setting to use instead.
Checked here, below the config (:mod:`.config`) that reads them, so a bad value
fails ``init_app``; :mod:`.openapi.options` writes them into the document.
"""

from __future__ import annotations

import json
import typing as t

from .errors import ConfigError

if t.TYPE_CHECKING:
    from apispec import BasePlugin

OPTIONS_KEY: t.Final = "CONTRACTKIT_SPEC_OPTIONS"
PLUGINS_KEY: t.Final = "CONTRACTKIT_SPEC_PLUGINS"

#: Top-level fields contractkit writes, and where each comes from.
_OWN_FIELDS: t.Final = {
    "openapi": "set CONTRACTKIT_OPENAPI_VERSION",
    "servers": "set CONTRACTKIT_SERVERS",
    "paths": "declare responses with @responds and inputs with @accepts",
    "x-status-codes": "register codes with ck.register_status()",
    "x-status-fallback": "set CONTRACTKIT_STATUS_FALLBACK",
}
_OWN_INFO: t.Final = {
    "title": "set CONTRACTKIT_TITLE",
    "version": "set CONTRACTKIT_VERSION",
    "description": "set CONTRACTKIT_DESCRIPTION",
}
#: The OpenAPI fields users may add; ``x-`` extensions are allowed everywhere.
_FIELDS: t.Final = ("info", "security", "tags", "externalDocs", "components")
_INFO_FIELDS: t.Final = ("termsOfService", "contact", "license")
_COMPONENTS: t.Final = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
)
#: Fields OpenAPI 3.1 added: a 3.0.3 document cannot carry them.
_FIELDS_31: t.Final = ("jsonSchemaDialect", "webhooks")
_INFO_FIELDS_31: t.Final = ("summary",)
_COMPONENTS_31: t.Final = ("pathItems",)


def check_spec_options(value: object, openapi_version: str) -> dict[str, t.Any]:
    """A copy of ``CONTRACTKIT_SPEC_OPTIONS``, checked; ``{}`` for ``None``.

    The copy is a JSON round trip: it proves the value can be served as JSON,
    and later changes to ``app.config`` cannot reach the document.
    """
    if value is None:
        return {}
    if not isinstance(value, t.Mapping):
        raise ConfigError(
            f"{OPTIONS_KEY}={value!r} must be a dict of top-level OpenAPI fields, such as "
            "{'info': {'contact': {'email': 'api@example.com'}}}."
        )
    try:
        options: dict[str, t.Any] = json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{OPTIONS_KEY} must hold JSON values only: {error}.") from error
    is_31 = openapi_version >= "3.1"
    _check_fields(options, "", _FIELDS, _FIELDS_31, _OWN_FIELDS, is_31)
    info = _mapping(options, "info")
    _check_fields(info, "['info']", _INFO_FIELDS, _INFO_FIELDS_31, _OWN_INFO, is_31)
    components = _mapping(options, "components")
    _check_fields(components, "['components']", _COMPONENTS, _COMPONENTS_31, {}, is_31)
    for section in components:
        for name in _mapping(components, section, "['components']"):
            _mapping(components[section], name, f"['components'][{section!r}]")
    _named_list(options, "tags")
    for requirement in _list(options, "security"):
        if not isinstance(requirement, dict):
            raise ConfigError(
                f"{OPTIONS_KEY}['security'] must be a list of security requirement objects "
                "such as [{'bearerAuth': []}]."
            )
    return options


def check_spec_plugins(value: object) -> tuple[t.Callable[[], BasePlugin], ...]:
    """``CONTRACTKIT_SPEC_PLUGINS``, checked: classes or factories of apispec plugins.

    Factories, not instances: apispec plugins keep state from the spec they were
    given (``init_spec``), and an app's document may be built more than once
    (``contractkit export --openapi-version``), so each build makes its own.
    """
    from apispec import BasePlugin

    if isinstance(value, str | bytes) or not isinstance(value, t.Sequence):
        raise ConfigError(
            f"{PLUGINS_KEY}={value!r} must be a list of apispec plugin classes, such as [MyPlugin]."
        )
    for index, factory in enumerate(value):
        where = f"{PLUGINS_KEY}[{index}]"
        if isinstance(factory, BasePlugin):
            raise ConfigError(
                f"{where} is a plugin instance, {factory!r}; pass its class "
                f"({type(factory).__name__}) or a function returning a new one "
                "(functools.partial for arguments): each document is built with its own plugins."
            )
        if not callable(factory):
            raise ConfigError(
                f"{where}={factory!r} must be an apispec plugin class or a function returning "
                "a new plugin."
            )
        try:
            made = factory()
        except Exception as error:
            raise ConfigError(f"{where}() failed: {error!r}.") from error
        if not isinstance(made, BasePlugin):
            raise ConfigError(
                f"{where}={factory!r} returned {made!r}, which is not an apispec.BasePlugin."
            )
    return tuple(value)


def _check_fields(
    fields: dict[str, t.Any],
    where: str,
    allowed: tuple[str, ...],
    allowed_31: tuple[str, ...],
    own: t.Mapping[str, str],
    is_31: bool,
) -> None:
    for name in fields:
        if name in own:
            raise ConfigError(
                f"{OPTIONS_KEY}{where}[{name!r}] is written by contractkit: {own[name]} instead."
            )
        if name in allowed or name.startswith("x-") or (is_31 and name in allowed_31):
            continue
        if name in allowed_31:
            raise ConfigError(
                f"{OPTIONS_KEY}{where}[{name!r}] is an OpenAPI 3.1 field; "
                "CONTRACTKIT_OPENAPI_VERSION is '3.0.3'."
            )
        hint = " (it belongs under 'info')" if not where and name in _INFO_FIELDS else ""
        raise ConfigError(
            f"{OPTIONS_KEY}{where}[{name!r}] is not a field contractkit can add{hint}; "
            f"use one of {', '.join(allowed + allowed_31)} or an 'x-' extension."
        )


def _mapping(parent: dict[str, t.Any], name: str, where: str = "") -> dict[str, t.Any]:
    value = parent.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{OPTIONS_KEY}{where}[{name!r}] must be an object (a dict).")
    return value


def _list(parent: dict[str, t.Any], name: str) -> list[t.Any]:
    value = parent.get(name, [])
    if not isinstance(value, list):
        raise ConfigError(f"{OPTIONS_KEY}[{name!r}] must be a list.")
    return value


def _named_list(parent: dict[str, t.Any], name: str) -> None:
    seen: set[str] = set()
    for item in _list(parent, name):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
            raise ConfigError(
                f"{OPTIONS_KEY}[{name!r}] must be a list of tag objects with a name, "
                "such as [{'name': 'items', 'description': 'Items for sale.'}]."
            )
        if item["name"] in seen:
            raise ConfigError(f"{OPTIONS_KEY}[{name!r}] lists {item['name']!r} twice.")
        seen.add(item["name"])
