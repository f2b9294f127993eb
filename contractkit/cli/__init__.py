"""The ``contractkit`` command line, and the same commands under ``flask contract``.

Public only as the entry points ``contractkit.cli:main`` (the console script)
and ``contractkit.cli:flask_group`` (``flask contract``); the modules in here
are internal.
"""

from .commands import cli, flask_group, main

__all__ = ["cli", "flask_group", "main"]
