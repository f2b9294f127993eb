"""Loading the app named on the command line, exactly the way ``flask --app`` does."""

from __future__ import annotations

import contextlib
import sys

from flask import Flask
from flask.cli import NoAppException, ScriptInfo

from ..errors import AppLoadError

_NOWHERE = "wsgi.py or app.py"


def script_info(import_path: str | None) -> ScriptInfo:
    """A Flask :class:`~flask.cli.ScriptInfo` for ``import_path``.

    ``import_path`` takes every form ``flask --app`` takes (``module``,
    ``module:app``, ``module:create_app()``, ``path/to/app.py``); ``None`` looks
    for ``wsgi.py`` or ``app.py`` in the working directory, as Flask does. The
    debug flag is left alone: exporting must not depend on ``FLASK_DEBUG``.
    """
    return ScriptInfo(app_import_path=import_path, set_debug_flag=False)


def load_app(info: ScriptInfo) -> Flask:
    """Import and return the app ``info`` names, turning every failure into one line.

    Flask's own loader does the work, so an import path means the same here as
    for ``flask run``. What the app prints while it is imported goes to stderr:
    ``contractkit export -`` writes the document to stdout and must not be
    interleaved with it.
    """
    where = repr(info.app_import_path) if info.app_import_path else _NOWHERE
    try:
        with contextlib.redirect_stdout(sys.stderr):
            return info.load_app()
    except NoAppException as error:
        raise AppLoadError(_no_app_message(error, where)) from error
    except SystemExit as error:
        # A module ending in sys.exit(app.run()) exits with 0 once app.run()
        # returns (it does at once under a CLI); left alone, the command would
        # exit 0 or the module's code having written nothing.
        code = repr(error.code)[:60]
        raise AppLoadError(
            f"the app module {where} exited while being imported (sys.exit({code})); put "
            "that call under 'if __name__ == \"__main__\":' so importing only builds the app."
        ) from None
    except Exception as error:
        # The app's own import or factory failed; its code, not ours, so say what it raised.
        raise AppLoadError(
            f"loading the app {where} failed: {type(error).__name__}: {_one_line(error)}"
        ) from error


def _no_app_message(error: NoAppException, where: str) -> str:
    # Flask puts a whole traceback into the message when the module's own import
    # fails; the ImportError it replaced says the same in one line.
    if where == _NOWHERE:
        return (
            "no app to load: give --app IMPORT or set FLASK_APP; there is no wsgi.py or "
            "app.py with an app in the current directory either."
        )
    context = error.__context__
    if "\n" in error.format_message() and isinstance(context, ImportError):
        return f"loading the app {where} failed: {type(context).__name__}: {_one_line(context)}"
    return f"cannot load the app {where}: {_one_line(error)}"


def _one_line(error: BaseException) -> str:
    text = error.format_message() if isinstance(error, NoAppException) else str(error)
    return " ".join(text.split()) or type(error).__name__
