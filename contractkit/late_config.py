"""What ``init_app`` alone cannot catch in ``app.config``: misspelt keys, and keys set after it.

Internal. A test suite's fixture often changes an app's config after the app
factory ran ``init_app``. The keys of the runtime check (:data:`RUNTIME_KEYS`)
are read again at the app's first request, so such a change takes effect;
any other key changed then is named in a :class:`~contractkit.errors.ConfigWarning`,
since what it shapes was set up already. Nothing here runs per request.
"""

from __future__ import annotations

import dataclasses
import difflib
import typing as t

from flask.sansio.app import App

from .config import DEFAULTS, Settings, read_settings
from .errors import ConfigWarning, warn

PREFIX: t.Final = "CONTRACTKIT_"

#: The keys of the runtime check, read again at an app's first request, when the
#: check's tables are settled: a test fixture may set them after ``init_app``
#: (``app.config["CONTRACTKIT_MODE"] = "strict"``). Every other key shapes what
#: ``init_app`` sets up (routes, hooks, the contract's reading), so it is read there.
RUNTIME_KEYS: t.Final = (
    "CONTRACTKIT_MODE",
    "CONTRACTKIT_CHECK_BODIES",
    "CONTRACTKIT_BODY_SAMPLE_RATE",
)


def runtime_settings(app: App, settings: Settings) -> Settings:
    """``settings`` with the :data:`RUNTIME_KEYS` as ``app.config`` holds them now.

    Read and checked by :func:`.read_settings`, as at ``init_app``: one reader
    of every key, so a value it refuses there is refused here too.
    """
    now = read_settings(app)
    return dataclasses.replace(
        settings,
        mode=now.mode,
        check_bodies=now.check_bodies,
        body_sample_rate=now.body_sample_rate,
    )


def read_keys(config: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The ``CONTRACTKIT_*`` values of ``config``: what later ones are compared with."""
    return {key: value for key, value in config.items() if key.startswith(PREFIX)}


def warn_unknown_keys(
    config: t.Mapping[str, t.Any], app_name: str, known: t.Collection[str] = ()
) -> None:
    """One :class:`ConfigWarning` for each ``CONTRACTKIT_*`` key contractkit does not read.

    A misspelt key would otherwise leave its default in force without a
    word; the warning names the closest real key.

    :param known: keys warned about already (at ``init_app``), not repeated.
    """
    for key in config:
        if key.startswith(PREFIX) and key not in DEFAULTS and key not in known:
            # Compared without the prefix, which every key shares and would make all alike.
            names = {name.removeprefix(PREFIX): name for name in DEFAULTS}
            close = difflib.get_close_matches(key.removeprefix(PREFIX), names, n=1, cutoff=0.5)
            hint = f"did you mean {names[close[0]]}?" if close else "no key is close to it."
            warn(
                f"app {app_name!r} sets {key}, which is not a contractkit config key: {hint} "
                "The configuration reference lists every key.",
                ConfigWarning,
            )


def warn_late_keys(
    config: t.Mapping[str, t.Any], read: t.Mapping[str, t.Any], app_name: str
) -> None:
    """A :class:`ConfigWarning` naming each key changed since ``init_app`` read ``read``.

    The :data:`.RUNTIME_KEYS` are left out: they are read again at the first
    request, which is where this is called.
    """
    late = sorted(
        key
        for key in DEFAULTS
        if key not in RUNTIME_KEYS and key in config and not _same(config[key], read.get(key))
    )
    if late:
        warn(
            f"app {app_name!r} changed {', '.join(late)} after init_app, which had set up "
            "the app with the old value(s); the change has no effect. Set them before "
            "init_app (in the app factory, or the config it is given). Only "
            f"{', '.join(RUNTIME_KEYS)} are read again at the first request.",
            ConfigWarning,
        )


def _same(a: object, b: object) -> bool:
    # A value that cannot be compared (an odd registry object) counts as unchanged.
    try:
        return a is b or bool(a == b)
    except Exception:
        return True
