"""Who may read the violations endpoint: its two config keys, checked at ``init_app``.

Internal; the keys themselves are defined with the others in :mod:`contractkit.config`.
"""

from __future__ import annotations

import typing as t

from flask import Request

from .errors import ConfigError


def violations_token(config: t.Mapping[str, t.Any]) -> str | None:
    """``CONTRACTKIT_VIOLATIONS_TOKEN``: the bearer token the endpoint requires, or ``None``."""
    value = config["CONTRACTKIT_VIOLATIONS_TOKEN"]
    if value is None:
        return None
    # Printable ASCII without spaces: what an RFC 6750 bearer token may contain.
    if not isinstance(value, str) or not value or not all("!" <= c <= "~" for c in value):
        raise ConfigError(
            "CONTRACTKIT_VIOLATIONS_TOKEN must be a non-empty string of printable ASCII "
            "without spaces (such as secrets.token_urlsafe()), or None."
        )
    return value


def violations_allow(config: t.Mapping[str, t.Any]) -> t.Callable[[Request], bool] | None:
    """``CONTRACTKIT_VIOLATIONS_ALLOW``: who else may read the endpoint, or ``None``."""
    value = config["CONTRACTKIT_VIOLATIONS_ALLOW"]
    if value is not None and not callable(value):
        raise ConfigError(
            f"CONTRACTKIT_VIOLATIONS_ALLOW={value!r} must be a callable taking the request "
            "and returning True to allow it, or None."
        )
    return t.cast(t.Callable[[Request], bool] | None, value)
