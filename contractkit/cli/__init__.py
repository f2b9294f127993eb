"""The ``contractkit`` command line, and the same commands under ``flask contract``."""

from .commands import cli, flask_group, main

__all__ = ["cli", "flask_group", "main"]
