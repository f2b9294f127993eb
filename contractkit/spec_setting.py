"""``CONTRACTKIT_SPEC``: the documents a spec-driven app enforces, checked when config is read."""

from __future__ import annotations

import os
import typing as t
from collections.abc import Sequence
from pathlib import Path

from flask.sansio.app import App

from .errors import ConfigError


def read_spec(app: App, serving: Sequence[str]) -> t.Any:
    """``CONTRACTKIT_SPEC`` checked: ``None``, a dict, a callable, a file, or a tuple of them.

    :param serving: the publishing keys (``CONTRACTKIT_OPENAPI_JSON_PATH``, …)
        that are set: with several documents contractkit serves none, so any of
        them set is refused rather than one document served as if it were all.
    """
    value = app.config["CONTRACTKIT_SPEC"]
    if not isinstance(value, list | tuple):
        return _one_spec(app, value)
    if not value:
        raise ConfigError("CONTRACTKIT_SPEC=[] names no document; give one, or None.")
    if len(value) > 1 and serving:
        raise ConfigError(
            f"CONTRACTKIT_SPEC lists {len(value)} documents, and contractkit serves one "
            f"document: set {', '.join(serving)} to None and serve each document where it "
            "lives (connexion serves each API's own under its base path)."
        )
    return tuple(_one_spec(app, item) for item in value)


def _one_spec(app: App, value: t.Any) -> t.Any:
    if value is None or isinstance(value, t.Mapping) or callable(value):
        return value
    if isinstance(value, str | os.PathLike):
        path = Path(app.root_path, value)
        if path.suffix.lower() not in (".json", ".yaml", ".yml"):
            raise ConfigError(
                f"CONTRACTKIT_SPEC={str(value)!r} must name a .json, .yaml or .yml file."
            )
        if not path.is_file():
            raise ConfigError(
                f"CONTRACTKIT_SPEC={str(value)!r}: {path} is not a file; relative paths "
                "are read from the app's root_path, as Flask's config.from_file reads them."
            )
        return path
    raise ConfigError(
        f"CONTRACTKIT_SPEC={value!r} must be the path of an OpenAPI file, a dict, or a "
        "callable returning a dict (such as lambda: api.spec.to_dict()), or a list of them."
    )
